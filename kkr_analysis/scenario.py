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
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from .apportion import METHODS, Method
from .danish import integer, percent_value
from .data import ElectionData, check_name, load_election, newest_election
from .errors import DataError, shown
from .rules.chair import Alliance, ChairElection, chair_votes, elect_chair
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
from .rules.uncertainty import MethodUncertainty, method_uncertainty
from .scenarios.mayors import MAX_VECTORS, MayorRanges, mayor_ranges, uncertainty_note

UNCERTAINTY_VECTORS = 200_000  # the unconfirmed mayors' check gives up beyond this (a note)
UNCERTAINTY_POSTS = 10  # … and is not tried beyond this many unconfirmed posts in one KKR

MAX_NUMBER_TEXT = 40  # characters of a number as typed (a link, a field, the CLI)
MAX_DIGITS = 30  # digits of a number's numerator or denominator, however it is handed in
MAX_EXPONENT = 30  # |exponent| of a number written 1e-5
_NUMBER = re.compile(r"([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?")
_RATIO = re.compile(r"([+-]?\d{1,30})/(\d{1,30})")


def _too_big(value: int) -> bool:
    return abs(value) >= 10**MAX_DIGITS


def parse_number(value: object, what: str = "et tal") -> Fraction:
    """Any number handed in by a person or a program — a link, an app field, the CLI, the Python
    API — as an exact Fraction, bounded before anything is computed: at most
    ``MAX_NUMBER_TEXT`` characters, an exponent within ±``MAX_EXPONENT`` and at most
    ``MAX_DIGITS`` digits above and below the fraction line. ``Fraction("1e-999999999999")``
    would compute 10**999999999999 and hold the process for hours; here it is one line.

    Text: "2,5", "2.5", "-5", "−5", "1e-3", "1/3". Refused with a :class:`DataError` naming
    ``what``: anything else, NaN and infinities, bools.
    """
    def refused() -> DataError:
        return DataError(f"{shown(value)} er ikke {what}")

    if isinstance(value, bool):
        raise refused()
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise refused()
        sign, digits, exponent = value.as_tuple()
        if len(digits) > MAX_DIGITS or abs(int(exponent)) > MAX_EXPONENT + MAX_DIGITS:
            raise DataError(f"{shown(value)} er ikke {what}: for mange cifre")
        return Fraction(value)
    if isinstance(value, numbers.Integral):
        value = int(value)  # numpy integers too
        if _too_big(value):
            raise DataError(f"et tal med over {MAX_DIGITS} cifre er ikke {what}")
        return Fraction(value)
    if isinstance(value, Fraction):
        if _too_big(value.numerator) or _too_big(value.denominator):
            raise DataError(f"en brøk med over {MAX_DIGITS} cifre er ikke {what}")
        return value
    if isinstance(value, numbers.Real):  # float, numpy floats: exact as written in Python
        number = float(value)
        if number != number or abs(number) == float("inf"):
            raise refused()
        value = repr(number)
    if not isinstance(value, str):
        raise refused()
    text = value.strip().replace("\u2212", "-").replace(",", ".")
    if not text or len(text) > MAX_NUMBER_TEXT:
        raise refused()
    ratio = _RATIO.fullmatch(text)
    if ratio:
        if int(ratio.group(2)) == 0:
            raise refused()
        return Fraction(int(ratio.group(1)), int(ratio.group(2)))
    match = _NUMBER.fullmatch(text)
    if not match or not (match.group(2) or match.group(3)):
        raise refused()
    sign, whole, decimals, exponent = match.groups()
    digits = (whole + (decimals or "")).lstrip("0")
    if len(digits) > MAX_DIGITS or (exponent and abs(int(exponent)) > MAX_EXPONENT):
        raise DataError(f"{shown(value)} er ikke {what}: højst {MAX_DIGITS} cifre og en "
                        f"eksponent inden for ±{MAX_EXPONENT}")
    result = Fraction(int(whole + (decimals or "") or "0"), 10 ** len(decimals or ""))
    result *= Fraction(10) ** int(exponent or 0)
    return -result if sign == "-" else result


