"""Exact ranges of a KKR while mayor posts are open (konstituering, election night).

The mayors are born members of the KKR and every list's supplementary seats make the whole KKR
proportional (KL's love § 15, stk. 1-2; forretningsorden § 3, stk. 2), so an open mayor post
moves the size and possibly every list's seats. The composition depends on the open posts only
through *how many* mayors each KL list holds, so the engine enumerates the reachable count
vectors (a dynamic programme over the open municipalities, one witness assignment kept per
vector) and composes each distinct vector once with :func:`~kkr_analysis.rules.composition.
compose` — the one implementation every surface uses. Compositions are shared between vectors
that must give the same result: below the cap a divisor method's composition depends only on the
"binding" quotient (the smallest quotient a list needs for its mayors), the lists binding there
and the mayors outside the eligible lists.

Every lot the rules leave open counts: a list's range runs from the fewest seats any assignment
and lot can give it to the most.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from ..apportion import DIVISOR_METHODS, Method, divisor
from ..danish import integer, join_and
from ..data import ElectionData
from ..errors import DataError
from ..rules.composition import KKR_METHOD, THRESHOLD, Composition, compose, eligibility
from ..rules.lists import (
    ListTally,
    RegionTally,
    _sorted,
    list_identity,
    mayor_choices,
    region_tally,
    with_mayors,
)

MAX_VECTORS = 50_000  # distinct mayor counts the engine composes before it refuses


@dataclass(frozen=True)
class ListRange:
    """One list's fewest and most KKR seats over every assignment of the open posts (and lot),
    with an assignment (municipality → list letter) giving each extreme."""

    list: str
    name: str
    low: int
    high: int
    witness_low: Mapping[str, str]
    witness_high: Mapping[str, str]

    @property
    def certain(self) -> bool:
        return self.low == self.high


@dataclass(frozen=True)
class MayorRanges:
    """The KKR's possible compositions while the posts in :attr:`open` are open."""

    election: str
    region: str
    open: Mapping[str, tuple[str, ...]]  # municipality → the lists that may hold its mayor
    data_mayors: Mapping[str, str]  # municipality → the data's mayor list
    rows: tuple[ListRange, ...]
    size_low: int
    size_high: int
    size_witness_low: Mapping[str, str]
    size_witness_high: Mapping[str, str]
    vectors: int  # distinct mayor counts composed
    assignments: int  # assignments of the open posts (the product of the choices)

    def row(self, name: str) -> ListRange:
        return next(r for r in self.rows if r.list == name)

    def changes_anything(self) -> bool:
        """Whether the open posts can change the size or any list's seats."""
        return self.size_low != self.size_high or any(not r.certain for r in self.rows)

    def to_frame(self) -> pd.DataFrame:
        """One row per list: low, high, certain, and the witnesses as "Kolding=C; …"."""
        return pd.DataFrame([{
            "list": r.list, "low": r.low, "high": r.high, "certain": r.certain,
            "witness_low": "" if r.certain else _witness_text(r.witness_low, self.data_mayors),
            "witness_high": "" if r.certain else _witness_text(r.witness_high,
                                                                self.data_mayors),
        } for r in self.rows])

    def to_dict(self) -> dict:
        return {
            "election": self.election, "region": self.region,
            "open": {m: list(o) for m, o in self.open.items()},
            "size": {"low": self.size_low, "high": self.size_high,
                     "witness_low": dict(self.size_witness_low),
                     "witness_high": dict(self.size_witness_high)},
            "rows": [{"list": r.list, "low": r.low, "high": r.high, "certain": r.certain,
                      "witness_low": dict(r.witness_low), "witness_high": dict(r.witness_high)}
                     for r in self.rows],
            "vectors": self.vectors, "assignments": self.assignments,
        }


def _witness_text(witness: Mapping[str, str], data_mayors: Mapping[str, str]) -> str:
    """The posts a witness gives a list other than the data's, "Kolding=C; Vejle=V"."""
    moved = [f"{m}={w}" for m, w in sorted(witness.items()) if data_mayors.get(m) != w]
    return "; ".join(moved) or "som i data"


