"""Which "list" a municipal result belongs to in KL's bodies, and a region's tally of them.

KL's love § 6: a *party* is one eligible for the Folketing on 1 August of the election year; all
other candidate lists are *local lists*, which are represented in KL's bodies only through a list
cooperation (listesamarbejde) reported to KL. A local list outside any cooperation counts in the
region's total votes but can never be represented (seed item 1.2).
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import pandas as pd

from ..data import ElectionData
from ..errors import DataError, did_you_mean, shown

ListKind = Literal["party", "cooperation", "local"]
TOTAL_ROW = "TOTAL"


@dataclass(frozen=True)
class ListTally:
    """One list's figures in one region."""

    list: str  # party letter, cooperation code, or "N (Odsherred)" for a local list
    name: str
    kind: ListKind
    votes: int
    council_seats: int
    mayors: int
    # Municipalities of the region where the list may stand but has no vote figure: an empty
    # figure, or no row at all where the municipality's votes are not complete.
    votes_missing: int = 0
    # Municipalities of the region where no source gives the list's council seats.
    seats_unknown: int = 0


COVERAGE_WORDS = {
    "en": {"official": "official, complete votes from valg.dk for all {n} municipalities",
           "final": " (final count)",
           "preliminary": " — PRELIMINARY COUNT (foreløbig optælling) in {k} of them",
           "cast": "; the 2 % threshold is taken of the cast votes (afgivne stemmer)",
           "valid": "; the 2 % threshold is taken of the valid votes (the data holds no cast "
                    "votes)",
           "all": "complete votes for all {n} municipalities",
           "some": "votes complete for {c} of {n} municipalities, partial (small lists missing) "
                   "for {p}, missing for {x}: region totals and shares are computed from the "
                   "votes found"},
    "da": {"official": "officielle, fuldstændige stemmetal fra valg.dk for alle {n} kommuner",
           "final": " (fintælling)",
           "preliminary": " — FORELØBIG OPTÆLLING i {k} af dem",
           "cast": "; 2 %-grænsen regnes af de afgivne stemmer",
           "valid": "; 2 %-grænsen regnes af de gyldige stemmer (data har ikke de afgivne)",
           "all": "fuldstændige stemmetal for alle {n} kommuner",
           "some": "fuldstændige stemmetal for {c} af {n} kommuner, delvise (små lister mangler) "
                   "for {p}, ingen for {x}: regionens stemmetal og andele er beregnet af de "
                   "fundne stemmer"},
}


@dataclass(frozen=True)
class Coverage:
    """How complete the votes behind a result are (data/README.md)."""

    municipalities: int
    complete: int
    partial: int
    none: int
    official: int = 0  # municipalities whose votes are valg.dk's own count (count_status set)
    preliminary: int = 0  # of those, a preliminary count (ForeløbigOptælling)
    cast_known: bool | None = None  # every municipality has its cast votes (threshold base)

    @property
    def share_complete(self) -> float:
        return self.complete / self.municipalities if self.municipalities else 0.0

    def describe(self, lang: str = "en") -> str:
        """One sentence on the coverage, in English (``"en"``) or Danish (``"da"``)."""
        words = COVERAGE_WORDS[lang]
        basis = "" if self.cast_known is None else words["cast" if self.cast_known else "valid"]
        if self.complete == self.municipalities == self.official:
            status = (words["preliminary"].format(k=self.preliminary) if self.preliminary
                      else words["final"])
            return words["official"].format(n=self.municipalities) + status + basis
        if self.complete == self.municipalities:
            return words["all"].format(n=self.municipalities) + basis
        return words["some"].format(c=self.complete, n=self.municipalities, p=self.partial,
                                    x=self.none) + basis

    def describe_da(self) -> str:
        return self.describe("da")

    def to_dict(self) -> dict[str, float | int]:
        return {
            "municipalities": self.municipalities,
            "complete": self.complete,
            "partial": self.partial,
            "none": self.none,
            "share_complete": round(self.share_complete, 4),
            "official": self.official,
            "preliminary": self.preliminary,
            "threshold_base": (None if self.cast_known is None else
                               "cast" if self.cast_known else "valid"),
        }


