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

import datetime as dt
import io
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..danish import integer
from ..errors import DataError, os_reason, shown
from .safe_read import MAX_COUNT, MAX_FIELD, check_input_file, line_of_offset, same_name_key

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
    lists: pd.DataFrame  # list_letter, list_name, list_votes, personal_votes, votes[, seats]
    areas: pd.DataFrame  # area, list_letter, list_name, votes
    cast_votes: int | None = None  # AfgivneStemmer (JSON only; the CSV export has none)
    count_status: str = ""  # "final", "preliminary" (JSON's Resultatart), "" = not stated
    seats_given: bool = False  # ``lists`` has a ``seats`` column from valg.dk's seat file
    sources: tuple[Path, ...] = ()  # every file read for this municipality
    election_days: tuple[dt.date, ...] = ()  # JSON only: each source's Valgdag

    @property
    def total_votes(self) -> int:
        return int(self.lists["votes"].sum())

    @property
    def source_label(self) -> str:
        """How the import names its source in the data's ``source`` column."""
        if len(self.sources) > 1:
            return f"valg.dk open data (JSON): {len(self.sources)} files for {self.municipality}"
        return f"valg.dk export: {printable(self.path.name)}"


def printable(path: object) -> str:
    """A path as UTF-8 text (a table cell, a strict UTF-8 terminal): the bytes of a non-UTF-8
    file name, which Python keeps as surrogates, are shown as ``\\xff``."""
    text = str(path)
    try:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no file name decodes to
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


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
            raise DataError(f"{shown(given)} er ikke en af de 98 kommuner", path=path)
        try:
            named = municipality_from_name(path, municipalities)
        except DataError:  # the file name names no municipality: nothing to disagree with
            return hit
        if named != hit:
            raise DataError(f"filnavnet nævner {named[1]}, men --municipality siger "
                            f"{hit[1]}; omdøb filen, eller giv den rigtige kommune", path=path)
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
        "kommunen kan ikke ses af filnavnet; navngiv filen efter kommunen "
        "(fx koebenhavn.csv), eller giv --municipality", path=path)


