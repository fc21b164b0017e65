"""The KV25 reports of all five KKR say what the CLI says (issue 26, item 6).

Each KKR's six reports are built once (``build_reports(election="KV25")``); every "Kort fortalt"
answer is read back and each figure it states that the CLI also computes — the size, each
list's seats, the mayors, formand and næstformand, the smallest changing valgforbund, critical
thresholds, the closest seat, the quorum, the change from KV21 — is compared with
``kkr composition/chair/sweep/margins/quorum … --election KV25 --format json`` run in-process.
Every size a page shows (sentences, headings, tables) is the CLI's, and where Sainte-Laguë and
største brøk (Hare) give a KKR different sizes (KL has not decided between them, RULES.md) each
size statement names both. No page shows another KKR's or period's meetings, and none calls a
method KL's.

A check collects every mismatch of its page and fails once, quoting the page's sentence and the
CLI's figure, so one run lists all that disagrees.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kkr_analysis.cli import main
from kkr_analysis.presentation.report import build_reports

ELECTION = "KV25"
PERIOD = {"KV21": "2022-2026", "KV25": "2026-2029"}
REGIONS = ["Hovedstaden", "Midtjylland", "Nordjylland", "Sjælland", "Syddanmark"]
DEFAULT_METHOD = "sainte-lague"
ALTERNATIVE = "hare"  # the method KL's one published table does not rule out (RULES.md)
METHOD_NAMES = {"d'Hondt": "dhondt", "Sainte-Laguë": "sainte-lague",
                "største brøk (Hare)": "hare", "Største brøk (Hare)": "hare"}


# --- the CLI, in-process ------------------------------------------------------------------

@functools.cache
def cli(*args: str):
    """``kkr ARGS --format json``'s parsed output."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main([*args, "--format", "json"])
    assert code == 0, args
    return json.loads(out.getvalue())


def composition(kkr: str, election: str = ELECTION, method: str | None = None) -> dict:
    args = ["composition", "--election", election, "--kkr", kkr]
    return cli(*args, *(["--method", method] if method else []))


def seats(kkr: str, election: str = ELECTION, method: str | None = None) -> dict[str, int]:
    return {r["list"]: r["total"] for r in composition(kkr, election, method)["rows"]
            if r["total"]}


def mayors(kkr: str, election: str = ELECTION) -> dict[str, int]:
    return {r["list"]: r["mayors"] for r in composition(kkr, election)["rows"] if r["mayors"]}


def chair(kkr: str, election: str = ELECTION, alliances: tuple[str, ...] = ()) -> dict:
    args = ["chair", "--election", election, "--kkr", kkr]
    for alliance in alliances:
        args += ["--alliance", alliance]
    return cli(*args)


def quorum(members: int) -> int:
    """The smallest number present that `kkr quorum` calls beslutningsdygtig."""
    for present in range(members + 1):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            main(["quorum", "--members", str(members), "--present", str(present)])
        if out.getvalue().strip().endswith("ja"):
            return present
    raise AssertionError(members)


def size_statement(kkr: str) -> tuple[int, int | None]:
    """The CLI's size under the default method and, where it differs, under Hare."""
    size = composition(kkr)["size"]
    assert composition(kkr)["method"] == DEFAULT_METHOD
    alternative = composition(kkr, method=ALTERNATIVE)["size"]
    return size, (alternative if alternative != size else None)


def names_alternative(sentence: str, alternative: int) -> bool:
    """The sentence names the other method's size as a size (not "loft 44") and the method."""
    text = re.sub(r"loft \d+", "", sentence)
    return bool(re.search(rf"(?<![\d.,]){alternative}(?![\d.,]| borgmestre| supplerende)", text)
                and re.search(r"største brøk|Hare", text))


# --- the pages ----------------------------------------------------------------------------

def number(text: str) -> int:
    """A Danish integer: "211.026", "−1"."""
    return int(text.replace(".", "").replace("−", "-").replace("+", ""))


def percent(text: str) -> float:
    """A Danish share: "24,22 %" → 24.22."""
    return float(text.replace("%", "").strip().replace(",", "."))


def decimals(text: str) -> int:
    return len(text.split(",")[1].split()[0].rstrip("%")) if "," in text else 0


@dataclass
class Page:
    name: str
    soup: BeautifulSoup
    text: str  # visible text, whitespace collapsed
    answer: list[str]  # the "Kort fortalt" items

    def tables(self) -> list[tuple[str, list[str], list[list[str]]]]:
        """(the paragraph before it, header, rows) for every table."""
        found = []
        for t in self.soup.find_all("table"):
            before = t.find_previous(["p", "h2", "h3", "summary"])
            rows = [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
                    for tr in t.find_all("tr")]
            found.append((" ".join(before.get_text(" ").split()) if before else "", rows[0],
                          rows[1:]))
        return found


