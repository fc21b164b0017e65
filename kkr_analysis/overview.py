"""Compositions across regions and methods: loops over the rules, no presentation."""

from __future__ import annotations

import pandas as pd

from .apportion import METHODS, Method
from .data import ElectionData
from .rules.composition import Composition, compose
from .rules.lists import region_tally


def all_compositions(data: ElectionData, method: Method = "dhondt") -> list[Composition]:
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
