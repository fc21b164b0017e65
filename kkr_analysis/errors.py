"""The one error type for bad input, and how a message may quote what it found."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path

QUOTE_LIMIT = 40  # characters of a bad value a message shows; never the file's content
REASON_LIMIT = 500  # characters of a message after the file/row/column
PATH_LIMIT = 160  # characters of a path a message shows (the middle of a longer one is cut)


def shown(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``repr`` of a value for a one-line message: truncated, control characters escaped.

    A message must never echo a whole file, a raw NUL or a line break: ``repr`` escapes
    control characters (``\\x00``, ``\\n``), and what remains visible is cut at ``limit``.
    """
    text = str(value)
    cut = len(text) > limit
    text = text[:limit]
    # repr() escapes C0 controls; line and paragraph separators (U+2028/9) and other
    # non-printing characters are escaped by hand so the message stays on one line.
    text = "".join(ch if ch.isprintable() or ch == " " else f"\\u{ord(ch):04x}" for ch in text)
    return repr(text) + (f" (de første {limit} tegn)" if cut else "")


def _one_line(text: str) -> str:
    """Any remaining line breaks or non-printing characters in a message, made visible."""
    return "".join(
        ch if ch.isprintable() or ch == " " else
        ("\\x00" if ch == "\x00" else f"\\u{ord(ch):04x}" if unicodedata.category(ch) != "Cc"
         else f"\\x{ord(ch):02x}")
        for ch in text)


class DataError(ValueError):
    """Bad input data. The message names the file, the row (line in the file) and the column,
    in Danish: ``fil X, række N, kolonne 'Y': …`` (a path without a suffix, a folder, is named
    without "fil").

    Attributes ``path``, ``row`` and ``column`` carry the same facts for programs. The message
    is always one line.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = None if path is None else Path(path)
        self.row = row
        self.column = column
        where = []
        if path is not None:
            text = _one_line(f"{path}")
            text = (text if len(text) <= PATH_LIMIT else
                    f"{text[:PATH_LIMIT // 2]}…{text[-PATH_LIMIT // 2:]}")
            is_file = Path(path).suffix or row is not None or column is not None
            where.append(f"fil {text}" if is_file else text)  # a folder is not called "fil"
        if row is not None:
            where.append(f"række {row}")
        if column is not None:
            where.append(f"kolonne {shown(column)}")
        reason = _one_line(message)
        if len(reason) > REASON_LIMIT:  # a safety net: no message may echo a file
            reason = reason[:REASON_LIMIT] + f"… ({len(reason):,} tegn i alt)".replace(",", ".")
        self.reason = reason
        super().__init__(f"{', '.join(where)}: {self.reason}" if where else self.reason)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """``"; … mente du 'C'?"`` when ``name`` matches a known name but for case (list names
    are case-sensitive: ``c`` is not ``C``), else ``""``."""
    near = sorted(k for k in known if k != name and k.casefold() == str(name).casefold())
    return (f"; listenavne skelner mellem store og små bogstaver — mente du {near[0]!r}?"
            if near else "")


OS_REASONS = {  # errno name → why, in Danish (the operating system's own text is English)
    "ENOENT": "findes ikke", "EACCES": "ingen adgang", "EPERM": "ikke tilladt",
    "ENAMETOOLONG": "filnavnet er for langt", "ENOSPC": "ikke mere plads på disken",
    "EROFS": "filsystemet er skrivebeskyttet", "ENOTDIR": "en del af stien er ikke en mappe",
    "EISDIR": "er en mappe", "ELOOP": "for mange symbolske link i stien",
    "EEXIST": "findes allerede", "EBUSY": "er optaget", "EXDEV": "ligger på et andet filsystem",
    "ENOTEMPTY": "mappen er ikke tom", "EIO": "læse-/skrivefejl",
}


def os_reason(exc: BaseException) -> str:
    """Why an operation on a file failed, in Danish where the error number is known
    (``File name too long`` → "filnavnet er for langt"), else the system's own text."""
    import errno

    name = errno.errorcode.get(getattr(exc, "errno", None) or -1, "")
    if name in OS_REASONS:
        return OS_REASONS[name]
    if isinstance(exc, ValueError) and "null" in str(exc).lower():
        return "stien indeholder et NUL-tegn"
    return getattr(exc, "strerror", None) or str(exc)