def read_page(path: Path) -> Page:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for hidden in soup.select(".jp-CodeCell .jp-InputArea, head, script, style"):
        hidden.decompose()
    heading = next(h for h in soup.find_all("h2") if "Kort fortalt" in h.get_text())
    items = [" ".join(li.get_text(" ").split())
             for li in heading.find_next("ul").find_all("li", recursive=False)]
    return Page(path.name, soup, " ".join(soup.get_text(" ").split()), items)


def read_pages(folder: Path) -> dict[str, Page]:
    """The six reports by number ("01" … "06")."""
    return {p.name[:2]: read_page(p) for p in sorted(folder.glob("0*.html"))}


@pytest.fixture(scope="module", params=REGIONS)
def built(request, tmp_path_factory) -> tuple[str, dict[str, Page]]:
    """One KKR's six KV25 reports, built once for every check below."""
    kkr = request.param
    out = tmp_path_factory.mktemp("kv25")
    build_reports(out, election=ELECTION, kkr=kkr)
    return kkr, read_pages(out)


def item(page: Page, start: str) -> str:
    found = [line for line in page.answer if line.startswith(start)]
    assert found, f"{page.name}: no answer line starting {start!r} in {page.answer}"
    return found[0]


# --- parsing the answer's phrases -----------------------------------------------------------

POST = r"(?P<{0}>[^,;()]+?)(?: \(valgforbund (?P<{0}_a>[^)]+)\))?"
CHAIR = re.compile(r"Formand: " + POST.format("c") + r", Næstformand: " + POST.format("v")
                   + r"(?=[.;)]|$)")


def chair_mismatches(where: str, text: str, expected: dict) -> list[str]:
    """"Formand: A (valgforbund A+B), Næstformand: V" against `kkr chair`'s JSON."""
    m = CHAIR.search(text)
    if not m:
        return [f"{where}: no 'Formand: …, Næstformand: …' in {text!r}"]
    wrong = []
    for key, post in (("c", "chair"), ("v", "vice_chair")):
        want = expected[post]
        if m.group(key).strip() != want["list"]:
            wrong.append(f"{where}: {text!r} — CLI {post} {want['list']}")
        if m.group(f"{key}_a") and m.group(f"{key}_a").split("+") != want["alliance"]:
            wrong.append(f"{where}: {text!r} — CLI {post} alliance {'+'.join(want['alliance'])}")
    if expected.get("ties"):
        wrong.append(f"{where}: CLI reports a lot {expected['ties']} — the page {text!r}")
    return wrong


def seat_items(text: str) -> dict[str, int]:
    """"V 12, A 11 og S (Tønder) 1" → {"V": 12, "A": 11, "S (Tønder)": 1}."""
    parts = re.split(r", | og ", text.strip().rstrip("."))
    out = {}
    for part in parts:
        m = re.fullmatch(r"(.+?) (?:få )?([−+]?\d[\d.]*)", part.strip())
        assert m, part
        out[m.group(1)] = number(m.group(2))
    return out


# --- the checks, one per page ---------------------------------------------------------------

