"""KL's national bodies from the national result of the municipal election.

* KL's board (bestyrelse): 17 seats shared among the parties (KL's love § 6) by proportional
  election (d'Hondt) on the national vote; with valgforbund, d'Hondt first among the valgforbund
  and the lists outside any, then inside each valgforbund among its members.
  Needs only ``national.csv`` and the election's ``parties.csv``.
* KL's representative assembly (repræsentantskab, KL's love §§ 12-13): the mayors of all member
  municipalities plus supplementary members, so that the whole is proportional to the national
  vote — the KKR rule (KL's love § 15, stk. 2) at national level. No cap is published, so it is
  computed uncapped, and the output says so.

The basis is the exact national vote: the parties' votes summed over valg.dk's municipal
results (``results.csv``) where every municipality's count is complete (both bundled elections).
Without complete municipal results, ``national.csv``: its votes when every party has them, else
the published percentages (one decimal); the result says which. Apportioning by exact shares
equals apportioning by votes (d'Hondt is scale invariant); by *rounded* published shares it can
differ, so :func:`basis_check` compares both, and :func:`board_check` holds the method against
KL's published board (``kl_board_published.csv``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..apportion import Apportionment, Tie, apportion
from ..data import ElectionData, load_national
from ..data.loaders import (
    load_board_published,
    load_cooperations,
    load_councils,
    load_municipalities,
    load_parties,
    load_results,
    require_election,
)
from ..errors import DataError, did_you_mean
from .chair import Alliance
from .composition import Composition, compose, never_binding_cap
from .lists import ListTally, RegionTally, coverage_of, list_identity

BOARD_SEATS = 17


@dataclass(frozen=True)
class NationalVotes:
    """Per party: the numbers used, and whether they are votes or published shares."""

    numbers: dict[str, int]
    basis: str  # "votes" or "published shares (0.1 %)"
    total: int  # the same unit, all lists (others included)
    source: str = "national.csv"  # or "results.csv" (valg.dk's municipal results, summed)


def national_votes(election: str, parties: set[str], data_dir=None,
                   data: ElectionData | None = None) -> NationalVotes:
    """The exact national votes (:func:`exact_national_votes`) where the municipal results are
    complete; else ``national.csv``: votes if every party has them, else the published
    percentages in tenths. ``data``: the election's data when already loaded."""
    frame = load_national(election, data_dir)  # read and checked in every case
    exact = exact_national_votes(election, parties, data_dir, data)
    if exact is not None:
        return exact
    mine = frame[frame["list_letter"].isin(parties)]
    if not mine.empty and mine["votes"].notna().all() and frame["votes"].notna().all():
        return NationalVotes(dict(zip(mine["list_letter"], mine["votes"].astype(int))), "votes",
                             int(frame["votes"].sum()))
    return NationalVotes(dict(zip(mine["list_letter"], mine["pct_tenths"].astype(int))),
                         "published shares (0.1 %)", int(frame["pct_tenths"].sum()))


