"""KL's national bodies from the national result of the municipal election.

* KL's board (bestyrelse): 17 seats shared among the parties (KL's love § 6) by proportional
  election (d'Hondt) on the national vote.
* KL's representative assembly (repræsentantskab, KL's love §§ 12-13): the mayors of all member
  municipalities plus supplementary members, so that the whole is proportional to the national
  vote — the KKR rule (KL's love § 15, stk. 2) at national level. No cap is published, so it is
  computed uncapped, and the output says so.

The national data holds votes for some lists only (KV25: five) and published percentages (one
decimal) for all. The basis is votes when every party has them, else the published shares; the
result says which. Apportioning by exact shares equals apportioning by votes (d'Hondt is scale
invariant); by *rounded* published shares it can differ, so :func:`basis_check` compares both.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..apportion import Apportionment, apportion
from ..data import ElectionData, load_national
from .composition import Composition, compose, never_binding_cap
from .lists import ListTally, RegionTally, coverage_of, list_identity

BOARD_SEATS = 17


@dataclass(frozen=True)
class NationalVotes:
    """Per party: the numbers used, and whether they are votes or published shares."""

    numbers: dict[str, int]
    basis: str  # "votes" or "published shares (0.1 %)"
    total: int  # the same unit, all lists (others included)


def national_votes(election: str, parties: set[str], data_dir=None) -> NationalVotes:
    """Votes if every party has them; else the published percentages in tenths."""
    frame = load_national(election, data_dir)
    mine = frame[frame["list_letter"].isin(parties)]
    if not mine.empty and mine["votes"].notna().all() and frame["votes"].notna().all():
        return NationalVotes(dict(zip(mine["list_letter"], mine["votes"].astype(int))), "votes",
                             int(frame["votes"].sum()))
    return NationalVotes(dict(zip(mine["list_letter"], mine["pct_tenths"].astype(int))),
                         "published shares (0.1 %)", int(frame["pct_tenths"].sum()))


@dataclass(frozen=True)
class Board:
    election: str
    seats: dict[str, int]
    basis: str
    apportionment: Apportionment

    @property
    def tie(self):
        return self.apportionment.tie

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"list": k, "seats": v} for k, v in self.seats.items()])


def kl_board(data: ElectionData, seats: int = BOARD_SEATS, data_dir=None) -> Board:
    """KL's board: ``seats`` seats by d'Hondt among the § 6 parties on the national vote (rule
    ``board.kl``)."""
    data_dir = data.data_dir if data_dir is None else data_dir  # one folder for all tables
    parties = set(data.parties["list_letter"])
    nv = national_votes(data.election, parties, data_dir)
    result = apportion(nv.numbers, seats, "dhondt")
    ordered = dict(sorted(result.seats.items(), key=lambda kv: (-kv[1], -nv.numbers[kv[0]])))
    return Board(data.election, ordered, nv.basis, result)


def basis_check(election: str, parties: set[str], seats: int = BOARD_SEATS,
                data_dir=None) -> pd.DataFrame | None:
    """Where some lists have votes: d'Hondt among them by votes vs by published shares."""
    frame = load_national(election, data_dir)
    both = frame[frame["list_letter"].isin(parties) & frame["votes"].notna()]
    if len(both) < 2:
        return None
    by_votes = apportion(dict(zip(both["list_letter"], both["votes"].astype(int))), seats)
    by_shares = apportion(dict(zip(both["list_letter"], both["pct_tenths"].astype(int))), seats)
    return pd.DataFrame({"list": both["list_letter"],
                         "by_votes": [by_votes.seats[k] for k in both["list_letter"]],
                         "by_shares": [by_shares.seats[k] for k in both["list_letter"]]})


def national_tally(data: ElectionData, data_dir=None) -> RegionTally:
    """The whole country as one "region": national numbers, all mayors, council seats."""
    data_dir = data.data_dir if data_dir is None else data_dir  # one folder for all tables
    parties = set(data.parties["list_letter"])
    frame = load_national(data.election, data_dir)
    nv = national_votes(data.election, parties, data_dir)
    coops = {(m, letter): c for c, m, letter in
             data.cooperations[["cooperation", "municipality", "list_letter"]].itertuples(
                 index=False)}
    mayors: dict[str, int] = {}
    kinds: dict[str, str] = {}
    for row in data.councils.itertuples(index=False):
        key, kind = list_identity(row.municipality, row.mayor_list, "", parties, coops)
        mayors[key] = mayors.get(key, 0) + 1
        kinds[key] = kind
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
    basis = national_votes(data.election, parties, data_dir).basis
    return compose(tally, cap=never_binding_cap(tally)), basis