@dataclass(frozen=True)
class RegionTally:
    """The inputs of every KKR rule for one region: lists, total votes, municipalities."""

    election: str
    region: str
    municipalities: int
    total_votes: int
    lists: tuple[ListTally, ...]
    coverage: Coverage
    # Blank and invalid ballots (afgivne − gyldige stemmer), where every municipality of the
    # region gives its cast votes (KV25's JSON); None where not (KV21's export has none).
    other_cast_votes: int | None = None
    # Votes and council seats of all local lists outside a known cooperation, mayors or not
    # (they count in the total but take no part); None where not summed (region totals given).
    local_votes: int | None = None
    local_council_seats: int | None = None

    @property
    def cast_votes(self) -> int | None:
        """Afgivne stemmer: valid votes plus blank and invalid ballots, where known."""
        return None if self.other_cast_votes is None else self.total_votes + self.other_cast_votes

    @property
    def threshold_votes(self) -> int:
        """The base of the 2 % threshold (rule ``kkr.threshold_base``): KL's love § 15, stk. 2
        speaks of "de afgivne stemmer" — cast votes where the data holds them, else valid."""
        return self.total_votes if self.other_cast_votes is None else self.cast_votes

    @property
    def threshold_base(self) -> str:
        """``"cast"`` where the 2 % is taken of the cast votes, ``"valid"`` where the data has
        no cast votes (rule ``kkr.threshold_base``)."""
        return "valid" if self.other_cast_votes is None else "cast"

    def share_of_threshold_base(self, votes: int) -> Fraction:
        """``votes`` as a share of the threshold's base (:attr:`threshold_votes`): the one share
        a threshold verdict is read against (rule ``kkr.threshold``)."""
        return Fraction(votes, self.threshold_votes) if self.threshold_votes else Fraction(0)

    def get(self, name: str) -> ListTally:
        for item in self.lists:
            if item.list == name:
                return item
        raise KeyError(name)


def resolve_region(name: str, regions: list[str]) -> str:
    """Match a region name loosely: case, a leading "KKR " and "ae" for "æ" do not matter."""
    def norm(text: str) -> str:
        text = text.strip().lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
        return text[4:] if text.startswith("kkr ") else text

    for region in regions:
        if norm(region) == norm(name):
            return region
    near = difflib.get_close_matches(norm(str(name)), [norm(r) for r in regions], n=1)
    guess = next((r for r in regions if near and norm(r) == near[0]), None)
    raise DataError(f"ukendt region {shown(name)}"
                    f"{f' (mente du {guess!r}?)' if guess else ''}; vælg blandt "
                    f"{', '.join(regions)}")


def list_identity(
    municipality: str, letter: str, name: str, parties: set[str], coops: dict[tuple[str, str], str]
) -> tuple[str, ListKind]:
    """The KL list a municipal list belongs to: its party letter, its cooperation, or itself
    (rule ``kkr.party``, KL's love § 6)."""
    if letter and letter in parties:
        return letter, "party"
    if (municipality, letter) in coops:
        return coops[(municipality, letter)], "cooperation"
    return f"{letter or name} ({municipality})", "local"


def coverage_of(councils: pd.DataFrame) -> Coverage:
    """Count the municipalities by ``votes_coverage`` (complete, partial, none)."""
    counts = councils["votes_coverage"].value_counts()
    status = councils["count_status"] if "count_status" in councils.columns else pd.Series(
        [""] * len(councils))
    cast = councils["cast_votes"] if "cast_votes" in councils.columns else pd.Series(
        [pd.NA] * len(councils))
    return Coverage(
        municipalities=len(councils),
        complete=int(counts.get("complete", 0)),
        partial=int(counts.get("partial", 0)),
        none=int(counts.get("none", 0)),
        official=int(status.isin(["final", "preliminary"]).sum()),
        preliminary=int((status == "preliminary").sum()),
        cast_known=bool(len(councils)) and bool(cast.notna().all()),
    )


