"""The reports as a reader gets them: offline in a browser, as PDF, reproducible to the byte.

The KV21 reports for KKR Hovedstaden are built once; every page is opened in headless
Chromium (Debian's chromium, driven by Playwright) with every request other than file:/data:
refused, and must show its title and the chair result (A formand, C næstformand) with no failed
or blocked request. Screenshots go to artifacts/reports/. Skipped on a machine without chromium,
except in CI (CI=true).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_FLAGS, require_chromium

from kkr_analysis.presentation.pdf import fit_for_print, printable_width_px
from kkr_analysis.presentation.report import (
    build_reports,
    default_notebooks_dir,
    report_cover,
    write_pdfs,
)

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts" / "reports"
require_chromium()

sync_api = pytest.importorskip("playwright.sync_api")
ANSWER_FIRST = {"01", "02", "03", "04", "05", "06"}  # pages that open with "Kort fortalt"
ENGLISH_HEADINGS = {"list", "votes", "seats", "share", "method", "size", "cap", "region", "tie",
                    "body", "group", "seat", "quotient", "date", "weekday", "kind", "deadline",
                    "members", "partner", "gain", "partitions", "lots", "lot_worst", "lot_best"}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    entries = build_reports(out, election="KV21")
    return out, entries


def test_every_page_is_self_contained_and_answers_first(reports):
    out, entries = reports
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pages = [e.html for e in entries] + [out / "index.html"]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for page_file in pages:
            page = browser.new_page(viewport={"width": 1200, "height": 1600})
            blocked, failed = [], []
            page.route("**/*", lambda route, blocked=blocked: route.continue_()
                       if route.request.url.startswith(("file:", "data:"))
                       else (blocked.append(route.request.url), route.abort()))
            page.on("requestfailed", lambda request, failed=failed: failed.append(request.url))
            page.goto(page_file.as_uri(), wait_until="load")
            page.wait_for_load_state("networkidle")
            assert blocked == [], f"{page_file.name} asks the internet for {blocked}"
            assert failed == [], f"{page_file.name}: failed requests {failed}"
            assert page.evaluate("document.documentElement.lang") == "da"
            title = page.title()
            if page_file.name == "index.html":
                assert title == "KKR-analyser KV21 — 2022-2026, KKR Hovedstaden"
            elif page_file.name[:2] in ANSWER_FIRST:
                entry = next(e for e in entries if e.html == page_file)
                assert title == entry.title and "KKR Hovedstaden (KV21 — 2022-2026)" in title
                text = page.inner_text("body")
                assert 0 <= text.find("Kort fortalt") < 1500  # the answer comes first
                assert "Formand: A" in text and "Næstformand: C" in text, page_file.name
                headings = page.evaluate(
                    "Array.from(document.querySelectorAll('th')).map(e => e.innerText)")
                english = [h for h in headings if "_" in h or h in ENGLISH_HEADINGS]
                assert english == [], f"{page_file.name}: headings {english}"
                for raw in ("True", "False", "rows ×", "{'", "[('", "NaN", "dhondt",
                            "by lot", "no group has a majority", "plads(er)", "min_seats",
                            "split_of_min", "assumption", "national.csv"):
                    assert raw not in text, f"{page_file.name} shows {raw!r}"
            page.screenshot(path=str(ARTIFACTS / f"{page_file.stem}.png"), full_page=True)
            page.close()
        browser.close()


def test_widget_cells_show_the_default_result_statically(reports):
    out, _ = reports
    page = (out / "02_alliance_scenarios.html").read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget" not in page and "require.min.js" not in page
    assert "Statisk rapport" in page and "Formand: A" in page
    three = (out / "03_threshold_sensitivity.html").read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget" not in three and "58 medlemmer" in three
    # Danish numbers in tables: thousands with ".", shares "26,48 %", no index column
    one = (out / "01_kkr_composition.html").read_text(encoding="utf-8")
    assert "220.319" in one and "23,35 %" in one and "220319" not in one.split("<body")[1]
    assert "Sådan blev pladserne fordelt i KKR Hovedstaden" in one  # shown in full
    assert "<summary>Sådan blev pladserne fordelt i KKR Hovedstaden" not in one
    # the four other KKR: folded behind a Danish summary line, every row inside
    assert one.count('kkr-details"><summary>Sådan blev pladserne fordelt') == 4


def test_figures_are_png_at_150_dpi_or_more(reports):
    from PIL import Image

    out, _ = reports
    figures = sorted((out / "figures").glob("*.png"))
    assert len(figures) >= 12
    for f in figures:
        dpi = Image.open(f).info.get("dpi", (0, 0))
        assert round(dpi[0]) >= 150, (f.name, dpi)


def test_pdfs_per_page_and_combined(reports, tmp_path):
    from pypdf import PdfReader

    out, entries = reports
    written = write_pdfs([e.html for e in entries], tmp_path / "pdf", "kkr_KV21_Hovedstaden")
    assert [p.name for p in written] == [e.html.stem + ".pdf" for e in entries] + [
        "kkr_KV21_Hovedstaden.pdf"]
    total = 0
    for pdf in written[:-1]:
        reader = PdfReader(pdf)
        assert len(reader.pages) >= 1
        total += len(reader.pages)
        assert "Hovedstaden" in "".join(page.extract_text() for page in reader.pages)
    one = PdfReader(written[0])
    # the other KKR's folded explanations are printed opened (a board pack hides nothing):
    # every KKR's "Sådan blev pladserne fordelt" with its closing sentence
    text = " ".join(" ".join(page.extract_text().split()) for page in one.pages)
    assert text.count("Sidste række: den første liste") == 5, text.count("Sidste række")
    assert len(one.pages) <= 18, len(one.pages)
    combined = PdfReader(written[-1])
    assert len(combined.pages) == total + 1  # the first page: election, KKR, contents
    assert "Formand: A" in combined.pages[1].extract_text()


def test_pdf_tables_whole_pages_numbered_contents_and_bookmarks(reports, tmp_path):
    """Issue 21: no table wider than the printable area (measured in print emulation after the
    same fitting the PDF gets), "side n af N" on every page, a first page with the contents
    linking to each report's first page, one bookmark per report and per heading."""
    from pypdf import PdfReader

    out, entries = reports
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.route("**/*", lambda route: route.continue_()
                   if route.request.url.startswith(("file:", "data:")) else route.abort())
        for entry in entries:
            page.goto(entry.html.as_uri(), wait_until="load")
            width = printable_width_px(fit_for_print(page))
            assert page.evaluate("matchMedia('print').matches")
            tables = page.evaluate("""() => [...document.querySelectorAll('table')].map(t =>
                [t.getBoundingClientRect().right, t.scrollWidth - t.offsetWidth])""")
            assert tables, entry.html.name
            for right, overflow in tables:
                assert right <= width + 1 and overflow <= 1, (entry.html.name, right, width)
        browser.close()
    titles = [e.title.split(" – KKR ")[0] for e in entries]
    written = write_pdfs([e.html for e in entries], tmp_path / "pdf", "kkr_KV21_Hovedstaden",
                         titles=titles, cover=report_cover("KV21", "Hovedstaden"))
    one = " ".join(page.extract_text() for page in PdfReader(written[0]).pages)
    letters = "".join(one.split())  # a heading may wrap inside its cell
    # the columns once cut off ("Kommuner uden stemmetal" is shown only where figures miss)
    for heading in ("Supplerende", "Ialt", "Manglendestemmer"):
        assert heading in letters, heading
    for pdf in written:
        reader = PdfReader(pdf)
        n = len(reader.pages)
        for i, pdf_page in enumerate(reader.pages, 1):
            stamps = re.findall(r"side \d+ af \d+", pdf_page.extract_text())
            assert stamps == [f"side {i} af {n}"], (pdf.name, i, stamps)
        assert reader.outline, pdf.name
    combined = PdfReader(written[-1])
    cover = combined.pages[0].extract_text()
    for text in ("KKR Hovedstaden", "KV21", "Datakilde", "Bygget", "Indhold", *titles):
        assert text in cover, text
    top = [item for item in combined.outline if not isinstance(item, list)]
    assert [str(item.title) for item in top] == ["Forside og indhold", *titles]
    firsts = [combined.get_destination_page_number(item) for item in top[1:]]
    assert firsts[0] == 1 and firsts == sorted(firsts)
    links = [a.get_object()["/A"] for a in combined.pages[0]["/Annots"]]
    assert [combined.get_page_number(link["/D"][0].get_object()) for link in links] == firsts
    nested = [str(i.title) for group in combined.outline if isinstance(group, list)
              for i in group if not isinstance(i, list)]
    assert nested.count("Kort fortalt") == len(entries)
    assert "Forslag til personer: medlem af en kommunalbestyrelse og ligestillingsloven" in nested


