"""The app's post margins agree with ``kkr margins --posts``; no link, however hostile, breaks it.

The expected numbers are computed by the CLI (its own CSV), not written down, so they follow
the bundled data when it changes.
"""

from __future__ import annotations

import csv
import io
import random
import re
from html import unescape

import pytest

from kkr_analysis.cli import main
from kkr_analysis.rules.chair import POST_NAMES, Alliance
from kkr_analysis.scenario import Scenario
from kkr_analysis.widgets import ScenarioApp, render
from kkr_analysis.widgets.link import read_link

METHOD = ["--method", "dhondt", "--threshold", "2"]


def _structures(names: list[str], count: int, seed: int = 19) -> list[tuple[Alliance, ...]]:
    """``count`` random valgforbund structures of ``names`` (each list in at most one)."""
    rng = random.Random(seed)
    result = []
    for _ in range(count):
        shuffled = rng.sample(names, len(names))
        groups: dict[int, list[str]] = {}
        for name in shuffled:
            groups.setdefault(rng.randrange(len(names)), []).append(name)
        result.append(tuple(Alliance(tuple(g)) for g in groups.values() if len(g) > 1))
    return result


def _cli_posts(capsys, alliances: tuple[Alliance, ...]) -> dict[str, dict[str, dict]]:
    argv = ["margins", "--kkr", "Hovedstaden", "--posts", "--format", "csv", *METHOD, "--election",
            "KV21"]
    for a in alliances:
        argv += ["--alliance", a.label]
    assert main(argv) == 0
    rows = csv.DictReader(io.StringIO(capsys.readouterr().out))
    table: dict[str, dict[str, dict]] = {}
    for row in rows:
        table.setdefault(row["list"], {})[row["post"]] = row
    return table


def _expected(posts: dict[str, dict]) -> tuple[str, str]:
    """The app's two cells as the CLI's numbers say them."""
    import kkr_analysis.danish as danish

    keep = ", ".join(f"{POST_NAMES[p]}: {danish.integer(int(posts[p]['keep_votes']))}"
                     for p in ("chair", "vice_chair") if posts[p]["holds"] == "true") or "—"
    options = [(int(posts[p]["votes_needed"]), i, p) for i, p in enumerate(("chair",
               "vice_chair")) if posts[p]["holds"] == "false" and posts[p]["votes_needed"]]
    nxt = "—" if not options else (f"{danish.integer(min(options)[0])} "
                                   f"({POST_NAMES[min(options)[2]]})")
    return nxt, keep


def _app_cells(app: ScenarioApp) -> dict[str, tuple[str, str]]:
    html = app.output.value
    table = html[html.index("kkr-standings"):]
    table = table[:table.index("</table>")]
    cells = {}
    for row in re.findall(r"<tr><td>(.*?)</td>.*?<td class='kkr-next'>(.*?)</td>"
                          r"<td class='kkr-keep'>(.*?)</td></tr>", table):
        cells[unescape(row[0])] = (row[1], row[2])
    return cells


def test_app_csv_and_cli_margins_agree_for_every_valgforbund(capsys):
    """50 random valgforbund structures (seeded): per valgforbund, the app's "mangler til næste
    post" and "kan miste og beholde samme post", the CSV's columns and ``kkr margins --posts``
    are the same numbers."""
    names = list(Scenario("KV21").chair_votes())
    checked = 0
    for alliances in _structures(names, 50):
        app = ScenarioApp(scenario=Scenario("KV21", alliances=alliances))
        cli = _cli_posts(capsys, alliances)
        cells = _app_cells(app)
        assert set(cells) == {s.label for s in app.result.standings}
        text = render.csv_text(app.result).lstrip("\ufeff")
        rows = {r["Liste"]: r for r in csv.DictReader(io.StringIO(text), delimiter=";")}
        for s in app.result.standings:
            assert cells[s.label] == _expected(cli[s.label]), (alliances, s.label)
            row = rows[s.alliance.members[0]]
            for post, column in (("chair", "formand"), ("vice_chair", "næstformand")):
                wanted = cli[s.label][post]["keep_votes"]
                assert row[f"Kan miste og beholde {column} uden lodtrækning"] == wanted
            nxt = s.next_post
            assert row["Stemmer der mangler til næste post"] == ("" if nxt is None
                                                                 else str(nxt[1]))
            checked += 1
    assert checked > 200


