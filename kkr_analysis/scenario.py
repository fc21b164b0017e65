"""One scenario drives every surface: election, KKR, threshold, method, valgforbund, what-if votes.

The CLI, the notebooks, the reports and the app all build a :class:`Scenario` and ask it for the
composition and the chair election, so the same question always gives the same number
(e.g. a threshold that removes a list from the KKR also removes it from the chair election,
KL's love § 15, stk. 2-3).
"""

from __future__ import annotations

import dataclasses
import numbers
import os
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from .apportion import METHODS, Method
from .danish import integer, percent_value
from .data import ElectionData, check_name, load_election
from .errors import DataError, shown
from .rules.chair import Alliance, ChairElection, chair_votes, elect_chair, parse_alliances
from .rules.composition import KKR_METHOD, THRESHOLD, Composition, compose
from .rules.lists import (
    ListTally,
    RegionTally,
    mayor_choices,
    mayor_note_da,
    mayor_unconfirmed,
    region_tally,
    resolve_municipality,
    resolve_region,
)
from .scenarios.mayors import MAX_VECTORS, MayorRanges, mayor_ranges, uncertainty_note

UNCERTAINTY_VECTORS = 200_000  # the unconfirmed mayors' check gives up beyond this (a note)
UNCERTAINTY_POSTS = 10  # … and is not tried beyond this many unconfirmed posts in one KKR


def parse_percent(text: str | float | int | Fraction) -> Fraction:
    """A percentage as typed by a Danish or English user ("2,5", "2.5", "2,5 %") → Fraction(5, 2).

    Refuses anything that is not a finite number within 0-100 with a :class:`DataError`.
    """
    if isinstance(text, Decimal | numbers.Real) and not isinstance(text, bool | int | float
                                                                     | Fraction):
        text = str(text) if isinstance(text, Decimal) else float(text)  # numpy, Decimal
    if isinstance(text, bool) or not isinstance(text, str | int | float | Fraction):
        raise DataError(f"en procentsats er et tal eller en tekst som '2,5', ikke {text!r}")
    if isinstance(text, Fraction):
        value = text
    elif isinstance(text, int | float):
        if text != text or text in (float("inf"), float("-inf")):
            raise DataError(f"en procentsats skal være et endeligt tal, ikke {text!r}")
        value = Fraction(str(text))
    else:
        cleaned = text.strip().removesuffix("%").strip().replace(",", ".")
        if len(cleaned) > 40 or cleaned.lower().lstrip("+-") in ("nan", "inf", "infinity"):
            raise DataError(f"{shown(text)} er ikke en procentsats (fx 2 eller 2,5)")
        try:
            value = Fraction(cleaned)
        except (ValueError, ZeroDivisionError):
            raise DataError(f"{shown(text)} er ikke en procentsats (fx 2 eller 2,5)") from None
    if not 0 <= value <= 100:
        raise DataError(f"en procentsats skal ligge i 0-100, ikke {shown(str(text).strip())}")
    return value


def _pct(share: Fraction | float) -> str:
    """A share as a Danish percentage for messages: 0.025 → "2,5 %"."""
    return percent_value(float(share) * 100, 6)


def threshold_share(threshold_pct: str | float | int | Fraction) -> Fraction:
    """The share for a threshold given in percent by a Python caller (``2`` → ``Fraction(1, 50)``).

    A number strictly between 0 and 1 is refused (:class:`DataError`, a ``ValueError``) because
    it reads two ways — ``0.02`` as 0.02 % or as the share 2 % — and a wrong reading changes the
    KKR silently. Write such a percentage with its sign (``"0,5 %"``); a share goes to
    :class:`Scenario` (``threshold=Fraction(2, 100)``).
    """
    text_has_sign = isinstance(threshold_pct, str) and threshold_pct.strip().endswith("%")
    value = parse_percent(threshold_pct)
    if 0 < value < 1 and not text_has_sign:
        shown = f"{float(value):g}"
        raise DataError(
            f"threshold_pct={threshold_pct!r} er tvetydig: læst som procent er det "
            f"{_pct(value / 100)}, læst som andel {_pct(value)}; giv threshold_pct="
            f"{float(value) * 100:g} for {_pct(value)} eller threshold_pct='{shown} %' "
            f"for {_pct(value / 100)}")
    return value / 100


