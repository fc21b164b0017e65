"""The Danish presentation layer: tables, messages and figures as readers see them."""

from __future__ import annotations

import itertools
from fractions import Fraction

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from kkr_analysis import danish  # noqa: E402
from kkr_analysis.presentation import (  # noqa: E402
    appointments,
    chair,
    display,
    explain,
    format,
    meetings,
)
from kkr_analysis.presentation.plots import (  # noqa: E402
    FALLBACK_COLOUR,
    MAYOR_COLOUR,
    PARTY_COLOURS,
    _lanes,
    hemicycle_positions,
    plot_composition,
    plot_hemicycle,
    plot_threshold_steps,
)
from kkr_analysis.rules.appointments import Body, appoint  # noqa: E402
from kkr_analysis.rules.board import check_board  # noqa: E402
from kkr_analysis.rules.chair import elect_chair, parse_alliances  # noqa: E402
from kkr_analysis.rules.explain import explain_composition  # noqa: E402
from kkr_analysis.scenario import Scenario  # noqa: E402
from kkr_analysis.scenarios.answers import smallest_changing_alliances  # noqa: E402
from kkr_analysis.scenarios.sensitivity import critical_thresholds, threshold_sweep  # noqa: E402


def test_table_is_danish_without_index_and_with_every_row():
    display.setup()
    frame = pd.DataFrame({"list": [f"L{i}" for i in range(70)], "votes": [211026] * 70,
                          "share": [0.2422] * 70, "eligible": [True] + [False] * 69,
                          "total": [5.0] * 70, "method": ["sainte-lague"] * 70})
    html = format.table(frame).to_html()
    assert "Stemmer" in html and "Andel" in html and "Deltager" in html and "I alt" in html
    assert "211.026" in html and "24,22 %" in html and ">ja<" in html and ">nej<" in html
    assert ">5<" in html and "5.0" not in html and "True" not in html
    assert "Sainte-Laguë" in html and "sainte-lague" not in html
    assert "row_heading" not in html  # no index column
    assert html.count("<tr>") == 71  # header + every row
    assert 'id="T_kkr' in html


def test_table_ids_repeat_after_setup():
    frame = pd.DataFrame({"list": ["A"], "votes": [1]})
    display.setup()
    first = format.table(frame).to_html() + format.table(frame).to_html()
    display.setup()
    assert format.table(frame).to_html() + format.table(frame).to_html() == first


def test_chair_and_lots_in_danish():
    assert chair.chair_da(elect_chair({"A": 211026, "C": 194759, "Ø": 123266})) == [
        "Formand: A", "Næstformand: C"]
    lot = chair.chair_da(elect_chair({"A": 100, "B": 100, "C": 100}))
    assert lot[0] == "Formand: afgøres ved lodtrækning"
    assert any(line.startswith("Lodtrækning om formand og næstformand mellem A, B og C")
               for line in lot)
    joint = elect_chair({"A": 100, "B": 60, "C": 50}, parse_alliances(["B+C"]))
    assert chair.chair_da(joint)[0] == "Formand: B (valgforbund B+C)"


def test_smallest_valgforbund_that_changes_the_posts_hand_worked():
    # A 100, B 60, C 50, D 10: alone A formand, A næstformand? No: 2nd quotient A/2 = 50 < 60.
    votes = {"A": 100, "B": 60, "C": 50, "D": 10}
    base = elect_chair(votes)
    assert (base.chair.list, base.vice_chair.list) == ("A", "B")
    found = smallest_changing_alliances(votes)
    # B+C (110) takes the chair; C+D (60) ties B for næstformand; no smaller change exists
    assert all(len(a.members) == 2 for a in found)
    first = {a.members: a for a in found}
    assert ("B", "C") in first and first[("B", "C")].result.chair.list == "B"
    assert ("A", "D") not in first  # A+D changes nobody's post


def test_appointment_and_board_messages_in_danish():
    groups = {"A": 17, "C": 14, "Ø": 9, "V": 6}
    one = appoint(Body("Organ", 1), groups)
    assert appointments.appointment_da(one, groups) == (
        "ingen gruppe har flertal (højst 17 af 46): afgøres ved afstemningen på mødet")
    four = appoint(Body("Organ", 4), groups)
    assert appointments.appointment_da(four, groups) == "A 2, C 1, Ø 1"
    tie = appoint(Body("Eksempel", 5), {"A": 6, "B": 4, "C": 2})
    assert appointments.appointment_da(tie, {"A": 6, "B": 4, "C": 2}) == (
        "A 2, B 1; lodtrækning om 2 pladser mellem A, B og C")
    board = pd.DataFrame([{"name": "F", "category": "chair", "gender": "K",
                           "elected_official": "nej"}])
    messages = [appointments.message_da(p) for p in check_board(board).problems]
    assert "formanden F skal være folkevalgt" in messages
    assert any(m.startswith("3 mangler i kategorien kommunale politiske") for m in messages)
    assert not any("missing" in m or "must" in m for m in messages)


