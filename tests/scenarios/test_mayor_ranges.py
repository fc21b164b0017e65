"""Exact KKR ranges while mayor posts are open, held against brute force over every assignment
(rule kkr.mayors, kkr.size, kkr.cap; ties as data)."""

from __future__ import annotations

import dataclasses
import itertools

from hypothesis import given
from hypothesis import strategies as st

from kkr_analysis.rules.composition import compose
from kkr_analysis.rules.lists import ListTally, _sorted, mayor_unconfirmed
from kkr_analysis.scenario import Scenario
from kkr_analysis.scenarios.mayors import ranges_from_tally, uncertainty_note
from tests.conftest import tally

NAMES = "ABCDEFL"


def brute_force(base, posts, candidates, method):
    """Every assignment composed on its own: fewest/most seats per list and size."""
    known = {t.list: t for t in base.lists}
    for key, t in candidates.items():
        known.setdefault(key, dataclasses.replace(t, mayors=0))
    low: dict[str, int] = {}
    high: dict[str, int] = {}
    sizes = []
    for assignment in itertools.product(*[options for _, options in posts]):
        mayors = {t.list: t.mayors for t in base.lists}
        for letter in assignment:
            mayors[letter] = mayors.get(letter, 0) + 1
        lists = [dataclasses.replace(t, mayors=mayors.get(n, 0)) for n, t in known.items()
                 if mayors.get(n, 0) or (t.kind != "local" and t.votes)]
        comp = compose(dataclasses.replace(base, lists=_sorted(lists)), method)
        for outcome in comp.outcomes():
            sizes.append(sum(outcome.values()))
            for name in known:
                seats = outcome.get(name, 0)
                low[name] = min(low.get(name, seats), seats)
                high[name] = max(high.get(name, seats), seats)
    return low, high, min(sizes), max(sizes)


@st.composite
def regions(draw):
    """2-6 municipalities, 2-6 lists (one local list outside any cooperation), small vote
    figures so quotients tie, a few fixed mayors, 1-4 open posts."""
    n_lists = draw(st.integers(2, 6))
    names = NAMES[:n_lists - 1] + "L"
    votes = draw(st.lists(st.sampled_from([0, 1, 2, 3, 4, 6, 9, 12, 30, 60]),
                          min_size=n_lists, max_size=n_lists))
    municipalities = draw(st.integers(2, 6))
    n_open = draw(st.integers(1, min(4, municipalities)))
    fixed = draw(st.lists(st.sampled_from(names), min_size=municipalities - n_open,
                          max_size=municipalities - n_open))
    items = [(n, v, 1, fixed.count(n), "local" if n == "L" else "party")
             for n, v in zip(names, votes)]
    base = tally(municipalities, *[i for i in items if i[1] or i[3]])
    posts = [(f"K{j}", tuple(draw(st.sets(st.sampled_from(names), min_size=1, max_size=4))))
             for j in range(n_open)]
    candidates = {n: ListTally(n, n, "local" if n == "L" else "party", v, 1, 0)
                  for n, v in zip(names, votes)}
    return base, posts, candidates


@given(regions(), st.sampled_from(["sainte-lague", "dhondt", "hare"]))
def test_mayor_ranges_equal_brute_force_over_every_assignment(region, method):
    base, posts, candidates = region
    ranges = ranges_from_tally(base, posts, candidates, method)
    low, high, size_low, size_high = brute_force(base, posts, candidates, method)
    assert (ranges.size_low, ranges.size_high) == (size_low, size_high)
    for row in ranges.rows:
        assert (row.low, row.high) == (low[row.list], high[row.list]), row.list
    assert {r.list for r in ranges.rows} >= {n for n, h in high.items() if h}


@given(regions(), st.sampled_from(["sainte-lague", "dhondt"]))
def test_each_witness_gives_its_extreme(region, method):
    base, posts, candidates = region
    ranges = ranges_from_tally(base, posts, candidates, method)
    for row in ranges.rows:
        for witness, target in ((row.witness_low, row.low), (row.witness_high, row.high)):
            one = ranges_from_tally(base, [(m, (witness[m],)) for m, _ in posts], candidates,
                                    method)
            got = next((r for r in one.rows if r.list == row.list), None)
            assert target in ((got.low, got.high) if got else (0,))


def test_kolding_open_kv25_gives_41_to_43_members_with_witnesses():
    ranges = Scenario(election="KV25", kkr="Syddanmark", mayors={"Kolding": "?"}).mayor_ranges()
    assert (ranges.size_low, ranges.size_high) == (41, 43)
    v = ranges.row("V")
    assert (v.low, v.high, v.certain) == (11, 12, False)
    assert v.witness_high == {"Kolding": "V"}
    assert ranges.row("C").certain


def test_kolding_v_or_c_narrows_the_post():
    ranges = Scenario(election="KV25", kkr="Syddanmark",
                      mayors={"Kolding": "V|C"}).mayor_ranges()
    assert ranges.open == {"Kolding": ("V", "C")}
    assert (ranges.size_low, ranges.size_high) == (41, 43)


def test_an_unconfirmed_mayor_is_named_only_where_it_changes_the_kkr():
    """KV25 Sjælland with every unconfirmed mayor but Greve's and Lejre's set as in the data:
    those two can change the KKR and are named; in a region where the post cannot change the
    KKR, nothing is said."""
    scenario = Scenario(election="KV25", kkr="Sjælland")
    data = scenario.data()
    given = {m: str(data.councils.loc[data.councils["municipality"] == m, "mayor_list"].iloc[0])
             for m in mayor_unconfirmed(data, "Sjælland") if m not in ("Greve", "Lejre")}
    assert {"Greve", "Lejre"} <= set(mayor_unconfirmed(data, "Sjælland"))
    assert scenario.replace(mayors=given).mayor_uncertainty() == (
        "usikker: afhænger af borgmesteren i Greve og Lejre (ikke bekræftet)")
    base = tally(2, ("A", 500, 5, 1), ("B", 500, 5, 0))
    same = ranges_from_tally(base, [("K2", ("B",))], {})
    assert (same.size_low, same.size_high) == (2, 2) and uncertainty_note(same) == ""


def test_evaluating_in_chunks_gives_the_same_ranges(monkeypatch):
    import kkr_analysis.scenarios.mayors as engine

    scenario = Scenario(election="KV25", kkr="Syddanmark",
                        mayors={"Kolding": "?", "Vejle": "?", "Esbjerg": "?"})
    whole = scenario.mayor_ranges().to_dict()
    monkeypatch.setattr(engine, "CHUNK", 7)
    assert scenario.mayor_ranges().to_dict() == whole
