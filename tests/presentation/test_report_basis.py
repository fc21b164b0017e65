"""Report 05's statement of what the figures rest on is derived from the data's coverage, the
party register and KL's published tables — for every KKR and both elections — never a
hard-coded sentence that contradicts the coverage line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from kkr_analysis.data import load_election
from kkr_analysis.presentation.composition import basis_lines
from kkr_analysis.scenario import Scenario

REPO = Path(__file__).resolve().parents[2]
CASES = [(k, e) for e in ("KV21", "KV25") for k in load_election(e).regions]


@pytest.mark.parametrize("kkr,election", CASES)
def test_basis_line_follows_the_data(kkr, election):
    sc = Scenario(election=election, kkr=kkr).resolved()
    comp, data = sc.composition(), sc.data()
    text = basis_lines([sc])
    n = comp.coverage.municipalities
    assert f"fuldstændige stemmetal fra valg.dk for alle {n} kommuner" in text
    assert "ingen kommuner med fuldstændige" not in text
    assert ("partiregisteret (KL's love § 6) er en antagelse" in text) == bool(
        data.party_assumption)
    checked = (kkr, election) == ("Hovedstaden", "KV21")  # KL's only per-list table held
    assert ("giver præcis KL's offentliggjorte tabel" in text) == checked
    assert ("findes ikke i projektets data" in text) == (not checked)


def test_basis_line_says_when_votes_are_incomplete(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("raw", "crosscheck"))
    councils = pd.read_csv(data / "kv25" / "councils.csv", dtype=str, keep_default_na=False)
    councils.loc[councils["municipality"] == "Tønder", "votes_coverage"] = "partial"
    councils.to_csv(data / "kv25" / "councils.csv", index=False)
    text = basis_lines([Scenario(election="KV25", kkr="Syddanmark",
                                 data_dir=str(data)).resolved()])
    assert "alle 22 kommuner" not in text and "21 af 22" in text


def test_report_05_has_no_hard_coded_coverage_sentence():
    nb = json.loads((REPO / "notebooks" / "05_kv21_vs_kv25.ipynb").read_text(encoding="utf-8"))
    source = "\n".join("".join(c["source"]) for c in nb["cells"])
    assert "ingen kommuner med fuldstændige" not in source
    assert "illustrationer af reglerne" not in source
    assert "basis_lines([before, after])" in source
