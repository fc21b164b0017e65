"""Reports: parameterised notebooks → HTML with coverage on top, hidden code, footer, PNGs, PDF.

Built for KV25 and KKR Sjælland: everything KKR-specific in the pages comes from the chosen KKR's
data (issue 11, item 5), never from Hovedstaden's bundled tables.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from kkr_analysis import __version__
from kkr_analysis.cli import main
from kkr_analysis.scenario import Scenario


def visible_text(page: Path) -> str:
    """The page's text as a reader sees it (the hidden code cells left out)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for hidden in soup.select(".jp-InputArea, head, script, style"):
        hidden.decompose()
    return soup.get_text(" ")


def test_parameterised_report_for_another_election_and_kkr(tmp_path, capfd):
    out = tmp_path / "kv25-sjaelland"
    assert main(["report", "--election", "KV25", "--kkr", "sjaelland", "--out", str(out),
                 "--pdf"]) == 0
    printed = capfd.readouterr()  # fd level: the kernels write to the inherited stderr
    assert "åbn" in printed.out
    assert re.search(r"\[1/\d+\] .*01_kkr_composition\.html", printed.out)  # progress lines
    assert "KeyboardInterrupt" not in printed.err + printed.out
    assert "WARNING" not in printed.err + printed.out
    pages = sorted(p.name for p in out.glob("*.html"))
    assert pages[:5] == ["01_kkr_composition.html", "02_alliance_scenarios.html",
                         "03_threshold_sensitivity.html", "04_appointments_and_meetings.html",
                         "05_kv21_vs_kv25.html"] and pages[-1] == "index.html"
    page = (out / "02_alliance_scenarios.html").read_text(encoding="utf-8")
    assert "KKR Sjælland" in page and "Data (KV25 — 2026-2029)" in page and "Partiregister" in page
    body = page[page.index("<body"):]
    assert body.index("kkr-banner") < body.index("Formand og næstformand")  # coverage on top
    assert "kkr-hide-code" in page and "Vis kode" in page
    assert f"kkr-analysis {__version__}" in page and "Genereret" in page
    assert ("<title>Formand og næstformand: valgforbund-scenarier – KKR Sjælland "
            "(KV25 — 2026-2029)</title>") in page
    figures = list((out / "figures").glob("*.png"))
    assert len(figures) >= 8 and all(f.read_bytes()[:4] == b"\x89PNG" for f in figures)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "KV25 — 2026-2029, KKR Sjælland" in index and "05_kv21_vs_kv25.html" in index

    # Report 01 opens with the chosen KKR.
    one = (out / "01_kkr_composition.html").read_text(encoding="utf-8")
    answer = one[one.index("Kort fortalt"):]
    size = Scenario("KV25", "Sjælland").composition().size
    assert answer.index("KKR Sjælland (KV25 — 2026-2029)") < answer.index("Hovedstaden") \
        if "Hovedstaden" in answer else True
    assert f"får {size} medlemmer" in answer[:2000]

    # Report 04: nothing of KKR Hovedstaden's, quorum from Sjælland's own size.
    body = visible_text(out / "04_appointments_and_meetings.html")
    for foreign in ("Hovedstaden", "Erhvervshus Hovedstaden", "Pharmakon", "2022-01-25",
                    "25. januar 2022", "kkr_hovedstaden", "58 medlemmer"):
        assert foreign not in body, foreign
    assert "KKR Sjælland (2026-2029)" in body
    assert f"mindst {-(-size // 2)} til stede" in body
    assert "Projektet har ingen data om de organer, KKR'en udpeger til for KKR Sjælland" in body
    assert "Projektet har ingen data om KKR'ens mødeplan for KKR Sjælland" in body

    # Report 06: no other KKR's bodies; one Danish sentence says none exist, the method stays.
    six = visible_text(out / "06_konstituerende_moede_valggrupper.html")
    for foreign in ("Hovedstaden", "Greater Copenhagen", "min_seats", "split_of_min",
                    "members"):
        assert foreign not in six, foreign
    assert six.index("Kort fortalt") < six.index("Grundlag (KV25)")  # KL's board follows
    assert "Projektet har ingen data om de organer, KKR'en udpeger til for KKR Sjælland i " \
        "perioden 2026-2029" in six
    assert "Uden organerne er der ingen pladser at fordele" in six
    page_six = (out / "06_konstituerende_moede_valggrupper.html").read_text(encoding="utf-8")
    assert "Håndregnet eksempel" in page_six and "Y+Z" in six  # the method is still explained
    # Reports 02 and 06 are about Sjælland's largest list (A), named in "Kort fortalt".
    two = " ".join(visible_text(out / "02_alliance_scenarios.html").split())
    assert re.search(r"Fokusliste: A ?, den største liste i KKR Sjælland", two)
    answer_six = " ".join(six[six.index("Kort fortalt"):].split())
    assert re.search(r"Fokusliste: A ?, den største liste", answer_six)
    assert re.search(r"Fast blok: A\+B\+F\+Ø ?— «rød blok»", answer_six)

    # The party register (KV25) in Danish for readers; the data file's English stays out.
    assert "Partiregister (KL's love § 6) for KV25 er en antagelse" in visible_text(
        out / "02_alliance_scenarios.html")
    for name in ("02_alliance_scenarios.html", "05_kv21_vs_kv25.html"):
        assert "assumption" not in visible_text(out / name), name

    # PDF: one per page plus the combined one, each with pages and the KKR's name in its text.
    from pypdf import PdfReader

    pdfs = sorted((out / "pdf").glob("*.pdf"))
    assert [p.name for p in pdfs] == sorted([f"{name[:-5]}.pdf" for name in pages[:-1]]
                                            + ["kkr_KV25_Sjælland.pdf"])
    for pdf in pdfs:
        reader = PdfReader(pdf)
        assert len(reader.pages) >= 1
        assert "Sjælland" in reader.pages[0].extract_text(), pdf.name


def test_report_on_a_users_data_folder(tmp_path, capfd):
    """`kkr report --data-dir DIR`: every page is computed from DIR (here a copy where D's
    KV21 votes are gone, so KKR Hovedstaden changes), and the banner names the folder."""
    import pandas as pd
    from conftest import copy_data

    folder = copy_data(tmp_path / "mine")
    results = folder / "kv21" / "results.csv"
    frame = pd.read_csv(results, dtype=str, keep_default_na=False)
    frame[frame["list_letter"] != "D"].to_csv(results, index=False, lineterminator="\n")
    out = tmp_path / "r"
    assert main(["report", "--data-dir", str(folder), "--election", "KV21", "--out",
                 str(out)]) == 0
    capfd.readouterr()
    mine = Scenario("KV21", "Hovedstaden", data_dir=str(folder)).composition()
    assert "D" not in {r.list for r in mine.rows if r.total}
    one = visible_text(out / "01_kkr_composition.html")
    assert f"datamappe {folder.resolve()}" in one
    assert f"får {mine.size} medlemmer" in one
    answer = one[one.index("Kort fortalt"):one.index("Kort fortalt") + 1500]
    assert "D 2" not in answer


def test_report_data_folder_is_restored_after_the_build(tmp_path, monkeypatch):
    """--data-dir reaches the notebooks through $KKR_DATA_DIR only while the build runs."""
    import os

    from kkr_analysis.cli.report import data_folder
    from kkr_analysis.data import DATA_DIR_ENV

    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    with data_folder(str(tmp_path)):
        assert os.environ[DATA_DIR_ENV] == str(tmp_path.resolve())
    assert DATA_DIR_ENV not in os.environ