MAYOR_OPEN = "?"  # a mayor post not yet settled: any list with a council seat may hold it


def resolve_municipality(name: str, data: ElectionData, region: str | None = None) -> str:
    """A municipality as typed ("kolding", "Kobenhavn") spelled as in the data; an unknown one,
    or one outside ``region``'s KKR, is one Danish line (with "mente du" for a near miss)."""
    def norm(text: str) -> str:
        text = str(text).strip().casefold()
        for a, b in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("-", " ")):
            text = text.replace(a, b)
        return text.removesuffix(" kommune")

    names = list(data.councils["municipality"])
    found = next((n for n in names if norm(n) == norm(name)), None)
    if found is None:
        near = difflib.get_close_matches(norm(name), [norm(n) for n in names], n=1, cutoff=0.7)
        hint = (f"; mente du {names[[norm(n) for n in names].index(near[0])]!r}?" if near
                else "")
        raise DataError(f"ukendt kommune {shown(name)} i {data.election}{hint}")
    if region is not None:
        home = str(data.councils.loc[data.councils["municipality"] == found, "region"].iloc[0])
        if home != region:
            raise DataError(f"{found} ligger i KKR {home}, ikke i KKR {region}")
    return found


def council_lists(data: ElectionData, municipality: str) -> tuple[str, ...]:
    """The lists (letters as in ``councils.csv``'s ``mayor_list``) that can hold the mayor post
    of ``municipality``: those with a council seat there, or whose seats are unknown (rule
    ``kkr.mayors``: the mayor is elected by and from the council)."""
    rows = data.results[data.results["municipality"] == municipality]
    return tuple(str(r.list_letter) for r in rows.itertuples(index=False)
                 if r.list_letter and (pd.isna(r.seats) or int(r.seats) > 0))


def mayor_choices(data: ElectionData, region: str, mayors: Mapping[str, str]
                  ) -> dict[str, tuple[str, ...]]:
    """The mayor posts a scenario sets or leaves open, checked against the data: municipality →
    the lists that may hold it (one list: a set mayor; ``"?"``: every list with a seat in the
    council; ``"V|C"``: one of these). A municipality that is unknown or outside the KKR, or a
    list without a seat in that council, is a :class:`DataError` (one Danish line)."""
    choices: dict[str, tuple[str, ...]] = {}
    for typed, spec in mayors.items():
        municipality = resolve_municipality(typed, data, region)
        seated = council_lists(data, municipality)
        spec = str(spec).strip()
        if spec == MAYOR_OPEN:
            options = seated
            if not options:
                raise DataError(f"ingen liste har en kendt plads i kommunalbestyrelsen i "
                                f"{municipality} ({data.election}): borgmesterposten kan ikke "
                                "stå åben mellem listerne")
        else:
            options = tuple(dict.fromkeys(p.strip() for p in spec.split("|")))
            for letter in options:
                if letter not in seated:
                    raise DataError(
                        f"{shown(letter)} har ingen plads i kommunalbestyrelsen i {municipality} "
                        f"({data.election}) og kan ikke have borgmesterposten; listerne med "
                        f"pladser er {', '.join(seated)}{did_you_mean(letter, seated)}")
        choices[municipality] = options
    return choices


def mayor_unconfirmed(data: ElectionData, region: str | None = None) -> tuple[str, ...]:
    """Municipalities whose mayor the data does not confirm: ``mayor_status`` is
    ``unconfirmed``, or, in data without that column, the row's ``source`` says "not verified"
    (data/README.md)."""
    councils = data.councils if region is None else data.councils[
        data.councils["region"] == region]
    status = councils.get("mayor_status", pd.Series([""] * len(councils), index=councils.index))
    source = councils.get("source", pd.Series([""] * len(councils), index=councils.index))
    open_ = [str(m) for m, st, src in zip(councils["municipality"], status.fillna(""),
                                          source.fillna(""))
             if st == "unconfirmed" or (not st and "not verified" in str(src))]
    return tuple(open_)


