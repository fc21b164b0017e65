"""The scenario app without a browser: set a control's value, read the scenario and the text.

Every expectation is the rules' own answer for the same scenario (``Scenario.chair()``), a
hand-worked example, or a property checked by brute force.
"""

from __future__ import annotations

import csv
import io
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkr_analysis.data import bundled_data_dir, load_parties
from kkr_analysis.data.loaders import load_presets
from kkr_analysis.rules.chair import Alliance, elect_chair
from kkr_analysis.rules.explain import explain_composition
from kkr_analysis.scenario import Scenario
from kkr_analysis.scenarios.alliance_margins import alliance_standings
from kkr_analysis.widgets import ScenarioApp, model, render

LINK = "valg=KV21&kkr=Hovedstaden&forbund=A+F+Ø,C+V&spaerregraense=2"


@pytest.fixture
def app() -> ScenarioApp:
    return ScenarioApp("KV21")


def group(app: ScenarioApp, names: str, number: int) -> None:
    for name in names:
        app.dropdowns[name].value = f"Valgforbund {number}"


def test_default_app_answers_as_the_rules(app):
    assert app.text == "Formand: A / Næstformand: C"
    assert app.alliance_choices == list(Scenario("KV21").chair_votes())


def test_alliance_built_list_by_list_changes_the_chair(app):
    group(app, "CV", 1)
    assert app.scenario.alliances == (Alliance(("C", "V")),)
    assert app.text == "Formand: C (valgforbund C+V) / Næstformand: A"
    assert 'data-scenario' in app.output.value and "<svg" in app.output.value


def test_threshold_that_removes_a_list_removes_it_from_choices_and_chair(app):
    """KL's love § 15, stk. 2-3: at 3,5 % O has left the KKR, so it can neither ally nor win."""
    group(app, "CO", 1)
    assert "O" in app.alliance_choices
    app.threshold.value = "3,5"
    assert app.scenario.threshold == Fraction(35, 1000)
    assert "O" not in app.alliance_choices
    assert "O" not in app.result.votes
    assert all("O" not in a.members for a in app.scenario.alliances)
    assert "O er ikke repræsenteret" in app.output.value  # said, not silent
    expected = Scenario("KV21", threshold=Fraction(35, 1000)).chair()
    assert app.result.chair.chair == expected.chair
    assert app.result.chair.vice_chair == expected.vice_chair


def test_threshold_that_adds_a_list_lets_it_ally(app):
    """At 1,0 % Liberal Alliance (I, 1,77 % in KKR Hovedstaden) takes part and may join a
    valgforbund."""
    assert "I" not in app.alliance_choices
    app.threshold.value = "1,0"
    assert "I" in app.alliance_choices
    group(app, "CI", 1)
    assert app.scenario.alliances == (Alliance(("C", "I")),)
    expected = Scenario("KV21", threshold=Fraction(1, 100), alliances=(Alliance(("C",
                                                                                 "I")),)).chair()
    assert app.result.chair.chair == expected.chair


def test_danish_decimal_comma_is_read_exactly(app):
    app.threshold.value = "2,5"
    assert app.scenario.threshold == Fraction(25, 1000)
    assert "spærregrænse 2,5 %" in app.output.value


def test_bad_threshold_is_shown_and_changes_nothing(app):
    before = app.output.value
    app.threshold.value = "2,x"
    assert "er ikke en procentsats" in app.errors.value
    assert app.scenario.threshold == Fraction(2, 100)
    assert app.output.value == before


def test_settings_survive_a_kkr_and_an_election_switch(app):
    app.threshold.value = "2,5"
    app.method.value = "sainte-lague"
    group(app, "CV", 1)
    app.kkr.value = "Sjælland"
    assert (app.scenario.threshold, app.scenario.method) == (Fraction(25, 1000), "sainte-lague")
    assert app.scenario.alliances == (Alliance(("C", "V")),)
    assert app.threshold.value == "2,5"
    app.election.value = "KV25"
    assert (app.scenario.kkr, app.scenario.election) == ("Sjælland", "KV25")
    assert app.scenario.alliances == (Alliance(("C", "V")),)
    assert app.text == Scenario("KV25", "Sjælland", Fraction(25, 1000), "sainte-lague",
                                (Alliance(("C", "V")),)).chair().describe().replace("\n", " / ")


def test_shared_link_restores_its_scenario():
    app = ScenarioApp.from_query(LINK)
    assert app.text == "Formand: A (valgforbund A+F+Ø) / Næstformand: C (valgforbund C+V)"
    assert {n: d.value for n, d in app.dropdowns.items() if n in "AFØCV"} == {
        "A": "Valgforbund 1", "F": "Valgforbund 1", "Ø": "Valgforbund 1",
        "C": "Valgforbund 2", "V": "Valgforbund 2"}
    assert Scenario.from_query(app.scenario.to_query()) == Scenario.from_query(LINK)