def test_a_list_alone_keeps_its_post_only_as_far_as_the_cli_says(capsys):
    """``forbund=A+Z``: Z is no list (dropped aloud); A alone is formand, and what it can lose
    and keep is what it can lose and keep *formand* — the CLI's keep_votes for A's formand."""
    app = ScenarioApp.from_query("valg=KV21&kkr=Hovedstaden&forbund=A+Z")
    assert "«Z» er ikke en liste i KKR Hovedstaden" in app.output.value
    assert "ikke repræsenteret" not in app.output.value
    cli = _cli_posts(capsys, ())
    a = next(s for s in app.result.standings if s.label == "A")
    assert a.posts == ("chair",)
    assert a.keep == (("chair", int(cli["A"]["chair"]["keep_votes"])),)
    # and at one vote more lost, formand is A's no longer without a lot
    assert int(cli["A"]["chair"]["keep_votes"]) < int(cli["A"]["chair"]["votes_needed"])


# -- hostile links ------------------------------------------------------------------------------

GOOD = {"valg": "KV21", "kkr": "Hovedstaden", "spaerregraense": "2", "metode": "dhondt",
        "forbund": "A+F+Ø,C+V", "stemmer": "C:-5"}
BAD = {
    "valg": ["KV99", "", "x" * 20_000, "<script>alert(1)</script>", "kv2l", "NaN"],
    "kkr": ["Atlantis", "x" * 20_000, "<img src=x onerror=alert(1)>", "", "Hoved%00staden"],
    "spaerregraense": ["1e30", "-1", "NaN", "inf", "101", "2,5,5", "x" * 20_000, "1/0", "",
                       "<i>2</i>"],
    "metode": ["foo", "DHONDT'", "", "x" * 20_000, "<script>"],
    "forbund": ["A+Z", "Z", "A++F", "A+A", "A,A", "A+F:Z", ":", "<script>+A", "x" * 20_000,
                "A+F,F+Ø", "ÆØÅ+q"],
    "stemmer": ["C:1e30", "C:1e6", "C:-1e6", "C:NaN", "C:inf", "Z:5", "C", ":5", "C:x",
                "C:" + "9" * 20_000, "<u>:5", "C:-101", "C:5:5"],
    "stemmetal": ["B:1e99", "B:x", "Z:5", "B:" + "9" * 40, "B:-999999999999"],
    "regioner": ["/etc/passwd", "../../x"],
    "ukendt": ["1"],
}
ENGLISH = re.compile(r"\b(unknown|is not|choose|must|error|Traceback|cannot|not one of)\b")


def _hostile_links(count: int = 200, seed: int = 20) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    pairs = [(key, value) for key, values in BAD.items() for value in values]
    links = []
    for i in range(count):
        fields = dict(GOOD)
        key, value = pairs[i % len(pairs)]
        fields[key] = value
        for extra_key, extra in rng.sample(pairs, rng.randrange(0, 3)):
            fields[extra_key] = extra
        for k in rng.sample(list(GOOD), rng.randrange(0, 3)):  # some fields missing
            if k != key:
                fields.pop(k, None)
        query = "&".join(f"{k}={v}" for k, v in fields.items())
        links.append((key, query))
    return links


@pytest.fixture(scope="module")
def shared_app() -> ScenarioApp:
    return ScenarioApp("KV21")


@pytest.mark.parametrize("key,query", _hostile_links())
def test_hostile_link_keeps_the_page_usable(shared_app, key, query):
    """No error, a Danish note for what was dropped, no markup from the link, the page usable."""
    scenario, notes = read_link(query)
    assert notes, query[:200]  # every link has at least one bad field: it is said
    for note in notes:
        assert len(note) < 600 and not ENGLISH.search(note), note
    shared_app.load_query(query)
    html = shared_app.output.value
    assert shared_app.text.startswith("Formand:") or shared_app.text.startswith("Intet")
    for value in query.split("&"):
        if "<" in value:  # markup from the link is shown as text, never as markup
            assert value.partition("=")[2][:30] not in html
    assert "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" not in html  # shortened
    assert "⚠" in html
    # the good fields that were not touched are kept
    if key != "kkr" and "kkr=Hovedstaden" in query and "&kkr=" not in query.split(
            "kkr=Hovedstaden", 1)[1]:
        assert scenario.kkr == "Hovedstaden"
    # and the page still answers a control
    shared_app.threshold.value = "3"
    assert shared_app.scenario.threshold == Scenario("KV21", threshold=3 / 100).threshold
    shared_app.threshold.value = "2"


def test_lower_case_letters_are_read_as_the_dropdowns_name_them():
    app = ScenarioApp.from_query("valg=kv21&kkr=hovedstaden&forbund=a+f+ø,c+v&stemmer=c:-5")
    assert app.scenario.alliances == (Alliance(("A", "F", "Ø")), Alliance(("C", "V")))
    assert app.scenario.vote_changes == Scenario("KV21", vote_changes={"C": -5 / 100}).vote_changes
    assert "⚠" not in app.output.value


