"""Reports: parameterised notebooks → HTML with coverage on top, hidden code, footer, PNGs."""

from __future__ import annotations

from kkr_analysis import __version__
from kkr_analysis.cli import main


def test_parameterised_report_for_another_election_and_kkr(tmp_path, capsys):
    out = tmp_path / "kv25-sjaelland"
    assert main(["report", "--election", "KV25", "--kkr", "sjaelland", "--out", str(out)]) == 0
    assert "open" in capsys.readouterr().out
    pages = sorted(p.name for p in out.glob("*.html"))
    assert pages == ["01_kkr_composition.html", "02_alliance_scenarios.html",
                     "03_threshold_sensitivity.html", "04_appointments_and_meetings.html",
                     "05_kv21_vs_kv25.html", "06_konstituerende_moede_valggrupper.html",
                     "index.html"]
    page = (out / "02_alliance_scenarios.html").read_text(encoding="utf-8")
    assert "KKR Sjælland" in page and "Data (KV25)" in page and "Partiregister" in page
    assert page.index("kkr-banner") < page.index("Formand og næstformand")  # coverage on top
    assert "kkr-hide-code" in page and "Vis kode" in page
    assert f"kkr-analysis {__version__}" in page and "Genereret" in page
    figures = list((out / "figures").glob("*.png"))
    assert len(figures) >= 8 and all(f.read_bytes()[:4] == b"\x89PNG" for f in figures)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "KV25, KKR Sjælland" in index and "05_kv21_vs_kv25.html" in index
