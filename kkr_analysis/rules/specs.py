"""Lists joined by '+' as people type them: a valgforbund (``A+F+Ø``, ``A+F:F``), a valggruppe
or a bloc. The one parser every surface uses, so a typo is refused the same way everywhere.

A valgforbund is formed *between* represented parties and list cooperations (KKR's
forretningsorden § 4, stk. 2, seed item 1.3): one list alone stands alone anyway, so a
one-list valgforbund is refused as meaningless rather than silently ignored.
"""

from __future__ import annotations

from ..errors import DataError, shown

NAMES_DA = {  # what is typed → (one of it, several of it) in Danish
    "valgforbund": ("et valgforbund", "valgforbund"),
    "valggruppe": ("en valggruppe", "valggrupper"),
    "bloc": ("en blok", "blokke"),
}


def one_da(what: str) -> str:
    """"valggruppe" → "en valggruppe" (the Danish noun with its article)."""
    return NAMES_DA.get(what, (what, what))[0]


def join_names(spec: str, what: str = "valgforbund", *, minimum: int = 1) -> tuple[str, ...]:
    """``"A+F+Ø"`` → ``("A", "F", "Ø")``; refuses an empty name (``A++F``, ``A+``), ``,`` or
    ``;`` as separator, a list named twice, and fewer than ``minimum`` lists."""
    one, many = NAMES_DA.get(what, (what, what))
    for sep in (",", ";", "/"):
        if sep in spec:
            raise DataError(f"{shown(spec)}: listerne i {one} forbindes med '+', fx A+F+Ø, "
                            f"ikke {sep!r}; flere {many} gives hver for sig (på kommandolinjen: "
                            "gentag tilvalget)")
    names = tuple(n.strip() for n in spec.split("+"))
    if not spec.strip():
        raise DataError(f"ingen lister i {one}; skriv listerne med '+' imellem, fx A+F+Ø")
    if any(not n for n in names):
        raise DataError(f"{shown(spec)}: et tomt listenavn mellem '+'; skriv listerne med ét "
                        "'+' imellem, fx A+F+Ø")
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise DataError(f"{shown(spec)}: {', '.join(twice)} er nævnt to gange i {one}")
    if len(names) < minimum:
        raise DataError(f"{shown(spec)}: {one} kræver mindst to lister (det indgås mellem "
                        "partier, forretningsorden § 4, stk. 2); en liste alene står alene "
                        "alligevel — udelad den")
    return names


def split_alliance(spec: str, *, minimum: int = 2) -> tuple[tuple[str, ...], str | None]:
    """``"A+F+Ø:F"`` → ``(("A", "F", "Ø"), "F")``: the members and the named list (nominee)."""
    members, colon, nominee = spec.partition(":")
    names = join_names(members, "valgforbund", minimum=minimum)
    if colon and (not nominee.strip() or ":" in nominee):
        raise DataError(f"{shown(spec)}: efter ':' nævnes ét medlem, der skal have "
                        "valgforbundets plads, fx A+F:F")
    return names, nominee.strip() or None