def test_a_bad_field_is_dropped_and_the_rest_kept():
    scenario, notes = read_link("valg=KV21&kkr=Sjaelland&spaerregraense=1e30&forbund=C+V"
                                "&stemmer=C:1e30,V:5")
    assert scenario.kkr == "Sjælland" and scenario.alliances == (Alliance(("C", "V")),)
    assert scenario.threshold == Scenario("KV21").threshold
    assert dict(scenario.vote_changes) == dict(Scenario("KV21",
                                                        vote_changes={"V": 5 / 100}).vote_changes)
    assert len(notes) == 2 and "Spærregrænsen «1e30»" in notes[0] and "«1e30»" in notes[1]


# -- what a visitor reads: fields, planner, charts ---------------------------------------------

def test_what_if_field_keeps_what_cannot_be_read():
    app = ScenarioApp("KV21")
    app.changes["C"].value = "x"
    assert app.changes["C"].value == "x"  # not silently cleared
    assert "«x» er ikke en ændring i procent" in app.errors.value
    app.changes["C"].value = "-5"
    assert dict(app.scenario.vote_changes) == dict(Scenario("KV21", vote_changes={"C": -5 / 100})
                                                   .vote_changes)


def test_planner_inputs_come_before_its_button_and_rows_follow_the_list():
    from kkr_analysis.presentation.planner_widget import PlannerPanel

    app = ScenarioApp("KV21")
    box = app.widget.children[-2].children[0]  # the planner's accordion
    kids = list(box.children)
    inputs = next(i for i, w in enumerate(kids) if app.planner_list in getattr(w, "children", ()))
    assert inputs < kids.index(app.planner_button)
    app.planner_list.value = "Ø"
    app.show_planner()
    panel = app.planner_panel
    assert panel.list_choice.value == "Ø"
    own = [int(m.group(1)) if (m := re.search(r"Ø (\d+)", t)) else 0
           for t in panel.result["split_of_min"]]
    assert own == sorted(own, reverse=True) and own[0] >= 1
    unsorted = PlannerPanel(Scenario("KV21"), chart=False).planner.for_list("Ø")
    assert len(unsorted) == len(panel.result)


def test_seat_axis_ticks_are_whole_numbers_where_they_are_drawn():
    from kkr_analysis.widgets.charts import BOTTOM, HEIGHT, _axis

    for top in (3.3, 7.7, 11.0, 13.2, 19.8, 57.0):
        parts, scale = _axis(top)
        for part in parts:
            y, label = re.search(r'y="([\d.]+)" text-anchor="end" fill="#555">([\d.]+)<',
                                 part).groups()
            value = int(label.replace(".", ""))
            assert abs(float(y) - 4 - (HEIGHT - BOTTOM - value * scale)) < 0.2, (top, label)


def test_chart_labels_are_never_cut_and_posts_never_overlap():
    from kkr_analysis.scenarios.alliance_margins import alliance_standings
    from kkr_analysis.widgets.charts import _label, chair_svg

    label = _label("J (Lolland)", 100, 200, 50)
    assert "…" not in label and "(Lolland)" in label and ">J<" in label
    both = chair_svg(alliance_standings({"A": 100, "B": 10}))  # A holds both posts
    assert "Formand og" in both and "næstformand" in both and ">Næstformand<" not in both


@pytest.mark.parametrize("key,query", _hostile_links()[:60])
def test_the_servers_first_view_is_the_live_answer(shared_app, key, query):
    """What ``kkr app`` writes into the page before the app is live (the first view) is the
    answer the live app then shows for the same link — same function, same text, same notes —
    with the markup of the link escaped and under a Danish "Beregner…" bar."""
    from kkr_analysis.widgets.render import FIRST, LIVE
    from kkr_analysis.widgets.solara_app import first_view

    first = first_view(query)
    shared_app.load_query(query)
    assert shared_app.output.value.replace(LIVE, FIRST) in first
    assert "Beregner…" in first and "<script" not in first.lower()


def test_a_threshold_that_removes_a_partner_leaves_no_one_list_valgforbund():
    """Issue 21: C+O at a 3,5 % threshold (O has 3,14 % in KV21 Hovedstaden): O is out, so C
    stands alone — its dropdown says "— alene —", the note says so, the link has no forbund."""
    from kkr_analysis.widgets.app import NONE, ScenarioApp

    app = ScenarioApp.from_query("valg=KV21&kkr=Hovedstaden&forbund=C+O&spaerregraense=3,5")
    assert app.scenario.alliances == ()
    assert app.dropdowns["C"].value == NONE
    assert "C står nu alene" in app.output.value and "forbund=" not in app.result.query
    app.threshold.value = "2"  # and a user-built valgforbund of two still holds at 2 %
    app.dropdowns["C"].value = "Valgforbund 1"
    app.dropdowns["O"].value = "Valgforbund 1"
    assert [a.members for a in app.scenario.alliances] == [("C", "O")]
