"""Hardening corpus, part 5 (issue 20): the newer surfaces — appoint --bodies, alliances with
--region-votes, board's national.csv, valg.dk polling areas, presets.csv, quorum, the Python
API. Each case: exit 2 (or one DataError), one line naming file/row/column, never exit 70.

Found before the fix: malformed bodies files crashed (``_line`` of itertuples) or hung (seats
10^10); two rows of one body were both appointed; a TOTAL-only --region-votes gave every list 0
votes and a KKR of mayors only; ``a`` in national.csv dropped A from KL's board (A 6 → 0); a
polling area written ``1. 1. ØSTERBRO`` beside ``1. 1. Østerbro`` counted its votes twice; a
Stemmetal column twice crashed; ``quorum --members 10^30`` was "er ikke et helt tal";
``kkr.chair(alliances="A+F")`` read the string letter by letter.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hardening_cases import assert_clear_error, run_cli
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import kkr_analysis as kkr
from kkr_analysis.data import bundled_data_dir
from kkr_analysis.errors import DataError
from kkr_analysis.scenario import Scenario

BUNDLED = bundled_data_dir()
REAL = BUNDLED / "kv21" / "valgdk" / "koebenhavn.csv"

# ---------------------------------------------------------------------------------------------
# appoint --bodies FILE
# ---------------------------------------------------------------------------------------------

BODIES = {
    "zero seats": ("body,seats\nA,0\n", "mindst én plads"),
    "bad kind": ("body,seats,kind\nA,3,weird\n", "hverken political eller business"),
    "seats 10^10": ("body,seats\nA,10000000000\n", "højst 1.000"),
    "seats 10^6": ("body,seats\nA,1000000\n", "højst 1.000"),
    "seats 1001": ("body,seats\nA,1001\n", "højst 1.000"),
    "seats beyond count": ("body,seats\nA,99999999999999\n", "virkeligt valg"),
    "duplicate body": ("body,seats\nA,3\nA,2\n", "står to gange"),
    "duplicate case": ("body,seats\nRegionsrådet,3\nREGIONSRÅDET,2\n", "står to gange"),
    "duplicate spaces": ("body,seats\nVækst  forum,3\nVækst forum,2\n", "står to gange"),
    "header only": ("body,seats\n", "ingen organer"),
    "no name": ("seats\n3\n", "skal have et navn"),
    "empty name": ("body,seats\n,3\n", "skal have et navn"),
    "negative seats": ("body,seats\nA,-1\n", "et negativt tal"),
    "decimal seats": ("body,seats\nA,2.5\n", "ikke et ikke-negativt helt tal"),
    "empty seats": ("body,seats\nA,\n", "tom"),
    "extra field": ("body,seats\nA,3,4\n", "3 felter"),
    "semicolons": ("body;seats\nA;3\n", "skilletegnet"),
    "substitutes maybe": ("body,seats,substitutes\nA,3,maybe\n", "ikke ja/nej"),
    "gender maybe": ("body,seats,gender_requirement\nA,3,kanske\n", "ikke ja/nej"),
    "too many bodies": ("body,seats\n" + "".join(f"B{i},1\n" for i in range(201)),
                        "højst 200"),
    "too many seats together": ("body,seats\n" + "".join(f"B{i},900\n" for i in range(3)),
                                "højst 2.000"),
    "other KKR": ("body,seats,kkr\nA,3,Sjælland\n", "Sjælland"),
    "NUL byte": ("body,seats\nA\x00,3\n", "NUL"),
}


@pytest.mark.parametrize("case", sorted(BODIES))
@pytest.mark.parametrize("exhaustive", [False, True])
def test_bad_bodies_file(case, exhaustive, tmp_path, capsys):
    text, needle = BODIES[case]
    path = tmp_path / "bodies.csv"
    path.write_text(text, encoding="utf-8")
    argv = ["appoint", "--kkr", "Hovedstaden", "--bodies", path, "--election", "KV21"]
    if exhaustive:
        argv += ["--for", "C", "--exhaustive"]
    code, _, err = run_cli(capsys, argv, [path])
    assert_clear_error(code, err, needle)


def test_largest_allowed_bodies_file_runs(tmp_path, capsys):
    path = tmp_path / "bodies.csv"
    path.write_text("body,seats\n" + "".join(f"B{i},400\n" for i in range(5)), encoding="utf-8")
    code, out, err = run_cli(capsys, ["appoint", "--kkr", "Hovedstaden", "--bodies", path,
                                      "--for", "C", "--exhaustive", "--election", "KV21"], [path])
    assert code == 0, err


# ---------------------------------------------------------------------------------------------
# --region-votes (alliances, composition, chair)
# ---------------------------------------------------------------------------------------------

REGION_VOTES = {
    "TOTAL only": ("list,votes\nTOTAL,1000000\n", "kun en række TOTAL"),
    "total only lower": ("list,votes\ntotal,1000000\n", "kun en række TOTAL"),
    "all zero": ("list,votes\nA,0\nC,0\n", "0 stemmer"),
    "all zero with total": ("list,votes\nA,0\nTOTAL,5\n", "0 stemmer"),
    "lower-case list": ("list,votes\na,100\n", "mente du 'A'"),
    "council seats x": ("list,votes,council_seats\nA,100,x\n", "council_seats"),
    "votes 1e5": ("list,votes\nA,1e5\n", "ikke et ikke-negativt helt tal"),
}


@pytest.mark.parametrize("case", sorted(REGION_VOTES))
@pytest.mark.parametrize("command", ["alliances", "composition", "chair"])
def test_bad_region_votes_newer(case, command, tmp_path, capsys):
    text, needle = REGION_VOTES[case]
    path = tmp_path / "rv.csv"
    path.write_text(text, encoding="utf-8")
    code, _, err = run_cli(capsys, [command, "--kkr", "Hovedstaden", "--region-votes", path],
                           [path])
    assert_clear_error(code, err, needle, "rv.csv")


def test_forty_lists_is_one_line():
    from kkr_analysis.scenarios.alliances import evaluate_structures

    with pytest.raises(DataError, match="begrænset til 14 lister"):
        evaluate_structures({f"L{i}": 100 + i for i in range(40)})


# ---------------------------------------------------------------------------------------------
# board: national.csv
# ---------------------------------------------------------------------------------------------


def _national(data: Path, edit) -> None:
    path = data / "national.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")


def _kv21_rows(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.startswith("KV21,")]


def _set_pct(value: str):
    def edit(lines):
        for i in _kv21_rows(lines):
            cells = lines[i].split(",")
            cells[4] = value
            lines[i] = ",".join(cells)
        return lines
    return edit


def _first_kv21(transform):
    def edit(lines):
        i = _kv21_rows(lines)[0]
        lines[i] = transform(lines[i])
        return lines
    return edit


NATIONAL = {
    "lower-case a": (_first_kv21(lambda s: s.replace("KV21,A,", "KV21,a,", 1)), "et lille bogstav"),
    "all zero": (_set_pct("0"), "0 %"),
    "all zero point zero": (_set_pct("0.0"), "0 %"),
    "150 %": (_first_kv21(lambda s: s.replace(",28.4,", ",150.0,")), "mere end 100 %"),
    "101 %": (_first_kv21(lambda s: s.replace(",28.4,", ",101,")), "mere end 100 %"),
    "sum over 100": (_first_kv21(lambda s: s.replace(",28.4,", ",99.0,")), "giver i alt"),
    "A twice": (lambda lines: lines + [lines[_kv21_rows(lines)[0]]], "står to gange"),
    "A twice spaced": (lambda lines: lines + [lines[_kv21_rows(lines)[0]].replace(
        "KV21,A,", "KV21, A ,")], "står to gange"),
    "pct comma": (_first_kv21(lambda s: s.replace(",28.4,", ',"28,4",')), "procentsats"),
    "pct two decimals": (_first_kv21(lambda s: s.replace(",28.4,", ",28.45,")), "procentsats"),
    "pct negative": (_first_kv21(lambda s: s.replace(",28.4,", ",-1,")), "procentsats"),
    "votes negative": (_first_kv21(lambda s: s.replace("KV21,A,Socialdemokratiet,,",
                                                       "KV21,A,Socialdemokratiet,-5,")),
                       "negativt"),
}


@pytest.mark.parametrize("case", sorted(NATIONAL))
@pytest.mark.parametrize("command", ["board", "assembly"])
def test_bad_national_file(case, command, data_copy, capsys):
    edit, needle = NATIONAL[case]
    _national(data_copy, edit)
    code, _, err = run_cli(capsys, [command, "--election", "KV21", "--data-dir", data_copy],
                           [data_copy])
    assert_clear_error(code, err, needle, "national.csv")


# ---------------------------------------------------------------------------------------------
# import valgdk: one polling area under two spellings; Stemmetal twice
# ---------------------------------------------------------------------------------------------

SPELLINGS = ["1. 1. ØSTERBRO", "1.  1.  Østerbro", "1. 1. østerbro", "1. 1.\tØsterbro",
             "1. 1. ØsterBro"]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_polling_area_twice_under_another_spelling(spelling, tmp_path, capsys):
    lines = REAL.read_text(encoding="utf-8-sig").splitlines()
    again = [line.replace("1. 1. Østerbro", spelling, 1) for line in lines
             if line.startswith("1. 1. Østerbro;")]
    export = tmp_path / "koebenhavn.csv"
    export.write_text("\n".join(lines + again) + "\n", encoding="utf-8")
    code, _, err = run_cli(capsys, ["import", "valgdk", "--election", "KV21", export], [export])
    assert_clear_error(code, err, "skrevet på en anden måde", "Afstemningsområde")


@pytest.mark.parametrize("column", ["Stemmetal", "Navn", "Afstemningsområde"])
def test_valgdk_column_twice(column, tmp_path, capsys):
    lines = REAL.read_text(encoding="utf-8-sig").splitlines()[:40]
    out = [lines[0] + f";{column}"] + [line + ";5" for line in lines[1:]]
    export = tmp_path / "koebenhavn.csv"
    export.write_text("\n".join(out) + "\n", encoding="utf-8")
    code, _, err = run_cli(capsys, ["import", "valgdk", "--election", "KV21", export], [export])
    assert_clear_error(code, err, "står to gange", column)


# ---------------------------------------------------------------------------------------------
# whole numbers far out of range
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [
    ["quorum", "--members", "1" + "0" * 30, "--present", "3"],
    ["quorum", "--members", "5", "--present", "9" * 400],
    ["quorum", "--members", "-" + "9" * 40, "--present", "3"],
    ["simulate", "--kkr", "Hovedstaden", "--seed", "9" * 60, "--election", "KV21"],
])
def test_huge_whole_number_is_out_of_range(argv, capsys):
    code, _, err = run_cli(capsys, argv, [])
    assert_clear_error(code, err, "uden for området")


# ---------------------------------------------------------------------------------------------
# the Python API: one DataError naming the argument
# ---------------------------------------------------------------------------------------------

API = {
    "composition([])": (lambda: kkr.composition([], "Hovedstaden"), "ikke et valg"),
    "composition(5)": (lambda: kkr.composition(5, "Hovedstaden"), "ikke et valg"),
    "composition('../x')": (lambda: kkr.composition("../x", "Hovedstaden"), "aldrig en sti"),
    "kkr None": (lambda: kkr.composition("KV21", None), "Scenario.kkr"),
    "kkr 5": (lambda: kkr.composition("KV21", 5), "Scenario.kkr"),
    "kkr empty": (lambda: kkr.composition("KV21", "  "), "Scenario.kkr"),
    "threshold 1e30": (lambda: kkr.composition(threshold_pct=1e30), "0-100"),
    "threshold Decimal NaN": (lambda: kkr.composition(threshold_pct=Decimal("NaN")),
                              "er ikke en procentsats"),
    "threshold 'nan'": (lambda: kkr.composition(threshold_pct="nan"), "er ikke en procentsats"),
    "threshold 'inf'": (lambda: kkr.composition(threshold_pct="-inf"), "er ikke en procentsats"),
    "threshold None": (lambda: kkr.composition(threshold_pct=None), "procentsats"),
    "threshold list": (lambda: kkr.composition(threshold_pct=[2]), "procentsats"),
    "threshold True": (lambda: kkr.composition(threshold_pct=True), "procentsats"),
    "threshold long text": (lambda: kkr.composition(threshold_pct="1" * 5000), "procentsats"),
    "method unknown": (lambda: kkr.composition(method="dhont"), "ukendt metode"),
    "alliances None": (lambda: kkr.chair(alliances=None), "alliances"),
    "alliances str": (lambda: kkr.chair(alliances="A+F"), "alliances=[...]"),
    "alliances int": (lambda: kkr.chair(alliances=[5]), "alliances indeholder 5"),
    "alliances Decimal": (lambda: kkr.chair(alliances=[Decimal(1)]), "alliances indeholder"),
    "alliances np.int": (lambda: kkr.chair(alliances=[np.int64(1)]), "alliances indeholder"),
    "alliances dict": (lambda: kkr.chair(alliances=[{"A": 1}]), "alliances indeholder"),
    "Scenario(alliances=None)": (lambda: Scenario("KV21", alliances=None), "Scenario.alliances"),
    "Scenario(alliances='A+F')": (lambda: Scenario("KV21", alliances="A+F"), "Scenario.alliances"),
    "Scenario(alliances=[str])": (lambda: Scenario("KV21", alliances=("A+F",)),
                                  "ikke er en Alliance"),
    "Scenario(election=5)": (lambda: Scenario(election=5), "Scenario.election"),
    "Scenario(data_dir=5)": (lambda: Scenario(data_dir=5), "Scenario.data_dir"),
    "Scenario(regions=2027)": (lambda: Scenario("KV21", regions=2027), "Scenario.regions"),
    "load_election(data_dir=5)": (lambda: kkr.load_election("KV21", 5), "data_dir"),
    "load_election(None)": (lambda: kkr.load_election(None), "ikke et valg"),
    "explain(21)": (lambda: kkr.explain(21), "ikke et valg"),
}


@pytest.mark.parametrize("case", sorted(API))
def test_api_names_the_bad_argument(case):
    call, needle = API[case]
    with pytest.raises(DataError) as info:
        call()
    assert needle in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("alliances", [[("A", "F")], [np.str_("A+F")], [["A", "F"]]])
def test_api_accepts_tuples_and_numpy_strings(alliances):
    assert kkr.chair(alliances=alliances).describe() == kkr.chair(alliances=["A+F"]).describe()


# ---------------------------------------------------------------------------------------------
# presets.csv
# ---------------------------------------------------------------------------------------------

PRESETS = {"A++F": "tomt listenavn", "A,F": "'+'", "A+A": "to gange", "A+": "tomt listenavn",
           "A;F": "'+'", "+F": "tomt listenavn"}


@pytest.mark.parametrize("spec", sorted(PRESETS))
def test_bad_preset_row_names_file_and_row(spec, data_copy):
    from kkr_analysis.widgets import ScenarioApp
    from kkr_analysis.widgets.model import presets

    path = data_copy / "presets.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(rows + [f'KV21,dårlig,"{spec}",']) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        presets("KV21", str(data_copy))
    message = str(info.value)
    assert "presets.csv" in message and f"række {len(rows) + 1}" in message
    assert PRESETS[spec] in message
    app = ScenarioApp(scenario=Scenario("KV21", data_dir=str(data_copy)))  # still starts
    assert "presets.csv" in app.errors.value and app.text.startswith("Formand")


# ---------------------------------------------------------------------------------------------
# hypothesis: arbitrary bodies, presets and national files never crash
# ---------------------------------------------------------------------------------------------

CELL = st.text(alphabet=st.sampled_from(list("AaCØ+-=,;\"' 0123456789.\t%xX")), max_size=8)


def _csv(rows: list[list[str]]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


@hsettings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELL, min_size=2, max_size=4), max_size=6),
       header=st.sampled_from([["body", "seats"], ["body", "seats", "kind"],
                               ["name", "seats", "substitutes", "gender_requirement"]]))
def test_any_bodies_file_is_bodies_or_one_data_error(rows, header, tmp_path_factory):
    from kkr_analysis.data.kkr_tables import MAX_BODY_SEATS, load_bodies

    path = tmp_path_factory.mktemp("b") / "bodies.csv"
    path.write_text(_csv([header, *rows]), encoding="utf-8")
    try:
        bodies = load_bodies(path)
    except DataError as exc:
        assert "\n" not in str(exc) and "bodies.csv" in str(exc)
        return
    names = [" ".join(b.name.split()).casefold() for b in bodies]
    assert bodies and len(set(names)) == len(names)
    assert all(1 <= b.seats <= MAX_BODY_SEATS for b in bodies)


@hsettings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(CELL, min_size=1, max_size=4))
def test_any_presets_file_is_presets_or_one_data_error(specs, tmp_path_factory):
    from kkr_analysis.widgets.model import presets

    data = tmp_path_factory.mktemp("p")
    (data / "presets.csv").write_text(
        _csv([["election", "preset", "alliance", "note"]]
             + [["KV21", f"p{i}", s, ""] for i, s in enumerate(specs)]), encoding="utf-8")
    try:
        found = presets("KV21", str(data))
    except DataError as exc:
        assert "\n" not in str(exc) and "presets.csv" in str(exc)
        return
    for alliances in found.values():
        for a in alliances:
            assert a.members and all(m and m == m.strip() for m in a.members)
            assert len(set(a.members)) == len(a.members)


@hsettings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.sampled_from(["A", "a", "C", "V", " A", "Ø", ""]),
                               st.sampled_from(["", "0", "5", "-5", "100000", "x"]),
                               st.sampled_from(["0", "0.0", "28.4", "150", "50", "1,5", ""])),
                     min_size=1, max_size=6))
def test_any_national_file_is_a_board_or_one_data_error(rows, tmp_path_factory):
    import shutil

    from kkr_analysis.data import load_election
    from kkr_analysis.rules.national import kl_board

    data = tmp_path_factory.mktemp("n") / "data"
    shutil.copytree(BUNDLED, data)
    (data / "national.csv").write_text(
        _csv([["election", "list_letter", "list_name", "votes", "pct_published", "seats"]]
             + [["KV21", letter, f"Liste {letter}", votes, pct, ""]
                for letter, votes, pct in rows]), encoding="utf-8")
    try:
        board = kl_board(load_election("KV21", data))
    except DataError as exc:
        assert "\n" not in str(exc)
        return
    frame = board.to_frame()
    assert all(x == x.upper() for x in frame["list"])  # a lower-case letter never takes part
    assert frame["seats"].sum() in (0, 17) or board.tie is not None


def test_api_method_none_is_the_default():
    """method=None in the kkr.* functions means KL's method (rules.composition.KKR_METHOD)."""
    from kkr_analysis.rules.composition import KKR_METHOD

    assert kkr.composition(method=None).method == KKR_METHOD
