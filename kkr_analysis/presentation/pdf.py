"""PDFs of the HTML reports for a board pack: whole tables, page numbers, contents, bookmarks.

Each page is printed by headless Chromium (Playwright, A4). Before printing, every folded
``<details>`` section is opened (a board pack shows what the page folds away, e.g. the other
KKR's seat-by-seat explanation) and the page is laid out as printed (print media, the printable
width); a table wider than the page gets its measured column widths shrunk in proportion and
fixed, and a page whose table would shrink too much is printed in landscape — nothing is cut at
the right edge. Chromium writes the headings as PDF bookmarks (``outline``); pypdf stamps
"side n af N" on every page and, in the combined file, puts a first page (election, KKR, data
source, build date, contents with links) before the reports and one bookmark per report above
its headings.
"""

from __future__ import annotations

import html
import io
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..danish import decimal
from ..errors import DataError
from ..safe_html import file_name

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]
MARGIN_MM = {"top": 12, "bottom": 14, "left": 10, "right": 10}
PX_PER_MM = 96 / 25.4
PT_PER_MM = 72 / 25.4
A4_MM = (210, 297)
LINK_PREFIX = "https://kkr-analysis.invalid/side/"  # cover links, turned into page links


def printable_width_px(landscape: bool) -> int:
    """The width a table may take on an A4 page (CSS px), the side margins taken off."""
    paper = A4_MM[1] if landscape else A4_MM[0]
    return int((paper - MARGIN_MM["left"] - MARGIN_MM["right"]) * PX_PER_MM)


PRINT_CSS = """@media print {
  /* Tables fit the page: headings and cells wrap, a smaller type (PDF printing also sets each
     column's width, see kkr_analysis.pdf.fit_for_print). */
  .jp-OutputArea-output, .jp-RenderedHTMLCommon { overflow: visible !important; }
  table { font-size: 8pt !important; max-width: 100%; }
  th, td { white-space: normal !important; overflow-wrap: normal; word-break: normal;
           padding: .1em .3em !important; }
  /* a table too wide as laid out: its measured columns, shrunk, in a smaller type */
  table.kkr-fitted { font-size: 7.5pt !important; }
  table.kkr-fitted th, table.kkr-fitted td { overflow-wrap: anywhere; }
  tr, img, figure, .kkr-banner { break-inside: avoid; }
  img { max-width: 100% !important; height: auto !important; }
  h1, h2, h3, h4, h5 { break-after: avoid; break-inside: avoid; }
  .jp-MarkdownCell:has(:is(h1, h2, h3, h4, h5):last-child) { break-after: avoid; }
}"""
OPEN_DETAILS_JS = """() => { for (const d of document.querySelectorAll('details')) d.open = true;
  return document.querySelectorAll('details').length; }"""
MIN_ZOOM = 0.85  # a table needing narrower columns than this turns its page to landscape
WIDEST_TABLE_JS = """() => Math.max(0, ...[...document.querySelectorAll('table')]
    .map(t => Math.ceil(t.getBoundingClientRect().right)))"""
FREEZE_JS = """(width) => { for (const t of document.querySelectorAll('table')) {
    const rows = [...t.rows].filter(r => [...r.cells].every(c => c.colSpan === 1));
    if (!rows.length) continue;
    const row = rows.reduce((a, r) => r.cells.length > a.cells.length ? r : a);
    const widths = [...row.cells].map(c => c.getBoundingClientRect().width);
    const box = t.getBoundingClientRect();
    const total = widths.reduce((a, b) => a + b, 0);
    if (box.right <= width) continue;  // fits as it is
    const scale = (width - box.left) / total;
    const parent = t.parentElement.getBoundingClientRect().width;
    const group = document.createElement('colgroup');
    for (const w of widths) {
      const col = document.createElement('col');
      col.style.width = (100 * w / total).toFixed(3) + '%';
      group.appendChild(col);
    }
    t.prepend(group);
    t.classList.add('kkr-fitted');
    t.style.tableLayout = 'fixed';
    t.style.width = Math.min(100, 100 * total * scale / parent).toFixed(3) + '%';
  } }"""


def fit_for_print(page) -> bool:
    """Lay the loaded page out as printed (print media, A4 margins, printable width, with
    :data:`PRINT_CSS`), every ``<details>`` opened (a closed one would print only its summary
    line); a table wider than the page gets the column widths that layout gives
    it, shrunk in proportion to the page, fixed (Chromium's print keeps them), so nothing is
    cut at the right edge. Landscape when a table would have to shrink
    below ``MIN_ZOOM`` on a portrait page. Returns whether the page is to be printed in
    landscape."""
    margins = " ".join(f"{MARGIN_MM[k]}mm" for k in ("top", "right", "bottom", "left"))
    page.evaluate(OPEN_DETAILS_JS)  # before measuring: the opened tables are fitted too
    page.add_style_tag(content=f"@page {{ margin: {margins} !important; }}\n{PRINT_CSS}")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": printable_width_px(False), "height": 1000})
    landscape = page.evaluate(WIDEST_TABLE_JS) * MIN_ZOOM > printable_width_px(False)
    width = printable_width_px(landscape)
    page.set_viewport_size({"width": width, "height": 1000})
    page.evaluate(FREEZE_JS, width)
    return landscape


