"""The one Scenario object every surface uses, and the Danish number formats."""

from fractions import Fraction

import pytest

from kkr_analysis import danish
from kkr_analysis.errors import DataError
from kkr_analysis.rules.chair import Alliance
from kkr_analysis.scenario import Scenario, parse_percent


def test_threshold_reaches_the_chair_election():
    """At 1 % I (1,77 %) takes part in KKR Hovedstaden and may join a valgforbund; at 3,5 % O
    (3,14 %) may not."""
    assert "I" not in Scenario("KV21").chair_votes()
    low = Scenario("KV21", threshold=Fraction(1, 100))
    assert "I" in low.chair_votes()
    low.replace(alliances=(Alliance(("C", "I")),)).chair()  # accepted
    high = Scenario("KV21", threshold=Fraction(35, 1000))
    assert "O" not in high.chair_votes()
    with pytest.raises(DataError, match="'O'"):
        high.replace(alliances=(Alliance(("C", "O")),)).chair()


def test_default_scenario_gives_a_formand_c_naestformand():
    result = Scenario("KV21").chair()
    assert (result.chair.list, result.vice_chair.list) == ("A", "C")


def test_query_round_trip():
    s = Scenario("KV21", kkr="Hovedstaden", threshold=Fraction(5, 200),
                 alliances=(Alliance(("A", "F", "Ø")), Alliance(("C", "V"))),
                 vote_changes=(("C", Fraction(-5, 100)),))
    assert Scenario.from_query(s.to_query()) == s
    q = Scenario.from_query("?valg=KV21&kkr=Hovedstaden&forbund=A+F+Ø,C+V&spaerregraense=2")
    assert [a.members for a in q.alliances] == [("A", "F", "Ø"), ("C", "V")]
    assert q.threshold == Fraction(2, 100)


def test_query_refuses_unknown_fields():
    with pytest.raises(DataError, match="spaeregraense"):
        Scenario.from_query("spaeregraense=2")


@pytest.mark.parametrize("text,value", [("2,5", Fraction(5, 2)), ("2.5", Fraction(5, 2)),
                                        ("2 %", Fraction(2)), ("0", Fraction(0))])
def test_parse_percent_danish(text, value):
    assert parse_percent(text) == value


@pytest.mark.parametrize("text", ["x", "-1", "101", "nan", "inf", ""])
def test_parse_percent_refuses(text):
    with pytest.raises(DataError):
        parse_percent(text)


def test_vote_change_moves_list_and_total():
    base = Scenario("KV21").tally()
    changed = Scenario("KV21", vote_changes=(("C", Fraction(10, 100)),)).tally()
    c0, c1 = base.get("C").votes, changed.get("C").votes
    assert c1 == c0 * 11 // 10
    assert changed.total_votes - base.total_votes == c1 - c0
    with pytest.raises(DataError):
        Scenario("KV21", vote_changes=(("ZZ", Fraction(1, 10)),)).tally()


def test_danish_numbers():
    assert danish.integer(211026) == "211.026"
    assert danish.percent(0.242213) == "24,22 %"
    assert danish.decimal(1234.5, 1) == "1.234,5"
    assert danish.percent_value(2.5) == "2,5 %"
    assert danish.yes_no(True) == "ja"
    assert danish.method_name("sainte-lague") == "Sainte-Laguë"
