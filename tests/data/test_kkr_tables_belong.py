"""A meeting plan or bodies list is shown only for the KKR and period it belongs to.

The bundled plan and bodies are KKR Hovedstaden's for 2022-2026 (the seed); any other KKR or
period gets one Danish line saying none is held and how to give one — never Hovedstaden's 2022
meetings under another KKR's name.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import icalendar
import pytest

from kkr_analysis.cli import main
from kkr_analysis.data.kkr_tables import load_bodies, load_meetings
from kkr_analysis.errors import DataError

BUNDLED = Path(__file__).resolve().parents[2] / "data"
PLAN = BUNDLED / "kkr" / "meetings_hovedstaden_2022_2026.csv"


@pytest.mark.parametrize("action", ["deadlines", "check", "ics"])
@pytest.mark.parametrize("kkr,election,period", [("Syddanmark", "KV25", "2026-2029"),
                                                 ("Sjælland", "KV21", "2022-2026"),
                                                 ("Hovedstaden", "KV25", "2026-2029")])
def test_meetings_without_a_plan_for_the_kkr_and_period_say_so(action, kkr, election, period,
                                                               tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = main(["meetings", action, "--kkr", kkr, "--election", election])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert f"der findes ingen mødeplan for KKR {kkr} {period}" in err
    assert "--plan FIL" in err and "kkr/meetings_" in err and period.replace("-", "_") in err
    assert "januar 2022" not in err and "Pharmakon" not in err
    assert list(tmp_path.iterdir()) == []  # no .ics written


def test_a_plan_of_another_kkr_or_period_is_refused(capsys):
    for argv, words in [(["--kkr", "Syddanmark", "--election", "KV21"],
                         "hører til KKR Hovedstaden 2022-2026, ikke KKR Syddanmark 2022-2026"),
                        (["--kkr", "Hovedstaden", "--election", "KV25"],
                         "hører til KKR Hovedstaden 2022-2026, ikke KKR Hovedstaden 2026-2029")]:
        assert main(["meetings", "deadlines", *argv, "--plan", str(PLAN)]) == 2
        out, err = capsys.readouterr()
        assert out == "" and words in err
    with pytest.raises(DataError, match="ikke KKR Sjælland 2022-2026"):
        load_meetings(PLAN, kkr="Sjælland", period="2022-2026")
    with pytest.raises(DataError, match="ikke KKR Syddanmark 2026-2029"):
        load_bodies(BUNDLED / "kkr" / "bodies_hovedstaden_2022.csv", kkr="Syddanmark",
                    period="2026-2029")


def test_every_meetings_output_names_its_kkr_and_period(tmp_path, capsys):
    argv = ["--kkr", "Hovedstaden", "--election", "KV21"]
    assert main(["meetings", "check", *argv]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("Mødeplan for KKR Hovedstaden, 2022-2026")
    assert main(["meetings", "deadlines", *argv]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("Frister for valgforbund, KKR Hovedstaden, 2022-2026")
    assert main(["meetings", "deadlines", *argv, "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].endswith(",kkr,period") and rows[1].endswith(",Hovedstaden,2022-2026")
    ics = tmp_path / "plan.ics"
    assert main(["meetings", "ics", *argv, "--out", str(ics)]) == 0
    assert "for KKR Hovedstaden, 2022-2026" in capsys.readouterr().out
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    assert str(cal.get("x-wr-calname")) == "KKR Hovedstaden mødeplan 2022-2026"


def test_a_plan_in_the_data_folder_by_its_file_name_is_used(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(BUNDLED, data, ignore=shutil.ignore_patterns("raw", "crosscheck"))
    (data / "kkr" / "meetings_syddanmark_2026_2029.csv").write_text(
        "kkr,period,date,weekday,kind\nSyddanmark,2026-2029,2026-01-27,tirsdag,"
        "konstituerende møde\n", encoding="utf-8")
    assert main(["meetings", "deadlines", "--kkr", "Syddanmark", "--election", "KV25",
                 "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert "KKR Syddanmark, 2026-2029" in out and "27. januar 2026" in out
    assert "2022" not in out


def test_a_plan_without_kkr_takes_it_from_the_file(capsys):
    assert main(["meetings", "check", "--election", "KV21", "--plan", str(PLAN)]) == 0
    assert capsys.readouterr().out.startswith("Mødeplan for KKR Hovedstaden, 2022-2026")
    assert main(["meetings", "check", "--election", "KV21"]) == 2
    assert "giv KKR'en med --kkr" in capsys.readouterr().err


def test_report_refuses_bodies_or_plan_of_another_kkr_before_any_notebook(tmp_path, capsys):
    out = tmp_path / "reports"
    for option, path in (("--bodies", BUNDLED / "kkr" / "bodies_hovedstaden_2022.csv"),
                         ("--plan", PLAN)):
        code = main(["report", "--election", "KV25", "--kkr", "Syddanmark", option, str(path),
                     "--out", str(out)])
        err = capsys.readouterr().err
        assert code == 2 and "ikke KKR Syddanmark 2026-2029" in err
        assert len(err.strip().splitlines()) == 1 and not out.exists()


def test_the_reports_say_how_to_give_the_missing_tables():
    from kkr_analysis.presentation.appointments import no_data_sentence

    text = no_data_sentence("KKR'ens mødeplan", "Sjælland", "2026-2029", "meetings")
    assert "KKR Sjælland i perioden 2026-2029" in text
    assert "kkr report --plan FIL" in text and "kkr/meetings_sjaelland_2026_2029.csv" in text
    text = no_data_sentence("de organer, KKR'en udpeger til", "Sjælland", "2026-2029", "bodies")
    assert "kkr report --bodies FIL" in text and "kkr/bodies_sjaelland_2026.csv" in text
