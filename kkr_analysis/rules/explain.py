"""How every seat was won: the seat table behind a KKR composition and a chair election.

Rule ids (references/RULES.md): ``kkr.explain`` (the composition's seats in the order the method
assigns them, KL's love § 15, stk. 2; forretningsorden § 3, stk. 2) and ``chair.explain`` (the
quotient table of the election of formand and næstformand, KL's love § 15, stk. 3).

Nothing here decides a seat: the tables are read off the apportionments the rules computed
(:mod:`kkr_analysis.apportion`), and every quotient is kept exact (``quotient_exact`` is the
fraction as text, e.g. ``"211026/5"``; ``quotient`` is the same number as a float, for display).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

import pandas as pd

from ..apportion import Apportionment, Method, apportion, divisor
from ..danish import integer, plural

if TYPE_CHECKING:
    from .chair import Alliance, ChairElection
    from .composition import Composition

EXPLAIN_COLUMNS = ("seat", "list", "votes", "divisor", "quota", "quotient", "quotient_exact",
                   "remainder", "filled_by", "lot", "note", "gap_votes")
CHAIR_EXPLAIN_COLUMNS = ("alliance", "members", "votes", "divisor", "quotient", "quotient_exact",
                         "post", "list", "lot", "reason")
MAYOR = "borgmester"
SUPPLEMENTARY = "supplerende"
FLOOR_NOTE = "borgmester (gulv): loftet binder, borgmesterens plads er givet som minimum"
FLOOR_NOTE_AGAIN = "borgmester (gulv)"  # the reason is given once, on the first floor seat


def _floor_note(rows: list[dict]) -> str:
    """The full floor note on the first floor seat only, so a long table stays readable."""
    return FLOOR_NOTE_AGAIN if any(r["note"] == FLOOR_NOTE for r in rows) else FLOOR_NOTE


def _exact(value: Fraction | None) -> str | None:
    if value is None:
        return None
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/" \
        f"{value.denominator}"


def _row(seat: int | None, name: str, votes: int | None, *, divisor_: Fraction | None = None,
         quota: Fraction | None = None, quotient: Fraction | None = None,
         remainder: Fraction | None = None, filled_by: str | None = None, lot: bool = False,
         note: str = "", gap_votes: int | None = None) -> dict:
    return {
        "seat": seat, "list": name, "votes": votes,
        "divisor": None if divisor_ is None else float(divisor_),
        "quota": None if quota is None else float(quota),
        "quotient": None if quotient is None else float(quotient),
        "quotient_exact": _exact(quotient),
        "remainder": None if remainder is None else float(remainder),
        "filled_by": filled_by, "lot": lot, "note": note, "gap_votes": gap_votes,
    }


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(EXPLAIN_COLUMNS))
    return frame.astype({"seat": "Int64", "votes": "Int64", "gap_votes": "Int64",
                         "divisor": "Float64", "quota": "Float64", "quotient": "Float64",
                         "remainder": "Float64", "lot": bool})


def _filled_by(held_before: int, mayors: int) -> str:
    """A mayor fills a list's first seats; the rest go to supplementary members."""
    return MAYOR if held_before < mayors else SUPPLEMENTARY


def _tie_rows(result: Apportionment, votes: dict[str, int], start: int) -> list[dict]:
    if result.tie is None:
        return []
    tie = result.tie
    names = ", ".join(tie.lists)
    return [_row(start + k, " / ".join(tie.lists), None, quotient=tie.quotient if
                 result.method != "hare" else None,
                 remainder=tie.quotient if result.method == "hare" else None,
                 filled_by=SUPPLEMENTARY, lot=True,
                 note=f"lodtrækning: {plural(tie.seats, 'plads', 'pladser')} mellem {names} (lige "
                      f"{'rest' if result.method == 'hare' else 'kvotient'})")
            for k in range(tie.seats)]


def _divisor_rows(result: Apportionment, votes: dict[str, int], mayors: dict[str, int],
                  capped: bool) -> list[dict]:
    """Seats of a divisor method in the order won. Uncapped, the plain allocation of the size
    already gives every list its mayors, so every seat has a quotient; capped, the mayors are
    floors placed first and the remaining seats follow by quotient."""
    method: Method = result.method
    rows: list[dict] = []
    plain = None if capped else apportion(votes, result.house_size, method)
    if plain is not None and (dict(plain.seats) != dict(result.seats) or plain.tie != result.tie):
        plain = None  # not the same allocation: explain the floors honestly instead
    held = dict.fromkeys(votes, 0)
    source = plain if plain is not None else result
    if plain is None:
        for name in votes:
            for _ in range(result.floors.get(name, 0)):
                held[name] += 1
                rows.append(_row(len(rows) + 1, name, votes[name], filled_by=MAYOR,
                                 note=_floor_note(rows)))
    for award in source.order:
        d = divisor(method, held[award.list])
        note = (f"samme kvotient som {', '.join(award.tied_with)}: alle får en plads"
                if award.tied_with else "")
        rows.append(_row(len(rows) + 1, award.list, votes[award.list], divisor_=Fraction(d),
            quotient=award.quotient, filled_by=_filled_by(held[award.list],
                                                          mayors.get(award.list, 0)),
            note=note))
        held[award.list] += 1
    rows += _tie_rows(result, votes, len(rows) + 1)
    return rows


