"""A shared link (``?valg=KV21&kkr=…&forbund=…``) read field by field, as the inputs read it.

A link is typed, copied, cut and forged by people: every field goes through the same check as
the control it fills (the threshold as the "Spærregrænse" field, a what-if change as the
"± %" field, list letters matched as the dropdowns name them, in any case). A field that fails
is dropped with one Danish line saying what was wrong; the rest of the scenario is kept. Nothing
here raises for a bad link: the worst link shows the default scenario with its notes.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from urllib.parse import parse_qs

from .. import danish
from ..apportion import METHODS
from ..errors import DataError
from ..rules.chair import Alliance
from ..rules.lists import resolve_region
from ..rules.specs import split_order
from ..scenario import Scenario, cached_election, parse_percent
from .model import evaluate, parse_change, region_lists

ELECTIONS = ("KV21", "KV25")
FIELDS = ("valg", "kkr", "spaerregraense", "metode", "forbund", "stemmer", "stemmetal",
          "borgmester")
SHOWN = 40  # characters of a bad value quoted in a message
MAX_VOTES = 10**8  # an absolute change beyond any region's electorate


def shown(value: str, limit: int = SHOWN) -> str:
    """A value quoted in a message: at most ``limit`` characters, one line ("abc…")."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit] + "…"


def _either(items: list[str]) -> str:
    """["a", "b", "c"] → "a, b eller c"."""
    return ", ".join(items[:-1]) + " eller " + items[-1] if len(items) > 1 else "".join(items)


def _method(text: str) -> str:
    names = {m: m for m in METHODS} | {danish.method_name(m).lower(): m for m in METHODS}
    key = text.strip().lower().replace("sainte-laguë", "sainte-lague")
    if key not in names:
        raise DataError(f"Metoden «{shown(text)}» kendes ikke; vælg "
                        f"{_either([danish.method_name(m) for m in METHODS])}")
    return names[key]


class _Lists:
    """The KKR's list names as the dropdowns show them, looked up in any case ("ø" → "Ø")."""

    def __init__(self, scenario: Scenario) -> None:
        self.names = region_lists(scenario)
        self.by_key = {n.upper(): n for n in self.names}
        self.where = f"KKR {scenario.kkr} ({scenario.election})"

    def get(self, name: str) -> str:
        found = self.by_key.get(name.strip().upper())
        if found is None:
            raise DataError(f"«{shown(name, 12)}» er ikke en liste i {self.where}; listerne er "
                            f"{', '.join(self.names)}")
        return found


def _alliances(text: str, lists: _Lists, notes: list[str]) -> tuple[Alliance, ...]:
    """``A+F+Ø:F,C+V`` → valgforbund; an unknown or repeated list is taken out with a note."""
    result: list[Alliance] = []
    seen: set[str] = set()
    for spec in text.split(","):
        part, colon, nominee = spec.partition(":")
        members: list[str] = []
        pieces = part.split("+")
        if any(not p.strip() for p in pieces) and any(p.strip() for p in pieces):
            notes.append(f"Valgforbund «{shown(part)}» har en tom plads ved et «+»; læst som "
                         f"{'+'.join(p.strip() for p in pieces if p.strip())}.")
        for raw in pieces:
            if not raw.strip():
                continue
            try:
                name = lists.get(raw)
            except DataError as exc:
                notes.append(f"Valgforbund: {exc}; den er taget ud af valgforbund "
                             f"«{shown(part)}».")
                continue
            if name in seen:
                notes.append(f"Valgforbund: {name} står i flere valgforbund; kun det første "
                             f"bruges.")
                continue
            seen.add(name)
            members.append(name)
        order = _order(nominee, members, lists, notes) if colon and nominee.strip() else ()
        if members:
            result.append(Alliance(tuple(members), order))
        elif spec.strip() and not any(p.strip() for p in pieces):
            notes.append(f"Valgforbund «{shown(spec)}» nævner ingen liste; sprunget over.")
    return tuple(result)


def _order(text: str, members: list[str], lists: _Lists, notes: list[str]) -> tuple[str, ...]:
    """``V:C`` after a valgforbund's ':' → the lists for its 1st and 2nd post
    (:func:`~kkr_analysis.rules.specs.split_order`); a bad order is dropped with a note."""
    try:
        order = tuple(lists.get(n) for n in split_order(text))
        outside = [n for n in order if n not in members]
        if outside:
            raise DataError(f"{', '.join(outside)} er ikke medlem af valgforbund "
                            f"{'+'.join(members) or '(tomt)'}")
    except DataError as exc:
        notes.append(f"Valgforbund: rækkefølgen «{shown(text, 12)}» bruges ikke ({exc}); "
                     f"posterne går til medlemmerne efter d'Hondt inden for forbundet.")
        return ()
    return order


