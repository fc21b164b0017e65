"""Exact ranges of a KKR while mayor posts are open (konstituering, election night).

The mayors are born members of the KKR and every list's supplementary seats make the whole KKR
proportional (KL's love § 15, stk. 1-2; forretningsorden § 3, stk. 2), so an open mayor post
moves the size and possibly every list's seats. The composition depends on the open posts only
through *how many* mayors each KL list holds, so the engine enumerates the reachable count
vectors (a dynamic programme over the open posts, one witness assignment kept per vector) and
composes each distinct vector once:

* divisor methods (KL's Sainte-Laguë, d'Hondt) on a table of every list's quotients sorted once
  (:class:`_DivisorTable`: the same rules as :func:`~kkr_analysis.rules.composition.compose`,
  all vectors at once with numpy); the lists outside the election count only through their sum,
  and a list's count is followed only up to one above its seats in a proportional KKR of the
  cap's size — above that the KKR is capped, the count is the list's own seats and the others
  see no difference;
* Hare (not house-monotone) and lists without votes through :func:`compose` itself.

Every lot the rules leave open counts: a list's range runs from the fewest seats any assignment
and lot can give it to the most. The tests hold the engine against brute force over every
assignment (``compose`` per assignment). The enumeration is exact but grows with the open posts;
past ``max_vectors`` distinct counts it refuses rather than guess.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from ..apportion import DIVISOR_METHODS, Method, divisor
from ..danish import integer, join_and
from ..data import ElectionData
from ..errors import DataError
from ..rules.composition import CAP_FACTOR, KKR_METHOD, THRESHOLD, compose, eligibility
from ..rules.lists import (
    ListTally,
    RegionTally,
    _sorted,
    list_identity,
    mayor_choices,
    region_tally,
    with_mayors,
)

MAX_VECTORS = 1_000_000  # distinct mayor counts the engine composes before it refuses
CHUNK = 100_000  # count vectors evaluated at once (memory)


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
    evaluate = _Evaluator(base, known, names, method, threshold)
    if evaluate.table is not None:
        return _divisor_ranges(base, posts, known, names, evaluate, keys, data_mayors or {},
                               max_vectors)
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
    low: dict[str, tuple[int, tuple[str, ...]]] = {}
    high: dict[str, tuple[int, tuple[str, ...]]] = {}
    size_low = size_high = None
    for vector, witness in states.items():
        lows, highs, smallest, largest = evaluate(vector)
        for name, lo, hi in zip(names, lows, highs):
            if name not in low or lo < low[name][0]:
                low[name] = (lo, witness)
            if name not in high or hi > high[name][0]:
                high[name] = (hi, witness)
        if size_low is None or smallest < size_low[0]:
            size_low = (smallest, witness)
        if size_high is None or largest > size_high[0]:
            size_high = (largest, witness)
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


def _too_many(posts: Sequence, limit: int, region: str) -> DataError:
    return DataError(f"{integer(len(posts))} åbne borgmesterposter giver over {integer(limit)} "
                     f"forskellige fordelinger af borgmestre i KKR {region}; giv nogle af dem "
                     "(--mayor KOMMUNE=LISTE eller V|C)")


def _divisor_ranges(base: RegionTally, posts: list[tuple[str, tuple[str, ...]]],
                    known: Mapping[str, ListTally], names: list[str], evaluate: _Evaluator,
                    keys: Mapping[tuple[str, str], str], data_mayors: Mapping[str, str],
                    max_vectors: int) -> MayorRanges:
    """:func:`ranges_from_tally` for a divisor method, all count vectors at once (numpy).

    The lists outside the KKR election count only through their sum (they sit with their
    mayors and fill the cap), so the programme runs over the eligible lists and one "born"
    coordinate; each outside list's range is its fewest and most mayors.
    """
    table = evaluate.table
    assert table is not None
    eligible = evaluate.eligible
    columns = [i for i, ok in enumerate(eligible) if ok]
    column_of = {i: c for c, i in enumerate(columns)}
    base_mayors = np.array(evaluate.base_mayors, dtype=np.int64)[columns]
    base_born = sum(m for m, ok in zip(evaluate.base_mayors, eligible) if not ok)
    # A list never holds more proportional seats than in a KKR of the cap's size (c), so a
    # count above c only makes the KKR capped and is the list's own seat count: the others'
    # seats and the size see min(mayors, c + 1). Counting up to c + 1 is exact for them.
    ceiling = table.ceiling()
    clip = np.maximum(ceiling + 1 - base_mayors, 0)  # open posts counted per list, at most
    radices = clip + 1
    if float(np.prod(radices.astype(float))) >= 2.0 ** 62:
        raise _too_many(posts, max_vectors, base.region)
    weights = np.concatenate([[1], np.cumprod(radices)[:-1]]).astype(np.int64)
    codes = np.zeros(1, dtype=np.int64)
    layers: list[tuple[np.ndarray, int, list[str]]] = []  # (first, states before, options)
    for municipality, options in posts:
        steps: dict[int, str] = {}  # coordinate (-1: outside the election) → first option
        for letter in options:
            i = names.index(keys.get((municipality, letter), letter))
            steps.setdefault(column_of.get(i, -1), letter)
        before = len(codes)
        grown = np.concatenate([
            codes if c < 0 else codes + weights[c] * ((codes // weights[c]) % radices[c] < clip[c])
            for c in steps])
        codes, first = np.unique(grown, return_index=True)
        layers.append((first, before, list(steps.values())))
        if len(codes) > max_vectors:
            raise _too_many(posts, max_vectors, base.region)
    parts = []
    for start in range(0, len(codes), CHUNK):
        counts = (codes[start:start + CHUNK, None] // weights[None, :]) % radices[None, :]
        lows, highs, small, large = table.outcomes(
            counts + base_mayors, base_born + len(posts) - counts.sum(axis=1))
        lows = np.where(counts >= clip[None, :], np.iinfo(np.int64).max, lows)  # own: below
        parts.append((start, lows.min(axis=0), lows.argmin(axis=0) + start, highs.max(axis=0),
                      highs.argmax(axis=0) + start, small.min(), small.argmin() + start,
                      large.max(), large.argmax() + start))
    low_of = {c: min((p[1][c], p[2][c]) for p in parts) for c in range(len(columns))}
    high_of = {c: max((p[3][c], -p[4][c]) for p in parts) for c in range(len(columns))}
    size_low = min((p[5], p[6]) for p in parts)
    size_high = max((p[7], -p[8]) for p in parts)

    def witness(state: int) -> dict[str, str]:
        chosen = []
        for first, before, letters in reversed(layers):
            j = int(first[state])
            chosen.append(letters[j // before])
            state = j % before
        return dict(zip([m for m, _ in posts], reversed(chosen)))

    rows = []
    for name in _order(names, known, {}):
        i = names.index(name)
        if not eligible[i]:
            row = _outside_range(name, known[name], evaluate.base_mayors[i], posts, keys)
            if row.high > 0 or known[name].kind != "local":
                rows.append(row)
            continue
        c = column_of[i]
        (lo, lo_at), (hi, hi_at) = low_of[c], high_of[c]
        low, high = (int(lo), witness(int(lo_at))), (int(hi), witness(int(-hi_at)))
        own = _outside_range(name, known[name], evaluate.base_mayors[i], posts, keys)
        if own.high > ceiling[c]:  # above c the list's seats are its mayors
            target = max(int(ceiling[c]) + 1, own.low)
            if target < low[0]:
                low = (target, _with_count(name, target, own, posts, keys))
            if own.high > high[0]:
                high = (own.high, dict(own.witness_high))
        rows.append(ListRange(name, known[name].name, low[0], high[0], low[1], high[1]))
    assignments = 1
    for _, options in posts:
        assignments *= len(options)
    return MayorRanges(base.election, base.region, dict(posts), dict(data_mayors), tuple(rows),
                       int(size_low[0]), int(size_high[0]), witness(int(size_low[1])),
                       witness(int(-size_high[1])), len(codes), assignments)


def _with_count(name: str, target: int, own: ListRange,
                posts: list[tuple[str, tuple[str, ...]]],
                keys: Mapping[tuple[str, str], str]) -> dict[str, str]:
    """An assignment giving list ``name`` exactly ``target`` mayors (between its fewest and
    most): from the fewest, posts that may go to it are moved one at a time."""
    assignment = dict(own.witness_low)
    count = own.low
    for municipality, options in posts:
        if count == target:
            break
        mine = [o for o in options if keys.get((municipality, o), o) == name]
        if mine and keys.get((municipality, assignment[municipality]),
                             assignment[municipality]) != name:
            assignment[municipality] = mine[0]
            count += 1
    return assignment


def _outside_range(name: str, tally: ListTally, base_mayors: int,
                   posts: list[tuple[str, tuple[str, ...]]],
                   keys: Mapping[tuple[str, str], str]) -> ListRange:
    """A list outside the KKR election sits with its mayors only: fewest when every post that
    can go elsewhere does, most when every post that can go to it does."""
    low: dict[str, str] = {}
    high: dict[str, str] = {}
    for municipality, options in posts:
        mine = [o for o in options if keys.get((municipality, o), o) == name]
        other = [o for o in options if keys.get((municipality, o), o) != name]
        low[municipality] = (other or mine)[0]
        high[municipality] = (mine or other)[0]
    def held(assignment: dict[str, str]) -> int:
        return base_mayors + sum(1 for m, o in assignment.items() if keys.get((m, o), o) == name)

    return ListRange(name, tally.name, held(low), held(high), low, high)


def _order(names: list[str], known: Mapping[str, ListTally],
           high: Mapping[str, tuple[int, tuple[str, ...]]]) -> list[str]:
    """Parties and cooperations by votes, then local lists (as the composition's rows)."""
    return [t.list for t in _sorted([known[n] for n in names])]


Outcome = tuple[list[int], list[int], int, int]  # per list fewest, most; size fewest, most


class _Evaluator:
    """A count vector's composition as each list's fewest and most seats and the size's range
    over every lot (as :meth:`Composition.outcomes`), through :func:`compose` (Hare, a list
    without votes). ``table`` is set where a divisor method can go through
    :class:`_DivisorTable` instead (all vectors at once, :func:`_divisor_ranges`)."""

    def __init__(self, base: RegionTally, known: Mapping[str, ListTally], names: list[str],
                 method: Method, threshold: Fraction) -> None:
        self.base, self.known, self.names = base, known, names
        self.method, self.threshold = method, threshold
        base_mayors = {t.list: t.mayors for t in base.lists}
        self.base_mayors = [base_mayors.get(n, 0) for n in names]
        basis = "votes" if base.other_cast_votes is None else "cast votes"
        self.eligible = [eligibility(known[n], base.threshold_votes, threshold, True,
                                     basis).eligible for n in names]
        self.cap = int(CAP_FACTOR * base.municipalities)
        self.table = (_DivisorTable([known[n].votes if ok else 0
                                     for n, ok in zip(names, self.eligible)],
                                    self.eligible, method, self.cap)
                      if method in DIVISOR_METHODS and all(
                          known[n].votes > 0 for n, ok in zip(names, self.eligible) if ok)
                      else None)

    def __call__(self, vector: tuple[int, ...]) -> Outcome:
        mayors = [b + v for b, v in zip(self.base_mayors, vector)]
        comp = compose(self.tally(mayors), self.method, threshold=self.threshold)
        outcomes = comp.outcomes()
        sizes = [sum(o.values()) for o in outcomes]
        return ([min(o.get(n, 0) for o in outcomes) for n in self.names],
                [max(o.get(n, 0) for o in outcomes) for n in self.names], min(sizes),
                max(sizes))

    def tally(self, mayors: list[int]) -> RegionTally:
        lists = [dataclasses.replace(self.known[n], mayors=m)
                 for n, m in zip(self.names, mayors)
                 if m > 0 or (self.known[n].kind != "local" and self.known[n].votes > 0)]
        return dataclasses.replace(self.base, lists=_sorted(lists))


class _DivisorTable:
    """:func:`compose` for a divisor method on a table of every list's quotients (rules
    ``kkr.size``, ``kkr.cap``; KL's love § 15, stk. 2; forretningsorden § 3, stk. 2).

    The quotients are sorted once into groups of equal value. Below the cap the size is the
    number of quotients down to and including the group of the *binding* quotient (the smallest
    a list needs for its mayors), every list then holds its quotients down to it, and a lot on
    the size exists when that group holds a quotient no list needs. At the cap the mayors are
    floors and the seats above them go down the groups until one no longer fits (a lot).
    """

    def __init__(self, votes: list[int], eligible: list[bool], method: Method,
                 cap: int) -> None:
        self.eligible, self.cap = eligible, cap
        quotients = [(Fraction(v, divisor(method, k)), i, k)
                     for i, (v, ok) in enumerate(zip(votes, eligible)) if ok
                     for k in range(cap + 1)]
        quotients.sort(key=lambda q: -q[0])
        self.groups: list[list[tuple[int, int]]] = []  # (list index, seat index k)
        self.group_of: dict[Fraction, int] = {}
        for q, i, k in quotients:
            if q not in self.group_of:
                self.group_of[q] = len(self.groups)
                self.groups.append([])
            self.groups[self.group_of[q]].append((i, k))
        self.through: list[list[int]] = []  # seats per list down to and including group g
        seats = [0] * len(votes)
        for group in self.groups:
            for i, _ in group:
                seats[i] += 1
            self.through.append(list(seats))
        self.quotient = {(i, k): q for q, i, k in quotients}

    def ceiling(self) -> np.ndarray:
        """Each eligible list's seats in a purely proportional KKR of the cap's size (the
        quotients down to the last group that fits whole): no final price is lower."""
        fits = [g for g, through in enumerate(self.through) if sum(through) <= self.cap]
        columns = [i for i, ok in enumerate(self.eligible) if ok]
        last = self.through[fits[-1]] if fits else [0] * len(self.eligible)
        return np.array([last[i] for i in columns], dtype=np.int64)

    def outcomes(self, mayors: np.ndarray, born: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The composition of many count vectors at once: ``mayors`` holds the eligible lists'
        mayors (one row per vector, the columns in order of the eligible lists), ``born`` the
        mayors outside the election. Returns fewest and most seats per eligible list, and the
        size's range."""
        columns = [i for i, ok in enumerate(self.eligible) if ok]
        n = len(columns)
        groups = len(self.groups)
        if not n:  # no list takes part: the KKR is the mayors
            empty = np.zeros((len(mayors), 0), dtype=np.int64)
            return empty, empty, born, born
        through = np.array(self.through, dtype=np.int64)[:, columns]
        through = np.vstack([np.zeros((1, n), dtype=np.int64), through])  # row 0: group "-1"
        member_k = np.full((groups + 1, n), -1, dtype=np.int64)  # k of a list in group g+1
        for g, group in enumerate(self.groups):
            for i, k in group:
                member_k[g + 1, columns.index(i)] = k
        group_of = np.full((n, self.cap + 1), -1, dtype=np.int64)
        for (i, k), q in self.quotient.items():
            group_of[columns.index(i), k] = self.group_of[q] + 1
        floors = mayors.sum(axis=1)
        need = np.where(mayors > 0, group_of[np.arange(n)[None, :], np.maximum(mayors - 1, 0)],
                        0)
        g = need.max(axis=1)  # the binding group (+1); 0: no list has a mayor
        size = through[g].sum(axis=1)
        uncapped = size <= self.cap - born
        seats = through[g]
        spare = (member_k[g] >= 0) & (member_k[g] >= mayors)
        group_size = (member_k >= 0).sum(axis=1)
        size_tie = uncapped & (g > 0) & (size > floors) & (group_size[g] > 1) & spare.any(axis=1)
        lows = seats - (spare & size_tie[:, None])
        highs = seats.copy()
        size_low = size + born - size_tie
        size_high = size + born
        # at the cap: the last group that fits whole above the floors, by bisection
        free = self.cap - born - floors
        lo = np.zeros(len(mayors), dtype=np.int64)
        hi = np.full(len(mayors), groups, dtype=np.int64)
        while (lo < hi).any():
            mid = (lo + hi + 1) // 2
            fits = np.maximum(through[mid] - mayors, 0).sum(axis=1) <= free
            lo = np.where((lo < hi) & fits, mid, lo)
            hi = np.where((lo < hi) & ~fits, mid - 1, hi)
        capped = np.maximum(through[lo], mayors)
        left = free - np.maximum(through[lo] - mayors, 0).sum(axis=1)
        nxt = np.minimum(lo + 1, groups)
        tied = (left > 0)[:, None] & (lo < groups)[:, None] & (member_k[nxt] >= 0) & (
            member_k[nxt] >= mayors)
        lows = np.where(uncapped[:, None], lows, capped)
        highs = np.where(uncapped[:, None], highs, capped + tied)
        size_low = np.where(uncapped, size_low, self.cap)
        size_high = np.where(uncapped, size_high, self.cap)
        return lows, highs, size_low, size_high



def mayor_ranges(data: ElectionData, region: str, mayors: Mapping[str, str],
                 method: Method = KKR_METHOD, threshold: Fraction = THRESHOLD,
                 adjust: Callable[[RegionTally], RegionTally] | None = None,
                 max_vectors: int = MAX_VECTORS) -> MayorRanges:
    """The exact ranges of KKR ``region`` (rule ``kkr.mayors``) with the posts in ``mayors``
    set (one list) or open (``"?"`` or ``"V|C"``), as :class:`~kkr_analysis.scenario.
    Scenario` asks for them; ``adjust`` applies the scenario's what-if votes to every tally."""
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
                             data_mayors={m: data_mayors.get(m, "") for m, _ in posts},
                             max_vectors=max_vectors)


def uncertainty_note(ranges: MayorRanges) -> str:
    """"usikker: afhænger af borgmesteren i X (ikke bekræftet)" when the open posts can change
    the result, else "" (issue 26: a result an unconfirmed mayor cannot change says nothing)."""
    if not ranges.changes_anything():
        return ""
    return (f"usikker: afhænger af borgmesteren i {join_and(sorted(ranges.open))} "
            "(ikke bekræftet)")