def chromium_path() -> str:
    """Debian's chromium (the browser the tests use); Playwright drives it."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise DataError("PDF kræver chromium (apt-get install chromium)")
    return found


@dataclass(frozen=True)
class Cover:
    """What the combined PDF's first page names."""

    title: str
    lines: list[str] = field(default_factory=list)  # HTML, already escaped
    built: str = ""  # Danish date and time


def _stamp(writer, first: int, count: int, total: int, offset: int = 0) -> None:
    """Write "side n af N" at the foot of pages ``first .. first+count-1``."""
    from pypdf import PageObject
    from pypdf.generic import ContentStream, DictionaryObject, NameObject

    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                             NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica"),
                             NameObject("/Encoding"): NameObject("/WinAnsiEncoding")})
    for i in range(first, first + count):
        target = writer.pages[i]
        width, height = float(target.mediabox.width), float(target.mediabox.height)
        text = f"side {i - first + 1 + offset} af {total}"
        x = width / 2 - len(text) * 8 * 0.25  # Helvetica 8 pt: about half a point per char
        stamp = PageObject.create_blank_page(width=width, height=height)
        stamp[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
            {NameObject("/FKkr"): writer._add_object(font)})})
        content = ContentStream(None, None)
        content.set_data(f"q 0.35 g BT /FKkr 8 Tf {x:.1f} {6 * PT_PER_MM:.1f} Td ({text}) Tj "
                         "ET Q".encode("ascii"))
        stamp.replace_contents(content)
        target.merge_page(stamp)


def _print(page, source: Path, target: Path) -> tuple[int, dict[str, str]]:
    """Print one HTML file to ``target``; returns its number of pages and its headings (keyed
    without spaces: Chromium's bookmarks lose the space where a heading wraps)."""
    from pypdf import PdfReader

    page.goto(source.resolve().as_uri(), wait_until="load")
    landscape = fit_for_print(page)
    page.pdf(path=str(target), format="A4", landscape=landscape, print_background=True,
             outline=True, tagged=True, margin={k: f"{v}mm" for k, v in MARGIN_MM.items()})
    headings = {"".join(h.split()): h for h in page.evaluate(HEADINGS_JS)}
    return len(PdfReader(target).pages), headings


HEADINGS_JS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .map(h => h.textContent.replace(/\u00b6/g, '').replace(/\\s+/g, ' ').trim())"""


def cover_html(cover: Cover, contents: list[tuple[str, int]]) -> str:
    """The combined PDF's first page: title, what it is built from, contents with page links."""
    rows = "\n".join(
        f'<tr><td><a href="{LINK_PREFIX}{number}">{html.escape(title)}</a></td>'
        f'<td class="n">{number}</td></tr>' for title, number in contents)
    lines = "".join(f"<p>{line}</p>" for line in cover.lines)
    return (
        "<!doctype html><html lang=da><meta charset=utf-8><title>Forside</title><style>"
        "body{font-family:sans-serif;margin:0} h1{font-size:20pt;margin:0 0 .6em}"
        "p{font-size:10.5pt;line-height:1.45;margin:.3em 0} h2{font-size:14pt;margin:1.4em 0 .4em}"
        "body table.toc{border-collapse:collapse;width:100%;font-size:11pt !important}"
        "td{padding:.35em .2em;border-bottom:1px dotted #999} td.n{text-align:right;width:4em}"
        "a{color:#1a4f8a;text-decoration:none}</style><body>"
        f"<h1>{html.escape(cover.title)}</h1>{lines}"
        f"<p>Bygget {html.escape(cover.built)} med kkr-analysis {html.escape(__version__)}.</p>"
        f"<h2>Indhold</h2><table class=toc>{rows}</table></body></html>")