def parse_percent(text: str | float | int | Fraction) -> Fraction:
    """A percentage as typed by a Danish or English user ("2,5", "2.5", "2,5 %") → Fraction(5, 2).

    Refuses anything that is not a finite number within 0-100 with a :class:`DataError`
    (read by the one bounded :func:`parse_number`).
    """
    if isinstance(text, str):
        text = text.strip().removesuffix("%")
    try:
        value = parse_number(text, "en procentsats (fx 2 eller 2,5)")
    except DataError:
        if isinstance(text, str) and _NUMBER.fullmatch(text.strip().replace(",", ".")[:200]):
            raise DataError(f"en procentsats skal ligge i 0-100 (højst {MAX_DIGITS} cifre og en "
                            f"eksponent inden for ±{MAX_EXPONENT}), ikke "
                            f"{shown(text.strip())}") from None
        raise
    if not 0 <= value <= 100:
        raise DataError(f"en procentsats skal ligge i 0-100, ikke {shown(str(text).strip())}")
    return value


def parse_change(text: str) -> Fraction:
    """A what-if change typed as "-5", "+2,5", "−5 %" → a share (Fraction(-5, 100)); ±100 % at
    most, as the app's "± %" field (a list cannot lose more than all its votes)."""
    cleaned = text.strip().replace("\u2212", "-")
    if not cleaned:
        return Fraction(0)
    sign = -1 if cleaned.startswith("-") else 1
    try:
        value = parse_percent(cleaned.lstrip("+-").strip())
    except DataError:
        raise DataError(f"«{_quoted(text)}» er ikke en ændring i procent mellem −100 og +100 "
                        f"(fx -5 eller 2,5)") from None
    return sign * value / 100


def parse_votes(text: str) -> int:
    """A whole number of votes as typed ("674", "-674", "1.674"), within ±``MAX_VOTES``."""
    try:
        value = parse_number(text.replace(".", ""), "et helt antal stemmer")
    except DataError:
        value = Fraction(1, 2)
    if value.denominator != 1:
        raise DataError(f"«{_quoted(text)}» er ikke et helt antal stemmer (fx 674 eller -674)")
    if abs(value) > MAX_VOTES:
        raise DataError(f"{_quoted(text)} stemmer er flere, end nogen region har")
    return int(value)


MAX_VOTES = 10**8  # an absolute change beyond any region's electorate


def _quoted(value: object, limit: int = MAX_NUMBER_TEXT) -> str:
    """A value quoted in a message: at most ``limit`` characters, one line ("abc…")."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit] + "…"


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

    election: str | None = None  # None: the newest in the data folder, set at construction
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
        if self.election is not None:
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
        if self.election is None:  # the default: the newest election in the data folder in use
            object.__setattr__(self, "election", newest_election(self.data_dir))
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
        if isinstance(threshold, float) and (threshold != threshold
                                             or threshold in (float("inf"), float("-inf"))):
            raise DataError(f"Scenario.threshold skal være en endelig andel, ikke {threshold}")
        threshold = parse_number(threshold, "en andel (Scenario.threshold, fx Fraction(2, 100))")
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

    def method_uncertainty(self) -> MethodUncertainty | None:
        """The other undecided method's composition where it changes a number (rule
        ``kkr.proportional``: Sainte-Laguë or Hare is not decided by KL's published table)."""
        return method_uncertainty(self.composition())

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
    def from_query(cls, query: str, data_dir: str | None = None) -> Scenario:
        """The inverse of :meth:`to_query`, read by the one query parser (:func:`read_query`)
        in its strict mode: any field that cannot be read, unknown keys too, is a
        :class:`DataError`."""
        return read_query(query, strict=True, data_dir=data_dir)[0]

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
        if isinstance(number, int | Fraction) and not isinstance(number, bool):
            parse_number(number, f"en ændring (Scenario.{field}[{name!r}])")  # bounded
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
    delta = local_delta = 0
    for t in tally.lists:
        if t.list in by_list or t.list in added:
            new = int(t.votes * (1 + by_list.get(t.list, 0))) + added.get(t.list, 0)
            if new < 0:
                raise DataError(f"{t.list}: {'+' if added[t.list] > 0 else '−'}"
                                f"{integer(abs(added[t.list]))} stemmer giver et negativt "
                                f"stemmetal ({integer(t.votes)} før)")
            delta += new - t.votes
            local_delta += new - t.votes if t.kind == "local" else 0
            t = dataclasses.replace(t, votes=new)
        lists.append(t)
    ordered = tuple(sorted(lists, key=lambda t: (t.kind == "local", -t.votes, t.list)))
    local = None if tally.local_votes is None else tally.local_votes + local_delta
    return dataclasses.replace(tally, lists=ordered, total_votes=tally.total_votes + delta,
                               local_votes=local)


