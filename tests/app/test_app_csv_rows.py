"""The app's CSV download has the same lists as the page's composition table and sums to the
size the page states — a mayor of a local list outside every list cooperation included."""

from __future__ import annotations

import csv
import io
import re

import pytest

from kkr_analysis.data import load_election
from kkr_analysis.scenario import Scenario
from kkr_analysis.widgets.model import evaluate
from kkr_analysis.widgets.render import composition_section, csv_text

CASES = [(e, r) for e in ("KV21", "KV25") for r in load_election(e).regions]


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


@pytest.mark.parametrize("election,kkr", CASES)
def test_csv_sums_to_the_page_size_with_the_page_lists(election, kkr):
    result = evaluate(Scenario(election=election, kkr=kkr))
    comp = result.composition
    rows = csv_rows(csv_text(result))
    html = composition_section(result)
    stated = int(re.search(r"Sammensætning: (\d+) medlemmer", html).group(1))
    ties = comp.tie.seats if comp.tie else 0
    assert sum(int(r["I alt"]) for r in rows) + ties == stated == comp.size
    page_lists = re.findall(r"<tr[^>]*><td>([^<]+)</td><td>", html.split("<svg")[0])
    assert [r["Liste"] for r in rows] == page_lists


@pytest.mark.parametrize("election,kkr,local,size", [("KV25", "Syddanmark", "S (Tønder)", 43),
                                                     ("KV25", "Sjælland", "J (Lolland)", 34)])
def test_csv_keeps_the_local_list_mayor(election, kkr, local, size):
    rows = csv_rows(csv_text(evaluate(Scenario(election=election, kkr=kkr))))
    mayor = [r for r in rows if r["Liste"] == local]
    assert len(mayor) == 1 and mayor[0]["Borgmestre"] == "1" and mayor[0]["I alt"] == "1"
    assert sum(int(r["I alt"]) for r in rows) == size
