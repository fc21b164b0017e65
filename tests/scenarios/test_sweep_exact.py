"""`kkr sweep threshold` states critical thresholds so that typing them back holds (issue 21).

A list takes part iff its share ≥ the threshold. The printed binary float just above the exact
share (1.764240787768971 for 15374/871423) gave the *other* composition; the rounded-down
percent and the exact fraction both give the composition at the threshold.
"""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from kkr_analysis.cli import main
from kkr_analysis.rules.composition import compose
from kkr_analysis.scenario import Scenario, parse_percent
from kkr_analysis.scenarios.sensitivity import critical_thresholds, holding_percent

REGIONS = ["Hovedstaden", "Midtjylland", "Nordjylland", "Sjælland", "Syddanmark"]


def seats(comp) -> dict[str, int]:
    return {k: v for k, v in comp.seats().items() if v}


@pytest.mark.parametrize("election", ["KV21", "KV25"])
@pytest.mark.parametrize("kkr", REGIONS)
def test_printed_critical_thresholds_typed_back_hold(election, kkr, capsys):
    tally = Scenario(election=election, kkr=kkr).tally()
    critical = critical_thresholds(tally)
    assert main(["sweep", "threshold", "--election", election, "--kkr", kkr]) == 0
    out = capsys.readouterr().out
    printed = re.findall(r"^  (\d+,\d{4}) % \(præcis (\d+/\d+) %\)  (\S+):", out, flags=re.M)
    assert [p[2] for p in printed] == [c.list for c in critical]
    for (rounded, exact, _), c in zip(printed, critical):
        at = seats(compose(tally, threshold=c.threshold))
        assert at == {k: v for k, v in c.before.items() if v}
        for typed in (rounded, exact):
            share = parse_percent(typed) / 100
            assert share <= c.threshold
            assert seats(compose(tally, threshold=share)) == at, (typed, c.list)
        assert Fraction(exact) / 100 == c.threshold
    assert "True" not in out and "False" not in out and "Data coverage" not in out


def test_holding_percent_rounds_down():
    assert holding_percent(Fraction(15374, 871423)) == Fraction(17642, 10000)
    assert holding_percent(Fraction(1, 50)) == 2
    assert holding_percent(Fraction(3, 7), digits=2) == Fraction(4285, 100)


def test_the_float_just_above_was_wrong():
    """The old printed value: a binary float above the exact share, which drops the list."""
    tally = Scenario(election="KV21", kkr="Hovedstaden").tally()
    c = critical_thresholds(tally)[0]
    typed = Fraction(repr(float(c.threshold) * 100)) / 100
    if typed > c.threshold:  # the case the issue found
        assert seats(compose(tally, threshold=typed)) != seats(compose(tally,
                                                                        threshold=c.threshold))