_CACHE: dict[tuple, tuple[tuple, ElectionData]] = {}


def _signature(election: str, data_dir: str | None) -> tuple:
    """The data folder's generation: the folder itself (a swap by ``kkr import … --out``
    puts another folder in its place) and the identity, size and mtime of every file the
    election is read from, so an import is never missed."""
    from .data import default_data_dir

    root = Path(data_dir) if data_dir else default_data_dir()
    files = sorted(p for p in root.glob("*.csv")) + sorted(root.glob(f"{election.lower()}/*.csv"))
    folder = root.stat()
    return ((folder.st_dev, folder.st_ino),
            *((str(p), p.stat().st_ino, p.stat().st_mtime_ns, p.stat().st_size) for p in files))


GENERATION_TRIES = 5  # loads of a folder that keeps changing before giving up


def cached_election(election: str, data_dir: str | None = None,
                    regions: str | None = None) -> ElectionData:
    """:func:`load_election`, read again whenever a file of the data folder changed.

    Read as one generation: the folder's signature is taken before and after the load, and a
    load during which it changed (an import swapping the folder) is read again, so the tables
    never mix two imports."""
    from .data import check_name

    key = (check_name(election).upper(), data_dir, regions)
    for _ in range(GENERATION_TRIES):
        try:
            signature = _signature(election, data_dir)
        except OSError:
            return load_election(election, data_dir, regions)  # let the loader name it
        hit = _CACHE.get(key)
        if hit is not None and hit[0] == signature:
            return hit[1]
        data = load_election(election, data_dir, regions)
        try:
            if _signature(election, data_dir) == signature:
                _CACHE[key] = (signature, data)
                return data
        except OSError:
            pass
    raise DataError(f"datamappen ændrede sig under hver af {GENERATION_TRIES} indlæsninger "
                    f"(en import i gang?); prøv igen om lidt", path=data_dir)


# -- the one query parser (a shared link, ?valg=KV21&kkr=…&forbund=…) ----------------------------

ELECTIONS = ("KV21", "KV25")  # the bundled elections; a link is checked against the folder's


def elections(data_dir: str | None = None) -> tuple[str, ...]:
    """The elections of the data folder in use, newest first (the default election,
    :func:`kkr_analysis.data.newest_election`, then the others): the app's choices and what
    a link's ``valg=`` may name."""
    from .data.loaders import elections_in

    newest = newest_election(data_dir)
    return (newest, *reversed([e for e in elections_in(data_dir) if e != newest]))


def _either(items: list[str]) -> str:
    """["a", "b", "c"] → "a, b eller c"."""
    return ", ".join(items[:-1]) + " eller " + items[-1] if len(items) > 1 else "".join(items)


class QueryReader:
    """One reading of a query, field by field, each field as the control it fills reads it.

    ``strict``: the first field that cannot be read raises :class:`DataError` (the Python API,
    :meth:`Scenario.from_query`). Otherwise (the app's reading of a shared link) the field is
    dropped with one Danish line in :attr:`notes`, ending with what is used instead.
    """

    def __init__(self, strict: bool, data_dir: str | None = None) -> None:
        self.strict = strict
        self.notes: list[str] = []
        self.scenario = Scenario(data_dir=data_dir)
        self._lists: dict[str, str] | None = None

    def problem(self, message: str, instead: str = "") -> None:
        """A field that cannot be read: raised (strict) or noted with ``instead``."""
        if self.strict:
            raise DataError(message)
        self.notes.append(message + instead)

    def list_name(self, name: str) -> str:
        """A list of the KKR as the dropdowns name it, in any case ("ø" → "Ø")."""
        if self._lists is None:
            s = self.scenario
            base = Scenario(s.election, s.kkr, regions=s.regions, data_dir=s.data_dir)
            self._lists = {r.list.upper(): r.list for r in base.composition().rows
                           if r.kind != "local"}
        found = self._lists.get(name.strip().upper())
        if found is None:
            raise DataError(f"«{_quoted(name, 12)}» er ikke en liste i KKR "
                            f"{self.scenario.kkr} ({self.scenario.election}); listerne er "
                            f"{', '.join(self._lists.values())}")
        return found


def _read_election(r: QueryReader, text: str) -> Scenario:
    election = text.strip().upper()
    known = elections(r.scenario.data_dir)
    if election not in known:
        r.problem(f"Valget «{_quoted(text)}» findes ikke (ikke et valg i data); vælg "
                  f"{_either(list(known))}.", f" {r.scenario.election} vises.")
        return r.scenario
    return r.scenario.replace(election=election)