def with_mayors(data: ElectionData, mayors: Mapping[str, str]) -> ElectionData:
    """The data with the mayor posts in ``mayors`` (municipality → list letter, as checked by
    :func:`mayor_choices`) set: the one place a scenario's mayors enter the rules (rule
    ``kkr.mayors``)."""
    if not mayors:
        return data
    councils = data.councils.copy()
    for municipality, letter in mayors.items():
        councils.loc[councils["municipality"] == municipality, "mayor_list"] = letter
    return dataclasses.replace(data, councils=councils)


def mayor_note_da(data: ElectionData, mayors: Mapping[str, str]) -> str:
    """"scenarie: borgmester i Kolding = C (data: V)" for the posts a scenario sets."""
    data_mayor = dict(zip(data.councils["municipality"], data.councils["mayor_list"]))
    parts = []
    for municipality, spec in sorted(mayors.items()):
        was = data_mayor.get(municipality) or "ingen"
        shown_spec = "åben" if spec == MAYOR_OPEN else " eller ".join(spec.split("|"))
        parts.append(f"borgmester i {municipality} = {shown_spec} (data: {was})")
    return "scenarie: " + "; ".join(parts)


def region_tally(data: ElectionData, region: str,
                 mayors: Mapping[str, str] | None = None) -> RegionTally:
    """Sum votes, council seats and mayors per KL list over the region's municipalities
    (rule ``kkr.tally``), and the blank and invalid ballots where every municipality gives its
    cast votes (rule ``kkr.threshold_base``: :attr:`RegionTally.threshold_votes`).

    A municipality's total is its ``valid_votes`` where given (votes of lists not in the
    results still count in the total), else the sum of the votes found. ``mayors`` sets mayor
    posts (municipality → list letter) instead of the data's (:func:`with_mayors`).
    """
    region = resolve_region(region, data.regions)
    if mayors:
        choices = mayor_choices(data, region, mayors)
        still_open = sorted(m for m, options in choices.items() if len(options) != 1)
        if still_open:
            raise DataError(f"borgmesteren i {', '.join(still_open)} er åben: en sammensætning "
                            "kræver én liste pr. borgmester; se intervallerne (mayor_ranges)")
        data = with_mayors(data, {m: options[0] for m, options in choices.items()})
    parties = set(data.parties["list_letter"])
    party_names = dict(zip(data.parties["list_letter"], data.parties["list_name"]))
    coops = {
        (m, letter): c
        for c, m, letter in data.cooperations[["cooperation", "municipality", "list_letter"]]
        .itertuples(index=False)
    }
    coop_names = dict(zip(data.cooperations["cooperation"], data.cooperations["cooperation_name"]))
    results = data.results[data.results["region"] == region]
    councils = data.councils[data.councils["region"] == region]

    votes: dict[str, int] = {}
    seats: dict[str, int] = {}
    seats_unknown: dict[str, set[int]] = {}  # municipalities where no source gives its seats
    mayors: dict[str, int] = {}
    kinds: dict[str, ListKind] = {}
    names: dict[str, str] = {}
    found_per_municipality: dict[int, int] = {}
    figures: dict[str, set[int]] = {}  # municipalities where the list has a vote figure
    scope: dict[str, set[int]] = {}  # municipalities where the list stands (local lists, coops)
    for row in results.itertuples(index=False):
        key, kind = list_identity(row.municipality, row.list_letter, row.list_name, parties, coops)
        kinds[key] = kind
        names.setdefault(key, party_names.get(key) or coop_names.get(key) or row.list_name)
        v = 0 if pd.isna(row.votes) else int(row.votes)
        code = int(row.municipality_code)
        scope.setdefault(key, set()).add(code)
        if not pd.isna(row.votes):
            figures.setdefault(key, set()).add(code)
        votes[key] = votes.get(key, 0) + v
        if pd.isna(row.seats):
            seats_unknown.setdefault(key, set()).add(code)
        else:
            seats[key] = seats.get(key, 0) + int(row.seats)
        found_per_municipality[code] = found_per_municipality.get(code, 0) + v
    total = 0
    code_of = dict(zip(councils["municipality"], councils["municipality_code"]))
    for row in councils.itertuples(index=False):
        code = int(row.municipality_code)
        found = found_per_municipality.get(code, 0)
        total += max(found, 0 if pd.isna(row.valid_votes) else int(row.valid_votes))
        if row.mayor_list:
            key, kind = list_identity(row.municipality, row.mayor_list, "", parties, coops)
            mayors[key] = mayors.get(key, 0) + 1
            kinds.setdefault(key, kind)
            names.setdefault(key, party_names.get(key) or coop_names.get(key) or key)
            scope.setdefault(key, set()).add(code)
    for (municipality, _), cooperation in coops.items():
        if municipality in code_of:
            scope.setdefault(cooperation, set()).add(int(code_of[municipality]))
    complete = {int(c) for c, cov in zip(councils["municipality_code"],
                                          councils["votes_coverage"]) if cov == "complete"}
    region_codes = {int(c) for c in councils["municipality_code"]}

    def votes_missing(key: str) -> int:
        """Municipalities where the list may stand but has no vote figure (an empty figure, or
        no row where the votes are not complete): a party may stand everywhere, a cooperation
        or a local list only where it has members."""
        where = region_codes if kinds[key] == "party" else scope.get(key, set())
        has = figures.get(key, set())
        return sum(1 for code in where if code not in has
                   and (code not in complete or code in scope.get(key, set())))

    lists = tuple(
        ListTally(key, names[key], kinds[key], votes.get(key, 0), seats.get(key, 0),
                  mayors.get(key, 0), votes_missing(key), len(seats_unknown.get(key, ())))
        for key in kinds
        if mayors.get(key, 0) > 0 or (kinds[key] != "local" and votes.get(key, 0) > 0)
    )
    other = None
    if "cast_votes" in councils.columns and len(councils) and councils["cast_votes"].notna().all():
        other = int(councils["cast_votes"].sum()) - total
    local = [key for key, kind in kinds.items() if kind == "local"]
    return RegionTally(data.election, region, len(councils), total, _sorted(lists),
                       coverage_of(councils), other, sum(votes.get(k, 0) for k in local),
                       sum(seats.get(k, 0) for k in local))