def _decode(path: Path, max_bytes: int) -> str:
    size = path.stat().st_size
    if size > max_bytes:
        raise DataError(
            f"filen fylder {size / 2**20:.0f} MiB, mere end grænsen på "
            f"{max_bytes / 2**20:.0f} MiB; en kommunes udtræk fra valg.dk fylder omkring 1 MiB "
            "— er det den rigtige fil?", path=path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"kan ikke læses: {os_reason(exc)}", path=path) from None
    if b"\x00" in raw:
        raise DataError("en NUL-byte (\\x00): det ligner en binær fil, ikke et udtræk fra valg.dk",
                        path=path, row=line_of_offset(raw, raw.index(b"\x00")))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = line_of_offset(raw, exc.start)
        raise DataError(
            f"byte {raw[exc.start]:#x} er ikke UTF-8 (filen ligner Latin-1/Windows-1252); "
            "udtræk fra valg.dk er UTF-8 — hent filen igen, eller gem den som UTF-8", path=path,
            row=line
        ) from exc
    text = text.lstrip("\ufeff")  # the BOM, once or (after a bad re-save) twice
    if not text.strip():
        raise DataError("filen er tom; der skal være et udtræk fra valg.dk", path=path)
    if "\r" in text:  # CR or CRLF line ends: one line each, as every spreadsheet counts them
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _parse(path: Path, text: str) -> pd.DataFrame:
    header = text.split("\n", 1)[0].rstrip("\r")
    if ";" not in header:
        sep = "," if "," in header else ("\t" if "\t" in header else None)
        hint = f" (denne fil bruger {sep!r})" if sep else ""
        raise DataError(f"kolonnerne {';'.join(COLUMNS)} skal være adskilt af ';'{hint}",
                        path=path,
                        row=1)
    names = [h.strip() for h in header.split(";")]
    doubled = [c for c in COLUMNS if names.count(c) > 1]
    if doubled:
        raise DataError("kolonnen står to gange i overskriften; hvilken har stemmerne?",
                        path=path, row=1, column=doubled[0])
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise DataError(f"kolonnen {missing[0]!r} mangler; et udtræk fra valg.dk har "
                        f"{';'.join(COLUMNS)} (fandt {shown(';'.join(names), 120)})",
                        path=path, row=1, column=missing[0])
    need = len(names) - 1
    for number, line in enumerate(text.split("\n")[1:], start=2):
        found = line.count(";")
        if found < need and line.strip():
            raise DataError(f"for få felter på linjen ({found + 1} af {len(names)}; er filen "
                            "skåret af?)", path=path, row=number, column=names[found + 1])
    try:
        frame = pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False,
                            skip_blank_lines=False, engine="c")
    except pd.errors.ParserError as exc:
        match = re.search(r"line (\d+)", str(exc))
        fields = re.search(r"Expected (\d+) fields in line \d+, saw (\d+)", str(exc))
        why = (f"{fields.group(2)} felter, hvor overskriften har {fields.group(1)}" if fields
               else shown(exc, 120))
        raise DataError(f"ugyldig linje: {why}", path=path,
                        row=int(match.group(1)) if match else None) from exc
    frame.columns = names
    frame = frame[list(COLUMNS)]
    frame["_line"] = range(2, len(frame) + 2)
    if any(mark in text for mark in PADDING):  # strip only if a field has outer spaces (rare)
        for column in COLUMNS:
            frame[column] = frame[column].str.strip()
    frame = frame[~frame[list(COLUMNS)].eq("").all(axis=1)]  # blank lines
    if frame.empty:
        raise DataError("filen har en overskrift, men ingen datarækker", path=path, row=2)
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
               "{value} er ikke et ikke-negativt helt antal stemmer (ingen decimaler, ingen "
               "tusindtalsseparator, cifrene 0-9)")
    fail_where(VOTES, {v for v in frame[VOTES].unique()
                       if len(v.lstrip("0")) > len(str(MAX_COUNT)) or int(v) > MAX_COUNT},
               f"{{value}} stemmer er flere end ved noget virkeligt valg (over "
               f"{integer(MAX_COUNT)})")
    for column in (AREA, LIST_NAME, NAME):
        fail(frame[column].str.len() > MAX_FIELD, column,
             f"et felt på mere end {integer(MAX_FIELD)} tegn (mangler et linjeskift?)")
    fail_where(LETTER, {v for v in frame[LETTER].unique() if not LETTER_PATTERN.fullmatch(v)},
               "{value} er ikke et listebogstav (ét stort bogstav A-Å eller tomt)")
    fail(frame[AREA] == "", AREA, "tomt afstemningsområde")
    fail(frame[LIST_NAME] == "", LIST_NAME, "tomt listenavn")
    fail(frame[NAME] == "", NAME, "tomt navn (der skal stå 'Listestemmer' eller en kandidat)")
    pairs = frame[[LETTER, LIST_NAME]].drop_duplicates()
    clash = pairs[(pairs[LETTER] != "") & pairs.duplicated(subset=[LETTER])]
    if not clash.empty:
        letter = clash.iloc[0][LETTER]
        first = frame[frame[LETTER] == letter][LIST_NAME].iloc[0]
        fail((frame[LETTER] == letter) & (frame[LIST_NAME] != first), LIST_NAME,
             "listenavnet {value} er et andet end det, der blev brugt før for samme bogstav")
    fail(frame.duplicated(subset=[AREA, LETTER, LIST_NAME, NAME]), NAME,
         "række gentaget: {value} har allerede stemmer i dette afstemningsområde for listen")
    # One polling area under two spellings (case, spaces): its votes would count twice.
    spellings = pd.Series(frame[AREA].unique())
    keys = spellings.map(same_name_key)
    twice = spellings[keys.duplicated(keep="first")]
    if not twice.empty:
        first = spellings[keys == keys[twice.index[0]]].iloc[0]
        fail(frame[AREA] == twice.iloc[0], AREA,
             "afstemningsområdet {value} er " + f"{shown(first)} skrevet på en anden måde "
             "(store/små bogstaver eller mellemrum); det samme område to gange ville tælle "
             "stemmerne dobbelt")


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
    if int(lists["votes"].sum()) > MAX_COUNT:
        raise DataError(f"listerne får i alt {integer(int(lists['votes'].sum()))} stemmer, "
                        f"flere end ved noget virkeligt valg (over {integer(MAX_COUNT)})",
                        path=path, column=VOTES)
    lists = lists.sort_values("votes", ascending=False, kind="stable").reset_index(drop=True)
    areas = (frame.groupby([AREA, LETTER, LIST_NAME], sort=False)["votes"].sum().reset_index()
             .rename(columns={AREA: "area", LETTER: "list_letter", LIST_NAME: "list_name"}))
    return ValgdkFile(path, code, name, lists, areas, sources=(path,))