def check_composition_answer(kkr: str, page: Page) -> list[str]:
    """01: size and cap, mayors and supplementary, seats, chair, method and threshold, the
    other methods' differences — and the Hare size where it differs."""
    doc = composition(kkr)
    wrong = []
    first = next((line for line in page.answer
                  if re.match(rf"KKR {kkr} \({ELECTION}\b[^)]*\) får", line)), "")
    m = re.match(rf"KKR {kkr} \({ELECTION}\b[^)]*\) får (\d+)(?: eller (\d+))? medlemmer"
                 r".*?\(loft (\d+).*?\): (\d+) borgmestre og (\d+)(?: eller \d+)? supplerende "
                 r"medlemmer", first)
    if not m:
        return [f"01: cannot read {first!r}"]
    size, alternative = size_statement(kkr)
    mayors_cli = sum(r["mayors"] for r in doc["rows"])
    supplementary_cli = sum(r["supplementary"] for r in doc["rows"])
    for shown, cli_value, what in ((m.group(1), size, "size"), (m.group(3), doc["cap"], "cap"),
                                   (m.group(4), mayors_cli, "mayors"),
                                   (m.group(5), supplementary_cli, "supplementary")):
        if number(shown) != cli_value:
            wrong.append(f"01: {first!r} — CLI {what} {cli_value}")
    if alternative is not None and not names_alternative(first, alternative):
        wrong.append(f"01: {first!r} — CLI: {size} with Sainte-Laguë, {alternative} with "
                     f"største brøk (Hare); the size sentence names only {size}")
    shown = seat_items(item(page, "Sammensætning:").removeprefix("Sammensætning:"))
    if shown != seats(kkr):
        wrong.append(f"01: {item(page, 'Sammensætning:')!r} — CLI {seats(kkr)}")
    wrong += chair_mismatches("01", item(page, "Uden valgforbund:"), chair(kkr))
    method = item(page, "Beregnet med")
    m = re.match(r"Beregnet med (.+?)(?: \([^)]*\))? og (\d+(?:,\d+)?) % spærregrænse", method)
    if not m or METHOD_NAMES.get(m.group(1)) != doc["method"] or percent(m.group(2)) != 2:
        wrong.append(f"01: {method!r} — CLI method {doc['method']}, threshold 2 %")
    for name, clause in re.findall(r"[Mm]ed (d'Hondt|Sainte-Laguë|største brøk \(Hare\)) "
                                   r"ville (.+?)(?=;|\.$|\. )", method):
        if "anden størrelse" in clause:
            continue
        other = seats(kkr, method=METHOD_NAMES[name])
        for lst, n in seat_items(clause).items():
            if other.get(lst, 0) != n:
                wrong.append(f"01: 'med {name} ville {clause}' — CLI --method "
                             f"{METHOD_NAMES[name]}: {lst} {other.get(lst, 0)}")
    return wrong


def check_chair_answer(kkr: str, page: Page) -> list[str]:
    """02: formand/næstformand, the smallest changing valgforbund (votes and result), the
    others of its size, the participating lists' votes."""
    wrong = chair_mismatches("02", item(page, "Uden valgforbund:"), chair(kkr))
    votes = {r["list"]: r["votes"] for r in composition(kkr)["rows"]}
    smallest = [line for line in page.answer if line.startswith("Mindste valgforbund")]
    for line in smallest:
        m = re.match(r"Mindste valgforbund, der ændrer udfaldet: (\S+) \(([\d.]+) stemmer\) → "
                     r"(.+)$", line)
        if not m:
            wrong.append(f"02: cannot read {line!r}")
            continue
        members = m.group(1).split("+")
        if number(m.group(2)) != sum(votes[x] for x in members):
            wrong.append(f"02: {line!r} — CLI votes {sum(votes[x] for x in members)}")
        result = chair(kkr, alliances=(m.group(1),))
        wrong += chair_mismatches("02", m.group(3), result)
        if result["chair"]["list"] == chair(kkr)["chair"]["list"] and \
                result["vice_chair"]["list"] == chair(kkr)["vice_chair"]["list"]:
            wrong.append(f"02: {line!r} — CLI: {m.group(1)} changes nothing")
    for line in page.answer:
        if line.startswith("Andre valgforbund af"):
            for label, result in re.findall(r"(\S+) \((Formand: [^;]+?\))\)?(?=;|\.$)", line):
                wrong += chair_mismatches("02", result, chair(kkr, alliances=(label,)))
    listed = item(page, "Lister, der deltager")
    shown = seat_items(listed.split(": ", 1)[1].removesuffix(" stemmer."))
    taking_part = {r["list"]: r["votes"] for r in composition(kkr)["rows"] if r["eligible"]}
    if shown != taking_part:
        wrong.append(f"02: {listed!r} — CLI eligible lists' votes {taking_part}")
    return wrong


def sweep_criticals(kkr: str) -> dict[str, tuple[float, dict[str, int]]]:
    """Each critical threshold of `kkr sweep threshold`: the list whose share it is, the
    threshold (in %) and the change just above it."""
    rows = cli("sweep", "threshold", "--election", ELECTION, "--kkr", kkr)
    out = {}
    for i, row in enumerate(rows):
        if not row["critical"] or i + 1 == len(rows):
            continue
        after = rows[i + 1]
        change = {k: after[k] - row[k] for k in row
                  if k not in {"threshold", "threshold_exact", "critical", "size"}
                  and after[k] != row[k]}
        out[f"{row['threshold'] * 100:.6f}"] = (row["threshold"] * 100, change)
    return out


