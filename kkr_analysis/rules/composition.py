"""The composition of a KKR (kommunekontaktråd).

KL's love § 15, stk. 1-2 and KKR's forretningsorden 2022-2026 § 3, stk. 2 (seed item 1.2):

* the mayors (borgmestre) of the region's municipalities are born members;
* parties and list cooperations elect supplementary members (supplerende medlemmer) so that the
  whole KKR is proportional to their votes at the municipal election in the region;
* a list takes part only with at least 2 % of the region's votes and a seat in at least one
  council of the region;
* a KKR has at most twice as many members as the region has municipalities.

KL's texts say "forholdsmæssig" without naming the formula, so the method is a parameter;
KL's one published per-list table rules d'Hondt out but does not decide between Sainte-Laguë and
Hare (:data:`UNDECIDED_METHODS`). The default (:data:`KKR_METHOD`, Sainte-Laguë) is the
project's reading, not KL's decided method: :func:`method_uncertainty` gives the other reading
wherever it changes a number.
The size is the smallest number of seats at which the proportional
allocation gives every eligible list at least its mayors; when that exceeds the cap, the capped
size is allocated with the mayors as minimums. Mayors of lists that cannot take part still sit
and count in the size and the cap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

import pandas as pd

from ..apportion import Apportionment, Method, Tie, apportion
from ..danish import percent_value, plural
from ..search import first_true
from .lists import Coverage, ListTally, RegionTally

THRESHOLD = Fraction(2, 100)  # KL's love § 15, stk. 2
# The project's default reading of KL's "forholdsmæssig" composition (rule
# ``kkr.proportional`` in references/RULES.md): Sainte-Laguë and Hare both reproduce KKR
# Hovedstaden 2022-2026 on the official votes, d'Hondt does not; which of the two KL uses is
# not decided, so every surface shows the other's outcome where it differs.
KKR_METHOD: Method = "sainte-lague"
UNDECIDED_METHODS: tuple[Method, ...] = ("sainte-lague", "hare")
CAP_FACTOR = Fraction(2)  # forretningsorden § 3, stk. 2


# What the data knows of a local list: no cooperation is known for it (the data's
# list_cooperations.csv may be incomplete; KL's register of cooperations is not in the sources).
LOCAL_REASON = "lokal liste uden kendt listesamarbejde (KL's love § 6)"


@dataclass(frozen=True)
class Eligibility:
    """Whether a list takes part in the KKR election (KL's love § 15, stk. 2) and why not."""

    eligible: bool
    reason: str = ""


def eligibility(
    item: ListTally,
    total_votes: int,
    threshold: Fraction = THRESHOLD,
    require_council_seat: bool = True,
    base: str = "valid",
) -> Eligibility:
    """≥ ``threshold`` of the region's votes (``total_votes``: the threshold's ``base``,
    ``"cast"`` or ``"valid"``) and ≥ 1 council seat; parties and cooperations only
    (rule ``kkr.threshold``, KL's love § 15, stk. 2)."""
    if item.kind == "local":
        return Eligibility(False, LOCAL_REASON)
    reasons = []
    if total_votes == 0 or Fraction(item.votes, total_votes) < threshold:
        of = "af de afgivne stemmer i regionen" if base == "cast" else (
            "af de gyldige stemmer i regionen")
        reasons.append(f"under {percent_value(float(threshold) * 100, 6)} {of}")
    if require_council_seat and item.council_seats < 1:
        reasons.append("intet kommunalbestyrelsesmedlem i regionen" + (
            f" (dens mandater er ukendte i {plural(item.seats_unknown, 'kommune', 'kommuner')})"
            if item.seats_unknown else ""))
    return Eligibility(not reasons, "; ".join(reasons))


@dataclass(frozen=True)
class CompositionRow:
    """One list's place in the KKR (the seed's table: borgmestre + supplerende medlemmer)."""

    list: str
    name: str
    kind: str
    votes: int
    share_of_valid: Fraction  # of the region's valid votes (gyldige stemmer)
    share_of_cast: Fraction | None  # of the cast votes (afgivne stemmer); None: not in the data
    eligible: bool
    reason: str
    mayors: int
    supplementary: int
    votes_missing: int = 0

    @property
    def total(self) -> int:
        return self.mayors + self.supplementary

    @property
    def share(self) -> Fraction:
        """The share the threshold verdict is read against: of the cast votes where the data has
        them, else of the valid votes (rule ``kkr.threshold_base``)."""
        return self.share_of_valid if self.share_of_cast is None else self.share_of_cast


@dataclass(frozen=True)
class Composition:
    """A KKR's computed composition with everything needed to explain it."""

    election: str
    region: str
    method: Method
    threshold: Fraction
    rows: tuple[CompositionRow, ...]
    size: int
    cap: int
    cap_binds: bool
    tie: Tie | None
    size_tie: bool  # the size itself hangs on a lot draw
    total_votes: int  # the region's valid votes (gyldige stemmer)
    coverage: Coverage
    apportionment: Apportionment
    # the tally it was computed from (vote margins recompute from it); not part of equality
    tally: RegionTally | None = field(default=None, repr=False, compare=False)

    @property
    def cast_votes(self) -> int | None:
        """The region's cast votes (afgivne stemmer); ``None`` where the data has none."""
        return None if self.tally is None else self.tally.cast_votes

    @property
    def threshold_base(self) -> str:
        """``"cast"`` or ``"valid"``: what the threshold is taken of (``kkr.threshold_base``)."""
        return "cast" if self.cast_votes is not None else "valid"

    @property
    def share_key(self) -> str:
        """``"share_of_cast"`` or ``"share_of_valid"``: the key of the share a threshold verdict
        is read against (:attr:`threshold_base`)."""
        return f"share_of_{self.threshold_base}"

    @property
    def ties(self) -> list[dict]:
        if self.tie is None:
            return []
        return [{"lists": list(self.tie.lists), "seats": self.tie.seats}]

    def seats(self) -> dict[str, int]:
        """Seats per list that no lot decides (a tied seat is in :attr:`tie`, not here)."""
        return {r.list: r.total for r in self.rows}

    def outcomes(self) -> list[dict[str, int]]:
        """Every composition a lot could produce, as seats per list (rule ``kkr.size``).

        A lot on a seat gives one outcome per winner; a lot on the size itself
        (:attr:`size_tie`) adds the outcomes of one seat fewer in which every list has its
        mayors, since KL would then stop at that smaller size.
        """
        born = {r.list: r.mayors for r in self.rows if not r.eligible}
        found = [{**o, **born} for o in self.apportionment.outcomes()]
        if self.size_tie:
            votes = {r.list: r.votes for r in self.rows if r.eligible}
            floors = {r.list: r.mayors for r in self.rows if r.eligible and r.mayors}
            smaller = apportion(votes, self.apportionment.house_size - 1, self.method)
            found += [{**o, **born} for o in smaller.outcomes()
                      if all(o.get(n, 0) >= need for n, need in floors.items())]
        names = [r.list for r in self.rows]
        return [{n: o.get(n, 0) for n in names} for o in found]

    def seat_range(self, name: str) -> tuple[int, int]:
        """Fewest and most seats ``name`` can end with, whatever a lot decides (the seats and
        the size)."""
        counts = [o[name] for o in self.outcomes()]
        return min(counts), max(counts)

    def to_frame(self) -> pd.DataFrame:
        """The composition as a table, one row per list (the seed's table, transposed)."""
        return pd.DataFrame(
            [
                {
                    "list": r.list,
                    "name": r.name,
                    "votes": r.votes,
                    "share_of_cast": None if r.share_of_cast is None else float(r.share_of_cast),
                    "share_of_valid": float(r.share_of_valid),
                    "eligible": r.eligible,
                    "reason": r.reason,
                    "mayors": r.mayors,
                    "supplementary": r.supplementary,
                    "total": r.total,
                    "votes_missing": r.votes_missing,
                }
                for r in self.rows
            ]
        )

    def to_dict(self) -> dict:
        """The JSON contract: rows, size, cap, cap_binds, ties, coverage, the votes
        (``valid_votes``, ``cast_votes``) and ``threshold_base`` (README "JSON and CSV keys")."""
        rows = [
            {
                "list": r.list,
                "votes": r.votes,
                "share_of_cast": None if r.share_of_cast is None else float(r.share_of_cast),
                "share_of_valid": float(r.share_of_valid),
                "eligible": r.eligible,
                "mayors": r.mayors,
                "supplementary": r.supplementary,
                "total": r.total,
            }
            for r in self.rows
        ]
        return {
            "election": self.election,
            "region": self.region,
            "method": self.method,
            "rows": rows,
            "size": self.size,
            "cap": self.cap,
            "cap_binds": self.cap_binds,
            "size_tie": self.size_tie,
            "ties": self.ties,
            "valid_votes": self.total_votes,
            "cast_votes": self.cast_votes,
            "threshold_base": self.threshold_base,
            "coverage": self.coverage.to_dict(),
        }


def _certainly_meets(result: Apportionment, floors: dict[str, int]) -> bool:
    return all(result.seat_range(name)[0] >= need for name, need in floors.items())


def _possibly_meets(result: Apportionment, floors: dict[str, int]) -> bool:
    return any(all(o.get(n, 0) >= need for n, need in floors.items()) for o in result.outcomes())


def smallest_proportional_size(
    votes: dict[str, int], floors: dict[str, int], limit: int, method: Method
) -> tuple[int | None, bool]:
    """Smallest house size whose allocation gives each list at least its floor, up to ``limit``
    (rule ``kkr.size``).

    Returns ``(size, hangs_on_lot)``; ``size`` is ``None`` when even ``limit`` seats do not
    suffice. ``hangs_on_lot`` is true when one seat fewer would do for some lot outcome.
    Divisor methods are house-monotone, so a bisection is exact; Hare is not (the Alabama
    paradox), so it is scanned seat by seat.
    """
    low = sum(floors.values())
    if not votes or low > limit:
        return (low if low <= limit else None), False

    def meets(n: int) -> bool:
        return _certainly_meets(apportion(votes, n, method), floors)

    if method == "hare":
        size = next((n for n in range(low, limit + 1) if meets(n)), None)
    else:
        size = first_true(meets, low, limit) if meets(limit) else None
    if size is None or size == low:
        return size, False
    return size, _possibly_meets(apportion(votes, size - 1, method), floors)


def never_binding_cap(tally: RegionTally, threshold: Fraction = THRESHOLD) -> int:
    """A cap no method can reach for this tally (for bodies with no published cap).

    List i's f-th seat needs a house of at most about 2·f·V/v_i (Sainte-Laguë's divisors are
    2s+1; d'Hondt and Hare need less), so that plus the number of lists and all mayors bounds
    the smallest proportional size.
    """
    total = sum(t.votes for t in tally.lists)
    worst = 0
    for t in tally.lists:
        if t.mayors and t.votes and t.kind != "local":
            worst = max(worst, -(-2 * t.mayors * total // t.votes))
    return worst + 2 * len(tally.lists) + sum(t.mayors for t in tally.lists)


def compose(
    tally: RegionTally,
    method: Method = KKR_METHOD,
    *,
    threshold: Fraction = THRESHOLD,
    cap_factor: Fraction = CAP_FACTOR,
    cap: int | None = None,
    require_council_seat: bool = True,
) -> Composition:
    """Compute a KKR's composition (KL's love § 15, stk. 2; forretningsorden § 3, stk. 2):
    rules ``kkr.proportional`` (``method``, default :data:`KKR_METHOD`), ``kkr.threshold_base``
    (the threshold of the cast votes where known), ``kkr.mayors``, ``kkr.threshold``,
    ``kkr.size``, ``kkr.cap``.

    ``threshold``, ``cap_factor`` (or an explicit ``cap``) and ``require_council_seat`` are the
    rule's parameters, to be varied in scenarios; the defaults are KL's.
    """
    if cap is None:
        cap = int(Fraction(cap_factor) * tally.municipalities)
    if cap < tally.municipalities:
        raise ValueError(f"a cap of {cap} leaves no room for the {tally.municipalities} mayors")
    checks = {
        t.list: eligibility(t, tally.threshold_votes, threshold, require_council_seat,
                            tally.threshold_base)
        for t in tally.lists
    }
    votes = {t.list: t.votes for t in tally.lists if checks[t.list].eligible}
    floors = {t.list: t.mayors for t in tally.lists if checks[t.list].eligible and t.mayors}
    born_outside = sum(t.mayors for t in tally.lists if not checks[t.list].eligible)
    seats_for_lists = cap - born_outside
    size, size_tie = smallest_proportional_size(votes, floors, seats_for_lists, method)
    cap_binds = size is None
    if cap_binds:
        result = apportion(votes, seats_for_lists, method, floors=floors)
        size_tie = False
    else:
        assert size is not None
        result = apportion(votes, size, method, floors=floors)
    rows = []
    for t in tally.lists:
        share = Fraction(t.votes, tally.total_votes) if tally.total_votes else Fraction(0)
        cast = None if tally.cast_votes is None else tally.share_of_threshold_base(t.votes)
        check = checks[t.list]
        supplementary = result.seats.get(t.list, 0) - t.mayors if check.eligible else 0
        rows.append(
            CompositionRow(t.list, t.name, t.kind, t.votes, share, cast, check.eligible,
                           check.reason, t.mayors, supplementary, t.votes_missing)
        )
    return Composition(
        election=tally.election,
        region=tally.region,
        method=method,
        threshold=Fraction(threshold),
        rows=tuple(rows),
        size=result.house_size + born_outside,
        cap=cap,
        cap_binds=cap_binds,
        tie=result.tie,
        size_tie=size_tie,
        total_votes=tally.total_votes,
        coverage=tally.coverage,
        apportionment=result,
        tally=tally,
    )


def period_of(election: str) -> str:
    """The KKR period an election opens: KV21 → "2022-2026", KV25 → "2026-2029".

    Any other name (a user's own data folder "T1", "kv2021-test") opens no known period: the
    answer is a label no table row carries, so KL's published figures and the bundled bodies
    are simply not found for it (never another period's)."""
    match = re.fullmatch(r"KV(\d{2})", election.strip().upper())
    if match is None:
        return f"ukendt periode ({election})"
    year = 2000 + int(match.group(1))
    return f"{year + 1}-{year + 5 if year < 2025 else year + 4}"


def election_label(election: str) -> str:
    """An election named with the KKR period it opens, for every heading: "KV25 — 2026-2029";
    a name that opens no known period (a user's folder "T1") is shown as it is."""
    period = period_of(election)
    return election if period.startswith("ukendt") else f"{election} — {period}"


def published_members(published: pd.DataFrame, region: str, election: str
                      ) -> dict[str, int] | None:
    """KL's published members per list (``kl_published.csv``) of KKR ``region`` in the period
    ``election`` opens, lists with members only; ``None`` when KL's figures per list for that KKR
    and period are not in the data (never filled in)."""
    rows = published[
        (published["body"] == "KKR")
        & (published["region"] == region)
        & (published["period"] == period_of(election))
        & (published["list_letter"] != "")
    ]
    if rows.empty:
        return None
    return {str(r.list_letter): int(r.total) for r in rows.itertuples(index=False) if r.total}


def compare_with_published(comp: Composition, published: pd.DataFrame) -> pd.DataFrame | None:
    """Computed beside KL's published composition (``kl_published.csv``), with the difference.

    Returns ``None`` when KL's figures per list for this KKR and period are not in the data.
    """
    rows = published[
        (published["body"] == "KKR")
        & (published["region"] == comp.region)
        & (published["period"] == period_of(comp.election))
        & (published["list_letter"] != "")
    ]
    if rows.empty:
        return None
    computed = {r.list: r for r in comp.rows}
    names = list(rows["list_letter"]) + [n for n in computed if n not in set(rows["list_letter"])]
    kl = rows.set_index("list_letter")
    table = []
    for name in names:
        ours = computed.get(name)
        total = ours.total if ours else 0
        kl_total = int(kl.loc[name, "total"]) if name in kl.index else 0
        table.append({
            "list": name,
            "computed_mayors": ours.mayors if ours else 0,
            "computed_total": total,
            "kl_mayors": int(kl.loc[name, "mayors"]) if name in kl.index else 0,
            "kl_total": kl_total,
            "difference": total - kl_total,
        })
    frame = pd.DataFrame(table)
    return frame[(frame["computed_total"] > 0) | (frame["kl_total"] > 0)].reset_index(drop=True)