def ranges_from_tally(
    base: RegionTally,
    posts: Sequence[tuple[str, tuple[str, ...]]],
    candidates: Mapping[str, ListTally],
    method: Method = KKR_METHOD,
    threshold: Fraction = THRESHOLD,
    *,
    keys: Mapping[tuple[str, str], str] | None = None,
    data_mayors: Mapping[str, str] | None = None,
    max_vectors: int = MAX_VECTORS,
) -> MayorRanges:
    """The exact ranges for a tally whose open posts are not yet counted (``base``: the other
    mayors only). ``posts`` are (municipality, options); an option is a list letter whose KL
    list is ``keys[(municipality, letter)]`` (default: the letter itself); ``candidates`` holds
    a :class:`ListTally` (any mayors) for each KL list an option can reach that ``base`` lacks.
    """
    keys = dict(keys or {})
    known = {t.list: t for t in base.lists}
    for key, tally in candidates.items():
        known.setdefault(key, dataclasses.replace(tally, mayors=0))
    names = list(known)
    index = {n: i for i, n in enumerate(names)}
    posts = [(m, tuple(options)) for m, options in posts]
    # dynamic programme over the open posts: distinct count vectors, one witness each
    states: dict[tuple[int, ...], tuple[str, ...]] = {tuple([0] * len(names)): ()}
    assignments = 1
    for municipality, options in posts:
        assignments *= len(options)
        grown: dict[tuple[int, ...], tuple[str, ...]] = {}
        for vector, witness in states.items():
            for letter in options:
                i = index[keys.get((municipality, letter), letter)]
                nxt = vector[:i] + (vector[i] + 1,) + vector[i + 1:]
                grown.setdefault(nxt, (*witness, letter))
        states = grown
        if len(states) > max_vectors:
            raise DataError(
                f"{integer(len(posts))} åbne borgmesterposter giver over "
                f"{integer(max_vectors)} forskellige fordelinger af borgmestre i KKR "
                f"{base.region}; giv nogle af dem (--mayor KOMMUNE=LISTE eller V|C)")
    evaluate = _Evaluator(base, known, names, method, threshold)
    low: dict[str, tuple[int, tuple[str, ...]]] = {}
    high: dict[str, tuple[int, tuple[str, ...]]] = {}
    size_low = size_high = None
    for vector, witness in states.items():
        comp = evaluate(vector)
        outcomes = comp.outcomes()
        for name in names:
            counts = [o.get(name, 0) for o in outcomes]
            lo, hi = min(counts), max(counts)
            if name not in low or lo < low[name][0]:
                low[name] = (lo, witness)
            if name not in high or hi > high[name][0]:
                high[name] = (hi, witness)
        sizes = [sum(o.values()) for o in outcomes]
        if size_low is None or min(sizes) < size_low[0]:
            size_low = (min(sizes), witness)
        if size_high is None or max(sizes) > size_high[0]:
            size_high = (max(sizes), witness)
    assert size_low is not None and size_high is not None
    municipalities = [m for m, _ in posts]

    def named(witness: tuple[str, ...]) -> dict[str, str]:
        return dict(zip(municipalities, witness))

    rows = tuple(
        ListRange(n, known[n].name, low[n][0], high[n][0], named(low[n][1]), named(high[n][1]))
        for n in _order(names, known, high) if high[n][0] > 0 or known[n].kind != "local")
    return MayorRanges(base.election, base.region, dict(posts), dict(data_mayors or {}), rows,
                       size_low[0], size_high[0], named(size_low[1]), named(size_high[1]),
                       len(states), assignments)


def _order(names: list[str], known: Mapping[str, ListTally],
           high: Mapping[str, tuple[int, tuple[str, ...]]]) -> list[str]:
    """Parties and cooperations by votes, then local lists (as the composition's rows)."""
    return [t.list for t in _sorted([known[n] for n in names])]


