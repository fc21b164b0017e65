"""A board pack prints everything: a folded ``<details>`` section (the other KKR's "Sådan blev
pladserne fordelt") is opened before Chromium prints it, so its rows are in the PDF."""

from __future__ import annotations

import pytest
from browser import require_chromium

require_chromium()
pytest.importorskip("playwright")
pypdf = pytest.importorskip("pypdf")

from kkr_analysis.presentation.pdf import write_pdfs  # noqa: E402

PAGE = """<!doctype html><html lang=da><meta charset=utf-8><title>Foldet</title><body>
<h1>Rapport med foldet afsnit</h1><p>Synlig tekst før folden.</p>
<details class='kkr-details'><summary>Sådan blev pladserne fordelt (klik for at vise)</summary>
<p>Skjult forklaring Aalborgkvotient.</p>
<table><tr><th>Plads</th><th>Liste</th></tr><tr><td>1</td><td>Listeværdi Zebra</td></tr></table>
</details>
<details><summary>Endnu en fold</summary><details><summary>Indre fold</summary>
<p>Dybt skjult Odensetekst.</p></details></details>
</body></html>"""


def test_details_are_opened_before_printing(tmp_path):
    page = tmp_path / "foldet.html"
    page.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out" / "pdf"
    out.mkdir(parents=True)
    written = write_pdfs([page], out, "foldet")
    for pdf in written:
        text = " ".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
        assert "Synlig tekst" in text, pdf.name
        assert "Sådan blev pladserne fordelt" in text, pdf.name  # the summary line stays
        for hidden in ("Aalborgkvotient", "Listeværdi Zebra", "Odensetekst"):
            assert hidden in text, (pdf.name, hidden)