def test_a_table_too_wide_for_portrait_is_printed_whole_in_landscape(tmp_path):
    """A 24-column table: the page turns to landscape and the table shrinks to fit, so its
    last column is printed (Chromium cuts what lies outside the page)."""
    from pypdf import PdfReader

    cells = "".join(f"<th>Kolonne{i:02d}</th>" for i in range(24))
    page = tmp_path / "bred.html"
    page.write_text(f"<!doctype html><html lang=da><meta charset=utf-8><body><h1>Bred</h1>"
                    f"<table><tr>{cells}</tr><tr>{'<td>211.026</td>' * 24}</tr></table>",
                    encoding="utf-8")
    pdf = write_pdfs([page], tmp_path / "pdf", "samlet")[0]
    reader = PdfReader(pdf)
    box = reader.pages[0].mediabox
    assert box.width > box.height
    letters = "".join(reader.pages[0].extract_text().split())
    assert "Kolonne23" in letters and letters.count("211.026") == 24


def test_two_builds_give_the_same_bytes(tmp_path, monkeypatch):
    """Two builds (notebooks 01 and 02: tables, figures, the former widget page) are identical
    to the byte; SOURCE_DATE_EPOCH fixes the one stated difference, the build date."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for name in ("01_kkr_composition.ipynb", "02_alliance_scenarios.ipynb"):
        shutil.copy(default_notebooks_dir() / name, notebooks / name)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build_reports(tmp_path / "a", notebooks, "KV21")
    build_reports(tmp_path / "b", notebooks, "KV21")
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*")
                     if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*")
                     if p.is_file())
    assert files_a == files_b and len(files_a) >= 8
    different = [str(f) for f in files_a
                 if (tmp_path / "a" / f).read_bytes() != (tmp_path / "b" / f).read_bytes()]
    assert different == []
    index = (tmp_path / "a" / "index.html").read_text(encoding="utf-8")
    assert "Genereret 14. november 2023" in index
