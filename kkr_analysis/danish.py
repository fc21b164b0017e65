"""Numbers and words for Danish readers: the one place that formats what people read.

Thousands separator ".", decimal comma, percentages "24,22 %", "ja"/"nej", Danish method names.
Built on Babel's Danish locale data (CLDR). Reports, the app, notebooks and views use these.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from fractions import Fraction
from numbers import Integral, Real

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "da_DK"

METHOD_NAMES = {
    "dhondt": "d'Hondt",
    "sainte-lague": "Sainte-Laguë",
    "hare": "største brøk (Hare)",
}


def integer(value: int | Real) -> str:
    """211026 → "211.026" (also beyond Babel's decimal precision, e.g. Bell(40))."""
    whole = int(value)
    if abs(whole) >= 10**24:  # Babel's Decimal context cannot quantize numbers this long
        return f"{whole:,}".replace(",", ".")
    return format_decimal(whole, format="#,##0", locale=LOCALE)


def _plain(value: float, digits: int, trim: bool) -> str | None:
    """Numbers Babel's Decimal context cannot format (infinite, or 10^15 and beyond), in the
    same Danish form by hand; ``None`` for every ordinary number."""
    if math.isfinite(value) and abs(value) < 1e15:
        return None
    if not math.isfinite(value):
        return "∞" if value > 0 else "−∞"
    text = f"{value:,.{digits}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def decimal(value: Real | Fraction, digits: int = 2) -> str:
    """24.2213 → "24,22" (``digits`` decimals, always shown)."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    plain = _plain(float(value), digits, trim=False)
    return plain if plain is not None else format_decimal(float(value), format=pattern,
                                                            locale=LOCALE)


def percent(share: Real | Fraction, digits: int = 2) -> str:
    """A share 0.2422 → "24,22 %" (the share, not the percentage, goes in)."""
    return f"{decimal(float(share) * 100, digits)} %"


def percent_value(value: Real | Fraction, digits: int = 2) -> str:
    """A percentage 2.5 → "2,5 %" (trailing zeros dropped up to ``digits`` decimals)."""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    plain = _plain(float(value), digits, trim=True)
    if plain is not None:
        return f"{plain} %"
    return f"{format_decimal(float(value), format=pattern, locale=LOCALE)} %"


def yes_no(value: bool) -> str:
    return "ja" if value else "nej"


def method_name(method: str) -> str:
    """"dhondt" → "d'Hondt"; an unknown name is returned unchanged."""
    return METHOD_NAMES.get(method, method)


def number(value: object, digits: int = 2) -> str:
    """Any number for a reader: integers (and floats without a fraction) as "211.026",
    other reals as "24,22"; ``None``/NaN as "–"; booleans as "ja"/"nej"; dates as
    "25. januar 2022"; text unchanged."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return "–"
    if isinstance(value, bool) or type(value).__name__ in ("bool_", "bool"):
        return yes_no(bool(value))
    if isinstance(value, dt.date):  # a date (or the day of a datetime): "25. januar 2022"
        return date_da(value)
    if isinstance(value, Integral):
        return integer(value)
    if isinstance(value, Fraction | Real):
        f = float(value)
        if f != f:
            return "–"
        return integer(f) if f == int(f) else decimal(f, digits)
    return str(value)


def date_da(value: dt.date | str) -> str:
    """2022-01-25 (a date or ISO text) → "25. januar 2022"."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return format_date(value, "d. MMMM y", locale=LOCALE)


def cap_da(size: int, cap: int, binds: bool) -> str:
    """The cap in words, never "loft 38; loftet binder ikke" for 38 members (rule
    ``kkr.size``): binding, reached exactly without binding, or not reached."""
    if binds:
        return (f"loft {integer(cap)}, som binder: ingen forholdsmæssig størrelse under loftet, "
                "så borgmestrenes pladser er givet som minimum")
    if size >= cap:
        return (f"loft {integer(cap)}: den mindste forholdsmæssige størrelse er netop "
                f"{integer(size)}, så loftet skærer intet væk")
    return f"loft {integer(cap)}, som ikke nås"


def plural(count: int, one: str, many: str) -> str:
    """"1 plads" / "3 pladser" with a Danish integer."""
    return f"{integer(count)} {one if count == 1 else many}"


def join_and(items: list[str]) -> str:
    """["A", "C", "V"] → "A, C og V"."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


REASONS_DA = {
    "below": "under", "of the region's cast votes": "af de afgivne stemmer i regionen",
    "of the region's votes": "af regionens stemmer",
    "its seats are unknown in": "dens mandater er ukendte i", " municipalities)": " kommuner)",
    "no seat in any council of the region": "intet kommunalbestyrelsesmedlem i regionen",
    "local list outside any list cooperation (KL's love § 6)":
        "lokal liste uden kendt listesamarbejde (KL's love § 6)",
    "local list outside any list cooperation": "lokal liste uden kendt listesamarbejde",
}


def reason_da(reason: str) -> str:
    """Why a list is not represented, in Danish ("below 2 % of the region's votes" →
    "under 2 % af regionens stemmer")."""
    for english, dansk_ in REASONS_DA.items():
        reason = reason.replace(english, dansk_)
    return re.sub(r"(\d)\.(\d)", r"\1,\2", reason)  # "3.5 %" → "3,5 %"


HEADINGS = {  # machine key (CSV/JSON column) → the heading readers see
    "list": "Liste", "name": "Navn", "votes": "Stemmer", "share": "Andel af alle stemmer",
    "share_of_cast": "Andel af afgivne stemmer", "share_of_valid": "Andel af gyldige stemmer",
    "eligible": "Deltager", "reason": "Hvorfor ikke", "mayors": "Borgmestre",
    "supplementary": "Supplerende", "total": "I alt", "votes_missing": "Kommuner uden stemmetal",
    "chair": "Formand", "vice_chair": "Næstformand", "both_posts": "Begge poster",
    "only_chair": "Kun formand", "only_vice_chair": "Kun næstformand",
    "chair_only": "Kun formand", "vice_chair_only": "Kun næstformand",
    "in_a_lot": "Lodtrækning", "neither": "Ingen post", "chair_share": "Andel formand",
    "swings": "Gange afgørende", "banzhaf": "Banzhaf", "shapley_shubik": "Shapley-Shubik",
    "pivotal": "Afgørende", "seats": "Pladser", "gain_votes": "Stemmer til +1 plads",
    "loss_votes": "Stemmer til −1 plads", "fragile": "Skrøbelig", "threshold": "Spærregrænse",
    "critical": "Kritisk", "size": "Medlemmer", "cap": "Loft", "cap_factor": "Loft (× kommuner)",
    "cap_binds": "Loftet binder", "method": "Metode", "gallagher": "Gallagher",
    "loosemore_hanby": "Loosemore-Hanby", "tie": "Lodtrækning", "region": "KKR",
    "formand": "Formand", "næstformand": "Næstformand", "seat": "Plads", "divisor": "Divisor",
    "quota": "Kvote", "quotient": "Kvotient", "remainder": "Rest", "filled_by": "Besat af",
    "note": "Bemærkning", "gap_votes": "Manglende stemmer", "alliance": "Valgforbund",
    "quotient_1": "1. kvotient", "quotient_2": "2. kvotient", "post": "Post",
    "by_votes": "Efter stemmetal", "by_shares": "Efter procenter", "date": "Dato",
    "weekday": "Ugedag", "kind": "Slags", "deadline": "Frist for valgforbund",
    "deadline_weekday": "Fristens ugedag", "body": "Organ", "group": "Gruppe",
    "substitute": "Stedfortræder", "members": "Medlemmer", "changes": "Ændrer sig",
    "dhondt": "d'Hondt", "sainte-lague": "Sainte-Laguë", "hare": "Største brøk (Hare)",
    "lot": "Lodtrækning", "holds": "Har posten", "votes_needed": "Stemmer",
    "chair_probability": "Formand (sandsynlighed)",
    "vice_chair_probability": "Næstformand (sandsynlighed)",
}


def heading(key: object) -> str:
    """The Danish heading of a machine key; an unknown key with "_" as spaces."""
    return HEADINGS.get(str(key), str(key).replace("_", " "))


def text_table(frame, labels: dict[str, str] | None = None, digits: int = 2) -> str:
    """A pandas frame as a plain-text table for the terminal: Danish headings
    (:data:`HEADINGS`, ``labels`` first), every cell through :func:`number` ("211.026",
    "24,22", ja/nej, "–")."""
    names = {**HEADINGS, **(labels or {})}
    shown = frame.astype(object).copy()
    for column in shown.columns:
        shown[column] = [number(v, digits) for v in frame[column].astype(object)]
    shown.columns = [names.get(str(c), str(c).replace("_", " ")) for c in frame.columns]
    return shown.to_string(index=False)


_KNOWN_ASSUMPTION = ("listed separately in national.csv", "not found in the sources")
_KNOWN_COMPLETENESS = "no other party was on the § 6 register"  # parties have evidence


def party_assumption_da(data) -> str | None:
    """The party register's note in Danish, or ``None`` when the register is sourced. The data
    file's (English) provenance text stays as it is; the CLI prints that."""
    note = data.party_assumption
    if not note:
        return None
    election = data.election
    year = 2000 + int(election[-2:])
    text = f"Partiregister (KL's love § 6) for {election} er en antagelse: "
    if all(part in note for part in _KNOWN_ASSUMPTION):
        text += (f"partierne er de lister, der står for sig i landsresultatet for {election}; "
                 f"hvilke partier der opfyldte § 6 den 1. august {year}, står ikke i projektets "
                 "kilder.")
    elif _KNOWN_COMPLETENESS in note:
        text += ("partierne i registret er valgt til Folketinget i 2022 (kilder i datafilen); "
                 "at Kristendemokraterne (K) og Nye Borgerlige (D) ikke opfyldte § 6 den "
                 f"1. august {year}, er ikke belagt af kilderne.")
    else:
        text += "begrundelsen står i projektets datafil over partierne."
    return text