def check_sensitivity_answer(kkr: str, page: Page) -> list[str]:
    """03: fragile seats and the closest seat (`kkr margins`), each critical threshold and the
    change just above it (`kkr sweep threshold`), formand/næstformand."""
    wrong = []
    margins = {r["list"]: r for r in cli("margins", "--election", ELECTION,
                                         "--kkr", kkr)["seats"]}
    fragile = {k for k, r in margins.items() if r["fragile"]}
    first = page.answer[0]
    if first.startswith("Ingen plads er skrøbelig") and fragile:
        wrong.append(f"03: {first!r} — CLI fragile: {sorted(fragile)}")
    for lst, bits in re.findall(r"(\S+(?: \(\w+\))?) \((\+1 plads med [^)]*|−1 plads med [^)]*)\)",
                                first):
        for sign, votes in re.findall(r"([+−])1 plads med ([\d.]+) stemmer", bits):
            key = "gain_votes" if sign == "+" else "loss_votes"
            if margins[lst][key] != number(votes):
                wrong.append(f"03: {first!r} — CLI {lst} {key} {margins[lst][key]}")
    closest = [line for line in page.answer if line.startswith("Tættest på en plads mere")]
    gains = {k: r["gain_votes"] for k, r in margins.items() if r["gain_votes"] is not None}
    for line in closest:
        m = re.match(r"Tættest på en plads mere: (.+?), der mangler ([\d.]+) stemmer", line)
        best = min(gains.values())
        if not m or gains.get(m.group(1)) != number(m.group(2)) or number(m.group(2)) != best:
            wrong.append(f"03: {line!r} — CLI fewest votes to +1: "
                         f"{[k for k, v in gains.items() if v == best]} {best}")
    criticals = sweep_criticals(kkr)
    line = next((x for x in page.answer if "spærregrænse" in x.lower() and
                 ("Kritiske" in x or "Ingen spærregrænse" in x)), None)
    in_range = {k: v for k, v in criticals.items() if v[0] <= 5}
    if line is None:
        wrong.append(f"03: no threshold line in {page.answer}")
    elif line.startswith("Ingen spærregrænse"):
        if in_range:
            wrong.append(f"03: {line!r} — CLI critical thresholds {sorted(in_range)}")
    else:
        shown = re.findall(r"(\S+(?: \(\w+\))?) ved (\d+,\d+) % "
                           r"\(lige over: ([^)]*(?:\)[^;)]*)?)\)", line)
        if len(shown) != len(in_range):
            wrong.append(f"03: {line!r} — CLI has {len(in_range)} critical thresholds 0-5 %: "
                         + "; ".join(f"{v[0]:.4f} % {v[1]}" for v in in_range.values()))
        for lst, value, change in shown:
            near = [v for v in in_range.values()
                    if abs(v[0] - percent(value)) <= 0.5 * 10 ** -decimals(value) + 1e-9]
            if not near:
                wrong.append(f"03: '{lst} ved {value} %' — CLI critical thresholds: "
                             + ", ".join(f"{v[0]:.4f} %" for v in in_range.values()))
            elif seat_items(change) != near[0][1]:
                wrong.append(f"03: '{lst} ved {value} % (lige over: {change})' — CLI change "
                             f"{near[0][1]}")
    wrong += chair_mismatches("03", item(page, "Uden valgforbund:"), chair(kkr))
    return wrong


def check_appointments_answer(kkr: str, page: Page) -> list[str]:
    """04: size (both methods' where they differ), quorum (`kkr quorum`), formand."""
    first = page.answer[0]
    m = re.match(rf"KKR {kkr} \((?:{ELECTION}\W+)?(\d{{4}}-\d{{4}})\) har (\d+)"
                 r"(?: eller (\d+))? medlemmer[^;]*; mødet er beslutningsdygtigt med mindst (\d+) "
                 r"til stede", first)
    if not m:
        return [f"04: cannot read {first!r}"]
    size, alternative = size_statement(kkr)
    wrong = []
    if m.group(1) != PERIOD[ELECTION]:
        wrong.append(f"04: {first!r} — period {PERIOD[ELECTION]}")
    if number(m.group(2)) != size:
        wrong.append(f"04: {first!r} — CLI size {size}")
    if alternative is not None and not names_alternative(first, alternative):
        wrong.append(f"04: {first!r} — CLI: {size} with Sainte-Laguë, {alternative} with "
                     "største brøk (Hare); the sentence names only one")
    if number(m.group(4)) != quorum(size):
        wrong.append(f"04: {first!r} — kkr quorum --members {size}: {quorum(size)}")
    return wrong + chair_mismatches("04", first, chair(kkr))


