"""Read official valg.dk "Eksportér data" files (one per municipality).

The format, as valg.dk writes it: UTF-8 with a byte-order mark, ``;``-separated, columns
``Afstemningsområde;Bogstavbetegnelse;Listenavn;Navn;Stemmetal``; one row per polling area ×
list × ("Listestemmer" — votes for the list — or one candidate's personal votes). A list's votes
are its list votes plus its candidates' personal votes.

What is accepted because its meaning is plain: no BOM, a doubled BOM, extra columns, blank
lines, surrounding spaces. Everything else fails with a :class:`DataError` naming the file, the
row (line in the file) and the column, before anything is written.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import DataError, shown
from .loaders import MAX_COUNT, MAX_FIELD, check_input_file, line_of_offset

AREA, LETTER, LIST_NAME, NAME, VOTES = (
    "Afstemningsområde", "Bogstavbetegnelse", "Listenavn", "Navn", "Stemmetal")
COLUMNS = (AREA, LETTER, LIST_NAME, NAME, VOTES)
LIST_VOTES = "Listestemmer"
MAX_BYTES = 128 * 1024 * 1024  # København's export, the largest, is 0.9 MiB
LETTER_PATTERN = re.compile(r"[A-ZÆØÅ]?")
PADDING = ("; ", " ;", ";\t", "\t;", "\n ", " \n", "\n\t", "\t\n", " \r", "\t\r")


@dataclass(frozen=True)
class ValgdkFile:
    """One imported export: the municipality, tidy list totals and polling-area detail."""

    path: Path
    municipality_code: int
    municipality: str
    lists: pd.DataFrame  # list_letter, list_name, list_votes, personal_votes, votes
    areas: pd.DataFrame  # area, list_letter, list_name, votes

    @property
    def total_votes(self) -> int:
        return int(self.lists["votes"].sum())


def _fold(text: str) -> str:
    """Lower-case ASCII form for matching names: "København" → "koebenhavn"."""
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text)


def municipality_from_name(path: Path, municipalities: pd.DataFrame,
                           given: str | None = None) -> tuple[int, str]:
    """The municipality an export belongs to: ``given`` (name or code), else the file name."""
    by_fold = {_fold(m): (int(c), m) for c, m in
               municipalities[["code", "municipality"]].itertuples(index=False)}
    by_code = {str(code): (code, m) for code, m in by_fold.values()}
    if given is not None:
        hit = by_code.get(given.strip()) or by_fold.get(_fold(given))
        if hit is None:
            raise DataError(f"{shown(given)} is not one of the 98 municipalities", path=path)
        return hit
    stem = _fold(path.stem)
    if stem in by_fold:
        return by_fold[stem]
    digits = re.sub(r"\D", "", path.stem)
    if digits in by_code:
        return by_code[digits]
    found = sorted((f for f in by_fold if f in stem), key=len, reverse=True)
    if found and (len(found) == 1 or len(found[0]) > len(found[1])):
        return by_fold[found[0]]
    raise DataError(
        "cannot tell the municipality from the file name; name the file after it "
        "(e.g. koebenhavn.csv) or give --municipality", path=path)


def _decode(path: Path, max_bytes: int) -> str:
    size = path.stat().st_size
    if size > max_bytes:
        raise DataError(
            f"the file is {size / 2**20:.0f} MiB, more than the {max_bytes / 2**20:.0f} MiB limit; "
            "a municipality's valg.dk export is about 1 MiB — is this the right file?", path=path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror or exc}", path=path) from None
    if b"\x00" in raw:
        raise DataError("a NUL byte (\\x00): this looks like a binary file, not a valg.dk export",
                        path=path, row=line_of_offset(raw, raw.index(b"\x00")))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = line_of_offset(raw, exc.start)
        raise DataError(
            f"byte {raw[exc.start]:#x} is not UTF-8 (the file looks like Latin-1/Windows-1252); "
            "valg.dk exports are UTF-8 — export again or save as UTF-8", path=path, row=line
        ) from exc
    text = text.lstrip("\ufeff")  # the BOM, once or (after a bad re-save) twice
    if not text.strip():
        raise DataError("the file is empty; expected a valg.dk export", path=path)
    if "\r" in text:  # CR or CRLF line ends: one line each, as every spreadsheet counts them
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _parse(path: Path, text: str) -> pd.DataFrame:
    header = text.split("\n", 1)[0].rstrip("\r")
    if ";" not in header:
        sep = "," if "," in header else ("\t" if "\t" in header else None)
        hint = f" (this file uses {sep!r})" if sep else ""
        raise DataError(f"expected ';'-separated columns {';'.join(COLUMNS)}{hint}", path=path,
                        row=1)
    names = [h.strip() for h in header.split(";")]
    doubled = [c for c in COLUMNS if names.count(c) > 1]
    if doubled:
        raise DataError("the column appears twice in the header; which one holds the votes?",
                        path=path, row=1, column=doubled[0])
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise DataError(f"missing column {missing[0]!r}; a valg.dk export has "
                        f"{';'.join(COLUMNS)} (found {shown(';'.join(names), 120)})",
                        path=path, row=1, column=missing[0])
    need = len(names) - 1
    for number, line in enumerate(text.split("\n")[1:], start=2):
        found = line.count(";")
        if found < need and line.strip():
            raise DataError(f"too few fields on this line ({found + 1} of {len(names)}; is the "
                            "file cut off?)", path=path, row=number, column=names[found + 1])
    try:
        frame = pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False,
                            skip_blank_lines=False, engine="c")
    except pd.errors.ParserError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise DataError(f"malformed line: {shown(exc, 120)}", path=path,
                        row=int(match.group(1)) if match else None) from exc
    frame.columns = names
    frame = frame[list(COLUMNS)]
    frame["_line"] = range(2, len(frame) + 2)
    if any(mark in text for mark in PADDING):  # strip only if a field has outer spaces (rare)
        for column in COLUMNS:
            frame[column] = frame[column].str.strip()
    frame = frame[~frame[list(COLUMNS)].eq("").all(axis=1)]  # blank lines
    if frame.empty:
        raise DataError("the file has a header but no data rows", path=path, row=2)
    return frame


def _check_values(path: Path, frame: pd.DataFrame) -> None:
    """Validate on the distinct values (few) and locate the first offending row only on error."""

    def fail_where(column: str, bad: set[str], message: str) -> None:
        if bad:
            row = frame[frame[column].isin(bad)].iloc[0]
            raise DataError(message.format(value=shown(row[column])), path=path,
                            row=int(row["_line"]), column=column)

    def fail(mask: pd.Series, column: str, message: str) -> None:
        if mask.any():
            row = frame[mask].iloc[0]
            raise DataError(message.format(value=shown(row[column])), path=path,
                            row=int(row["_line"]), column=column)

    fail_where(VOTES, {v for v in frame[VOTES].unique() if not (v.isascii() and v.isdigit())},
               "{value} is not a non-negative whole number of votes (no decimals, no "
               "thousands separator, digits 0-9)")
    fail_where(VOTES, {v for v in frame[VOTES].unique()
                       if len(v.lstrip("0")) > len(str(MAX_COUNT)) or int(v) > MAX_COUNT},
               f"{{value}} votes is beyond any real election (more than {MAX_COUNT:,})")
    for column in (AREA, LIST_NAME, NAME):
        fail(frame[column].str.len() > MAX_FIELD, column,
             f"a field longer than {MAX_FIELD:,} characters (a missing line break?)")
    fail_where(LETTER, {v for v in frame[LETTER].unique() if not LETTER_PATTERN.fullmatch(v)},
               "{value} is not a list letter (one capital letter A-Å, or empty)")
    fail(frame[AREA] == "", AREA, "empty polling area")
    fail(frame[LIST_NAME] == "", LIST_NAME, "empty list name")
    fail(frame[NAME] == "", NAME, "empty name (expected 'Listestemmer' or a candidate)")
    pairs = frame[[LETTER, LIST_NAME]].drop_duplicates()
    clash = pairs[(pairs[LETTER] != "") & pairs.duplicated(subset=[LETTER])]
    if not clash.empty:
        letter = clash.iloc[0][LETTER]
        first = frame[frame[LETTER] == letter][LIST_NAME].iloc[0]
        fail((frame[LETTER] == letter) & (frame[LIST_NAME] != first), LIST_NAME,
             "list name {value} differs from the name used earlier for the same letter")
    fail(frame.duplicated(subset=[AREA, LETTER, LIST_NAME, NAME]), NAME,
         "duplicate row: {value} already has votes in this polling area for this list")
    # One polling area under two spellings (case, spaces): its votes would count twice.
    spellings = pd.Series(frame[AREA].unique())
    keys = spellings.str.split().str.join(" ").str.casefold()
    twice = spellings[keys.duplicated(keep="first")]
    if not twice.empty:
        first = spellings[keys == keys[twice.index[0]]].iloc[0]
        fail(frame[AREA] == twice.iloc[0], AREA,
             "polling area {value} is " + f"{shown(first)} written another way (case or "
             "spaces); the same area twice would count its votes twice")


def read_valgdk(path: str | Path, municipalities: pd.DataFrame, municipality: str | None = None,
                *, max_bytes: int = MAX_BYTES) -> ValgdkFile:
    """Read one valg.dk export into list totals and polling-area detail (read-only)."""
    path = check_input_file(path, max_bytes=max_bytes)
    code, name = municipality_from_name(path, municipalities, municipality)
    frame = _parse(path, _decode(path, max_bytes))
    _check_values(path, frame)
    frame["votes"] = frame[VOTES].astype("int64")
    is_list = frame[NAME] == LIST_VOTES
    frame["list_votes"] = frame["votes"].where(is_list, 0)
    frame["personal_votes"] = frame["votes"].where(~is_list, 0)
    lists = (frame.groupby([LETTER, LIST_NAME], sort=False)[["list_votes", "personal_votes"]]
             .sum().reset_index())
    lists["votes"] = lists["list_votes"] + lists["personal_votes"]
    lists = lists.rename(columns={LETTER: "list_letter", LIST_NAME: "list_name"})
    lists = lists.sort_values("votes", ascending=False, kind="stable").reset_index(drop=True)
    areas = (frame.groupby([AREA, LETTER, LIST_NAME], sort=False)["votes"].sum().reset_index()
             .rename(columns={AREA: "area", LETTER: "list_letter", LIST_NAME: "list_name"}))
    return ValgdkFile(path, code, name, lists, areas)


def read_valgdk_files(paths: Sequence[str | Path], municipalities: pd.DataFrame,
                      municipality: str | None = None) -> list[ValgdkFile]:
    """Read several exports; two files for one municipality are refused."""
    if municipality is not None and len(paths) > 1:
        raise DataError("--municipality names one municipality; give one file with it")
    files = [read_valgdk(p, municipalities, municipality) for p in paths]
    seen: dict[int, Path] = {}
    for f in files:
        if f.municipality_code in seen:
            raise DataError(f"a second file for {f.municipality} (the first was "
                            f"{seen[f.municipality_code]}); give one export per municipality",
                            path=f.path)
        seen[f.municipality_code] = f.path
    return files