@dataclass(frozen=True)
class Scenario:
    """A question to the rules. Frozen and serialisable (URL query, JSON).

    ``threshold`` is a share, not percent (``Fraction(2, 100)`` = KL's 2 %; a float share such
    as ``0.02`` is read exactly as ``Fraction(1, 50)``; a value above 1 is refused, since it can
    only be a percentage). The ``kkr.composition``/``explain``/``chair`` wrappers take
    ``threshold_pct`` in percent instead. ``vote_changes`` holds what-if changes as (list,
    relative change), e.g. ``("C", Fraction(-5, 100))`` for C − 5 % (a mapping
    ``{"C": Fraction(-5, 100)}`` is accepted too); ``vote_additions`` holds absolute changes in
    whole votes, e.g. ``{"B": 674}`` (as ``kkr margins`` reports them). Both change the list's
    votes and the region's total through one function, :func:`apply_vote_changes`.
    """

    election: str = "KV21"
    kkr: str = "Hovedstaden"
    threshold: Fraction = THRESHOLD
    method: Method = KKR_METHOD
    alliances: tuple[Alliance, ...] = ()
    regions: str | None = None
    data_dir: str | None = None
    vote_changes: tuple[tuple[str, Fraction], ...] = ()
    vote_additions: tuple[tuple[str, int], ...] = ()
    # mayor posts set or left open: (municipality, list) pairs, sorted; the list is a letter
    # ("C"), "?" (open: any list with a council seat) or "V|C" (one of these)
    mayors: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        check_name(self.election, "et valg (Scenario.election)")
        if not isinstance(self.kkr, str) or not self.kkr.strip():
            raise DataError(f"Scenario.kkr er navnet på en KKR, fx 'Hovedstaden', ikke "
                            f"{self.kkr!r}")
        if self.alliances is None or isinstance(self.alliances, str | Alliance):
            raise DataError(f"Scenario.alliances er en tuple af Alliance (valgforbund), ikke "
                            f"{shown(self.alliances)}; fx "
                            "tuple(parse_alliances(['A+F+Ø', 'C+V']))")
        object.__setattr__(self, "alliances", tuple(self.alliances))
        for a in self.alliances:
            if not isinstance(a, Alliance):
                raise DataError(f"Scenario.alliances indeholder {shown(a)}, som ikke er en "
                                "Alliance; brug parse_alliances(['A+F+Ø'])")
        if self.data_dir is not None and not isinstance(self.data_dir, str | os.PathLike):
            raise DataError(f"Scenario.data_dir er en mappe (str eller Path), ikke "
                            f"{self.data_dir!r}")
        if self.regions is not None and not isinstance(self.regions, str):
            raise DataError(f"Scenario.regions er et år for regionerne, fx '2027', ikke "
                            f"{self.regions!r}")
        object.__setattr__(self, "vote_changes", _pairs(self.vote_changes, "vote_changes"))
        object.__setattr__(self, "vote_additions", _pairs(self.vote_additions, "vote_additions"))
        object.__setattr__(self, "mayors", _mayor_pairs(self.mayors))
        if self.method not in METHODS:
            raise DataError(f"ukendt metode {self.method!r}; vælg blandt {', '.join(METHODS)}")
        threshold = self.threshold
        if isinstance(threshold, bool) or not isinstance(threshold, int | float | Fraction):
            raise DataError(f"Scenario.threshold er en andel, fx Fraction(2, 100), ikke "
                            f"{threshold!r}")
        if isinstance(threshold, float):
            if threshold != threshold or threshold in (float("inf"), float("-inf")):
                raise DataError(f"Scenario.threshold skal være en endelig andel, ikke {threshold}")
            threshold = Fraction(str(threshold))
        if threshold > 1 or (threshold == 1 and not isinstance(self.threshold, Fraction)):
            raise DataError(f"Scenario.threshold er en andel (Fraction(2, 100) = 2 %), ikke "
                            f"procent: {self.threshold!r} ville være {_pct(threshold)}; "
                            f"giv Fraction({threshold}, 100) for {_pct(threshold / 100)}")
        if threshold < 0:
            raise DataError(f"en spærregrænse kan ikke være negativ, ikke {self.threshold!r}")
        object.__setattr__(self, "threshold", Fraction(threshold))

    def replace(self, **changes: object) -> Scenario:
        """The same scenario with some fields changed."""
        return dataclasses.replace(self, **changes)

    # -- data -----------------------------------------------------------------------------
    def data(self) -> ElectionData:
        """The election's data (read once per data folder state; see :func:`cached_election`)."""
        return cached_election(self.election, self.data_dir, self.regions)

    def tally(self) -> RegionTally:
        """The region's tally, with the scenario's mayors and what-if vote changes applied."""
        tally = region_tally(self.data(), self.kkr, dict(self.mayors))
        return apply_vote_changes(tally, self.vote_changes, self.vote_additions)

    # -- rules ----------------------------------------------------------------------------
    def composition(self) -> Composition:
        """The KKR's composition at this threshold and method (KL's love § 15, stk. 2)."""
        return compose(self.tally(), self.method, threshold=self.threshold)

    def mayor_ranges(self, max_vectors: int = MAX_VECTORS) -> MayorRanges:
        """Every list's fewest and most seats and the size range over every assignment of the
        scenario's open mayor posts ("?" or "V|C"), with witnesses (rule ``kkr.mayors``)."""
        return mayor_ranges(self.data(), resolve_region(self.kkr, self.data().regions),
                            dict(self.mayors), self.method, self.threshold,
                            lambda t: apply_vote_changes(t, self.vote_changes,
                                                         self.vote_additions), max_vectors)

    def mayor_uncertainty(self) -> str:
        """Issue 26: "usikker: afhænger af borgmesteren i X (ikke bekræftet)" when a mayor the
        data does not confirm can change this KKR's composition, "" when none can."""
        data = self.data()
        kkr = resolve_region(self.kkr, data.regions)
        given = {m for m, _ in self.resolved().mayors}
        unconfirmed = [m for m in mayor_unconfirmed(data, kkr) if m not in given]
        if not unconfirmed:
            return ""
        if len(unconfirmed) > UNCERTAINTY_POSTS:
            return (f"usikker: {integer(len(unconfirmed))} borgmestre er ikke bekræftet (for "
                    "mange åbne poster til at regne alle fordelinger igennem)")
        try:
            ranges = self.replace(kkr=kkr, mayors=(*self.mayors,
                                                   *((m, "?") for m in unconfirmed))
                                  ).mayor_ranges(UNCERTAINTY_VECTORS)
        except DataError:
            return (f"usikker: {integer(len(unconfirmed))} borgmestre er ikke bekræftet "
                    "(for mange åbne poster til at regne alle fordelinger igennem)")
        if not ranges.changes_anything():
            return ""
        alone = [m for m in unconfirmed if self.replace(
            kkr=kkr, mayors=(*self.mayors, (m, "?"))).mayor_ranges().changes_anything()]
        return uncertainty_note(dataclasses.replace(ranges, open={
            m: ranges.open[m] for m in (alone or unconfirmed)}))

    def chair_votes(self) -> dict[str, int]:
        """The votes of the lists represented at this threshold: they alone elect the chair."""
        return chair_votes(self.composition())

    def chair(self) -> ChairElection:
        """Formand and næstformand under the scenario's valgforbund (KL's love § 15, stk. 3):
        rules ``chair.valgforbund`` (only the lists represented at this threshold) and
        ``chair.election``."""
        votes = self.chair_votes()
        if not votes:
            raise DataError(f"ingen liste deltager i KKR {self.kkr} ({self.election}) ved en "
                            f"spærregrænse på {_pct(self.threshold)}")
        return elect_chair(votes, self.alliances)

    # -- serialisation ----------------------------------------------------------------------
    def to_query(self) -> str:
        """The scenario as a URL query, e.g. ``valg=KV21&kkr=Hovedstaden&forbund=A+F+Ø,C+V``."""
        params = {"valg": self.election, "kkr": self.kkr,
                  "spaerregraense": _percent_text(self.threshold * 100), "metode": self.method}
        if self.alliances:
            params["forbund"] = ",".join(a.spec(":") for a in self.alliances)
        if self.vote_changes:
            params["stemmer"] = ",".join(f"{name}:{_percent_text(change * 100)}"
                                         for name, change in self.vote_changes)
        if self.vote_additions:
            params["stemmetal"] = ",".join(f"{name}:{add}" for name, add in self.vote_additions)
        if self.regions:
            params["regioner"] = self.regions
        if self.mayors:
            params["borgmester"] = ",".join(f"{m}:{spec}" for m, spec in self.mayors)
        return urlencode(params, safe="+,:|")

    @classmethod
    def from_query(cls, query: str) -> Scenario:
        """The inverse of :meth:`to_query`; unknown keys are refused, not ignored."""
        raw = parse_qs(query.lstrip("?"), keep_blank_values=True)
        # parse_qs turns "+" into a space; a valgforbund is written with "+".
        params = {k: v[-1].replace(" ", "+") for k, v in raw.items()}
        known = {"valg", "kkr", "spaerregraense", "metode", "forbund", "stemmer", "stemmetal",
                 "regioner", "borgmester"}
        unknown = sorted(set(params) - known)
        if unknown:
            raise DataError(f"ukendte felter i scenariet: {', '.join(unknown)}; kendte: "
                            f"{', '.join(sorted(known))}")
        fields: dict[str, object] = {}
        if "valg" in params:
            fields["election"] = params["valg"].upper()
        if "kkr" in params:
            fields["kkr"] = params["kkr"].replace("+", " ")
        if "spaerregraense" in params:
            fields["threshold"] = parse_percent(params["spaerregraense"]) / 100
        if "metode" in params:
            fields["method"] = params["metode"]
        if params.get("forbund"):
            # minimum=1: the app builds a valgforbund list by list and links the half-built one
            fields["alliances"] = tuple(parse_alliances(params["forbund"].split(","),
                                                        minimum=1))
        if params.get("stemmer"):
            changes = []
            for part in params["stemmer"].split(","):
                name, _, pct = part.rpartition(":")
                if not name:
                    raise DataError(f"en stemmeændring skrives LISTE:PROCENT (fx C:-5), ikke "
                                    f"{shown(part)}")
                changes.append((name, _signed_percent(pct) / 100))
            fields["vote_changes"] = tuple(changes)
        if params.get("stemmetal"):
            additions = []
            for part in params["stemmetal"].split(","):
                name, _, count = part.rpartition(":")
                try:
                    additions.append((name, int(count.strip())))
                except ValueError:
                    name = ""
                if not name:
                    raise DataError(f"en ændring i stemmetal skrives LISTE:STEMMER (fx B:674), "
                                    f"ikke {shown(part)}") from None
            fields["vote_additions"] = tuple(additions)
        if params.get("regioner"):
            fields["regions"] = params["regioner"]
        if params.get("borgmester"):
            fields["mayors"] = _mayors_field(params["borgmester"].replace("+", " "))
        return cls(**fields)  # type: ignore[arg-type]

    def resolved(self) -> Scenario:
        """The same scenario with the KKR's name spelled as in the data ("sjaelland" → Sjælland)
        and its mayor posts checked against the data (municipalities spelled as there)."""
        data = self.data()
        kkr = resolve_region(self.kkr, data.regions)
        mayor_choices(data, kkr, dict(self.mayors))  # one Danish line for a bad post
        return self.replace(kkr=kkr, mayors=tuple(
            (resolve_municipality(m, data, kkr), spec) for m, spec in self.mayors))

    def composition_coverage_da(self) -> str:
        """The coverage line of the region's votes (the same with any mayors)."""
        return region_tally(self.data(), resolve_region(self.kkr, self.data().regions)
                            ).coverage.describe_da()

    def mayor_note(self) -> str:
        """"scenarie: borgmester i Kolding = C (data: V)", or "" when the data's mayors hold."""
        return mayor_note_da(self.data(), dict(self.resolved().mayors)) if self.mayors else ""