def check_periods_answer(kkr: str, page: Page) -> list[str]:
    """05: sizes after KV21 and KV25, seats and mayors that change, formand in both."""
    wrong = []
    first = page.answer[0]
    m = re.match(rf"KKR {kkr}: (\d+) medlemmer efter KV21, (\d+)(?: eller (\d+))? efter KV25",
                 first)
    size, alternative = size_statement(kkr)
    if not m or number(m.group(1)) != composition(kkr, "KV21")["size"] \
            or number(m.group(2)) != size:
        wrong.append(f"05: {first!r} — CLI KV21 {composition(kkr, 'KV21')['size']}, "
                     f"KV25 {size}")
    if alternative is not None and not names_alternative(first, alternative):
        wrong.append(f"05: {first!r} — CLI KV25: {size} with Sainte-Laguë, {alternative} "
                     "with største brøk (Hare); the sentence names only one")
    for start, before, after in (("Pladser, der skifter:", seats(kkr, "KV21"), seats(kkr)),
                                 ("Borgmesterposter, der skifter:", mayors(kkr, "KV21"),
                                  mayors(kkr))):
        line = item(page, start)
        changes = re.findall(r"(\S+(?: \(\w+\))?) (\d+) → (\d+)", line)
        expected = {n: (before.get(n, 0), after.get(n, 0)) for n in {*before, *after}
                    if before.get(n, 0) != after.get(n, 0)}
        got = {n: (int(a), int(b)) for n, a, b in changes}
        if got != expected or (not got and "ingen" not in line):
            wrong.append(f"05: {line!r} — CLI KV21 → KV25: {expected}")
    line = item(page, "Uden valgforbund:")
    parts = line.split("; KV25:")
    wrong += chair_mismatches("05 (KV21)", parts[0], chair(kkr, "KV21"))
    wrong += chair_mismatches("05 (KV25)", parts[-1], chair(kkr))
    return wrong


def check_valggrupper_answer(kkr: str, page: Page) -> list[str]:
    """06: formand/næstformand; no KKR-specific seat figure without the KKR's bodies."""
    return chair_mismatches("06", item(page, "Uden valgforbund:"), chair(kkr))


ANSWER_CHECKS = {"01": check_composition_answer, "02": check_chair_answer,
                 "03": check_sensitivity_answer, "04": check_appointments_answer,
                 "05": check_periods_answer, "06": check_valggrupper_answer}


# --- every size and composition a page shows --------------------------------------------------

SIZE_SENTENCES = [
    # "KKR Syddanmark (KV25, Sainte-Laguë): 43 medlemmer", "KKR X (KV25) får 43 medlemmer"
    re.compile(r"KKR (?P<kkr>\w+) \((?P<election>KV\d\d)[^)]*\)(?: får|:| har) (?P<size>\d+)"
               r"(?: eller (?P<alt>\d+))? medlemmer"),
    # "KKR Syddanmark — 43 medlemmer (loft 44)" (KL's layout, the page's election)
    re.compile(r"KKR (?P<kkr>\w+) — (?P<size>\d+)(?: eller (?P<alt>\d+))? medlemmer"),
    # "KKR Syddanmark (2026-2029) har 43 medlemmer"
    re.compile(r"KKR (?P<kkr>\w+) \((?P<period>\d{4}-\d{4})\) har (?P<size>\d+)"
               r"(?: eller (?P<alt>\d+))? medlemmer"),
]


def check_sizes(page: Page) -> list[str]:
    """Every sentence or heading stating a KKR's size: the CLI's size for that KKR and
    election — and, where Hare's size differs, that size too, within the sentence."""
    wrong: list[str] = []
    blocks = [" ".join(b.get_text(" ").split()) for b in page.soup.find_all(
        ["p", "li", "h1", "h2", "h3", "h4", "summary"])]
    for block, pattern in ((b, p) for b in dict.fromkeys(blocks) for p in SIZE_SENTENCES):
        for m in pattern.finditer(block):
            kkr = m.group("kkr")
            if kkr not in REGIONS:
                continue
            groups = m.groupdict()
            election = groups.get("election") or next(
                (e for e, p in PERIOD.items() if p == groups.get("period")), ELECTION)
            size = composition(kkr, election)["size"]
            sentence = block[m.start():]  # the paragraph, heading or item stating it
            if number(m.group("size")) != size:
                wrong.append(f"{page.name}: {sentence!r} — CLI {kkr} {election}: {size}")
            explicit = re.search(r"\((KV\d\d), (d'Hondt|Sainte-Laguë|største brøk)",
                                 m.group(0))
            alternative = composition(kkr, election, ALTERNATIVE)["size"]
            if alternative != size and not (explicit and explicit.group(2) == "d'Hondt") and \
                    not names_alternative(sentence, alternative):
                wrong.append(f"{page.name}: {sentence!r} — {kkr} {election}: {size} with "
                             f"Sainte-Laguë, {alternative} with største brøk (Hare); "
                             "only one is named")
    return list(dict.fromkeys(wrong))