def _read_regions(r: QueryReader, text: str) -> Scenario:
    from .data import check_name

    try:
        return r.scenario.replace(regions=check_name(text.strip(), "en regionsinddeling"))
    except DataError as exc:
        r.problem(f"{exc.reason}.", " Regionerne i data bruges.")
        return r.scenario


def _read_kkr(r: QueryReader, text: str) -> Scenario:
    regions = r.scenario.data().regions
    name = text.replace("+", " ")
    try:
        return r.scenario.replace(kkr=resolve_region(name, regions))
    except DataError:
        r.problem(f"KKR «{_quoted(name)}» findes ikke ved {r.scenario.election}; vælg en af "
                  f"{', '.join(regions)}.", f" KKR {r.scenario.kkr} vises.")
        return r.scenario


def _read_threshold(r: QueryReader, text: str) -> Scenario:
    try:
        return r.scenario.replace(threshold=parse_percent(text) / 100)
    except DataError:
        r.problem(f"Spærregrænsen «{_quoted(text)}» er ikke en procentsats mellem 0 og 100 "
                  f"(fx 2 eller 2,5);", f" {percent_value(r.scenario.threshold * 100)} bruges.")
        return r.scenario


def _read_method(r: QueryReader, text: str) -> Scenario:
    from .danish import method_name

    names = {m: m for m in METHODS} | {method_name(m).lower(): m for m in METHODS}
    key = text.strip().lower().replace("sainte-laguë", "sainte-lague")
    if key not in names:
        r.problem(f"Metoden «{_quoted(text)}» kendes ikke; vælg "
                  f"{_either([method_name(m) for m in METHODS])};",
                  f" {method_name(r.scenario.method)} bruges.")
        return r.scenario
    return r.scenario.replace(method=names[key])


def _read_alliance(r: QueryReader, spec: str, seen: set[str]) -> Alliance | None:
    """One valgforbund ``A+F+Ø:F``; an unknown or repeated list is taken out with a note."""
    part, colon, nominee = spec.partition(":")
    pieces = part.split("+")
    if any(not p.strip() for p in pieces) and any(p.strip() for p in pieces):
        r.problem(f"Valgforbund «{_quoted(part)}» har en tom plads ved et «+»; læst som "
                  f"{'+'.join(p.strip() for p in pieces if p.strip())}.")
    members: list[str] = []
    for raw in (p for p in pieces if p.strip()):
        try:
            name = r.list_name(raw)
        except DataError as exc:
            r.problem(f"Valgforbund: {exc.reason}; den er taget ud af valgforbund "
                      f"«{_quoted(part)}».")
            continue
        if name in seen:
            r.problem(f"Valgforbund: {name} står i flere valgforbund; kun det første bruges.")
            continue
        seen.add(name)
        members.append(name)
    order = _read_order(r, nominee, members) if colon and nominee.strip() else ()
    if not members and spec.strip() and not any(p.strip() for p in pieces):
        r.problem(f"Valgforbund «{_quoted(spec)}» nævner ingen liste; sprunget over.")
    return Alliance(tuple(members), order) if members else None


def _read_order(r: QueryReader, text: str, members: list[str]) -> tuple[str, ...]:
    """``V:C`` after a valgforbund's ':' → the lists for its 1st and 2nd post
    (:func:`~kkr_analysis.rules.specs.split_order`); a bad order is dropped with a note."""
    from .rules.specs import split_order

    try:
        order = tuple(r.list_name(n) for n in split_order(text))
        outside = [n for n in order if n not in members]
        if outside:
            raise DataError(f"{', '.join(outside)} er ikke medlem af valgforbund "
                            f"{'+'.join(members) or '(tomt)'}")
    except DataError as exc:
        r.problem(f"Valgforbund: rækkefølgen «{_quoted(text, 12)}» bruges ikke ({exc.reason});",
                  " posterne går til medlemmerne efter d'Hondt inden for forbundet.")
        return ()
    return order


def _read_alliances(r: QueryReader, text: str) -> Scenario:
    seen: set[str] = set()
    found = (_read_alliance(r, spec, seen) for spec in text.split(","))
    return r.scenario.replace(alliances=tuple(a for a in found if a is not None))