def test_unreadable_link_opens_the_default_with_the_reason():
    app = ScenarioApp.from_query("valg=KV21&kkr=Atlantis")
    assert app.scenario == Scenario("KV21")
    assert "KKR «Atlantis» findes ikke ved KV21" in app.output.value


def test_preset_applies_and_names_what_it_skips():
    app = ScenarioApp("KV21", kkr="Sjælland")
    app.preset.value = "blå blok"
    assert app.scenario.alliances == (Alliance(("V", "C", "O", "D")),)
    assert "nævner I, K" in app.output.value  # not represented in KKR Sjælland: skipped aloud
    app.preset.value = "ingen valgforbund"
    assert app.scenario.alliances == ()


def test_presets_name_only_parties_of_their_election():
    presets = load_presets()
    assert set(presets["preset"]) >= {"rød blok", "blå blok", "ingen valgforbund"}
    for election, part in presets.groupby("election"):
        parties = set(load_parties(election)["list_letter"])
        named = {m for spec in part["alliance"] if spec
                 for m in spec.partition(":")[0].split("+")}
        assert named <= parties, (election, named - parties)
    assert (bundled_data_dir() / "presets.csv").is_file()


def test_what_if_votes_move_composition_and_posts(app):
    app.changes["C"].value = "+30"
    change = (("C", Fraction(30, 100)),)
    assert app.scenario.vote_changes == change
    assert app.result.composition.seats() == Scenario("KV21",
                                                      vote_changes=change).composition().seats()
    assert app.text == "Formand: C / Næstformand: A"
    app.changes["C"].value = "-3,5"
    assert app.scenario.vote_changes == (("C", Fraction(-35, 1000)),)
    app.changes["C"].value = "x"
    assert "C:" in app.errors.value


def test_downloads(app):
    group(app, "CV", 1)
    text = render.csv_text(app.result)
    assert text.startswith("\ufeffScenarie;Valg;KKR;Liste;")  # Danish Excel: BOM, ";"
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    comp = app.result.composition
    assert [r["Liste"] for r in rows] == [x.list for x in comp.rows
                                          if not (x.kind == "local" and not x.total)]
    assert all(int(r["I alt"]) == comp.seats()[r["Liste"]] for r in rows)
    c = next(r for r in rows if r["Liste"] == "C")
    assert c["Post"] == "formand" and c["Repræsenteret"] == "ja" and c["Valgforbund"] == "C+V"
    share = next(x.share_of_valid for x in comp.rows if x.list == "C")
    assert c["Andel af gyldige stemmer (%)"] == f"{float(share) * 100:.6f}".replace(".", ",")
    assert c["Andel af afgivne stemmer (%)"] == ""  # KV21's data has no cast votes
    assert c["Anden metode"] == "største brøk (Hare)" and c["I alt med anden metode"] == c["I alt"]
    png = app.download_png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    assert 'download="kkr_KV21_Hovedstaden_C-V.png"' in app.download.value


def test_cached_composition_is_the_scenarios_own():
    for s in (Scenario("KV21"), Scenario("KV21", kkr="Sjælland", method="hare",
                                         threshold=Fraction(1, 100)),
              Scenario("KV25", "Midtjylland", vote_changes=(("V", Fraction(-20, 100)),))):
        assert model.composition(s) == s.composition()


# -- the numbers behind the answer -------------------------------------------------------------

def test_margins_hand_worked():
    """A 100, B 60, C 50 (d'Hondt, 2 posts): A formand, B næstformand.

    A needs 121 (q2 60,5 > 60) for both posts: +21; at 60 it ties B for formand, so it can lose
    39 and keep formand with no lot. B takes formand at 101: +41; at 50 it ties C (and A's 2nd
    quotient) for næstformand: it can lose 9. C needs 61 (> 60, > 50) for næstformand: +11.
    """
    got = {s.label: (s.posts, s.next_post, s.keep)
           for s in alliance_standings({"A": 100, "B": 60, "C": 50})}
    assert got == {"A": (("chair",), ("vice_chair", 21), (("chair", 39),)),
                   "B": (("vice_chair",), ("chair", 41), (("vice_chair", 9),)),
                   "C": ((), ("vice_chair", 11), ())}
    allied = {s.label: (s.posts, s.holders, s.next_post, s.keep)
              for s in alliance_standings({"A": 100, "B": 60, "C": 50}, [Alliance(("B", "C"))])}
    # B+C 110: formand while > 100 (keeps it losing 9); both posts at 201 (+91).
    # A: næstformand while > 55 (keeps it losing 44); formand at 111 (+11).
    assert allied == {"B+C": (("chair",), ("B",), ("vice_chair", 91), (("chair", 9),)),
                      "A": (("vice_chair",), ("A",), ("chair", 11), (("vice_chair", 44),))}