def check_tables(kkr: str, page: Page) -> list[str]:
    """Every composition table (per list: votes, share, mayors, supplementary, total), KL's
    layout (I alt / Borgmestre / Supplerende) and the method table, against the CLI."""
    wrong = []
    for before, header, rows in page.tables():
        where = f"{page.name} table after {before[:70]!r}"
        region = re.match(r"KKR (\w+)", before)
        region = region.group(1) if region and region.group(1) in REGIONS else kkr
        election = re.search(r"\((KV\d\d)", before)
        election = election.group(1) if election else ELECTION
        if header[:3] == ["Liste", "Navn", "Stemmer"] and "I alt" in header:
            doc = composition(region, election)
            by_list = {r["list"]: r for r in doc["rows"]}
            total = 0
            for row in rows:
                cells = dict(zip(header, row))
                want = by_list.get(cells["Liste"])
                if want is None:
                    wrong.append(f"{where}: list {cells['Liste']} not in the CLI's rows")
                    continue
                total += number(cells["I alt"])
                for column, key in (("Stemmer", "votes"), ("Borgmestre", "mayors"),
                                    ("Supplerende", "supplementary"), ("I alt", "total")):
                    if number(cells[column]) != want[key]:
                        wrong.append(f"{where}: {cells['Liste']} {column} {cells[column]} — "
                                     f"CLI {want[key]}")
                share_column = next(c for c in header if c.startswith("Andel"))
                wrong += share_mismatches(where, cells, share_column, want, region, election)
            if total != doc["size"]:
                wrong.append(f"{where}: the lists' seats sum to {total} — CLI size "
                             f"{doc['size']}")
            base = doc["coverage"].get("threshold_base")
            if base == "cast" and "Hvorfor ikke" in header and "afgivne" not in share_column:
                wrong.append(f"{where}: the column {share_column!r} stands beside 'under 2 % "
                             "af de afgivne stemmer' but is not the share of the cast votes "
                             "(the threshold's base)")
        elif header[:1] == [""] and header[-1] == "I alt" and " — " in before:
            doc = composition(region, ELECTION)
            by_list = {r["list"]: r for r in doc["rows"]}
            keys = {"I alt": "total", "Borgmestre": "mayors", "Supplerende medlemmer":
                    "supplementary"}
            for row in rows:
                for lst, cell in zip(header[1:-1], row[1:-1]):
                    if number(cell) != by_list.get(lst, {}).get(keys[row[0]], 0):
                        wrong.append(f"{where}: {row[0]} {lst} {cell} — CLI "
                                     f"{by_list.get(lst, {}).get(keys[row[0]], 0)}")
                expected = sum(r[keys[row[0]]] for r in doc["rows"])
                if number(row[-1]) != expected:
                    wrong.append(f"{where}: {row[0]} i alt {row[-1]} — CLI {expected}")
        elif header[:2] == ["Metode", "Medlemmer"]:
            for row in rows:
                cells = dict(zip(header, row))
                method = METHOD_NAMES[cells["Metode"]]
                if number(cells["Medlemmer"]) != composition(kkr, method=method)["size"]:
                    wrong.append(f"{where}: {cells['Metode']} {cells['Medlemmer']} medlemmer — "
                                 f"CLI --method {method}: "
                                 f"{composition(kkr, method=method)['size']}")
                shown = {k: number(v) for k, v in cells.items() if k in {
                    r["list"] for r in composition(kkr)["rows"]} and number(v)}
                if shown != seats(kkr, method=method):
                    wrong.append(f"{where}: {cells['Metode']} {shown} — CLI "
                                 f"{seats(kkr, method=method)}")
        elif header[:3] == ["KKR", "Liste", "d'Hondt"]:
            for row in rows:
                cells = dict(zip(header, row))
                for column in ("d'Hondt", "Sainte-Laguë", "Største brøk (Hare)"):
                    method = METHOD_NAMES[column]
                    if cells["Liste"] == "Medlemmer i alt":
                        want = composition(cells["KKR"], method=method)["size"]
                    else:
                        want = seats(cells["KKR"], method=method).get(cells["Liste"], 0)
                    if number(cells[column]) != want:
                        wrong.append(f"{where}: {cells['KKR']} {cells['Liste']} {column} "
                                     f"{cells[column]} — CLI {want}")
        elif header[:3] == ["Loft (× kommuner)", "Loft", "Medlemmer"]:
            sweep = {f"{r['cap_factor']:.2f}": r for r in cli("sweep", "cap", "--election",
                                                               ELECTION, "--kkr", kkr)}
            for row in rows:
                cells = dict(zip(header, row))
                want = sweep.get(cells["Loft (× kommuner)"].replace(",", "."))
                shown = {k: number(v) for k, v in cells.items() if k in (want or {})
                         and k not in {"cap", "size"}}
                if want is None or (number(cells["Loft"]), number(cells["Medlemmer"])) != (
                        want["cap"], want["size"]) or any(want[k] != v for k, v in shown.items()):
                    wrong.append(f"{where}: {row} — kkr sweep cap: {want}")
        elif header[:4] == ["KKR", "Liste", "Borgmestre KV21", "Borgmestre KV25"]:
            for row in rows:
                cells = dict(zip(header, row))
                for election in ("KV21", "KV25"):
                    for column, source in ((f"Borgmestre {election}", mayors),
                                           (f"Pladser {election}", seats)):
                        want = source(cells["KKR"], election).get(cells["Liste"], 0)
                        if number(cells[column]) != want:
                            wrong.append(f"{where}: {cells['KKR']} {cells['Liste']} {column} "
                                         f"{cells[column]} — CLI {want}")
        elif header[:4] == ["Valg", "KKR", "Medlemmer", "Loft"]:
            for row in rows:
                cells = dict(zip(header, row))
                region = cells["KKR"].removesuffix(" (scenarie)")
                extra = ("--regions", "2027") if region == "Østdanmark" else ()
                doc = cli("composition", "--election", cells["Valg"], "--kkr", region, *extra)
                shown = {k: number(v) for k, v in cells.items()
                         if k not in {"Valg", "KKR", "Medlemmer", "Loft", "Loftet binder"}
                         and number(v)}
                want = {r["list"]: r["total"] for r in doc["rows"] if r["total"]}
                if (number(cells["Medlemmer"]), number(cells["Loft"]), shown) != \
                        (doc["size"], doc["cap"], want):
                    wrong.append(f"{where}: {row} — CLI {cells['Valg']} {region}: size "
                                 f"{doc['size']}, cap {doc['cap']}, {want}")
        elif header[:2] == ["Medlemmer", "Mindst til stede"]:
            members = number(rows[0][0])
            if members != composition(kkr)["size"] or number(rows[0][1]) != quorum(members):
                wrong.append(f"{where}: {rows[0]} — CLI size {composition(kkr)['size']}, "
                             f"quorum {quorum(composition(kkr)['size'])}")
    return wrong


