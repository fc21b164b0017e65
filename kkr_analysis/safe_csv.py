"""The one CSV writer: formula-safe cells for every command's ``--format csv``, the app's
download and the importer's data files (issue 20; OWASP "CSV Injection").

A text cell whose first character makes a spreadsheet read it as a formula (``=``, ``+``,
``-``, ``@``, tab, carriage return, line feed, or their full-width forms) is written with a
leading apostrophe: ``=HYPERLINK("http://x")`` is written ``'=HYPERLINK("http://x")``, which
Excel and LibreOffice show as the text it is. Numbers stay numbers: an integer or float
value, and a text cell that is just a number (``-5``, ``+2``, ``-0,5``), is written as is.

The importer's files are read back by the loader, so the rule is reversible: a text that
already starts with apostrophes before a formula character gets one more, and
:func:`unescape_cell` (used by :func:`kkr_analysis.data.loaders.read_table`) removes one.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

__all__ = ["safe_cell", "unescape_cell", "frame_to_csv", "rows_to_csv"]

TRIGGERS = "=+-@\t\r\n\uff1d\uff0b\uff0d\uff20"
_ESCAPED = re.compile(f"'+[{re.escape(TRIGGERS)}]", re.DOTALL)
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?\s*%?")


def _needs_prefix(text: str) -> bool:
    if not text:
        return False
    if text[0] in TRIGGERS:
        return not _NUMBER.fullmatch(text)
    return _ESCAPED.match(text) is not None


def safe_cell(value: object) -> object:
    """``value`` as it may stand in a CSV cell: formula-looking text gets a leading ``'``."""
    if isinstance(value, str) and _needs_prefix(value):
        return "'" + value
    return value


def unescape_cell(text: str) -> str:
    """The inverse of :func:`safe_cell` for text read from a CSV cell."""
    if text.startswith("'") and _ESCAPED.match(text):
        return text[1:]
    return text


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells and column names are formula-safe (numbers untouched)."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        out[column] = series.map(safe_cell, na_action="ignore")
    out.columns = [safe_cell(str(c)) if isinstance(c, str) else c for c in out.columns]
    return out


def frame_to_csv(frame: pd.DataFrame, *, index: bool = False) -> str:
    """The frame as CSV text (comma, ``\\n``), every text cell formula-safe."""
    return safe_frame(frame).to_csv(index=index, lineterminator="\n")


def rows_to_csv(rows: Iterable[Mapping[str, object]], fieldnames: Sequence[str]) -> str:
    """Dict rows as CSV text (comma, ``\\n``) under ``fieldnames``, every cell formula-safe."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[safe_cell(f) for f in fieldnames],
                            lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({safe_cell(k): safe_cell(v) for k, v in row.items()})
    return buffer.getvalue()