def _hare_rows(result: Apportionment, votes: dict[str, int], mayors: dict[str, int]
               ) -> list[dict]:
    """Hare: lists held at their floor first, then whole quotas, then the largest remainders."""
    rows: list[dict] = []
    for name in result.fixed:
        for _ in range(result.floors.get(name, 0)):
            rows.append(_row(len(rows) + 1, name, votes[name], filled_by=MAYOR,
                             note=_floor_note(rows)))
    free = {n: v for n, v in votes.items() if n not in result.fixed}
    seats_free = result.house_size - sum(result.floors.get(n, 0) for n in result.fixed)
    if not free or seats_free <= 0 or sum(free.values()) == 0:
        return rows + _tie_rows(result, votes, len(rows) + 1)
    quota = Fraction(sum(free.values()), seats_free)
    exact = {n: Fraction(v) / quota for n, v in free.items()}
    held = dict.fromkeys(free, 0)
    for name in free:
        for _ in range(int(exact[name])):
            rows.append(_row(len(rows) + 1, name, votes[name], divisor_=quota, quota=quota,
                             quotient=exact[name], filled_by=_filled_by(held[name],
                                                                        mayors.get(name, 0)),
                             note="hel kvote"))
            held[name] += 1
    by_remainder = sorted((n for n in free if result.seats.get(n, 0) > int(exact[n])),
                          key=lambda n: exact[n] - int(exact[n]), reverse=True)
    for name in by_remainder:
        rows.append(_row(len(rows) + 1, name, votes[name], divisor_=quota, quota=quota,
                         quotient=exact[name], remainder=exact[name] - int(exact[name]),
                         filled_by=_filled_by(held[name], mayors.get(name, 0)),
                         note="største rest"))
        held[name] += 1
    return rows + _tie_rows(result, votes, len(rows) + 1)


def _runner_up(result: Apportionment, votes: dict[str, int],
               gap: Callable[[str], int | None]) -> dict | None:
    """The first list that missed out: the next quotient (or largest remainder left)."""
    tied = set(result.tie.lists) if result.tie else set()
    if result.method == "hare":
        free = {n: v for n, v in votes.items() if n not in result.fixed}
        seats_free = result.house_size - sum(result.floors.get(n, 0) for n in result.fixed)
        if not free or seats_free <= 0 or sum(free.values()) == 0:
            return None
        quota = Fraction(sum(free.values()), seats_free)
        left = {n: Fraction(v) / quota - int(Fraction(v) / quota) for n, v in free.items()
                if result.seats.get(n, 0) == int(Fraction(v) / quota) and n not in tied
                and v > 0}
        if not left:
            return None
        name = max(left, key=lambda n: left[n])
        return _row(None, name, votes[name], divisor_=quota, quota=quota,
                    quotient=Fraction(votes[name]) / quota, remainder=left[name],
                    note="første liste uden for: største rest uden plads; manglende stemmer: "
                         "de stemmer, der sikrer listen en plads mere (hele sammensætningen "
                         "genberegnet)",
                    gap_votes=gap(name))
    # a list in the lot is shown in the lot's rows, never as if it had won the lot
    nxt = {n: Fraction(v, divisor(result.method, result.seats.get(n, 0)))
           for n, v in votes.items() if v > 0 and n not in tied}
    if not nxt:
        return None
    name = max(nxt, key=lambda n: nxt[n])
    held = result.seats.get(name, 0)
    return _row(None, name, votes[name], divisor_=Fraction(divisor(result.method, held)),
                quotient=nxt[name],
                note="første liste uden for: næste kvotient; manglende stemmer: de stemmer, "
                     "der sikrer listen en plads mere (hele sammensætningen genberegnet)",
                gap_votes=gap(name))