class _Evaluator:
    """Composes a count vector, sharing one composition between vectors that must agree."""

    def __init__(self, base: RegionTally, known: Mapping[str, ListTally], names: list[str],
                 method: Method, threshold: Fraction) -> None:
        self.base, self.known, self.names = base, known, names
        self.method, self.threshold = method, threshold
        base_mayors = {t.list: t.mayors for t in base.lists}
        self.base_mayors = [base_mayors.get(n, 0) for n in names]
        basis = "votes" if base.other_cast_votes is None else "cast votes"
        self.eligible = [eligibility(known[n], base.threshold_votes, threshold, True,
                                     basis).eligible for n in names]
        self.cache: dict[tuple, Composition] = {}

    def key(self, mayors: list[int]) -> tuple:
        """Below the cap a divisor method's composition is fixed by the binding quotient, the
        lists binding there and the mayors of lists outside the KKR election; the full vector
        otherwise (and always for Hare)."""
        if self.method not in DIVISOR_METHODS:
            return ("all", *mayors)
        needs = [(Fraction(self.known[n].votes, divisor(self.method, m - 1)), n)
                 for n, m, ok in zip(self.names, mayors, self.eligible) if ok and m]
        outside = sum(m for m, ok in zip(mayors, self.eligible) if not ok)
        if not needs:
            return ("all", *mayors)
        binding = min(q for q, _ in needs)
        # which quotients equal to the binding one are needed decides the size's lot
        tied = frozenset((n, m) for (q, n), m in zip(
            needs, [m for n, m, ok in zip(self.names, mayors, self.eligible) if ok and m])
            if q == binding)
        return ("uncapped?", binding, tied, outside,
                tuple(m for m, ok in zip(mayors, self.eligible) if not ok))

    def __call__(self, vector: tuple[int, ...]) -> Composition:
        mayors = [b + v for b, v in zip(self.base_mayors, vector)]
        key = self.key(mayors)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        comp = compose(self.tally(mayors), self.method, threshold=self.threshold)
        if key[0] == "uncapped?" and comp.cap_binds:
            key = ("all", *mayors)  # capped: the full vector decides
        self.cache.setdefault(key, comp)
        return comp

    def tally(self, mayors: list[int]) -> RegionTally:
        lists = [dataclasses.replace(self.known[n], mayors=m)
                 for n, m in zip(self.names, mayors)
                 if m > 0 or (self.known[n].kind != "local" and self.known[n].votes > 0)]
        return dataclasses.replace(self.base, lists=_sorted(lists))


def mayor_ranges(data: ElectionData, region: str, mayors: Mapping[str, str],
                 method: Method = KKR_METHOD, threshold: Fraction = THRESHOLD,
                 adjust: Callable[[RegionTally], RegionTally] | None = None) -> MayorRanges:
    """The exact ranges of KKR ``region`` with the posts in ``mayors`` set (one list) or open
    (``"?"`` or ``"V|C"``), as :class:`~kkr_analysis.scenario.Scenario` asks for them;
    ``adjust`` applies the scenario's what-if votes to every tally."""
    adjust = adjust or (lambda tally: tally)
    choices = mayor_choices(data, region, mayors)
    fixed = {m: o[0] for m, o in choices.items() if len(o) == 1}
    posts = [(m, o) for m, o in choices.items() if len(o) > 1]
    data_mayors = dict(zip(data.councils["municipality"], data.councils["mayor_list"]))
    data = with_mayors(data, {**fixed, **{m: "" for m, _ in posts}})
    base = adjust(region_tally(data, region))
    parties = set(data.parties["list_letter"])
    coops = {(m, letter): c for c, m, letter in data.cooperations[
        ["cooperation", "municipality", "list_letter"]].itertuples(index=False)}
    keys = {(m, letter): list_identity(m, letter, "", parties, coops)[0]
            for m, options in posts for letter in options}
    have = {t.list for t in base.lists}
    candidates: dict[str, ListTally] = {}
    for (m, letter), key in keys.items():
        if key not in have and key not in candidates:  # e.g. a local list: its own tally
            one = adjust(region_tally(with_mayors(data, {m: letter}), region))
            candidates[key] = one.get(key)
    return ranges_from_tally(base, posts, candidates, method, threshold, keys=keys,
                             data_mayors={m: data_mayors.get(m, "") for m, _ in posts})


def uncertainty_note(ranges: MayorRanges) -> str:
    """"usikker: afhænger af borgmesteren i X (ikke bekræftet)" when the open posts can change
    the result, else "" (issue 26: a result an unconfirmed mayor cannot change says nothing)."""
    if not ranges.changes_anything():
        return ""
    return (f"usikker: afhænger af borgmesteren i {join_and(sorted(ranges.open))} "
            "(ikke bekræftet)")