def test_explanation_view_uses_the_explain_contract():
    comp = Scenario("KV21", "Hovedstaden").composition()
    full = explain_composition(comp)
    frame = explain.explain_frame(comp)
    assert set(frame.columns) <= set(full.columns) and len(frame) == len(full)
    assert {"seat", "list", "divisor", "quotient", "filled_by", "gap_votes"} <= set(frame.columns)
    html = format.table(frame).to_html()
    assert "Plads" in html and "Kvotient" in html and "Besat af" in html and "–" in html


def _lab(colour: str) -> np.ndarray:
    rgb = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return np.array([116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))])


def test_every_party_colour_is_distinguishable():
    colours = {**PARTY_COLOURS, "lokal liste": FALLBACK_COLOUR}
    for (a, ca), (b, cb) in itertools.combinations(colours.items(), 2):
        distance = float(np.linalg.norm(_lab(ca) - _lab(cb)))
        assert distance >= 25, f"{a} and {b} look alike (ΔE {distance:.1f})"


@given(st.integers(min_value=1, max_value=200))
def test_hemicycle_has_one_distinct_seat_per_member(seats):
    points = hemicycle_positions(seats)
    assert len(points) == seats
    assert len({(round(x, 6), round(y, 6)) for x, y in points}) == seats
    assert all(y >= -1e-9 for _, y in points)


@given(st.lists(st.tuples(st.floats(0, 5), st.floats(0.05, 1)), max_size=15,
                unique_by=lambda label: label[0]))  # two lists never share an exact share
def test_label_lanes_never_overlap(labels):
    labels = sorted(labels)
    lanes = _lanes([x for x, _ in labels], [w for _, w in labels])
    for (i, (x1, w1)), (j, (x2, w2)) in itertools.permutations(enumerate(labels), 2):
        if lanes[i] == lanes[j]:  # flags [x, x + w] in one lane do not overlap
            assert x1 + w1 < x2 or x2 + w2 < x1
        if lanes[i] < lanes[j]:  # j's connector runs up through lane i: it must miss label i
            assert not x1 <= x2 <= x1 + w1


def _boxes_overlap(a, b) -> bool:
    return not (a.x1 <= b.x0 or b.x1 <= a.x0 or a.y1 <= b.y0 or b.y1 <= a.y0)


@pytest.mark.parametrize("election,kkr", [("KV21", "Hovedstaden"), ("KV21", "Sjælland"),
                                          ("KV25", "Sjælland"), ("KV25", "Midtjylland")])
def test_threshold_chart_labels_do_not_overlap_and_2_percent_is_labelled(election, kkr):
    tally = Scenario(election, kkr).tally()
    critical = critical_thresholds(tally)
    fig, ax = plt.subplots(figsize=(8.5, 3.8))
    plot_threshold_steps(threshold_sweep(tally), critical, ax)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [t for t in ax.texts if t.get_text().strip()]
    assert len(labels) == len(critical)
    boxes = [Text.get_window_extent(t, renderer) for t in labels]  # the text, not the line
    for a, b in itertools.combinations(boxes, 2):
        assert not _boxes_overlap(a, b)
    legend = ax.get_legend()
    assert "KL's spærregrænse 2 %" in [t.get_text() for t in legend.get_texts()]
    # the legend sits right of the axes, outside the data
    assert legend.get_window_extent(renderer).x0 >= ax.get_window_extent(renderer).x1
    plt.close(fig)


def test_member_swatches_are_the_same_in_every_chart():
    comp = Scenario("KV21").composition()
    for plot in (plot_composition, plot_hemicycle):
        fig, ax = plt.subplots()
        plot(comp, ax)
        handles = {h.get_label(): h for h in ax.get_legend().legend_handles}
        mayor = handles.get("Borgmestre") or handles.get("borgmester")
        face = mayor.get_facecolor() if hasattr(mayor, "get_facecolor") else \
            mayor.get_markerfacecolor()
        assert to_rgb(face) == to_rgb(MAYOR_COLOUR), plot.__name__
        plt.close(fig)


def test_danish_numbers():
    from kkr_analysis import danish

    assert danish.number(211026) == "211.026"
    assert danish.number(5.0) == "5"
    assert danish.number(Fraction(1, 3)) == "0,33"
    assert danish.number(np.bool_(True)) == "ja"
    assert danish.number(pd.NA) == "–"
    assert danish.join_and(["A", "C", "V"]) == "A, C og V"
    assert danish.plural(1, "plads", "pladser") == "1 plads"


# ---- constituent meeting (06), folded explanations (01), party register note -----------------

def test_planner_panel_never_shows_another_kkrs_bodies():
    """KV25 Sjælland: the project holds no bodies for it, so the panel is refused (not planned
    over KKR Hovedstaden's 2022 bodies); given no bodies, it says so in Danish."""
    from kkr_analysis.errors import DataError
    from kkr_analysis.presentation.planner_widget import PlannerPanel

    with pytest.raises(DataError, match="der findes ingen organer for KKR Sjælland"):
        PlannerPanel(Scenario("KV25", "Sjælland"), chart=False)
    panel = PlannerPanel(Scenario("KV25", "Sjælland"), bodies=[], chart=False)
    assert panel.result.empty
    assert "ingen data om de organer, KKR Sjælland udpeger til i perioden 2026-2029" \
        in panel.html.value
    assert "Hovedstaden" not in panel.html.value


