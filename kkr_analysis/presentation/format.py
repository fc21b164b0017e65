"""The one formatting core every table for readers goes through.

Danish headings (``danish.HEADINGS``), numbers via :mod:`kkr_analysis.danish` ("211.026",
"24,22 %", signed "+1"/"−1", fixed decimals), methods as names, no index column, every row;
strings from data are escaped. Table ids are numbered, not random (reproducible reports).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping

import pandas as pd
from pandas.io.formats.style import Styler

from .. import danish
from ..danish import method_name, percent

LABELS = danish.HEADINGS  # the one Danish heading per machine key (danish.py)
# The power index's share counts only the lists that take part (not "Andel af alle stemmer").
POWER_LABELS = {"share": "Andel af deltagende listers stemmer"}
GENDER_LABELS = {"K": "Kvinder", "M": "Mænd", "unknown": "Ukendt køn"}
SHARE_COLUMNS = {"share", "share_of_cast", "share_of_valid", "chair_share", "banzhaf",
                 "shapley_shubik", "chair_probability", "vice_chair_probability"}
_PATTERNS = [(re.compile(r"^(mayors|seats)_(\w+)$"), {"mayors": "Borgmestre", "seats": "Pladser"}),
             (re.compile(r"^(mayors|seats)_change$"), {"mayors": "Ændring borgmestre",
                                                       "seats": "Ændring pladser"})]
_TABLE_IDS = itertools.count(1)


def reset_table_ids() -> None:
    """Number the next tables from 1 again (one report page: ids the same in every build)."""
    global _TABLE_IDS
    _TABLE_IDS = itertools.count(1)


def label(column: object) -> str:
    """A column's Danish heading ("gain_votes" → "Stemmer til +1 plads")."""
    text = str(column)
    if text in LABELS:
        return LABELS[text]
    match = _PATTERNS[1][0].match(text)
    if match:
        return _PATTERNS[1][1][match.group(1)]
    match = _PATTERNS[0][0].match(text)
    if match:
        return f"{_PATTERNS[0][1][match.group(1)]} {match.group(2)}"
    return text


def _share(value: object) -> str:
    if value is None or pd.isna(value):
        return "–"
    return percent(value)


def signed_number(value: object) -> str:
    """+1, 0, −1 (a true minus sign)."""
    if value is None or pd.isna(value):
        return "–"
    return ("+" if value > 0 else "−" if value < 0 else "") + danish.number(abs(value))


def _method_cell(value: object) -> str:
    """A method at the start of a cell: "Største brøk (Hare)"; d'Hondt keeps its small d."""
    name = method_name(str(value))
    return name if name.startswith("d'") else name[:1].upper() + name[1:]


def _mixed_decimals(column: pd.Series) -> bool:
    """A float column with some fractional values: every value gets the same decimals
    ("2,00", "2,10"), not "2" beside "2,10"."""
    if not pd.api.types.is_float_dtype(column):
        return False
    values = column.dropna()
    return bool(len(values)) and bool((values != values.round(0)).any())


def _fixed_decimals(value: object) -> str:
    if value is None or pd.isna(value):
        return "–"
    return danish.decimal(value)


def table(frame: pd.DataFrame, *, shares: Iterable[str] = (), signed: Iterable[str] = (),
          labels: Mapping[str, str] | None = None, index: bool = False,
          highlight: str | None = None) -> Styler:
    """A table for readers: Danish headings and numbers, shares as "24,22 %", no index column,
    every row. ``index=True`` keeps the frame's index as ordinary columns first; ``highlight``
    names a boolean column whose true rows are shaded."""
    if index:
        frame = frame.reset_index()
    frame = frame.reset_index(drop=True)
    shares = set(shares) | (SHARE_COLUMNS & {str(c) for c in frame.columns})
    signed = set(signed) | {str(c) for c in frame.columns if str(c).endswith("_change")}
    names = {**LABELS, **(labels or {})}
    headings = {c: names.get(str(c), label(c)) for c in frame.columns}
    shown = frame.rename(columns=headings)
    formats = {}
    for original, heading in headings.items():
        if str(original) in shares:
            formats[heading] = _share
        elif str(original) in signed:
            formats[heading] = signed_number
        elif str(original) == "method":
            formats[heading] = _method_cell
        elif _mixed_decimals(frame[original]):
            formats[heading] = _fixed_decimals
        else:
            formats[heading] = danish.number
    styler = Styler(shown, uuid=f"kkr{next(_TABLE_IDS)}", cell_ids=False)
    # data strings (list names, municipalities, regions) are text, never markup (issue 20)
    styler = styler.format(formats, escape="html").hide(axis="index")
    styler = styler.format_index(escape="html", axis=1)
    numeric = [i for i, c in enumerate(shown.columns)
               if pd.api.types.is_numeric_dtype(shown[c]) and not pd.api.types.is_bool_dtype(
                   shown[c])]
    styles = [{"selector": f"td.col{i}",
               "props": ("text-align: right; white-space: nowrap" if i in numeric
                         else "text-align: left")}
              for i in range(len(shown.columns))]
    # headings may wrap (a long heading never widens the table past the page)
    styles += [{"selector": f"th.col_heading.col{i}",
                "props": ("text-align: right" if i in numeric else "text-align: left")
                + ("; white-space: nowrap" if len(str(c)) <= 14 else "")}
               for i, c in enumerate(shown.columns)]
    styles.append({"selector": "", "props": "border-collapse: collapse; margin: .5em 0"})
    styles.append({"selector": "td, th", "props": "padding: .15em .6em"})
    styler = styler.set_table_styles(styles)
    if highlight is not None and highlight in frame.columns:
        flags = list(frame[highlight].astype(bool))
        styler = styler.apply(lambda row: ["background-color: #F8D7DA" if flags[row.name] else ""
                                           for _ in row], axis=1)
    return styler


def dansk(frame: pd.DataFrame) -> Styler:
    """Any result table with Danish headings and numbers (kept for notebooks written before
    :func:`table`)."""
    return table(frame)