def read_valgdk_files(paths: Sequence[str | Path], municipalities: pd.DataFrame,
                      municipality: str | None = None) -> list[ValgdkFile]:
    """Read several exports; two files for one municipality are refused."""
    if municipality is not None and len(paths) > 1:
        raise DataError("--municipality nævner én kommune; giv én fil sammen med den")
    files = [read_valgdk(p, municipalities, municipality) for p in paths]
    _one_per_municipality(files, "fil", "ét udtræk")
    return files


def _one_per_municipality(files: Sequence[ValgdkFile], what: str, give: str) -> None:
    """Two sources for one municipality are refused, naming both."""
    seen: dict[int, Path] = {}
    for f in files:
        if f.municipality_code in seen:
            raise DataError(f"en {what} mere for {f.municipality} (den første var "
                            f"{seen[f.municipality_code]}); giv {give} pr. kommune",
                            path=f.path)
        seen[f.municipality_code] = f.path


def _is_valgdk_file(path: Path) -> bool:
    """Inside a folder: a ``.json`` with valg.dk's open-data name, or a ``.csv`` whose header is
    the export's (other files — a README, the user's own tables — are not valg.dk's)."""
    from .valgdk_json import kind_of

    if path.suffix.lower() == ".json":
        return kind_of(path) is not None
    if path.suffix.lower() != ".csv":
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(400).decode("utf-8", "replace").lstrip("\ufeff")
    except OSError:
        return True  # let the reader say what is wrong with it
    return head.split("\n", 1)[0].replace(" ", "").startswith(f"{AREA};")


def _files_under(folder: Path) -> list[Path]:
    """Every file under ``folder`` (hidden names left out); a sub-folder that cannot be read is
    an error, never a silent skip (Fanø from 1 of its 2 polling areas)."""
    def refuse(exc: OSError) -> None:
        raise DataError(f"mappen kan ikke læses: {os_reason(exc)}",
                        path=exc.filename or folder) from None

    found = []
    for root, dirs, files in os.walk(folder, onerror=refuse):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in dirs:
            if (Path(root) / name).is_symlink():  # os.walk would pass it by in silence
                raise DataError("er et symbolsk link til en mappe; giv mappen selv",
                                path=Path(root) / name)
        for name in files:
            if not name.startswith("."):
                path = Path(root) / name
                if path.is_file() or path.is_symlink():
                    found.append(path)
    return sorted(found)


def _expand(paths: Sequence[str | Path], skipped: list[Path] | None = None) -> list[Path]:
    """Files and folders, mixed: a folder stands for every valg.dk file under it (CSV export or
    JSON open data); other files there are listed in ``skipped``. A file named on its own is
    always read (and refused if it is not valg.dk's)."""
    found: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            inside = _files_under(path)
            keep = [f for f in inside if _is_valgdk_file(f)]
            if skipped is not None:
                skipped.extend(f for f in inside if f not in set(keep))
            if not keep:
                raise DataError("mappen har ingen filer fra valg.dk (.csv-udtræk eller "
                                ".json-åbne data)", path=path)
            found.extend(keep)
        else:
            found.append(path)
    return found


