"""Lists joined by '+' as people type them: a valgforbund (``A+F+Ø``, ``A+F:F``), a valggruppe
or a bloc. The one parser every surface uses, so a typo is refused the same way everywhere.

A valgforbund is formed *between* represented parties and list cooperations (KKR's
forretningsorden § 4, stk. 2, seed item 1.3): one list alone stands alone anyway, so a
one-list valgforbund is refused as meaningless rather than silently ignored.
"""

from __future__ import annotations

from ..errors import DataError, shown


def join_names(spec: str, what: str = "valgforbund", *, minimum: int = 1) -> tuple[str, ...]:
    """``"A+F+Ø"`` → ``("A", "F", "Ø")``; refuses an empty name (``A++F``, ``A+``), ``,`` or
    ``;`` as separator, a list named twice, and fewer than ``minimum`` lists."""
    for sep in (",", ";", "/"):
        if sep in spec:
            raise DataError(f"{shown(spec)}: join the lists of one {what} with '+', e.g. A+F+Ø, "
                            f"not {sep!r}; several {what} are given one by one (on the command "
                            "line: repeat the option)")
    names = tuple(n.strip() for n in spec.split("+"))
    if not spec.strip():
        raise DataError(f"an empty {what}; write the lists joined by '+', e.g. A+F+Ø")
    if any(not n for n in names):
        raise DataError(f"{shown(spec)}: an empty list name between '+'; write the lists "
                        f"joined by single '+', e.g. A+F+Ø")
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise DataError(f"{shown(spec)}: {', '.join(twice)} named twice in one {what}")
    if len(names) < minimum:
        raise DataError(f"{shown(spec)}: a {what} needs at least two lists (it is formed between "
                        "parties, forretningsorden § 4, stk. 2); a list alone stands alone "
                        "anyway — leave it out")
    return names


def split_alliance(spec: str, *, minimum: int = 2) -> tuple[tuple[str, ...], str | None]:
    """``"A+F+Ø:F"`` → ``(("A", "F", "Ø"), "F")``: the members and the named list (nominee)."""
    members, colon, nominee = spec.partition(":")
    names = join_names(members, "valgforbund", minimum=minimum)
    if colon and (not nominee.strip() or ":" in nominee):
        raise DataError(f"{shown(spec)}: after ':' name one member for the valgforbund's seat, "
                        "e.g. A+F:F")
    return names, nominee.strip() or None
