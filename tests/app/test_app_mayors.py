"""The app's "Borgmestre" panel: a mayor post set by the user is a scenario (rule kkr.mayors),
carried in the link (``borgmester=Kolding:C``), marked as a scenario, and dropped with a note
where it does not apply. Expected numbers come from ``Scenario(mayors=…)``, not the page."""

from __future__ import annotations

from kkr_analysis.scenario import Scenario
from kkr_analysis.widgets import ScenarioApp
from kkr_analysis.widgets.link import read_link
from kkr_analysis.widgets.model import evaluate

SYD = Scenario(election="KV25", kkr="Syddanmark")


def test_kolding_c_in_the_panel_gives_41_members_marked_as_a_scenario():
    app = ScenarioApp(scenario=SYD)
    assert app.result.composition.size == 43
    app.mayor_town.value = "Kolding"
    assert app.mayor_list.value == "V"  # the data's mayor, offered as "V (data)"
    assert "K" not in [v for _, v in app.mayor_list.options]  # no seat in Kolding's council
    app.mayor_list.value = "C"
    app.mayor_add.click()
    expected = SYD.replace(mayors={"Kolding": "C"}).composition()
    comp = app.result.composition
    assert (comp.size, comp.seats()["V"], comp.seats()["A"]) == (41, 11, 10)
    assert comp.seats() == expected.seats()
    assert "borgmester=Kolding:C" in app.result.query
    html = app.output.value
    assert "Scenarie: borgmester i Kolding = C (data: V)" in html
    assert "Sammensætning (scenarie): 41 medlemmer" in html
    assert "Dækning: " in html and "; scenarie: borgmester i Kolding = C (data: V)" in html


def test_removing_the_post_and_choosing_the_data_mayor_restore_the_data():
    app = ScenarioApp(scenario=SYD.replace(mayors={"Kolding": "C"}))
    assert app.mayor_box.selected_index == 0  # the panel opens when the link sets a mayor
    (row,) = app.mayor_rows.children
    row.children[1].click()  # "Fjern"
    assert app.scenario.mayors == () and app.result.composition.size == 43
    assert "Scenarie:" not in app.output.value
    app.set_mayor("Kolding", "V")  # the data's own mayor is no scenario
    assert app.scenario.mayors == ()


def test_link_mayors_that_do_not_apply_are_dropped_with_a_note():
    query = ("valg=KV25&kkr=Syddanmark&borgmester=Koldng:C,Aarhus:V,Vejle:K,Odense:?,x,"
             "Kolding:C")
    scenario, notes = read_link(query)
    result = evaluate(scenario)
    assert result.scenario.mayors == (("Kolding", "C"),)
    assert result.composition.size == 41
    said = " ".join(notes + list(result.notes))
    for part in ("mente du 'Kolding'", "ligger i KKR Midtjylland", "'K' har ingen plads",
                 "Odense er åben", "«x» er ikke KOMMUNE:LISTE"):
        assert part in said, part


def test_changing_the_kkr_drops_the_mayor_aloud():
    app = ScenarioApp(scenario=SYD.replace(mayors={"Kolding": "C"}))
    app.kkr.value = "Midtjylland"
    assert app.scenario.mayors == ()
    assert "Kolding ligger i KKR Syddanmark, ikke i KKR Midtjylland" in app.output.value


def test_open_posts_show_the_exact_ranges_of_the_scenario():
    from kkr_analysis.rules.lists import mayor_unconfirmed

    app = ScenarioApp(scenario=SYD.replace(mayors={"Kolding": "C"}))
    app._choose_unconfirmed()
    assert set(app.mayor_open.value) == set(mayor_unconfirmed(SYD.data(), "Syddanmark"))
    chosen = ("Billund", "Fanø", "Varde")
    app.mayor_open.value = chosen
    app.show_mayor_ranges()
    expected = SYD.replace(mayors={"Kolding": "C", **dict.fromkeys(chosen, "?")}
                           ).mayor_ranges()
    html = app.mayor_ranges.value
    size = (f"{expected.size_low}" if expected.size_low == expected.size_high
            else f"{expected.size_low}-{expected.size_high}")
    assert f"(Billund, Fanø, Varde): {size} medlemmer" in html
    for row in expected.rows:
        assert f"<td>{row.list}</td><td>{row.low}</td><td>{row.high}</td>" in html
    assert "Scenarie: borgmester i Kolding = C (data: V)" in html
    app.threshold.value = "3"  # another scenario: the ranges shown no longer apply
    assert app.mayor_ranges.value == ""