def explain_composition(comp: Composition) -> pd.DataFrame:
    """One row per seat of the KKR in the order the method assigns it, then the runner-up
    (rule ``kkr.explain``).

    Columns (stable): ``seat`` (1…n; empty on the runner-up row), ``list``, ``votes``,
    ``divisor`` (Hare: the quota), ``quota`` and ``remainder`` (Hare), ``quotient`` (float)
    and ``quotient_exact`` (the exact fraction as text), ``filled_by`` ("borgmester" /
    "supplerende": a list's mayors fill its first seats), ``lot`` (a seat a lot decides; its
    ``list`` names the tied lists, "A / B"), ``note`` and ``gap_votes`` (runner-up: the fewest extra
    votes after which it holds one more seat whatever a lot decides, the whole composition —
    size, mayors, cap, threshold — recomputed: :func:`kkr_analysis.rules.margins.gain_votes`,
    the number ``kkr margins`` reports).
    Mayors of lists that do not take part come after the method's seats. The seat rows of a
    list add up to its total.
    """
    result = comp.apportionment
    votes = {r.list: r.votes for r in comp.rows if r.eligible}
    mayors = {r.list: r.mayors for r in comp.rows}
    if result.method == "hare":
        rows = _hare_rows(result, votes, mayors)
    else:
        rows = _divisor_rows(result, votes, mayors, comp.cap_binds)
    if comp.size_tie and rows:
        rows[-1]["note"] = (rows[-1]["note"] + "; " if rows[-1]["note"] else "") + (
            f"størrelsen afhænger af lodtrækning: med {comp.size - 1} pladser kunne en "
            "lodtrækning give alle borgmestre plads")
    for r in comp.rows:
        if not r.eligible:
            for _ in range(r.mayors):
                rows.append(_row(len(rows) + 1, r.list, r.votes, filled_by=MAYOR,
                                 note=f"borgmester for en liste uden for fordelingen "
                                      f"({r.reason})"))
    runner = _runner_up(result, votes, lambda name: _gain(comp, name)) if votes else None
    if runner is not None:
        rows.append(runner)
    return _frame(rows)


def _gain(comp: Composition, name: str) -> int | None:
    """The runner-up's ``gap_votes``: the one margin core (rule ``kkr.margins``), so it equals
    ``kkr margins``' gain_votes — the last seat may be a mayor's seat no quotient can take."""
    from .margins import gain_votes

    if comp.tally is None:
        return None
    return gain_votes(comp.tally, name, comp.method, threshold=comp.threshold, cap=comp.cap)


def explain_chair(election: ChairElection) -> pd.DataFrame:
    """The quotient table of the chair election: each valgforbund's votes divided by 1 and 2
    (d'Hondt, KL's love § 15, stk. 3), highest first, with the post each quotient wins, the
    member list that takes it and why (rule ``chair.explain``)."""
    from .chair import POST_NAMES, POSTS

    between = election.between_alliances
    won: dict[tuple[str, int], str] = {}
    if between is not None:
        count: dict[str, int] = {}
        for post, award in zip(POSTS, between.order):
            count[award.list] = count.get(award.list, 0) + 1
            won[(award.list, count[award.list])] = post
    open_posts = POSTS[len(between.order):] if between is not None else ()
    lot_posts = {p: t for t in election.ties for p in t.posts}
    rows = []
    for a in election.alliances:
        total = sum(election.votes[m] for m in a.members)
        for k in (1, 2):
            q = Fraction(total, k)
            post = won.get((a.label, k))
            row = {"alliance": a.label, "members": len(a.members), "votes": total,
                   "divisor": k, "quotient": float(q), "quotient_exact": _exact(q),
                   "post": "", "list": "", "lot": False, "reason": ""}
            if post is not None:
                row["post"] = POST_NAMES[post]
                holder = getattr(election, post)
                row["list"] = holder.list if holder is not None else ""
                if post in lot_posts:
                    row["lot"] = True
                    row["reason"] = f"lodtrækning mellem {', '.join(lot_posts[post].lists)}: " \
                        f"{lot_posts[post].reason}"
                else:
                    row["reason"] = _why(a, holder.list if holder else "", k, election.votes)
            elif (between is not None and between.tie is not None and a.label in between.tie.lists
                  and q == between.tie.quotient):
                row["post"] = "/".join(POST_NAMES[p] for p in open_posts)
                row["lot"] = True
                others = ", ".join(x for x in between.tie.lists if x != a.label)
                row["reason"] = (f"lige kvotient med {others}: lodtrækning om "
                                 f"{between.tie.seats} post(er)")
            rows.append(row)
    frame = pd.DataFrame(rows, columns=list(CHAIR_EXPLAIN_COLUMNS))
    return frame.sort_values("quotient", ascending=False, kind="stable", ignore_index=True)


def _why(alliance: Alliance, member: str, k: int, votes: Mapping[str, int]) -> str:
    if len(alliance.members) == 1:
        return "listen stiller alene: dens egen kvotient"
    if k <= len(alliance.order):
        return (f"valgforbundet har udpeget {alliance.order[k - 1]} til sin "
                f"{'første' if k == 1 else 'anden'} plads")
    return (f"valgforbundets plads nr. {k} går til medlemmet med den højeste kvotient "
            f"(d'Hondt inden for forbundet): {member} med {integer(votes[member])} stemmer")
