"""KL's board with valgforbund, from national.csv and parties.csv alone; the exhaustive board
planner against the scalar board rule; the planner's command-line contract."""

from __future__ import annotations

import csv
import io
import random
import shutil
from pathlib import Path

import apportionment.methods as reference
import pytest
from conftest import copy_data

from kkr_analysis.cli import main
from kkr_analysis.data import bundled_data_dir, load_election, load_national
from kkr_analysis.rules.chair import Alliance, parse_alliances
from kkr_analysis.rules.national import (
    board_parties,
    kl_board,
    national_data,
    national_votes,
    representative_assembly,
)
from kkr_analysis.scenarios.valggrupper import Planner, body_meeting


def run(capsys, *argv: str) -> tuple[int, str, str]:
    # the figures here are KV21's (KL's published KKR Hovedstaden 2022-2026 and its bodies)
    code = main(list(argv) if "--election" in argv else [*argv, "--election", "KV21"])
    out = capsys.readouterr()
    return code, out.out, out.err


def national_only(tmp_path: Path, keep_seats: bool = False) -> Path:
    """A data folder with the real bundled KV21 national rows and KV21 parties.csv only: no
    municipal files (and no ``seats`` column unless asked)."""
    root = tmp_path / "national-only"
    (root / "kv21").mkdir(parents=True)
    shutil.copy(bundled_data_dir() / "kv21" / "parties.csv", root / "kv21" / "parties.csv")
    with (bundled_data_dir() / "national.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["election"] == "KV21"]
    columns = ["election", "list_letter", "list_name", "votes", "pct_published", "source"]
    columns += ["seats"] if keep_seats else []
    with (root / "national.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return root


def test_board_with_valgforbund_is_dhondt_between_then_inside():
    # valg.dk's KV21 sums: A 877,136, F 235,076, Ø 226,596 → A+F+Ø 1,338,808; C 470,697,
    # V 654,073 → C+V 1,124,770.
    board = kl_board("KV21", alliances=parse_alliances(["A+F+Ø", "C+V"]))
    numbers = national_votes("KV21", board_parties("KV21")).numbers
    assert numbers["A"] + numbers["F"] + numbers["Ø"] == 1_338_808
    blocks = {"A+F+Ø": ["A", "F", "Ø"], "C+V": ["C", "V"]}
    totals = {"A+F+Ø": 1_338_808, "C+V": 1_124_770}
    totals.update({k: v for k, v in numbers.items() if k not in "AFØCV"})
    between = reference.compute("dhondt", list(totals.values()), 17, verbose=False)
    won = dict(zip(totals, between))
    expected = {k: won[k] for k in totals if k not in blocks}
    for label, members in blocks.items():
        inner = reference.compute("dhondt", [numbers[m] for m in members], won[label],
                                  verbose=False)
        expected.update(zip(members, inner))
    assert board.seats == expected and not board.ties
    assert sum(board.seats.values()) == 17
    # Against the board without valgforbund (A 6, V 5, C 3, F 1, Ø 1, B 1) the alliances move
    # one seat: A+F+Ø wins 9 where its lists alone win 8.
    alone = kl_board("KV21").seats
    assert sum(board.seats[m] for m in "AFØ") == sum(alone[m] for m in "AFØ") + 1 == 9


def test_board_refuses_a_list_in_two_valgforbund_or_unknown():
    with pytest.raises(Exception, match="to valgforbund"):
        kl_board("KV21", alliances=[Alliance(("A", "F")), Alliance(("F", "Ø"))])
    with pytest.raises(Exception, match="landsresultat"):
        kl_board("KV21", alliances=[Alliance(("A", "X"))])


def test_board_needs_only_national_and_parties(tmp_path, capsys):
    folder = national_only(tmp_path)
    assert not (folder / "kv21" / "results.csv").exists()
    assert load_national("KV21", folder)["seats"].isna().all()
    by_shares = kl_board("KV21", data_dir=folder)  # no municipal results: published shares
    assert by_shares.basis == "published shares (0.1 %)"
    by_votes = kl_board(load_election("KV21"))
    assert {k: v for k, v in by_shares.seats.items() if v} == {
        k: v for k, v in by_votes.seats.items() if v}
    code, out, _ = run(capsys, "board", "--election", "KV21", "--data-dir", str(folder),
                       "--format", "csv")
    assert code == 0 and out.splitlines()[1] == "A,6"
    code, out, _ = run(capsys, "board", "--election", "KV21", "--data-dir", str(folder),
                       "--alliance", "A+F+Ø", "--alliance", "C+V", "--format", "csv")
    assert code == 0 and "A,7,A+F+Ø" in out
    code, out, _ = run(capsys, "board", "--election", "KV21", "--data-dir", str(folder),
                       "--for", "C", "--exhaustive", "--format", "csv")
    assert code == 0 and out.splitlines()[0] == "group,pct_tenths,min_seats,max_seats"


def test_assembly_without_municipal_results(tmp_path, capsys):
    folder = tmp_path / "no-results"
    copy_data(folder)
    (folder / "kv21" / "results.csv").unlink()
    comp, basis = representative_assembly(national_data("KV21", folder), folder)
    bundled, bundled_basis = representative_assembly(load_election("KV21"))
    assert (basis, bundled_basis) == ("published shares (0.1 %)", "votes")

    def members(c):  # the same members either way (the exact sums also list G, with none)
        return {r.list: (r.mayors, r.supplementary, r.total) for r in c.rows if r.total}

    assert members(comp) == members(bundled)
    code, out, _ = run(capsys, "assembly", "--election", "KV21", "--data-dir", str(folder),
                       "--format", "csv")
    assert code == 0 and out.startswith("list,mayors,supplementary,total")


def test_assembly_says_it_needs_council_seats(tmp_path, capsys):
    folder = tmp_path / "no-seats"
    copy_data(folder)
    shutil.copy(national_only(tmp_path) / "national.csv", folder / "national.csv")
    code, _, err = run(capsys, "assembly", "--election", "KV21", "--data-dir", str(folder))
    assert code == 2 and "kommunalbestyrelsesmandater" in err and len(err.strip().splitlines()) == 1


def test_exhaustive_board_equals_the_scalar_board_on_random_structures():
    numbers = national_votes("KV21", board_parties("KV21")).numbers
    planner = Planner(numbers, body_meeting(17))
    names = list(numbers)
    rng = random.Random(17)
    for group in rng.sample(range(1, 1 << len(names)), 8):
        out = planner.outcomes(group)
        mine = [names[i] for i in range(len(names)) if group >> i & 1]
        for row in rng.sample(range(len(out.low)), min(40, len(out.low))):
            alliances = [Alliance(tuple(names[i] for i in grp)) for grp in out.others(row)]
            alliances.append(Alliance(tuple(mine)))
            board = kl_board("KV21", alliances=alliances)
            label = "+".join(mine)
            low, high = board.apportionment.seat_range(label)
            assert (out.low[row], out.high[row]) == (low, high), (mine, alliances)


def test_appoint_exhaustive_csv_contract(capsys):
    code, out, _ = run(capsys, "appoint", "--kkr", "Hovedstaden", "--for", "C",
                       "--exhaustive", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and out.splitlines()[0] == "group,members,min_seats,max_seats"
    order = ["A", "C", "Ø", "V", "F", "B", "O", "D"]  # the composition's order
    # eight lists with members (KL's table): every group with C is C and any of the other 7
    assert len(rows) == 2 ** 7 and all("C" in r["group"].split("+") for r in rows)
    for r in rows:
        letters = r["group"].split("+")
        assert letters == sorted(letters, key=order.index)
        assert int(r["min_seats"]) <= int(r["max_seats"]) <= 5
    keys = [(-int(r["min_seats"]), int(r["members"])) for r in rows]
    assert keys == sorted(keys)
    code, out, _ = run(capsys, "appoint", "--kkr", "Hovedstaden", "--bloc", "C+V+O",
                       "--format", "csv")
    assert out.splitlines()[1:] == ["C+V+O,21,1,3"]  # members C 13 + V 6 + O 2 (KL's table)


def test_appoint_exhaustive_bad_input_is_one_line_exit_2(capsys):
    code, _, err = run(capsys, "appoint", "--kkr", "Hovedstaden", "--for", "X", "--exhaustive")
    assert code == 2 and "'X'" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "appoint", "--kkr", "Hovedstaden", "--exhaustive")
    assert code == 2 and "--for" in err