def _holds(votes: dict[str, int], alliances, label: str, post: str) -> bool:
    """The valgforbund ``label`` takes ``post`` with no lot (between the valgforbund)."""
    between = elect_chair(votes, alliances).between_alliances
    index = ("chair", "vice_chair").index(post)
    return (index < len(between.order) and between.order[index].list == label
            and not between.order[index].tied_with)


def _shifted(votes, standing, d: int) -> dict[str, int]:
    """The votes with the valgforbund's total changed by ``d`` (losses taken member by member)."""
    changed = dict(votes)
    members = standing.alliance.members
    if d >= 0:
        changed[members[0]] += d
        return changed
    left = -d
    for m in members:
        take = min(left, changed[m])
        changed[m] -= take
        left -= take
    return changed


@given(st.lists(st.integers(1, 60), min_size=2, max_size=5), st.data())
def test_margins_are_exact(raw, data):
    """Brute force over the rule: with ``keep`` votes lost the valgforbund still holds the same
    post with no lot, with one more it does not; ``next_post`` is the first number of extra
    votes after which it holds a post it did not hold, with no lot."""
    names = "ABCDE"[:len(raw)]
    votes = dict(zip(names, raw))
    size = data.draw(st.integers(1, len(names)))
    alliances = [Alliance(tuple(names[:size]))] if size > 1 else []
    for s in alliance_standings(votes, alliances):
        for post, keep in s.keep:
            lost = [d for d in range(1, s.votes + 1)
                    if not _holds(_shifted(votes, s, -d), alliances, s.label, post)]
            assert keep == (lost[0] - 1 if lost else s.votes)
        not_held = [p for p in ("chair", "vice_chair")
                    if not _holds(votes, alliances, s.label, p)]
        firsts = []
        for post in not_held:
            gained = next((d for d in range(1, 4 * sum(votes.values()) + 1)
                           if _holds(_shifted(votes, s, d), alliances, s.label, post)), None)
            if gained is not None:
                firsts.append((gained, post))
        expected = min(firsts, key=lambda f: (f[0], f[1] != "chair")) if firsts else None
        assert s.next_post == (None if expected is None else (expected[1], expected[0]))


def test_planner_panel_follows_the_scenario(app):
    """The valggruppe planner (§ 24) is computed for the app's scenario, and only where the
    project holds the KKR's bodies (Hovedstaden 2022-2026); elsewhere it says so."""
    app.show_planner()
    assert app.planner_panel.scenario == app.scenario
    assert sum(app.planner_panel.members.values()) == app.result.composition.size
    app.threshold.value = "3"
    assert "tidligere scenarie" in app.planner_note.value
    app.kkr.value = "Sjælland"
    assert app.planner_button.disabled
    assert "ingen for KKR Sjælland i perioden" in app.planner_note.value
    assert "kkr/bodies_sjaelland_" in app.planner_note.value  # how to give them


def test_seat_table_follows_the_scenario_while_open(app):
    """'Sådan blev pladserne fordelt' is explain_composition() of the scenario shown."""
    assert app.explain.value == ""  # folded: not computed
    app.explain_box.selected_index = 0
    assert "<td>58</td>" in app.explain.value and "første liste uden for" in app.explain.value
    app.method.value = "hare"
    assert "<th>Kvote</th>" in app.explain.value
    rows = explain_composition(app.result.composition)
    assert app.explain.value.count("<tr>") == len(rows) + 1


def test_valgforbund_keep_the_numbers_the_user_chose(app):
    app.dropdowns["C"].value = "Valgforbund 3"
    app.dropdowns["V"].value = "Valgforbund 3"
    app.dropdowns["A"].value = "Valgforbund 5"
    app.dropdowns["F"].value = "Valgforbund 5"
    assert [a.members for a in app.scenario.alliances] == [("C", "V"), ("A", "F")]
    assert (app.dropdowns["C"].value, app.dropdowns["A"].value) == ("Valgforbund 3",
                                                                    "Valgforbund 5")
    app.load_query("forbund=V+C")  # another structure (a link): numbered from 1
    assert (app.dropdowns["C"].value, app.dropdowns["A"].value) == ("Valgforbund 1",
                                                                    "— alene —")


def test_extreme_thresholds_say_so():
    app = ScenarioApp("KV21")
    app.threshold.value = "100"
    assert app.text == "Intet formandsvalg: ingen liste er repræsenteret"
    assert app.alliance_choices == []
    app.threshold.value = "0"
    assert set(app.alliance_choices) == set(Scenario("KV21", threshold=Fraction(0)).chair_votes())


def test_threshold_explorer_reads_danish_decimals():
    from kkr_analysis.widgets import ThresholdExplorer

    explorer = ThresholdExplorer(Scenario("KV21").tally(), chart=False)
    explorer.threshold.value = "2,5"
    assert explorer.result.threshold == Fraction(25, 1000)
    explorer.threshold.value = "to"
    assert "to" in explorer.error.value and explorer.result.threshold == Fraction(25, 1000)