def share_mismatches(where: str, cells: dict, column: str, want: dict, region: str,
                     election: str) -> list[str]:
    """A list's shown share is the CLI's share of the denominator its label names, and it
    never contradicts the threshold verdict beside it ("under 2 % af de afgivne stemmer")."""
    shown = cells[column]
    digits = decimals(shown)
    if "afgivne" in column and "share_of_cast" in want:
        value = want["share_of_cast"]
    elif "gyldige" in column and "share_of_valid" in want:
        value = want["share_of_valid"]
    else:
        value = want["share"]
    wrong = []
    if abs(percent(shown) - value * 100) > 0.5 * 10 ** -digits + 1e-9:
        wrong.append(f"{where}: {cells['Liste']} {column} {shown} — CLI {value * 100:.4f} %")
    reason = cells.get("Hvorfor ikke", "")
    threshold = composition(region, election)
    base = threshold["coverage"].get("threshold_base")
    if "under 2 %" in reason and percent(shown) >= 2:
        wrong.append(f"{where}: {cells['Liste']} shows {shown} beside {reason!r}")
    if "under 2 %" not in reason and cells.get("Deltager") == "ja" and want["mayors"] == 0 \
            and percent(shown) < 2:
        wrong.append(f"{where}: {cells['Liste']} takes part with {shown} (base {base})")
    return wrong


# --- the tests ------------------------------------------------------------------------------

@pytest.mark.parametrize("number_", sorted(ANSWER_CHECKS))
def test_kort_fortalt_states_the_clis_figures(built, number_):
    kkr, pages = built
    wrong = ANSWER_CHECKS[number_](kkr, pages[number_])
    assert wrong == [], "\n".join(wrong)


def test_every_size_shown_is_the_clis_with_both_methods_where_they_differ(built):
    kkr, pages = built
    wrong = [w for page in pages.values() for w in check_sizes(page)]
    assert wrong == [], "\n".join(wrong)