def _mayors(text: str, notes: list[str]) -> tuple[tuple[str, str], ...]:
    """``Kolding:C,Vejle:A`` → (municipality, list) pairs; a part that is not KOMMUNE:LISTE is
    dropped with a note (the posts themselves are checked by ``model.fit_mayors``)."""
    pairs: dict[str, tuple[str, str]] = {}
    for part in text.replace("+", " ").split(","):
        name, _, spec = part.rpartition(":")
        if not name.strip() or not spec.strip() or len(part) > 80:
            notes.append(f"Borgmester: «{shown(part)}» er ikke KOMMUNE:LISTE (fx Kolding:C); "
                         f"sprunget over.")
        elif name.strip().casefold() in pairs:
            notes.append(f"Borgmesteren i {shown(name.strip())} står to gange i linket; kun den "
                         f"første bruges.")
        else:
            pairs[name.strip().casefold()] = (name.strip(), spec.strip())
    return tuple(pairs.values())


def _pairs(text: str, lists: _Lists, parse: Callable[[str], object], what: str,
           notes: list[str]) -> tuple[tuple[str, object], ...]:
    result: dict[str, object] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        name, colon, value = part.rpartition(":")
        try:
            if not colon:
                raise DataError(f"«{shown(part)}» er ikke LISTE:TAL (fx C:-5)")
            result[lists.get(name)] = parse(value)
        except DataError as exc:
            notes.append(f"{what}: {exc}; sprunget over.")
    return tuple((n, v) for n, v in result.items() if v)


def _votes(text: str) -> int:
    try:
        value = int(text.strip().replace(".", "").replace("−", "-"))
    except ValueError:
        raise DataError(f"«{shown(text)}» er ikke et helt antal stemmer (fx 674 eller -674)"
                        ) from None
    if abs(value) > MAX_VOTES:
        raise DataError(f"{shown(text)} stemmer er flere, end nogen region har")
    return value


def read_link(query: str | None) -> tuple[Scenario, list[str]]:
    """The scenario of a shared link and a Danish note per field that was dropped (never raises
    for a bad link; the fields are checked in order: valg, kkr, then the rest in that KKR)."""
    notes: list[str] = []
    try:
        raw = parse_qs((query or "").lstrip("?"), keep_blank_values=True)
    except ValueError:
        raw = {}
        notes.append("Linket kunne ikke læses; standardscenariet vises.")
    # parse_qs turns "+" into a space; a valgforbund is written with "+".
    params = {k: v[-1].replace(" ", "+") for k, v in raw.items()}
    for key in params:
        if key not in FIELDS:
            notes.append(f"Feltet «{shown(key, 20)}» i linket bruges ikke af appen og er "
                         f"sprunget over.")
    scenario = Scenario()
    if "valg" in params:
        election = params["valg"].strip().upper()
        if election in ELECTIONS:
            scenario = scenario.replace(election=election)
        else:
            notes.append(f"Valget «{shown(params['valg'])}» findes ikke; vælg "
                         f"{_either(list(ELECTIONS))}. {scenario.election} vises.")
    regions = cached_election(scenario.election).regions
    if "kkr" in params:
        try:
            scenario = scenario.replace(kkr=resolve_region(params["kkr"].replace("+", " "),
                                                           regions))
        except DataError:
            notes.append(f"KKR «{shown(params['kkr'].replace('+', ' '))}» findes ikke ved "
                         f"{scenario.election}; vælg en af {', '.join(regions)}. KKR "
                         f"{scenario.kkr} vises.")
    if "spaerregraense" in params:
        try:
            scenario = scenario.replace(threshold=parse_percent(params["spaerregraense"]) / 100)
        except DataError:
            notes.append(f"Spærregrænsen «{shown(params['spaerregraense'])}» er ikke en "
                         f"procentsats mellem 0 og 100 (fx 2 eller 2,5); "
                         f"{danish.percent_value(scenario.threshold * 100)} bruges.")
    if "metode" in params:
        try:
            scenario = scenario.replace(method=_method(params["metode"]))
        except DataError as exc:
            notes.append(f"{exc}; {danish.method_name(scenario.method)} bruges.")
    lists = _Lists(scenario)
    if params.get("forbund"):
        scenario = scenario.replace(alliances=_alliances(params["forbund"], lists, notes))
    if params.get("stemmer"):
        changes = _pairs(params["stemmer"], lists, parse_change, "Stemmeændring", notes)
        scenario = scenario.replace(vote_changes=tuple((n, Fraction(v)) for n, v in changes))
    if params.get("stemmetal"):
        additions = _pairs(params["stemmetal"], lists, _votes, "Stemmetal", notes)
        scenario = scenario.replace(vote_additions=tuple((n, int(v)) for n, v in additions))
    if params.get("borgmester"):  # the posts themselves: checked in model.fit_mayors
        try:
            scenario = scenario.replace(mayors=_mayors(params["borgmester"], notes))
        except DataError as exc:
            notes.append(f"Borgmester: {exc}; sprunget over.")
    try:

        evaluate(scenario)
    except DataError as exc:
        notes.append(f"Scenariet i linket kan ikke beregnes ({shown(str(exc), 120)}); "
                     f"KKR {scenario.kkr} ({scenario.election}) vises uden ændringer.")
        scenario = Scenario(scenario.election, scenario.kkr)
    return scenario, notes
