"""KKR composition (KL's love § 15, stk. 2; forretningsorden § 3, stk. 2) on hand-built regions
whose results are worked out by hand in the comments, and on the bundled KV21 data."""

from __future__ import annotations

from fractions import Fraction

import pytest
from conftest import tally

from kkr_analysis.data import load_election, load_published
from kkr_analysis.rules.composition import compare_with_published, compose
from kkr_analysis.rules.lists import region_tally


def seats(comp):
    return {r.list: (r.mayors, r.supplementary) for r in comp.rows}


def test_uncapped_size_is_smallest_that_covers_the_mayors():
    # 5 municipalities (cap 10); mayors A2 B2 C1. d'Hondt order: A5000, B3000, A2500, A1667,
    # B1500, C1400 → at 6 seats A3 B2 C1 first covers every list's mayors. D (4 %) gets none.
    comp = compose(tally(5, ("A", 5000, 9, 2), ("B", 3000, 6, 2), ("C", 1400, 3, 1),
                         ("D", 400, 1, 0), ("L (X)", 200, 1, 0, "local")), method="dhondt")
    assert comp.size == 6 and comp.cap == 10 and not comp.cap_binds
    assert seats(comp) == {"A": (2, 1), "B": (2, 0), "C": (1, 0), "D": (0, 0), "L (X)": (0, 0)}
    assert comp.tie is None and not comp.size_tie


def test_list_above_threshold_without_council_seat_cannot_take_part():
    # 2 municipalities (cap 4), mayors A, B. C has 30 % but no council seat. Without C the
    # order is A500, A250, B200 → size 3 (A2 B1). Were C allowed: A500, C300, A250, B200 → 4.
    region = tally(2, ("A", 500, 5, 1), ("B", 200, 2, 1), ("C", 300, 0, 0))
    comp = compose(region, method="dhondt")
    assert comp.size == 3
    assert seats(comp) == {"A": (1, 1), "C": (0, 0), "B": (1, 0)}
    row = next(r for r in comp.rows if r.list == "C")
    assert not row.eligible and "intet kommunalbestyrelsesmedlem" in row.reason
    assert compose(region, require_council_seat=False, method="dhondt").size == 4


def test_list_below_threshold_cannot_take_part():
    # 2 % of 10,000 is 200: B with 199 is out, C with exactly 200 is in.
    region = tally(10, ("A", 9601, 20, 10), ("B", 199, 1, 0), ("C", 200, 1, 0))
    comp = compose(region)
    rows = {r.list: r for r in comp.rows}
    assert not rows["B"].eligible and rows["C"].eligible
    assert compose(region, threshold=Fraction(1, 100)).rows[1].eligible


def test_mayor_of_local_list_sits_and_counts_in_size():
    # 3 municipalities (cap 6), mayors A, A and local list L. A600, A300, B280 → 2 seats cover A's
    # mayors; L's mayor sits on top: size 3.
    comp = compose(tally(3, ("A", 600, 9, 2), ("B", 280, 4, 0), ("L (Y)", 120, 2, 1, "local")),
                   method="dhondt")
    assert comp.size == 3
    assert seats(comp) == {"A": (2, 0), "B": (0, 0), "L (Y)": (1, 0)}
    local = next(r for r in comp.rows if r.list == "L (Y)")
    assert not local.eligible and "uden kendt listesamarbejde" in local.reason


def test_capped_region_allocates_cap_with_mayors_as_minimums():
    # 2 municipalities (cap 4), both mayors A. A300 B700: A's 2nd seat comes only at position 6
    # (B700, B350, A300, B233, B175, A150) → cap binds: A2 + B700, B350 → A2 B2.
    comp = compose(tally(2, ("A", 300, 5, 2), ("B", 700, 8, 0)))
    assert comp.cap_binds and comp.size == 4
    assert seats(comp) == {"B": (0, 2), "A": (2, 0)}


def test_capped_region_counts_mayors_of_lists_that_cannot_take_part():
    # 3 municipalities (cap 6): mayors A, A, local L. 5 seats left for the lists: A2 floor, then
    # B700, B350, B233 → B3. Size = cap = 6.
    comp = compose(tally(3, ("A", 300, 5, 2), ("B", 700, 8, 0), ("L (Z)", 50, 1, 1, "local")))
    assert comp.cap_binds and comp.size == 6
    assert seats(comp) == {"B": (0, 3), "A": (2, 0), "L (Z)": (1, 0)}


