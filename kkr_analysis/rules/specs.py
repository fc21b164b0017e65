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


POSTS_TO_WIN = 2  # formand and næstformand: a valgforbund's order names at most two lists


def split_order(text: str) -> tuple[str, ...]:
    """``"V,C"`` (or ``"V:C"``, as a link writes it) → ``("V", "C")``: the lists that take the
    posts the valgforbund wins, in order (its 1st post to V, its 2nd to C; KKR's forretningsorden
    § 4, stk. 2: a proportional election, the valgforbund's candidate order). A list may be named
    twice (``"C,C"``: C takes both); at most two names, since there are two posts."""
    names = tuple(n.strip() for n in text.replace(":", ",").split(","))
    if not text.strip() or any(not n for n in names):
        raise DataError(f"{shown(text)}: efter ':' nævnes de lister, der tager valgforbundets "
                        "poster i rækkefølge, adskilt af ',', fx A+F:F eller V+C:V,C")
    if len(names) > POSTS_TO_WIN:
        raise DataError(f"{shown(text)}: et valgforbund kan højst vinde to poster (formand og "
                        "næstformand); nævn højst to lister, fx V,C")
    return names


def split_alliance(spec: str, *, minimum: int = 2) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``"A+F+Ø:F"`` → ``(("A", "F", "Ø"), ("F",))`` and ``"V+C:V,C"`` → ``(("V", "C"),
    ("V", "C"))``: the members and the order of the lists for the posts the valgforbund wins
    (:func:`split_order`; empty: d'Hondt inside the valgforbund)."""
    members, colon, order = spec.partition(":")
    names = join_names(members, "valgforbund", minimum=minimum)
    return names, split_order(order) if colon else ()