def _link_cover(writer, cover_pages: int) -> None:
    """Turn the cover's marker links into links to pages of the combined file."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

    for index in range(cover_pages):
        for annot in writer.pages[index].get("/Annots", []) or []:
            annot = annot.get_object()
            uri = str(annot.get("/A", {}).get("/URI", ""))
            if not uri.startswith(LINK_PREFIX):
                continue
            target = writer.pages[int(uri[len(LINK_PREFIX):]) - 1].indirect_reference
            annot[NameObject("/A")] = DictionaryObject({
                NameObject("/S"): NameObject("/GoTo"),
                NameObject("/D"): ArrayObject([target, NameObject("/Fit")])})
            annot[NameObject("/Border")] = ArrayObject([NumberObject(0)] * 3)


def write_pdfs(pages: list[Path], folder: Path, combined_name: str,
               titles: list[str] | None = None, cover: Cover | None = None) -> list[Path]:
    """One PDF per HTML page and ``<combined_name>.pdf`` with all of them: a first page with
    the contents, a bookmark per page, "side n af N" on every page. Requests other than
    file:/data: are refused while printing."""
    try:
        from playwright.sync_api import sync_playwright
        from pypdf import PdfReader, PdfWriter
    except ImportError as exc:
        raise DataError("PDF kræver playwright og pypdf: pip install 'kkr-analysis[pdf]'") \
            from exc
    titles = titles or [p.stem for p in pages]
    cover = cover or Cover(combined_name.replace("_", " "))
    start = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(prefix="kkr-pdf-"))  # Chromium prints here; only the
    try:  # finished files are written into ``folder``, never through a link (write_inside)
        return _write_pdfs(pages, folder, combined_name, titles, cover, scratch, start,
                           sync_playwright, PdfReader, PdfWriter)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _write_pdfs(pages, folder, combined_name, titles, cover, scratch, start,
                sync_playwright, PdfReader, PdfWriter) -> list[Path]:
    written, counts, headings = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.route("**/*", lambda route: route.continue_()
                   if route.request.url.startswith(("file:", "data:")) else route.abort())
        for html_page in pages:
            target = scratch / f"{html_page.stem}.pdf"
            count, names = _print(page, html_page, target)
            counts.append(count)
            headings.append(names)
            written.append(target)
        cover_file = scratch / "forside.html"
        cover_pdf = scratch / "forside.pdf"
        cover_pages = 1
        for _ in range(3):  # the contents' page numbers depend on the cover's own length
            firsts = [cover_pages + 1 + sum(counts[:i]) for i in range(len(counts))]
            cover_file.write_text(cover_html(cover, list(zip(titles, firsts))), encoding="utf-8")
            printed, _ = _print(page, cover_file, cover_pdf)
            if printed == cover_pages:
                break
            cover_pages = printed
        browser.close()
    total = cover_pages + sum(counts)
    writer = PdfWriter()
    writer.append(str(cover_pdf), import_outline=False)
    writer.add_outline_item(title="Forside og indhold", page_number=0)
    for pdf, title, first, names in zip(written, titles, firsts, headings):
        writer.append(str(pdf), import_outline=False)
        parent = writer.add_outline_item(title=title, page_number=first - 1)
        outline = PdfReader(pdf).outline
        if len(outline) == 2 and isinstance(outline[1], list):  # the page's title: the parent
            outline = outline[1]
        _copy_outline(writer, PdfReader(pdf), parent, first - 1, names, outline)
    _stamp(writer, 0, total, total)
    _link_cover(writer, cover_pages)
    writer.add_metadata({"/Title": cover.title, "/Producer": f"kkr-analysis {__version__}"})
    writer.page_mode = "/UseOutlines"
    combined = _write_into(folder, f"{file_name(combined_name)}.pdf", writer)
    finished = []
    for pdf, count, names in zip(written, counts, headings):  # then each numbered on its own
        writer = PdfWriter()
        writer.append(str(pdf), import_outline=False)
        _copy_outline(writer, PdfReader(pdf), None, 0, names)
        _stamp(writer, 0, count, count)
        writer.page_mode = "/UseOutlines"
        finished.append(_write_into(folder, pdf.name, writer))
    print(f"{len(written)} PDF'er + {combined} ({total} sider, "
          f"{decimal(time.perf_counter() - start, 1)} s)", file=sys.stdout, flush=True)
    return [*finished, combined]


def _copy_outline(writer, reader, parent, offset: int, names: dict[str, str],
                  items=None) -> None:
    """The page's own bookmarks (its headings, with their spaces), under ``parent``, pages
    shifted by ``offset``."""
    items = reader.outline if items is None else items
    last = None
    for item in items:
        if isinstance(item, list):
            if last is not None:
                _copy_outline(writer, reader, last, offset, names, item)
            continue
        title = str(item.title)
        title = names.get("".join(title.split()), title)
        number = reader.get_destination_page_number(item)
        last = writer.add_outline_item(title=title, page_number=offset + number, parent=parent)


def _write_into(folder: Path, name: str, writer) -> Path:
    """A finished PDF into ``folder`` (inside the report's ``--out``) without following links."""
    from ..data.safe_files import write_inside

    buffer = io.BytesIO()
    writer.write(buffer)
    return write_inside(folder.parent, Path(folder.name) / name, buffer.getvalue())
