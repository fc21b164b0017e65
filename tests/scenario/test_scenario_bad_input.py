"""The scenario layer's readers of what people and programs hand in: the one bounded number
parser, the one query parser (strict for the Python API, lenient for the app's links) and the
data folder read as one generation."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from fractions import Fraction

import pytest

from kkr_analysis.errors import DataError
from kkr_analysis.scenario import Scenario, parse_number, parse_percent, read_query

# Each of these made Fraction compute 10**N (a frozen process for minutes to hours) or crashed
# with a ValueError; each must be one Danish line at once.
HOSTILE_NUMBERS = """
import kkr_analysis as kkr
from kkr_analysis.cli import main
from kkr_analysis.errors import DataError
from kkr_analysis.scenario import Scenario, parse_percent, threshold_share
from kkr_analysis.widgets.link import read_link

def refused(call):
    try:
        call()
    except DataError as exc:
        return str(exc)
    raise AssertionError("accepted")

print(refused(lambda: parse_percent("1e-999999999999")))
print(refused(lambda: parse_percent("1e-29999999")))
print(refused(lambda: threshold_share(10**5000)))
print(refused(lambda: kkr.composition("KV21", threshold_pct="1e-999999999999")))
print(refused(lambda: kkr.composition("KV21", threshold_pct=10**5000)))
print(refused(lambda: Scenario.from_query("valg=KV21&spaerregraense=1e-999999999999")))
print(refused(lambda: Scenario.from_query("valg=KV21&stemmer=C:1e-29999999")))
print(read_link("valg=KV21&spaerregraense=1e-999999999999")[1][0])
print(read_link("valg=KV21&stemmer=C:1e-29999999")[1][0])
print("exit", main(["composition", "--election", "KV21", "--threshold", "1e-999999999999"]))
"""


def test_huge_exponents_and_digits_are_one_line_at_once_on_every_surface():
    """A link, a field, the CLI and the Python API read numbers with one bounded parser."""
    try:
        run = subprocess.run([sys.executable, "-c", HOSTILE_NUMBERS], capture_output=True,
                             text=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("a hostile number froze the process (Fraction computed 10**N)")
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.splitlines()
    assert len(lines) == 10 and lines[-1] == "exit 2"
    assert "procentsats" in lines[0] and "Spærregrænsen" in lines[7]
    assert "Stemmeændring" in lines[8] and "procentsats" in run.stderr


@pytest.mark.parametrize("text,value", [("2,5", Fraction(5, 2)), ("−5", Fraction(-5)),
                                        ("1e-3", Fraction(1, 1000)), ("1/3", Fraction(1, 3)),
                                        (0.1, Fraction(1, 10)), (10**29, Fraction(10**29))])
def test_the_number_parser_reads_what_people_write(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["1e-31", "1e999999", "9" * 41, 10**30, Fraction(1, 10**30),
                                  float("nan"), True, "1_000", "0x10", "", "1e", "."])
def test_the_number_parser_refuses_before_computing(text):
    with pytest.raises(DataError):
        parse_number(text)


# Links the app read without a word while Scenario.from_query refused them, or the reverse.
LINKS = ["stemmer=C:−5", "stemmer=C:-5,", "stemmetal=B:1.674", "forbund=C+Z", "valg=kv99",
         "stemmer=c:-5", "forbund=a+f+ø:f,c+v", "stemmer=C:-500", "spaerregraense=2,5 %",
         "spaerregraense=1e-999999999999", "stemmetal=B:x", "metode=dhondt", "kkr=sjaelland",
         "forbund=C++V", "x=1"]


@pytest.mark.parametrize("link", LINKS)
def test_strict_and_lenient_readings_of_a_link_agree(link):
    """One query parser: the strict reading refuses exactly the links the app's reading notes
    a problem in, and both read the same scenario otherwise."""
    query = "valg=KV21&kkr=Hovedstaden&" + link
    lenient, notes = read_query(query, strict=False)
    if notes:
        with pytest.raises(DataError):
            Scenario.from_query(query)
    else:
        assert Scenario.from_query(query) == lenient


def test_the_apps_link_reader_is_the_lenient_query_parser():
    from kkr_analysis.widgets.link import read_link

    query = "valg=KV21&kkr=Hovedstaden&stemmer=C:−5,Z:3&forbund=c+v"
    assert read_link(query) == read_query(query, keys=("valg", "kkr", "spaerregraense",
                                                       "metode", "forbund", "stemmer",
                                                       "stemmetal"))
    assert read_link(query)[0].vote_changes == (("C", Fraction(-5, 100)),)


def test_percent_keeps_its_danish_forms():
    assert parse_percent("2,5 %") == Fraction(5, 2)
    with pytest.raises(DataError, match="0-100"):
        parse_percent("101")


def _bump_a_vote(folder) -> None:
    """Generation B: one more vote for the first list of results.csv."""
    path = folder / "kv21" / "results.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[1].split(",")
    cells[6] = str(int(cells[6]) + 1)
    lines[1] = ",".join(cells)
    path.write_text("".join(lines), encoding="utf-8")


def test_a_folder_swapped_during_a_load_is_read_as_one_generation(tmp_path, monkeypatch):
    """``kkr import … --out`` swaps the folder the app reads: a load that spans the swap must
    not combine results.csv of one import with councils.csv of the other."""
    from kkr_analysis.data import default_data_dir, load_election, loaders
    from kkr_analysis.rules.lists import region_tally
    from kkr_analysis.scenario import cached_election

    folder, other = tmp_path / "data", tmp_path / "next"
    for target in (folder, other):
        shutil.copytree(default_data_dir(), target, ignore=shutil.ignore_patterns("valgdk"))
    _bump_a_vote(other)
    original = loaders.load_councils
    swapped = []

    def swap_then_read(*args, **kwargs):
        if not swapped:  # the import's swap, between the loader's results and councils
            os.rename(folder, tmp_path / "old")
            os.rename(other, folder)
            swapped.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(loaders, "load_councils", swap_then_read)
    data = cached_election("KV21", str(folder))
    monkeypatch.setattr(loaders, "load_councils", original)
    fresh = load_election("KV21", str(folder))
    assert swapped
    assert region_tally(data, "Hovedstaden") == region_tally(fresh, "Hovedstaden")


@pytest.mark.parametrize("fields", [{"threshold": 10**5000}, {"threshold": Fraction(1, 10**40)},
                                    {"vote_additions": {"B": 10**5000}},
                                    {"vote_changes": {"C": Fraction(1, 10**50)}}])
def test_a_scenario_from_python_takes_bounded_numbers_only(fields):
    """``Scenario(threshold=10**5000)`` ended in a ValueError (exit 70) when its message
    printed the number; now one Danish line."""
    with pytest.raises(DataError, match="over 30 cifre"):
        Scenario(**fields)
