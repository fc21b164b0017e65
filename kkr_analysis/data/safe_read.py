"""Reading a user's or the bundled files safely: size and type checks, strict UTF-8 text, a CSV
reader whose every problem is one :class:`~kkr_analysis.errors.DataError` naming file, row and
column, and bounded counts. Used by the table loaders and the valg.dk importers."""

from __future__ import annotations

import csv
import io
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from ..danish import integer
from ..errors import DataError, os_reason, shown
from ..safe_csv import unescape_cell

MAX_COUNT = 10**10  # more votes or seats than any real election: surely a typo
MAX_FIELD = 4096  # characters in one CSV field (sources are URLs; names are short)
MAX_FILE_BYTES = 64 * 1024 * 1024  # the bundled results are 0.2 MiB


def same_name_key(name: str) -> str:
    """The key under which two spellings are the same name: case and runs of spaces ignored
    ("Nord  Vest" and "nord vest"). The one definition for bodies, list letters and polling
    areas."""
    return " ".join(str(name).split()).casefold()


def check_input_file(path: str | Path, *, max_bytes: int = MAX_FILE_BYTES) -> Path:
    """The path must be a regular, readable file of a sane size (never opened otherwise).

    A folder, a FIFO or a device given as a file says so (opening a FIFO would block).
    """
    path = Path(path)
    if "\x00" in str(path):
        raise DataError("et filnavn kan ikke indeholde et NUL-tegn", path=path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DataError("filen findes ikke", path=path) from None
    except OSError as exc:
        raise DataError(f"kan ikke læses: {os_reason(exc)}", path=path) from None
    if stat.S_ISDIR(info.st_mode):
        raise DataError("er en mappe, ikke en fil", path=path)
    if not stat.S_ISREG(info.st_mode):
        kind = ("en FIFO (navngivet rør)" if stat.S_ISFIFO(info.st_mode) else
                "en enhed" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else
                "en socket" if stat.S_ISSOCK(info.st_mode) else "en særlig fil")
        raise DataError(f"er {kind}, ikke en almindelig fil", path=path)
    if info.st_size > max_bytes:
        raise DataError(f"filen fylder {integer(round(info.st_size / 2**20))} MiB, mere end "
                        f"grænsen på {integer(round(max_bytes / 2**20))} MiB for denne slags fil",
                        path=path)
    return path


def line_of_offset(raw: bytes, offset: int) -> int:
    """The line (1-based) holding byte ``offset``; CR, LF and CRLF each end a line."""
    head = raw[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def read_text(path: str | Path, encoding: str = "utf-8-sig", *,
              max_bytes: int = MAX_FILE_BYTES) -> str:
    """A text file's content, refusing what is not a readable text file (row named)."""
    path = check_input_file(path, max_bytes=max_bytes)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"kan ikke læses: {os_reason(exc)}", path=path) from None
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DataError(
            f"byte {raw[exc.start]:#04x} (byte {integer(exc.start)} i filen) er ikke gyldig "
            f"{encoding}-tekst; gem filen som UTF-8", path=path, row=line_of_offset(raw, exc.start)
        ) from None
    if "\x00" in text:
        raise DataError("en NUL-byte (\\x00): det ligner en binær fil, ikke CSV-tekst",
                        path=path, row=line_of_offset(raw, raw.index(b"\x00")))
    return text.lstrip("\ufeff")


def csv_rows(text: str, path: Path, sep: str = ",") -> list[tuple[int, list[str]]]:
    """``(line, cells)`` per CSV record; ``line`` is where the record starts (header = 1).

    Line breaks are CR, LF or CRLF (as Excel and valg.dk write them); other Unicode line
    separators (U+2028) are ordinary characters inside a field. Fields longer than
    :data:`MAX_FIELD` characters are refused.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=False)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            reason = str(exc)
            if "field larger" in reason:
                reason = f"et felt på mere end {integer(MAX_FIELD)} tegn"
            elif "unexpected end of data" in reason:
                reason = "filen slutter midt i et felt (mangler et anførselstegn?)"
            elif "new-line character seen in unquoted field" in reason:
                reason = "et linjeskift i et felt uden anførselstegn"
            raise DataError(f"ugyldig CSV: {reason}", path=path, row=start) from None
        for index, cell in enumerate(row):
            if len(cell) > MAX_FIELD:
                raise DataError(f"et felt på {integer(len(cell))} tegn, mere end de "
                                f"{integer(MAX_FIELD)}, en værdi må have (mangler et "
                                "anførselstegn?)", path=path, row=start,
                                column=f"felt {index + 1}")
        rows.append((start, row))
        start = reader.line_num + 1
    return rows


def read_table(
    path: str | Path,
    required: Sequence[str],
    *,
    integers: Iterable[str] = (),
    optional_integers: Iterable[str] = (),
    optional: Iterable[str] = (),
    sep: str = ",",
    encoding: str = "utf-8-sig",
) -> pd.DataFrame:
    """Read a CSV as strings, check its columns and turn integer columns into ``Int64``.

    ``integers`` must be filled in every row; ``optional_integers`` may be empty (→ ``<NA>``).
    Raises :class:`DataError` for a missing, special or empty file, a missing or doubled
    column, a malformed line or a value that is not a whole number within 0 … 10^10.
    The ``_line`` column holds each row's line in the file (header = line 1).
    """
    path = Path(path)
    if path.is_symlink():  # a file outside the folder is never read, nor quoted in a message
        raise DataError("er et symbolsk link; data læses aldrig gennem et link: læg selve "
                        "filen i mappen", path=path)
    text = read_text(path, encoding)
    if not text.strip():
        raise DataError("filen er tom; der skal være en overskriftslinje og datarækker",
                        path=path)
    rows = csv_rows(text, path, sep)
    header = [h.strip() for h in rows[0][1]]
    missing = [c for c in required if c not in header]
    if missing:
        hint = ""
        if len(header) == 1 and sep not in rows[0][1][0]:
            hint = f" (er skilletegnet {sep!r}? overskriften lyder {shown(rows[0][1][0])})"
        raise DataError(
            f"mangler kolonne(r) {', '.join(missing)}; kolonnerne skal være "
            f"{', '.join(required)}{hint}",
            path=path,
            row=1,
            column=missing[0],
        )
    doubled = sorted({h for h in header if h and header.count(h) > 1})
    if doubled:
        raise DataError("kolonnen står to gange i overskriften", path=path, row=1,
                        column=doubled[0])
    records = []
    for line_no, row in rows[1:]:
        if not row or all(not cell.strip() for cell in row):
            continue  # blank lines carry no data
        if len(row) != len(header):
            raise DataError(
                f"{len(row)} felter, hvor overskriften har {len(header)}", path=path, row=line_no
            )
        records.append((line_no, row))
    frame = pd.DataFrame([r for _, r in records], columns=header, dtype="string")
    for column in frame.columns:  # a whole column at a time: outer spaces, the CSV writer's '
        cells = frame[column].str.strip()
        quoted = cells.str.startswith("'")
        if quoted.any():
            cells[quoted] = cells[quoted].map(unescape_cell)
        frame[column] = cells
    frame["_line"] = [n for n, _ in records]
    for column in optional:
        if column not in frame.columns:
            frame[column] = pd.Series([""] * len(frame), dtype="string")
    for column in integers:
        frame[column] = _integers(frame, column, path, allow_empty=False)
    for column in optional_integers:
        if column in frame.columns:
            frame[column] = _integers(frame, column, path, allow_empty=True)
        else:
            frame[column] = pd.array([pd.NA] * len(frame), dtype="Int64")
    return frame


def parse_count(cell: str, *, path: Path, row: int | None, column: str,
                what: str = "et ikke-negativt helt tal") -> int:
    """A count as written in a data file: ASCII digits only, at most :data:`MAX_COUNT`."""
    if not (cell.isascii() and cell.isdigit()):
        if cell.startswith("-") and cell[1:].isascii() and cell[1:].isdigit():
            found = f"{shown(cell)} (et negativt tal)"
        elif any(ch.isdigit() for ch in cell) and not cell.isascii():
            found = f"{shown(cell)} (andre cifre end 0-9)"
        else:
            found = shown(cell)
        raise DataError(f"{found} er ikke {what} (ingen decimaler, ingen tusindtalsseparator)",
                        path=path, row=row, column=column)
    if len(cell.lstrip("0")) > len(str(MAX_COUNT)) or int(cell) > MAX_COUNT:
        raise DataError(f"{shown(cell)} er større end ved noget virkeligt valg (over "
                        f"{integer(MAX_COUNT)}); en tastefejl?", path=path, row=row, column=column)
    return int(cell)


def _integers(frame: pd.DataFrame, column: str, path: Path, *, allow_empty: bool) -> pd.Series:
    """The column as ``Int64``, checked a whole column at a time; the first bad cell is named
    by :func:`parse_count`'s message."""
    cells = frame[column].fillna("").astype(str).reset_index(drop=True)
    lines = frame["_line"].reset_index(drop=True)
    empty = cells == ""
    if not allow_empty and empty.any():
        raise DataError("tom; der skal stå et helt tal", path=path,
                        row=int(lines[empty.idxmax()]), column=column)
    ok = empty | (cells.str.fullmatch(r"[0-9]+").fillna(False).astype(bool)
                  & (cells.str.lstrip("0").str.len() <= len(str(MAX_COUNT))))
    if not ok.all():
        at = (~ok).idxmax()
        parse_count(cells[at], path=path, row=int(lines[at]), column=column)  # raises
    values = pd.to_numeric(cells.mask(empty))
    over = values > MAX_COUNT
    if over.any():
        at = over.idxmax()
        parse_count(cells[at], path=path, row=int(lines[at]), column=column)  # raises
    return pd.array(values.astype("Int64"), dtype="Int64")
