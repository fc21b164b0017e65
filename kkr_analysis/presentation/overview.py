"""Compositions across regions and methods: loops over the rules, no presentation."""

from __future__ import annotations

import pandas as pd

from ..apportion import METHODS, Method
from ..data import ElectionData
from ..rules.composition import KKR_METHOD, Composition, compose
from ..rules.lists import region_tally


def all_compositions(data: ElectionData, method: Method = KKR_METHOD) -> list[Composition]:
    """The composition of every KKR of the election's regions."""
    return [compose(region_tally(data, region), method) for region in data.regions]


def method_table(data: ElectionData) -> pd.DataFrame:
    """Seats per region and list under every method (rows: region × list; columns: methods)."""
    records = []
    for region in data.regions:
        tally = region_tally(data, region)
        for method in METHODS:
            comp = compose(tally, method)
            records += [{"region": region, "list": r.list, "method": method, "seats": r.total}
                        for r in comp.rows]
            records.append({"region": region, "list": "size", "method": method,
                            "seats": comp.size})
    frame = pd.DataFrame(records).pivot_table(index=["region", "list"], columns="method",
                                              values="seats", sort=False)
    frame = frame[list(METHODS)].astype(int)
    changed = frame.nunique(axis=1) > 1
    return frame.assign(changes=changed.map({True: "←", False: ""}))


def compare_periods(before: ElectionData, after: ElectionData,
                    method: Method = KKR_METHOD) -> pd.DataFrame:
    """Per KKR and list: mayors and computed seats in two periods, and the changes."""
    records = []
    for region in sorted(set(before.regions) & set(after.regions)):
        a = {r.list: r for r in compose(region_tally(before, region), method).rows}
        b = {r.list: r for r in compose(region_tally(after, region), method).rows}
        for name in list(a) + [n for n in b if n not in a]:
            ra, rb = a.get(name), b.get(name)
            records.append({
                "region": region, "list": name,
                f"mayors_{before.election}": ra.mayors if ra else 0,
                f"mayors_{after.election}": rb.mayors if rb else 0,
                f"seats_{before.election}": ra.total if ra else 0,
                f"seats_{after.election}": rb.total if rb else 0,
            })
    frame = pd.DataFrame(records)
    frame["mayors_change"] = frame[f"mayors_{after.election}"] - frame[
        f"mayors_{before.election}"]
    frame["seats_change"] = frame[f"seats_{after.election}"] - frame[f"seats_{before.election}"]
    keep = frame[[c for c in frame.columns if c.startswith(("mayors_", "seats_"))]].ne(0).any(
        axis=1)
    return frame[keep].reset_index(drop=True)


def _letter_order(name: str) -> tuple:
    """KL's column order: party letters A-Å in Danish order, then cooperations and local lists."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ"
    if len(name) == 1 and name in alphabet:
        return (0, alphabet.index(name), name)
    return (1, 0, name)


def kl_table(comp: Composition) -> pd.DataFrame:
    """A KKR in the layout KL publishes (seed item 1.2): lists as columns (A B C … I alt), rows
    "I alt", "Borgmestre", "Supplerende medlemmer"; lists with at least one member only."""
    rows = sorted((r for r in comp.rows if r.total), key=lambda r: _letter_order(r.list))
    frame = pd.DataFrame(
        {r.list: [r.total, r.mayors, r.supplementary] for r in rows},
        index=pd.Index(["I alt", "Borgmestre", "Supplerende medlemmer"]))
    frame["I alt"] = frame.sum(axis=1)
    return frame


def method_differences(comp: Composition) -> dict[str, dict[str, int]]:
    """Per other method, the lists whose members would differ from ``comp`` (same tally and
    threshold): ``{"dhondt": {"C": 14, "D": 1}}`` — for the one sentence report 01 says."""
    if comp.tally is None:
        return {}
    mine = {r.list: r.total for r in comp.rows}
    result = {}
    for method in METHODS:
        if method == comp.method:
            continue
        other = compose(comp.tally, method, threshold=comp.threshold, cap=comp.cap)
        seats = {r.list: r.total for r in other.rows}
        changed = {n: seats.get(n, 0) for n in seats.keys() | mine.keys()
                   if seats.get(n, 0) != mine.get(n, 0)}
        if changed or other.size != comp.size:
            result[method] = dict(sorted(changed.items(), key=lambda kv: _letter_order(kv[0])))
    return result