def _sorted(lists: tuple[ListTally, ...] | list[ListTally]) -> tuple[ListTally, ...]:
    """Parties and cooperations by votes (most first), then local lists."""
    return tuple(sorted(lists, key=lambda t: (t.kind == "local", -t.votes, t.list)))


def tally_from_region_votes(
    data: ElectionData, region: str, region_votes: pd.DataFrame
) -> RegionTally:
    """A tally from region vote totals given directly (KL's "stemmetal" per KKR).

    Mayors always come from the councils; council seats from the ``council_seats`` column when
    given, else from the results. A row ``TOTAL`` gives the region's valid votes (local lists
    outside cooperations included); without it the total is the sum of the rows. Coverage counts
    as complete: the user vouches for the totals.
    """
    base = region_tally(data, region)
    known = {t.list: t for t in base.lists}
    lists = []
    is_total = region_votes["list"].str.upper() == TOTAL_ROW
    given = set(region_votes["list"])
    for row in region_votes[~is_total].itertuples(index=False):
        prior = known.get(row.list)
        seats = row.council_seats if not pd.isna(row.council_seats) else (
            prior.council_seats if prior else 0)
        kind: ListKind = prior.kind if prior else (
            "party" if row.list in set(data.parties["list_letter"]) else "cooperation")
        lists.append(ListTally(row.list, prior.name if prior else row.list, kind,
                               int(row.votes), int(seats), prior.mayors if prior else 0))
    for t in base.lists:  # lists with mayors but no votes row keep their mayors
        if t.list not in given and t.mayors:
            lists.append(ListTally(t.list, t.name, t.kind, 0, t.council_seats, t.mayors))
    total = int(region_votes["votes"][is_total].sum() if is_total.any()
                else region_votes["votes"].sum())
    coverage = Coverage(base.municipalities, base.municipalities, 0, 0)
    return RegionTally(data.election, region, base.municipalities, total, _sorted(lists), coverage)