def _mayors_field(text: str) -> tuple[tuple[str, str], ...]:
    """``Kolding:C,Aarhus:?`` (the link's ``borgmester``) → (municipality, list) pairs."""
    pairs = []
    for part in text.split(","):
        name, _, spec = part.rpartition(":")
        if not name.strip() or not spec.strip():
            raise DataError(f"en borgmester skrives KOMMUNE:LISTE (fx Kolding:C), ikke "
                            f"{shown(part)}")
        pairs.append((name.strip(), spec.strip()))
    return _mayor_pairs(pairs)


def _mayor_pairs(value: object) -> tuple[tuple[str, str], ...]:
    """``Scenario.mayors`` as sorted (municipality, list) pairs, from pairs or a mapping; a
    municipality named twice is refused (which one would hold?)."""
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, tuple | list) and all(
            isinstance(p, tuple | list) and len(p) == 2 for p in value):
        items = [tuple(p) for p in value]
    else:
        raise DataError(f"Scenario.mayors er en mapping {{kommune: liste}} eller par "
                        f"(kommune, liste), ikke {shown(value)}")
    seen: set[str] = set()
    for municipality, spec in items:
        if not isinstance(municipality, str) or not municipality.strip() or not isinstance(
                spec, str) or not spec.strip() or len(spec) > 200 or not spec.isprintable():
            raise DataError(f"Scenario.mayors: en borgmester er (kommune, liste), fx "
                            f"('Kolding', 'C'), ikke {shown((municipality, spec))}")
        if municipality.strip().casefold() in seen:
            raise DataError(f"borgmesteren i {shown(municipality)} er angivet to gange")
        seen.add(municipality.strip().casefold())
    return tuple(sorted((m.strip(), "|".join(p.strip() for p in s.split("|")))
                        for m, s in items))