def test_every_composition_table_is_the_clis(built):
    kkr, pages = built
    wrong = [w for page in pages.values() for w in check_tables(kkr, page)]
    assert wrong == [], "\n".join(wrong)


def test_the_threshold_sentence_of_report_03_is_the_sweeps(built):
    """"M har 1,171 % … Med en spærregrænse på højst 1,171 % ville M deltage, men …: ingen
    spærregrænse alene havde bragt listen ind": the share is of the threshold's base, and
    whether some threshold brings the list in is what `kkr sweep threshold` finds."""
    kkr, pages = built
    text = pages["03"].text
    m = re.search(r"(\S+) har (\d+,\d+) % af stemmerne[^.]*\. Med en spærregrænse på højst "
                  r"(\d+,\d+) % ville \S+ deltage(?P<rest>[^.]*)\.", text)
    if m is None:
        return  # the page shows no list without a seat
    lst, share = m.group(1), m.group(3)
    rows = cli("sweep", "threshold", "--election", ELECTION, "--kkr", kkr)
    with_seat = [r["threshold"] * 100 for r in rows if r.get(lst, 0) > 0]
    row = next(r for r in composition(kkr)["rows"] if r["list"] == lst)
    base = composition(kkr)["coverage"].get("threshold_base")
    wrong = []
    if with_seat and "ingen spærregrænse alene" in m.group("rest"):
        wrong.append(f"{m.group(0)!r} — kkr sweep threshold: {lst} has a seat at any threshold "
                     f"up to {max(with_seat):.4f} %")
    if with_seat and abs(percent(share) - max(with_seat)) > 0.5 * 10 ** -decimals(share) + 1e-9:
        wrong.append(f"{m.group(0)!r} — kkr sweep threshold: {lst} takes part up to "
                     f"{max(with_seat):.4f} %")
    key = {"cast": "share_of_cast", "valid": "share_of_valid"}.get(base, "share")
    if key in row and abs(percent(share) - row[key] * 100) > 0.0005 + 1e-9:
        wrong.append(f"{m.group(0)!r} — CLI {key} {row[key] * 100:.4f} %")
    elif key not in row and base == "cast" and abs(percent(share) - row["share"] * 100) < 5e-4:
        wrong.append(f"{m.group(0)!r} — this is the CLI's share {row['share'] * 100:.4f} % of "
                     "the valid votes; the threshold is taken of the cast votes")
    assert wrong == [], "\n".join(wrong)


FOREIGN_MEETINGS = ("25. januar 2022", "20. januar 2022", "2022-01-25", "Hillerød", "Pharmakon")
MONTHS = "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"


def test_no_other_kkrs_or_periods_meetings_and_no_method_called_kls(built):
    kkr, pages = built
    wrong = []
    for page in pages.values():
        for foreign in FOREIGN_MEETINGS:
            if foreign in page.text:
                i = page.text.index(foreign)
                wrong.append(f"{page.name}: {page.text[max(0, i - 80):i + 60]!r}")
        for m in re.finditer(r"KL's (metode|standard)|KL's, standard", page.text):
            wrong.append(f"{page.name}: {page.text[max(0, m.start() - 60):m.end() + 40]!r}")
    for number_ in ("04", "06"):  # the meeting pages: no date of another period
        for m in re.finditer(rf"\b\d{{1,2}}\. (?:{MONTHS}) (202[0-4])\b", pages[number_].text):
            wrong.append(f"{number_}: {pages[number_].text[max(0, m.start() - 80):m.end()]!r}")
        if kkr != "Hovedstaden" and "Hovedstaden" in pages[number_].text:
            wrong.append(f"{number_}: names Hovedstaden on KKR {kkr}'s page")
    assert wrong == [], "\n".join(wrong)


def test_no_page_denies_the_complete_official_votes(built):
    """Report 05 once said "KV25-data har ingen kommuner med fuldstændige stemmetal …
    illustrationer af reglerne" beside the banner's "officielle, fuldstændige stemmetal"."""
    kkr, pages = built
    coverage = [composition(region)["coverage"] for region in REGIONS]
    if not all(c["share_complete"] == 1 and c["official"] == c["municipalities"]
               for c in coverage):
        return
    wrong = [f"{page.name}: {page.text[max(0, m.start() - 60):m.end() + 120]!r}"
             for page in pages.values()
             for m in re.finditer(r"ingen kommuner med fuldstændige stemmetal|illustrationer "
                                  r"af reglerne, ikke KL's officielle", page.text)]
    assert wrong == [], "\n".join(wrong)