def read_valgdk_paths(paths: Sequence[str | Path], municipalities: pd.DataFrame,
                      municipality: str | None = None, *,
                      skipped: list[Path] | None = None) -> list[ValgdkFile]:
    """valg.dk's files as a user downloads them, files and folders mixed: the CSV export (one
    file per municipality) and the JSON open data (``valgresultater-…json`` per polling area,
    ``mandatfordeling-…json`` per municipality). One :class:`ValgdkFile` per municipality;
    two sources for one municipality are refused."""
    from . import valgdk_json as vj

    files = _expand(paths, skipped)
    csvs = [f for f in files if f.suffix.lower() != ".json"]
    jsons = [f for f in files if f.suffix.lower() == ".json"]
    for f in jsons:
        if vj.kind_of(f) is None:
            raise DataError("ikke et filnavn fra valg.dk's åbne data (valgresultater-….json "
                            "eller mandatfordeling-….json)", path=f)
    if municipality is not None and jsons:
        raise DataError("--municipality er til ét CSV-udtræk; JSON-filer nævner selv deres "
                        "kommune (Kommunekode)")
    result = read_valgdk_files(csvs, municipalities, municipality) if csvs else []
    if jsons:
        areas = [vj.read_area_file(f) for f in jsons if vj.kind_of(f) == "areas"]
        seats = [vj.read_seat_file(f) for f in jsons if vj.kind_of(f) == "seats"]
        names = dict(zip(municipalities["code"].astype(int), municipalities["municipality"]))
        for item in [*areas, *seats]:
            _check_municipality(item.path, item.municipality_code, item.municipality_name,
                                names)
        for m in vj.assemble(areas, seats):
            lists, detail = vj.municipality_frames(m)
            read = (*m.areas, *((m.seat_file,) if m.seat_file else ()))
            sources = tuple(item.path for item in read)
            result.append(ValgdkFile(
                m.areas[0].path, m.municipality_code, names[m.municipality_code], lists, detail,
                cast_votes=sum(a.cast_votes for a in m.areas),
                count_status="final" if m.status == vj.FINAL else "preliminary",
                seats_given=m.seat_file is not None, sources=sources,
                election_days=tuple(item.election_day for item in read)))
    _one_per_municipality(result, "kilde", "én kilde")
    return sorted(result, key=lambda f: f.municipality_code)


def _name_forms(name: str) -> set[str]:
    """How valg.dk names a municipality, folded: "København", "Københavns Kommune",
    "Bornholms Regionskommune"."""
    base = _fold(name)
    return {base + end for end in ("", "kommune", "skommune", "regionskommune",
                                   "sregionskommune")}


def _check_municipality(path: Path, code: int, name: str, names: dict[int, str]) -> None:
    """A JSON file's ``Kommunekode``, its ``Kommune`` and its file name must name one
    municipality: Fanø's files with Esbjerg's code must not replace Esbjerg."""
    if code not in names:
        raise DataError(f"Kommunekode {code} er ikke en af de 98 kommuner", path=path,
                        column="Kommunekode")
    if _fold(name) not in _name_forms(names[code]):
        raise DataError(f"Kommune {shown(name)} er ikke {names[code]}, som Kommunekode {code} "
                        "er; filen modsiger sig selv", path=path, column="Kommune")
    rest = _fold(re.sub(r"(?i)^(valgresultater|mandatfordeling)-?(kommunalvalg-?)?", "",
                        path.stem))
    named = sorted((m for m in names.values() if rest.startswith(_fold(m))),
                   key=lambda m: len(_fold(m)), reverse=True)
    if named and named[0] != names[code]:
        raise DataError(f"filnavnet nævner {named[0]}, men filen har Kommunekode {code} "
                        f"({names[code]}); filen modsiger sig selv", path=path,
                        column="Kommunekode")


def election_of(files: Sequence[ValgdkFile], given: str | None = None) -> str:
    """The election the files are from, as the data folder names it (``KVyy``): every JSON
    file's ``Valgdag`` and every export's file name (``Kommunalvalg_2021_…``) must agree, and
    agree with ``given`` (``--election``). Files that say nothing need ``given``; there is no
    default — a wrong guess would file one election's votes under another."""
    claims: dict[str, Path] = {}
    for f in files:
        for source, day in zip(f.sources or (f.path,), f.election_days or (None,)):
            if day is not None:
                claims.setdefault(f"KV{day.year % 100:02d}", source)
            else:
                match = re.search(r"Kommunalvalg_(\d{4})_", source.name)
                if match:
                    claims.setdefault(f"KV{match.group(1)[2:]}", source)
    if len(claims) > 1:
        (one, first), (other, second) = sorted(claims.items())[:2]
        raise DataError(f"filerne er fra mere end ét valg: {one} ({first.name}) og {other}; "
                        "importér ét valg ad gangen", path=second)
    if given is not None:
        given = given.upper()
        if claims and given not in claims:
            [(found, source)] = claims.items()
            raise DataError(f"--election {given}, men filen er fra {found} (Valgdag eller "
                            "filnavn); giv det valg, filerne er fra", path=source)
        return given
    if not claims:
        raise DataError("filerne siger ikke, hvilket valg de er fra (et CSV-udtræk har ingen "
                        "valgdag); giv --election, fx --election KV21")
    return claims.popitem()[0]