def _percent_text(value: Fraction) -> str:
    return f"{float(value):g}"


def _signed_percent(text: str) -> Fraction:
    cleaned = text.strip().removesuffix("%").strip().replace(",", ".")
    try:
        value = Fraction(cleaned)
    except (ValueError, ZeroDivisionError):
        raise DataError(f"{text[:40]!r} er ikke en ændring i procent (fx -5 eller 2,5)") from None
    if not -100 <= value <= 100:  # as the app's "± %" field: a list cannot lose more than all
        raise DataError(f"en ændring i procent ligger mellem -100 og +100, ikke {text[:40]}")
    return value


def _pairs(value: object, field: str) -> tuple[tuple, ...]:
    """``vote_changes`` / ``vote_additions`` as (list, number) pairs, from pairs or a mapping.

    ``vote_changes`` are relative (Fraction or float: ``-0.05`` = −5 %); a whole number there is
    refused, since ``{"B": 674}`` is far likelier meant as 674 votes (``vote_additions``) than as
    +67.400 %. ``vote_additions`` are whole votes.
    """
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, tuple | list) and all(
            isinstance(p, tuple | list) and len(p) == 2 for p in value):
        items = [tuple(p) for p in value]
    else:
        raise DataError(f"Scenario.{field} er en mapping {{liste: ændring}} eller par (liste, "
                        f"ændring), ikke {shown(value)}")
    pairs = []
    for name, number in items:
        if not isinstance(name, str):
            raise DataError(f"Scenario.{field}: en liste angives med sit bogstav, ikke {name!r}")
        if field == "vote_additions":
            if isinstance(number, bool) or not isinstance(number, int):
                raise DataError(f"Scenario.vote_additions[{name!r}] er et helt antal stemmer, "
                                f"ikke {number!r}")
            pairs.append((name, number))
            continue
        if isinstance(number, bool) or not isinstance(number, Fraction | float | int) or (
                isinstance(number, int) and number != 0):
            raise DataError(
                f"Scenario.vote_changes[{name!r}] = {number!r}: vote_changes er relative "
                f"(Fraction(-5, 100) = −5 %); brug til et antal stemmer "
                f"vote_additions={{{name!r}: {number!r}}}")
        if isinstance(number, float) and (number != number or abs(number) == float("inf")):
            raise DataError(f"Scenario.vote_changes[{name!r}] skal være endelig, ikke {number}")
        pairs.append((name, Fraction(str(number)) if isinstance(number, float)
                      else Fraction(number)))
    return tuple(pairs)


