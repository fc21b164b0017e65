"""A share beside a threshold verdict is of the threshold's base, and every open question that
changes a KKR is said on every surface (rules/uncertainty.py).

KV25's threshold is 2 % of the cast votes (afgivne stemmer), KV21's of the valid votes (the data
has no cast votes). Sainte-Laguë and Hare both reproduce KL's one published table and differ for
KKR Syddanmark 2026-2029 (references/RULES.md, "Evidence"); the § 6 party register of KV25 is an
assumption; no list cooperation is known in the data.
"""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction

import pytest

from kkr_analysis.cli import main
from kkr_analysis.rules.composition import compose
from kkr_analysis.rules.uncertainty import base_margins, method_uncertainty, open_questions_da
from kkr_analysis.scenario import Scenario

REGIONS = ["Hovedstaden", "Midtjylland", "Nordjylland", "Sjælland", "Syddanmark"]


def run(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("election", ["KV21", "KV25"])
@pytest.mark.parametrize("kkr", REGIONS)
def test_shown_share_and_verdict_never_contradict(election, kkr):
    """At a threshold equal to a list's shown share the list takes part; just above, it does
    not (a list with a council seat): the share is of the threshold's base."""
    comp = Scenario(election=election, kkr=kkr).composition()
    for row in comp.rows:
        if row.kind == "local" or not row.votes or row.list not in {
                t.list for t in comp.tally.lists if t.council_seats}:
            continue
        at = compose(comp.tally, comp.method, threshold=row.share)
        above = compose(comp.tally, comp.method, threshold=row.share + Fraction(1, 10**9))
        assert next(r.eligible for r in at.rows if r.list == row.list), row.list
        assert not next(r.eligible for r in above.rows if r.list == row.list), row.list


def test_kv25_table_shows_the_share_of_cast_votes(capsys):
    """KKR Syddanmark 2026-2029: B has 25.282 votes, 3,76 % of the valid but 3,69 % of the cast
    votes; the table beside the verdict shows 3,69 % under "andel af afgivne stemmer", the same
    as B's critical threshold in kkr sweep threshold (3,6855 %)."""
    out = run(capsys, "composition", "--election", "KV25", "--kkr", "Syddanmark")
    assert "andel af afgivne stemmer" in out and "andel af alle stemmer" not in out
    b = next(line for line in out.splitlines() if line.split()[:1] == ["B"])
    assert "3,69 %" in b and "3,76 %" not in b
    sweep = run(capsys, "sweep", "threshold", "--election", "KV25", "--kkr", "Syddanmark")
    assert "3,6855 %" in sweep


def test_kv21_table_says_valid_votes(capsys):
    out = run(capsys, "composition", "--election", "KV21", "--kkr", "Hovedstaden")
    assert "andel af gyldige stemmer" in out
    assert "under 2 % af de gyldige stemmer i regionen" in out


def test_csv_and_json_carry_both_shares_and_totals(capsys):
    """Syddanmark KV25: B 25.282 of 672.825 valid and 685.983 cast votes (valg.dk)."""
    rows = list(csv.DictReader(io.StringIO(run(
        capsys, "composition", "--election", "KV25", "--kkr", "Syddanmark", "--format", "csv"))))
    b = next(r for r in rows if r["list"] == "B")
    assert b["share_of_cast"] == f"{25282 / 685983:.6f}"
    assert b["share_of_valid"] == f"{25282 / 672825:.6f}"
    doc = json.loads(run(capsys, "composition", "--election", "KV25", "--kkr", "Syddanmark",
                         "--format", "json"))
    assert (doc["valid_votes"], doc["cast_votes"], doc["threshold_base"]) == (
        672825, 685983, "cast")
    assert "share" not in doc["rows"][0] and "total_votes" not in doc
    kv21 = json.loads(run(capsys, "composition", "--election", "KV21", "--kkr", "Syddanmark",
                          "--format", "json"))
    assert kv21["cast_votes"] is None and kv21["threshold_base"] == "valid"
    assert all(r["share_of_cast"] is None for r in kv21["rows"])


@pytest.mark.parametrize(("kkr", "focus", "upto"), [("Hovedstaden", "M", "1,8175 %"),
                                                    ("Syddanmark", "M", "1,1484 %")])
def test_focus_sentence_agrees_with_the_threshold_sweep(monkeypatch, capsys, kkr, focus, upto):
    """Report 03, KV25: M has 1,847 % of the valid but 1,8175 % of the cast votes in
    Hovedstaden; kkr sweep threshold gives M a seat at any threshold up to 1,8175 %, so the
    sentence must not say that no threshold alone would have brought M in."""
    from kkr_analysis.presentation import margins as page
    from kkr_analysis.scenarios.sensitivity import margins_frame, vote_margins

    shown: list[str] = []
    monkeypatch.setattr(page, "md", shown.append)
    sc = Scenario(election="KV25", kkr=kkr)
    page.show_focus(sc, focus, margins_frame(vote_margins(sc.tally())))
    text = " ".join(shown)
    assert f"{focus} har {upto} af de afgivne stemmer" in text
    assert "ingen spærregrænse alene" not in text
    assert f"højst {upto} ville {focus} deltage og få 1 plads" in text
    assert upto in run(capsys, "sweep", "threshold", "--election", "KV25", "--kkr", kkr)


def _smallest_size(votes: dict[str, int], mayors: dict[str, int], allocate) -> tuple[int, dict]:
    """The smallest house (uncapped) whose allocation gives every list its mayors."""
    n = sum(mayors.values())
    while True:
        seats = allocate(votes, n)
        if all(seats[k] >= m for k, m in mayors.items()):
            return n, seats
        n += 1


def _sainte_lague(votes: dict[str, int], n: int) -> dict[str, int]:
    seats = dict.fromkeys(votes, 0)
    for _ in range(n):
        best = max(votes, key=lambda k: Fraction(votes[k], 2 * seats[k] + 1))
        seats[best] += 1
    return seats


def _hare(votes: dict[str, int], n: int) -> dict[str, int]:
    total = sum(votes.values())
    seats = {k: v * n // total for k, v in votes.items()}
    rest = sorted(votes, key=lambda k: -Fraction(votes[k] * n, total) % 1)
    for k in rest[: n - sum(seats.values())]:
        seats[k] += 1
    return seats


def test_syddanmark_kv25_sainte_lague_43_hare_44_by_hand():
    """Worked independently of the package: the nine lists over 2 % of the cast votes with a
    council seat, mayors V 12, A 5, C 3, B 1 as floors, and S (Tønder)'s mayor on top: Sainte-
    Laguë needs 42 seats (I 2), Hare 43 (I 3); the cap is 44."""
    votes = {"V": 170671, "A": 167017, "C": 62246, "F": 60823, "O": 48111, "I": 35794,
             "Æ": 34575, "Ø": 29056, "B": 25282}
    mayors = {"V": 12, "A": 5, "C": 3, "B": 1}
    sl, sl_seats = _smallest_size(votes, mayors, _sainte_lague)
    hare, hare_seats = _smallest_size(votes, mayors, _hare)
    assert (sl + 1, sl_seats["I"], hare + 1, hare_seats["I"]) == (43, 2, 44, 3)

    uncertain = Scenario(election="KV25", kkr="Syddanmark").method_uncertainty()
    assert uncertain is not None
    assert (uncertain.size, uncertain.other_size, uncertain.seats) == (43, 44, {"I": (2, 3)})
    assert uncertain.describe_da() == (
        "Størrelse 43 og I 2 med Sainte-Laguë, 44 og I 3 med største brøk (Hare); KL's valg "
        "mellem de to metoder er ikke afgjort (se references/RULES.md).")


@pytest.mark.parametrize("election", ["KV21", "KV25"])
def test_no_method_sentence_where_the_methods_agree(election):
    """Only KKR Syddanmark 2026-2029 differs between Sainte-Laguë and Hare (RULES.md); d'Hondt
    is decided out, so a user's choice of it has no alternative to show."""
    for kkr in REGIONS:
        comp = Scenario(election=election, kkr=kkr).composition()
        differs = method_uncertainty(comp) is not None
        assert differs == (election == "KV25" and kkr == "Syddanmark"), kkr
        assert method_uncertainty(Scenario(election=election, kkr=kkr,
                                           method="dhondt").composition()) is None


def test_all_kkr_show_the_method_and_register(capsys):
    """kkr composition --all: the § 6 register's assumption once, Syddanmark's two sizes."""
    out = run(capsys, "composition", "--all", "--election", "KV25")
    assert out.count("Partiregister (KL's love § 6) for KV25 er en antagelse") == 1
    assert out.count("KL's valg mellem de to metoder er ikke afgjort") == 1
    rows = list(csv.DictReader(io.StringIO(run(
        capsys, "composition", "--all", "--election", "KV25", "--format", "csv"))))
    i = next(r for r in rows if (r["kkr"], r["list"]) == ("Syddanmark", "I"))
    assert (i["total"], i["other_method"], i["total_other_method"]) == ("2", "hare", "3")
    syd = [r for r in rows if r["kkr"] == "Syddanmark"]
    assert sum(int(r["total"]) for r in syd) == 43
    assert sum(int(r["total_other_method"]) for r in syd) == 44


def test_no_surface_calls_a_method_kls():
    """Sainte-Laguë is the project's default reading, not KL's decided method."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    texts = [p.read_text(encoding="utf-8") for p in [
        *(root / "kkr_analysis").rglob("*.py"), *(root / "notebooks").glob("*.ipynb")]]
    for phrase in ("KL's metode", "KL's, standard", "KL's regel", "efter KL's regel"):
        assert not any(phrase in t for t in texts), phrase


def test_kv21_midtjylland_k_is_37_votes_above_the_valid_line():
    """KV21 has no cast votes: K's 14.522 votes against 2 % of 724.233 valid votes (14.484,66)
    is 37 votes above; 1.868 blank and invalid ballots would put K under 2 % of the cast votes
    (14.522 / 0,02 − 724.233 = 1.867, and K falls out above it)."""
    comp = Scenario(election="KV21", kkr="Midtjylland").composition()
    assert comp.total_votes == 724233
    margins = base_margins(comp)
    assert [(m.list, m.margin, m.blank_invalid_to_fall) for m in margins] == [("K", 37, 1868)]
    note = margins[0].describe_da()
    assert note.startswith("K er med, 37 stemmer over grænsen af de gyldige stemmer")
    assert "med de afgivne stemmer som grundlag" in note and "1.868" in note
    assert base_margins(Scenario(election="KV25", kkr="Midtjylland").composition()) == []


def test_cooperation_note_only_where_local_lists_could_pass():
    """KV25 Sjælland's local lists hold 7,09 % of the cast votes together: a cooperation of
    them could take part; at a 10 % threshold it could not, and nothing is said."""
    sc = Scenario(election="KV25", kkr="Sjælland")
    notes = open_questions_da(sc.composition())
    assert any(n.startswith("Ingen kendte listesamarbejder i data") and "7,09 %" in n
               for n in notes)
    higher = open_questions_da(sc.replace(threshold=Fraction(10, 100)).composition())
    assert not any("listesamarbejde" in n for n in higher)
    local = next(r for r in sc.composition().rows if r.list == "J (Lolland)")
    assert "uden kendt listesamarbejde" in local.reason


def test_app_says_the_open_questions_and_the_base():
    """The app's answer for KV25 Syddanmark: the two sizes, the register, the share's base."""
    from kkr_analysis.widgets.model import evaluate
    from kkr_analysis.widgets.render import result_html

    html = result_html(evaluate(Scenario(election="KV25", kkr="Syddanmark")))
    assert "Størrelse 43 og I 2 med Sainte-Laguë, 44 og I 3 med største brøk" in html
    assert "Partiregister (KL&#x27;s love § 6) for KV25 er en antagelse" in html
    assert "<th>Andel af afgivne stemmer</th>" in html and "KL&#x27;s regel" not in html
    assert "3,69 %" in html and "3,76 %" not in html


def test_app_csv_carries_both_shares_and_the_other_method():
    """The app's CSV for KV25 Syddanmark: I 2 with Sainte-Laguë, 3 with Hare; B's shares of the
    cast (3,69 %) and valid (3,76 %) votes, both labelled."""
    from kkr_analysis.widgets.model import evaluate
    from kkr_analysis.widgets.render import csv_text

    text = csv_text(evaluate(Scenario(election="KV25", kkr="Syddanmark")))
    rows = {r["Liste"]: r for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")),
                                                  delimiter=";")}
    assert (rows["I"]["I alt"], rows["I"]["I alt med anden metode"]) == ("2", "3")
    assert rows["I"]["Anden metode"] == "største brøk (Hare)"
    assert rows["B"]["Andel af afgivne stemmer (%)"].startswith("3,68")
    assert rows["B"]["Andel af gyldige stemmer (%)"].startswith("3,75")


def test_explain_names_both_sizes_where_the_method_changes_it(capsys):
    from kkr_analysis.cli import main

    assert main(["explain", "--election", "KV25", "--kkr", "Syddanmark"]) == 0
    out = capsys.readouterr().out
    assert "Størrelse 43" in out and "44 og I 3 med største brøk (Hare)" in out


@pytest.mark.parametrize("command", [["margins"], ["sweep", "threshold"],
                                     ["simulate", "--draws", "200"]])
def test_sensitivity_commands_name_the_other_method_where_it_changes_the_kkr(command, capsys):
    from kkr_analysis.cli import main

    assert main([*command, "--election", "KV25", "--kkr", "Syddanmark"]) == 0
    assert "44 og I 3 med største brøk (Hare)" in capsys.readouterr().out
    assert main([*command, "--election", "KV25", "--kkr", "Hovedstaden"]) == 0
    assert "største brøk" not in capsys.readouterr().out