def exact_national_votes(election: str, parties: set[str], data_dir=None,
                         data: ElectionData | None = None) -> NationalVotes | None:
    """Each § 6 party's votes summed over valg.dk's results of every municipality (rule
    ``board.kl``: "de samlede stemmetal"), or ``None`` when the data folder has no municipal
    results or some municipality's count is not complete (then nothing is summed)."""
    if data is not None and not data.results.empty:
        return _summed(data.results, data.councils, parties)
    folder = require_election(election, data_dir)
    files = [folder / "results.csv", folder / "councils.csv"]
    if not all(f.is_file() for f in files):
        return None
    stamp = tuple((f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    nv = _summed_files(election, str(folder), None if data_dir is None else str(data_dir),
                       frozenset(parties), stamp)
    return None if nv is None else replace(nv, numbers=dict(nv.numbers))  # the caller's own


@lru_cache(maxsize=16)
def _summed_files(election: str, folder: str, data_dir: str | None, parties: frozenset[str],
                  stamp: tuple) -> NationalVotes | None:
    """:func:`_summed` of the files, read once per file state (``stamp``: their mtime, size)."""
    return _summed(load_results(election, data_dir), load_councils(election, data_dir), parties)


def _summed(results: pd.DataFrame, councils: pd.DataFrame,
            parties: set[str] | frozenset[str]) -> NationalVotes | None:
    if (councils.empty or not (councils["votes_coverage"] == "complete").all()
            or results["votes"].isna().any()
            or set(results["municipality_code"]) != set(councils["municipality_code"])):
        return None
    mine = results[results["list_letter"].isin(parties)]
    sums = mine.groupby("list_letter", sort=False)["votes"].sum()
    numbers = {str(k): int(v) for k, v in sums.items() if int(v) > 0}
    if not numbers:
        return None
    return NationalVotes(numbers, "votes", int(results["votes"].sum()), "results.csv")


@dataclass(frozen=True)
class Board:
    election: str
    seats: dict[str, int]
    basis: str
    apportionment: Apportionment  # between valgforbund and lists (lists alone: among lists)
    alliances: tuple[Alliance, ...] = ()
    inner: dict[str, Apportionment] = field(default_factory=dict)  # valgforbund → its split
    source: str = "national.csv"  # where the numbers come from (NationalVotes.source)

    @property
    def tie(self) -> Tie | None:
        return self.apportionment.tie

    @property
    def ties(self) -> list[tuple[str, Tie]]:
        """Every lot: ("", tie) between valgforbund/lists, (valgforbund, tie) inside one."""
        found = [("", self.apportionment.tie)] if self.apportionment.tie else []
        return found + [(label, a.tie) for label, a in self.inner.items() if a.tie]

    def to_frame(self) -> pd.DataFrame:
        if not self.alliances:
            return pd.DataFrame([{"list": k, "seats": v} for k, v in self.seats.items()])
        of = {m: a.label for a in self.alliances for m in a.members}
        return pd.DataFrame([{"list": k, "seats": v, "valgforbund": of.get(k, "")}
                             for k, v in self.seats.items()])


def board_parties(election: str, data_dir=None) -> set[str]:
    """The § 6 parties from ``<election>/parties.csv`` (the only election file the board needs)."""
    require_election(election, data_dir)
    parties = set(load_parties(election, data_dir)["list_letter"])
    if not parties:
        raise DataError(f"ingen parties.csv for {election.upper()}: KL's bestyrelse fordeles "
                        "mellem partierne (KL's love § 6), så filen skal findes")
    return parties


def board_alliances(numbers: dict[str, int], alliances: Sequence[Alliance]) -> None:
    """Each list at most once, and only parties with a national result."""
    seen: dict[str, str] = {}
    for a in alliances:
        if a.order:  # the board's seats go by d'Hondt inside: refused, not silently ignored
            raise DataError(f"{a.spec()}: til KL's bestyrelse fordeles et valgforbunds pladser "
                            "med d'Hondt inden for forbundet; udelad delen efter ':'")
        for m in a.members:
            if m not in numbers:
                raise DataError(f"{m!r} kan ikke indgå i et valgforbund til KL's bestyrelse: "
                                f"partierne med et landsresultat er {', '.join(numbers)}"
                                f"{did_you_mean(m, numbers)}")
            if m in seen:
                raise DataError(f"{m!r} er med i to valgforbund ({seen[m]} og {a.label})")
            seen[m] = a.label


def kl_board(data: ElectionData | str, seats: int = BOARD_SEATS, data_dir=None,
             alliances: Sequence[Alliance] = ()) -> Board:
    """KL's board: ``seats`` seats by d'Hondt among the § 6 parties on the national vote
    (rules ``board.kl``, ``board.valgforbund``).

    ``data``: the election's data, or just its name (then only ``parties.csv`` and
    ``national.csv`` are read). With ``alliances`` (valgforbund): d'Hondt among valgforbund and
    lists, then inside each valgforbund; every lot is reported in :attr:`Board.ties`.
    """
    if isinstance(data, str):
        election, parties = data.upper(), board_parties(data, data_dir)
    else:
        election, parties = data.election, set(data.parties["list_letter"])
        data_dir = data.data_dir if data_dir is None else data_dir  # one folder for all tables
    nv = national_votes(election, parties, data_dir,
                        None if isinstance(data, str) else data)
    if not nv.numbers:
        raise DataError(f"intet parti i parties.csv har en række for {election} i national.csv")
    alliances = tuple(a for a in alliances if len(a.members) > 1)
    board_alliances(nv.numbers, alliances)
    if not alliances:
        result = apportion(nv.numbers, seats, "dhondt")
        ordered = dict(sorted(result.seats.items(), key=lambda kv: (-kv[1], -nv.numbers[kv[0]])))
        return Board(election, ordered, nv.basis, result, source=nv.source)
    joined = {m for a in alliances for m in a.members}
    totals = {a.label: sum(nv.numbers[m] for m in a.members) for a in alliances}
    totals.update({k: v for k, v in nv.numbers.items() if k not in joined})
    between = apportion(totals, seats, "dhondt")
    result_seats = {k: between.seats[k] for k in nv.numbers if k not in joined}
    inner: dict[str, Apportionment] = {}
    for a in alliances:
        inner[a.label] = apportion({m: nv.numbers[m] for m in a.members},
                                   between.seats[a.label], "dhondt")
        result_seats.update(inner[a.label].seats)
    ordered = dict(sorted(result_seats.items(), key=lambda kv: (-kv[1], -nv.numbers[kv[0]])))
    return Board(election, ordered, nv.basis, between, alliances, inner, nv.source)


def basis_check(board: Board, parties: set[str], data_dir=None) -> pd.DataFrame | None:
    """The board from the exact votes beside the board from ``national.csv``'s rounded
    published percentages (0.1 %), every party; ``None`` unless the board is computed from
    exact votes and every party has a published percentage. Without valgforbund only."""
    if board.basis != "votes" or board.alliances:
        return None
    frame = load_national(board.election, data_dir)
    mine = frame[frame["list_letter"].isin(set(board.seats))]
    if set(mine["list_letter"]) != set(board.seats):
        return None
    seats = sum(board.seats.values())
    by_shares = apportion(dict(zip(mine["list_letter"], mine["pct_tenths"].astype(int))),
                          seats, "dhondt")
    return pd.DataFrame({"list": list(board.seats),
                         "by_votes": list(board.seats.values()),
                         "by_shares": [by_shares.seats[k] for k in board.seats]})


@dataclass(frozen=True)
class BoardCheck:
    """The method held against KL's published board for the period (``kl_board_published.csv``)."""

    period: str
    table: pd.DataFrame  # list, published (<NA>: not published), computed, same (<NA>: unknown)
    complete: bool  # the published rows add up to the board's seats: every party is known
    source: str

    @property
    def agrees(self) -> bool:
        """Every published figure equals the computed one."""
        return bool(self.table["same"].dropna().all())


def board_check(board: Board, data_dir=None) -> BoardCheck | None:
    """KL's published board of the period ``board.election`` opens beside the computed one
    (rule ``board.kl``), or ``None`` when none is held (or the board has valgforbund: KL's
    figure is the split without). Where the published rows add up to all seats, a party not
    named has 0; else its published figure is unknown (never 0)."""
    from .composition import period_of

    if board.alliances:
        return None
    period = period_of(board.election)
    published = load_board_published(data_dir)
    rows = published[published["period"] == period]
    if rows.empty:
        return None
    kl = dict(zip(rows["list_letter"], rows["seats"].astype(int)))
    complete = sum(kl.values()) == sum(board.seats.values())
    names = list(board.seats) + [k for k in kl if k not in board.seats]
    table = []
    for name in names:
        given = kl.get(name, 0 if complete else None)
        ours = board.seats.get(name, 0)
        table.append({"list": name, "published": pd.NA if given is None else given,
                      "computed": ours, "same": pd.NA if given is None else given == ours})
    frame = pd.DataFrame(table).astype({"published": "Int64", "same": "boolean"})
    sources = list(dict.fromkeys(rows["source"]))
    return BoardCheck(period, frame, complete, "; ".join(sources))


def national_tally(data: ElectionData, data_dir=None) -> RegionTally:
    """The whole country as one "region": national numbers, all mayors, council seats."""
    data_dir = data.data_dir if data_dir is None else data_dir  # one folder for all tables
    parties = set(data.parties["list_letter"])
    frame = load_national(data.election, data_dir)
    nv = national_votes(data.election, parties, data_dir, data)
    coops = {(m, letter): c for c, m, letter in
             data.cooperations[["cooperation", "municipality", "list_letter"]].itertuples(
                 index=False)}
    mayors: dict[str, int] = {}
    kinds: dict[str, str] = {}
    for row in data.councils.itertuples(index=False):
        key, kind = list_identity(row.municipality, row.mayor_list, "", parties, coops)
        mayors[key] = mayors.get(key, 0) + 1
        kinds[key] = kind
    if frame["seats"].isna().any():
        raise DataError(f"national.csv mangler kommunalbestyrelsesmandater ('seats') for nogle "
                        f"{data.election}-lister; repræsentantskabet skal bruge dem (mindst ét "
                        "mandat for at deltage)")
    seats = dict(zip(frame["list_letter"], frame["seats"].astype(int)))
    names = dict(zip(frame["list_letter"], frame["list_name"]))
    lists = [ListTally(k, names.get(k, k), "party", v, seats.get(k, 0), mayors.get(k, 0))
             for k, v in nv.numbers.items()]
    lists += [ListTally(k, k, kinds[k], 0, 0, n) for k, n in mayors.items()
              if k not in nv.numbers]
    coverage = coverage_of(data.councils)
    lists.sort(key=lambda t: (t.kind == "local", -t.votes, t.list))
    return RegionTally(data.election, "Danmark", len(data.councils), nv.total, tuple(lists),
                       coverage)


def representative_assembly(data: ElectionData, data_dir=None) -> tuple[Composition, str]:
    """KL's repræsentantskab: the KKR rule nationally, uncapped. Returns it and its basis (rule
    ``board.assembly``)."""
    data_dir = data.data_dir if data_dir is None else data_dir  # one folder for all tables
    tally = national_tally(data, data_dir)
    parties = set(data.parties["list_letter"])
    basis = national_votes(data.election, parties, data_dir, data).basis
    return compose(tally, cap=never_binding_cap(tally)), basis


def national_data(election: str, data_dir=None) -> ElectionData:
    """What the repræsentantskab needs — municipalities, councils (mayors), parties,
    cooperations — without the municipal results (``results.csv`` is not read)."""
    election = election.upper()
    require_election(election, data_dir)
    return ElectionData(election=election, municipalities=load_municipalities(data_dir),
                        results=pd.DataFrame(), councils=load_councils(election, data_dir),
                        parties=load_parties(election, data_dir),
                        cooperations=load_cooperations(election, data_dir),
                        source="bundled data" if data_dir is None else str(Path(data_dir)))