def apply_vote_changes(tally: RegionTally,
                       changes: tuple[tuple[str, Fraction], ...],
                       additions: tuple[tuple[str, int], ...] = ()) -> RegionTally:
    """What-if: scale named lists' votes by (1 + change), rounded down to whole votes, then add
    ``additions`` (whole votes, + or −).

    The region's total moves by the same number of votes. A change below −100 %, a result below
    0 votes or a list not in the region is refused.
    """
    if not changes and not additions:
        return tally
    known = {t.list for t in tally.lists}
    by_list: dict[str, Fraction] = {}
    added: dict[str, int] = {}
    for name, _ in (*changes, *additions):
        if name not in known:
            raise DataError(f"ingen liste {name!r} i KKR {tally.region}; listerne er "
                            f"{', '.join(sorted(known))}")
    for name, change in changes:
        if change < -1:
            raise DataError(f"{name}: en ændring under −100 % giver negative stemmetal")
        by_list[name] = Fraction(change)
    for name, add in additions:
        added[name] = added.get(name, 0) + add
    lists: list[ListTally] = []
    delta = 0
    for t in tally.lists:
        if t.list in by_list or t.list in added:
            new = int(t.votes * (1 + by_list.get(t.list, 0))) + added.get(t.list, 0)
            if new < 0:
                raise DataError(f"{t.list}: {'+' if added[t.list] > 0 else '−'}"
                                f"{integer(abs(added[t.list]))} stemmer giver et negativt "
                                f"stemmetal ({integer(t.votes)} før)")
            delta += new - t.votes
            t = dataclasses.replace(t, votes=new)
        lists.append(t)
    ordered = tuple(sorted(lists, key=lambda t: (t.kind == "local", -t.votes, t.list)))
    return dataclasses.replace(tally, lists=ordered, total_votes=tally.total_votes + delta)


_CACHE: dict[tuple, tuple[tuple, ElectionData]] = {}


def _signature(election: str, data_dir: str | None) -> tuple:
    """Size and mtime of every file the election is read from, so an import is never missed."""
    from .data import default_data_dir

    root = Path(data_dir) if data_dir else default_data_dir()
    files = sorted(p for p in root.glob("*.csv")) + sorted(root.glob(f"{election.lower()}/*.csv"))
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


def cached_election(election: str, data_dir: str | None = None,
                    regions: str | None = None) -> ElectionData:
    """:func:`load_election`, read again whenever a file of the data folder changed."""
    from .data import check_name

    key = (check_name(election).upper(), data_dir, regions)
    try:
        signature = _signature(election, data_dir)
    except OSError:
        return load_election(election, data_dir, regions)  # let the loader name the problem
    hit = _CACHE.get(key)
    if hit is not None and hit[0] == signature:
        return hit[1]
    data = load_election(election, data_dir, regions)
    _CACHE[key] = (signature, data)
    return data
