"""A valgforbund's order for the posts it wins (KKR's forretningsorden § 4, stk. 2: the
proportional election's candidate order) on every surface: CLI, link, preset, app. The rule
itself is worked by hand in tests/rules/test_chair.py."""

from __future__ import annotations

import json
from urllib.parse import unquote

from kkr_analysis.cli import main
from kkr_analysis.rules.chair import Alliance
from kkr_analysis.scenario import Scenario
from kkr_analysis.widgets.link import read_link
from kkr_analysis.widgets.model import apply_preset, evaluate, presets

SYD = ["--election", "KV25", "--kkr", "Syddanmark"]
BLUE = ("V", "C", "O", "I", "Æ")
# KV25 Syddanmark: V+C+O+I+Æ = 170.671 + 62.246 + 48.111 + 35.794 + 34.575 = 351.397; its 2nd
# quotient 175.698,5 > A 167.017, so the blue valgforbund wins both posts. Inside, d'Hondt gives
# V both (V/2 = 85.335,5 > C 62.246); the order "V,C" gives C the 2nd.


def chair_json(capsys, *alliance: str) -> dict:
    args = ["chair", *SYD, "--format", "json"]
    for a in alliance:
        args += ["--alliance", a]
    assert main(args) == 0
    return json.loads(capsys.readouterr().out)


def test_cli_alliance_order_gives_c_the_vice_chair(capsys):
    plain = chair_json(capsys, "V+C+O+I+Æ")
    assert (plain["chair"]["list"], plain["vice_chair"]["list"]) == ("V", "V")
    ordered = chair_json(capsys, "V+C+O+I+Æ:V,C")
    assert (ordered["chair"]["list"], ordered["vice_chair"]["list"]) == ("V", "C")
    assert ordered["ties"] == []


def test_cli_explain_says_the_valgforbund_named_the_list(capsys):
    assert main(["chair", *SYD, "--alliance", "V+C+O+I+Æ:V,C", "--explain", "--format",
                 "csv"]) == 0
    out = capsys.readouterr().out
    assert "udpeget C til sin anden plads" in out and "udpeget V til sin første plads" in out


def test_cli_margins_follow_the_order(capsys):
    # C holds næstformand by the order; it is lost when the valgforbund's 2nd quotient falls
    # below A's 167.017: (351.397 − d)/2 < 167.017 ⇔ d > 17.363, so 17.364 votes; at 17.363 it
    # is a lot (167.017 = 167.017), so C can lose 17.362 and keep it with no lot.
    assert main(["margins", *SYD, "--alliance", "V+C+O+I+Æ:V,C", "--format", "json"]) == 0
    posts = json.loads(capsys.readouterr().out)["posts"]
    c = next(p for p in posts if p["list"] == "C" and p["post"] == "vice_chair")
    assert c["holds"] and c["votes_needed"] == 17_364 and c["keep_votes"] == 17_362
    v = next(p for p in posts if p["list"] == "V" and p["post"] == "vice_chair")
    assert not v["holds"]


def test_cli_refuses_three_names_and_simulate_and_board_refuse_an_order(capsys):
    assert main(["chair", *SYD, "--alliance", "V+C+O:V,C,O"]) == 2
    assert "højst to" in capsys.readouterr().err
    assert main(["simulate", *SYD, "--draws", "10", "--alliance", "V+C:V,C"]) == 2
    assert "rækkefølge" in capsys.readouterr().err
    # KL's board shares a valgforbund's seats by d'Hondt: an order is refused, not ignored
    assert main(["board", "--election", "KV21", "--alliance", "A+F:F"]) == 2
    assert "udelad delen efter ':'" in capsys.readouterr().err


def test_link_carries_the_order():
    s = Scenario("KV25", "Syddanmark", alliances=(Alliance(BLUE, ("V", "C")),))
    query = s.to_query()
    assert "forbund=V+C+O+I+Æ:V:C" in unquote(query)
    assert Scenario.from_query(query) == s
    shown, notes = read_link(query)
    assert shown.alliances == s.alliances and notes == []
    assert (shown.chair().chair.list, shown.chair().vice_chair.list) == ("V", "C")


def test_link_drops_a_bad_order_with_a_note():
    shown, notes = read_link("valg=KV25&kkr=Syddanmark&forbund=V+C:V:A")
    assert shown.alliances == (Alliance(("V", "C")),)
    assert any("rækkefølgen" in n and "A er ikke medlem" in n for n in notes)


def test_blue_preset_with_order_in_syddanmark():
    table = presets("KV25")
    name = "blå blok: V formand, C næstformand"
    assert table[name] == [Alliance(BLUE, ("V", "C"))]
    scenario, notes = apply_preset(Scenario("KV25", "Syddanmark"), name, table[name])
    assert notes == []
    chair = evaluate(scenario).chair
    assert (chair.chair.list, chair.vice_chair.list) == ("V", "C")
    # the plain blue preset stays d'Hondt inside: V both
    plain, _ = apply_preset(Scenario("KV25", "Syddanmark"), "blå blok", table["blå blok"])
    assert (evaluate(plain).chair.chair.list, evaluate(plain).chair.vice_chair.list) == ("V", "V")


def test_preset_order_naming_a_list_outside_its_valgforbund_names_file_and_row(data_copy):
    import pytest

    from kkr_analysis.errors import DataError

    path = data_copy / "presets.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(rows + ['KV25,dårlig,"V+C:V,A",']) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        presets("KV25", str(data_copy))
    message = str(info.value)
    assert "presets.csv" in message and f"række {len(rows) + 1}" in message
    assert "A er ikke med i valgforbundet" in message