def _read_pairs(r: QueryReader, text: str, parse, what: str) -> tuple[tuple[str, object], ...]:
    """``C:-5,V:2`` → (list, number) pairs; a pair that cannot be read is skipped with a note;
    a zero change is no change."""
    result: dict[str, object] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        name, colon, value = part.rpartition(":")
        try:
            if not colon:
                raise DataError(f"«{_quoted(part)}» er ikke LISTE:TAL (fx C:-5)")
            result[r.list_name(name)] = parse(value)
        except DataError as exc:
            r.problem(f"{what}: {exc.reason}; sprunget over.")
    return tuple((n, v) for n, v in result.items() if v)


def _read_changes(r: QueryReader, text: str) -> Scenario:
    changes = _read_pairs(r, text, parse_change, "Stemmeændring")
    return r.scenario.replace(vote_changes=changes)


def _read_additions(r: QueryReader, text: str) -> Scenario:
    additions = _read_pairs(r, text, parse_votes, "Stemmetal")
    return r.scenario.replace(vote_additions=additions)


def _read_mayors(r: QueryReader, text: str) -> Scenario:
    """``Kolding:C,Vejle:A`` → (municipality, list) pairs; a part that is not KOMMUNE:LISTE is
    dropped with a note (the posts themselves are checked against the data by
    :meth:`Scenario.resolved`, and in the app by ``model.fit_mayors``)."""
    pairs: dict[str, tuple[str, str]] = {}
    for part in text.replace("+", " ").split(","):
        name, _, spec = part.rpartition(":")
        if not name.strip() or not spec.strip() or len(part) > 80:
            r.problem(f"Borgmester: «{_quoted(part)}» er ikke KOMMUNE:LISTE (fx Kolding:C);",
                      " sprunget over.")
        elif name.strip().casefold() in pairs:
            r.problem(f"Borgmesteren i {_quoted(name.strip())} står to gange i linket;",
                      " kun den første bruges.")
        else:
            pairs[name.strip().casefold()] = (name.strip(), spec.strip())
    try:
        return r.scenario.replace(mayors=tuple(pairs.values()))
    except DataError as exc:
        r.problem(f"Borgmester: {exc.reason};", " sprunget over.")
        return r.scenario


# One reader per key, in the order they are read (the election and the KKR first: the others
# are checked in that KKR). A new Scenario field adds its key here.
QUERY_FIELDS = {"valg": _read_election, "regioner": _read_regions, "kkr": _read_kkr,
                "spaerregraense": _read_threshold, "metode": _read_method,
                "forbund": _read_alliances, "stemmer": _read_changes,
                "stemmetal": _read_additions, "borgmester": _read_mayors}
OPTIONAL = ("forbund", "stemmer", "stemmetal", "regioner", "borgmester")  # empty: not given


def read_query(query: str | None, *, strict: bool = False, keys: tuple[str, ...] | None = None,
               data_dir: str | None = None) -> tuple[Scenario, list[str]]:
    """The scenario of a query (a shared link) and a Danish note per field that was dropped.

    The one query parser: the app reads links with ``strict=False`` (never raises for a bad
    link: the worst link shows the default scenario with its notes), :meth:`Scenario.from_query`
    with ``strict=True`` (the first problem raises :class:`DataError`). ``keys``: the fields
    this surface takes (default all of :data:`QUERY_FIELDS`); any other key is a problem.
    """
    keys = tuple(QUERY_FIELDS) if keys is None else keys
    r = QueryReader(strict, data_dir)
    try:
        raw = parse_qs((query or "").lstrip("?"), keep_blank_values=True,
                       max_num_fields=4 * len(QUERY_FIELDS))
    except ValueError:
        r.problem("Linket kunne ikke læses (for mange felter eller forkert opbygget);",
                  " standardscenariet vises.")
        raw = {}
    # parse_qs turns "+" into a space; a valgforbund is written with "+".
    params = {k: v[-1].replace(" ", "+") for k, v in raw.items()}
    for key in params:
        if key not in keys:
            r.problem(f"Feltet «{_quoted(key, 20)}» i linket bruges ikke (kendte felter: "
                      f"{', '.join(keys)})", "; det er sprunget over.")
    for key, read in QUERY_FIELDS.items():
        if key in keys and key in params and (params[key] or key not in OPTIONAL):
            r.scenario = read(r, params[key])
            r._lists = None if key in ("valg", "regioner", "kkr") else r._lists
    return r.scenario, r.notes
