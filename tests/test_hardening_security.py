"""Hardening corpus, part 3 (issue 20): confinement, formula-safe CSV and writes inside --out.

Found before the fix: ``load_election('../../x')`` and the app's ``?valg=../../x`` read another
folder's files; ``valg=kv21/../kv25`` read KV25 as "KV21/../KV25"; every CSV output wrote a list
name ``=HYPERLINK(…)`` raw (live in Excel); ``kkr report --out r`` wrote through a symlinked
``r/index.html``, ``r/figures`` or ``r/pdf``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kkr_analysis.data import bundled_data_dir, load_election
from kkr_analysis.errors import DataError

BAD_ELECTIONS = ["../../x", "kv21/../kv25", "KV21/../KV25", "..", ".", "/etc", "kv21/",
                 "kv21\\..\\kv25", "kv21\x00", "", " KV21", "KV 21", "kv21%2f..", "~",
                 "a" * 21, "KV21\n", "KV21;rm", "..%2F..%2Fx", "kv21/./", "¼"]


def _outside(tmp_path: Path) -> Path:
    """A data folder with a sibling ``secret`` folder holding an election's files."""
    data = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), data)
    shutil.copytree(data / "kv21", tmp_path / "secret")
    return data


@pytest.mark.parametrize("name", BAD_ELECTIONS)
def test_election_names_are_never_paths(name, tmp_path):
    data = _outside(tmp_path)
    with pytest.raises(DataError, match="is not an election"):
        load_election(name, data)


@pytest.mark.parametrize("name", [None, 21, b"KV21", ("KV21",)])
def test_election_must_be_a_string(name):
    with pytest.raises(DataError, match="is not an election"):
        load_election(name)  # type: ignore[arg-type]


def test_a_sibling_folder_is_not_an_election(tmp_path):
    data = _outside(tmp_path)
    with pytest.raises(DataError, match="not found"):
        load_election("secret", data)


@pytest.mark.parametrize("year", ["../2027", "2027/../../x", "", "..", "2027\x00"])
def test_region_mapping_year_is_never_a_path(year):
    with pytest.raises(DataError, match="not a region mapping year"):
        load_election("KV21", regions=year)


@pytest.mark.parametrize("valg", ["../../../some/folder", "kv21/../kv25", "..%2F..%2Fx",
                                  "%2e%2e%2fkv25", "/tmp", "kv21%00"])
def test_app_link_reads_only_the_data_folder(valg):
    """A link naming a path opens the default scenario and says why (no other folder read)."""
    from kkr_analysis.widgets import ScenarioApp

    app = ScenarioApp.from_query(f"valg={valg}&kkr=Hovedstaden")
    assert app.scenario.election == "KV21"
    assert "Linket kunne ikke læses" in app.output.value


@pytest.mark.parametrize("valg", ["../kv25", "kv21/../kv25"])
def test_scenario_refuses_a_path(valg):
    from kkr_analysis.scenario import Scenario

    with pytest.raises(DataError, match="not an election"):
        Scenario.from_query(f"valg={valg}&kkr=Hovedstaden").resolved()