def test_tie_for_the_last_seat_is_reported():
    # Cap 4, A holds 2 mayors (300 votes). Capped: A2, then B600, and B300 = C300 for the last
    # seat → a lot between B and C.
    comp = compose(tally(2, ("A", 300, 3, 2), ("B", 600, 5, 0), ("C", 300, 3, 0)), method="dhondt")
    assert comp.cap_binds and comp.size == 4
    assert comp.ties == [{"lists": ["B", "C"], "seats": 1}]
    assert seats(comp) == {"B": (0, 1), "A": (2, 0), "C": (0, 0)}


def test_size_that_hangs_on_a_lot_is_flagged():
    # Mayors A, B, C; votes 400, 400, 200. Order: A400, B400, then A200 = B200 = C200. With 4
    # seats C gets a seat only if the lot says so; 5 seats cover all mayors for certain.
    comp = compose(tally(3, ("A", 400, 3, 1), ("B", 400, 3, 1), ("C", 200, 2, 1)), method="dhondt")
    assert comp.size == 5 and comp.size_tie and comp.tie is None


def test_method_is_a_parameter():
    # Sainte-Laguë favours small lists: the 8-seat textbook case gives D a seat, d'Hondt does not.
    region = tally(4, ("A", 100_000, 9, 1), ("B", 80_000, 9, 1), ("C", 30_000, 3, 1),
                   ("D", 20_000, 2, 1))
    assert compose(region, "dhondt").seats()["D"] == 1  # D's mayor
    dh = {r.list: r.total for r in compose(region, "dhondt").rows}
    sl = {r.list: r.total for r in compose(region, "sainte-lague").rows}
    assert dh != sl


# ---- the bundled KV21 data -------------------------------------------------------------------

@pytest.fixture(scope="module")
def kv21():
    return load_election("KV21")


def test_hovedstaden_mayors_and_size_match_kl(kv21):
    # KL (seed item 1.2): mayors A17 C9 F1 V2 = 29; total 58 = 2 × 29 municipalities.
    comp = compose(region_tally(kv21, "Hovedstaden"))
    mayors = {r.list: r.mayors for r in comp.rows if r.mayors}
    assert mayors == {"A": 17, "C": 9, "F": 1, "V": 2}
    assert comp.size == 58 and comp.cap == 58 and comp.cap_binds
    assert sum(r.total for r in comp.rows) == 58


def test_published_comparison_shows_kl_table_and_difference(kv21):
    comp = compose(region_tally(kv21, "Hovedstaden"))
    table = compare_with_published(comp, load_published())
    kl = dict(zip(table["list"], table["kl_total"]))
    assert kl == {"A": 17, "B": 5, "C": 13, "D": 2, "F": 5, "O": 2, "V": 6, "Ø": 8}
    assert (table["difference"] == table["computed_total"] - table["kl_total"]).all()


def test_coverage_is_carried_to_the_result(kv21):
    comp = compose(region_tally(kv21, "Hovedstaden"))
    assert comp.coverage.to_dict()["municipalities"] == 29
    assert comp.coverage.complete == comp.coverage.official == 29  # valg.dk (data/README.md)
    assert comp.coverage.describe().startswith("official, complete votes from valg.dk")


@pytest.mark.parametrize("region,municipalities", [
    ("Hovedstaden", 29), ("Midtjylland", 19), ("Nordjylland", 11), ("Sjælland", 17),
    ("Syddanmark", 22)])
def test_every_kkr_respects_cap_and_mayors(kv21, region, municipalities):
    comp = compose(region_tally(kv21, region))
    assert comp.cap == 2 * municipalities
    assert sum(r.mayors for r in comp.rows) == municipalities
    assert comp.size <= comp.cap
    assert all(r.supplementary >= 0 for r in comp.rows)
    assert all(r.supplementary == 0 for r in comp.rows if not r.eligible)


def test_local_mayor_in_bundled_data(kv21):
    # Odsherred's mayor (Nyt Odsherred, N) is a local list outside any cooperation.
    comp = compose(region_tally(kv21, "Sjælland"))
    row = next(r for r in comp.rows if r.list == "N (Odsherred)")
    assert (row.mayors, row.supplementary, row.eligible) == (1, 0, False)