def test_find_bodies_only_for_the_kkr_and_period():
    from kkr_analysis.data.kkr_tables import find_bodies

    assert find_bodies("Sjælland", "2022-2026") is None
    assert find_bodies("Hovedstaden", "2026-2029") is None
    bodies = find_bodies("Hovedstaden", "2022-2026")
    assert bodies and bodies[0].name == "Erhvervshus Hovedstaden (bestyrelse)"


def test_valggruppe_table_and_answer_are_danish_hand_worked(capsys):
    """X 6, Y 6, Z 2 members, one body of 3 seats: X alone is sure of 1 seat and gets 2 with
    the lot; X+Z (8) is sure of 2 whatever Y does (8, 6, 4 → X+Z 2, Y 1); X+Y (12) takes all
    3, the cheapest group to do so."""
    from kkr_analysis.scenarios.valggrupper import Planner, meeting_of

    display.setup()
    planner = Planner({"X": 6, "Y": 6, "Z": 2}, meeting_of([Body("Eksempel", 3)]))
    frame = planner.for_list("X")
    html = meetings.valggruppe_table(frame).to_html()
    for heading in ("Valggruppe", "Medlemmer", "Sikre pladser", "Bedste udfald",
                    "Værste gruppering af de øvrige"):
        assert heading in html
    assert "min_seats" not in html and "worst_case" not in html
    assert frame[["group", "min_seats", "max_seats"]].values.tolist() == [
        ["X+Y", 3, 3], ["X+Y+Z", 3, 3], ["X+Z", 2, 2], ["X", 1, 2]]
    assert meetings.best_groups_text(frame) == "X+Y (12 medlemmer), X+Y+Z (14 medlemmer)"
    partners = meetings.valggruppe_table(planner.best_partners()).to_html()
    assert "Bedste partner" in partners and "gain" not in partners
    assert meetings.meeting_text(planner.meeting) == \
        "3 pladser i de politiske organer: forholdstalsvalg om 3 pladser"


def test_folded_explanation_is_a_details_element_with_every_row(capsys):
    from IPython.display import HTML

    shown = []
    comp = Scenario("KV21", "Sjælland").composition()
    from kkr_analysis.presentation import explain

    original = explain.display
    try:
        explain.display = shown.append
        explain.show_explanation(comp, folded=True)
    finally:
        explain.display = original
    (folded,) = shown
    assert isinstance(folded, HTML)
    assert folded.data.startswith("<details") and "<summary>Sådan blev pladserne fordelt i KKR " \
        "Sjælland (" in folded.data
    rows = len(explain.explain_frame(comp))
    assert folded.data.count("<tr>") == rows + 1  # every row, inside the fold


def test_party_register_note_is_danish_and_the_data_text_unchanged():
    from kkr_analysis.data import load_election

    kv25 = load_election("KV25")
    note = danish.party_assumption_da(kv25)
    assert note.startswith("Partiregister (KL's love § 6) for KV25 er en antagelse: ")
    assert "1. august 2025" in note and "assumption" not in note and "national.csv" not in note
    assert "assumption" in kv25.party_assumption  # the file's provenance text stays English
    assert danish.party_assumption_da(load_election("KV21")) is None


def test_explanation_notes_quote_reasons_in_danish():
    """KV25 Sjælland: J (Lolland) holds a mayor but is a local list outside any list
    cooperation; the seat explanation says so in Danish, not in the rules' English."""
    notes = " ".join(explain.explain_frame(Scenario("KV25", "Sjælland").composition())["note"]
                     .dropna())
    assert "lokal liste uden kendt listesamarbejde (KL's love § 6)" in notes
    assert "local list" not in notes and "cooperation" not in notes


def test_reason_has_a_danish_decimal_comma():
    """A threshold of 3,5 % reads "under 3,5 % af de gyldige stemmer i regionen" (KV21: no cast
    votes), not "3.5 %"."""
    from kkr_analysis.danish import reason_da
    from kkr_analysis.scenario import Scenario

    comp = Scenario(election="KV21", threshold=Fraction(35, 1000)).composition()
    reason = next(r.reason for r in comp.rows if r.list == "O")
    assert reason_da(reason) == "under 3,5 % af de gyldige stemmer i regionen"


def test_one_rule_drops_the_empty_votes_missing_column():
    """The notebooks' table and `kkr composition` drop "uden stemmetal" by the same function."""
    import kkr_analysis.cli.composition as cli_composition
    from kkr_analysis.presentation.composition import without_empty_missing

    frame = pd.DataFrame({"list": ["A", "B"], "votes_missing": [0, 0]})
    assert "votes_missing" not in without_empty_missing(frame)
    kept = frame.assign(votes_missing=[0, 2])
    assert list(without_empty_missing(kept)["votes_missing"]) == [0, 2]
    assert "x" not in without_empty_missing(pd.DataFrame({"x": [0]}), "x")
    assert cli_composition.without_empty_missing is without_empty_missing
