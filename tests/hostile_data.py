"""A data folder whose every name is a script payload (issue 20): list letters and names,
municipalities, regions and list cooperations. Each payload, if it ever runs, pushes its tag to
``window.__pwned``; one of them also opens a dialog (``alert``). Nothing runs when every string
is escaped where HTML is written."""

from __future__ import annotations

import csv
from pathlib import Path


def payload(tag: str) -> str:
    """An ``<img onerror>`` payload (runs when inserted as markup, also via innerHTML)."""
    return f"<img src=x onerror=(window.__pwned=window.__pwned||[]).push('{tag}')>"


def upper_payload(tag: str) -> str:
    """A payload that survives upper-casing (list letters are capitals): the script is written
    with character references, which the browser decodes inside an attribute."""
    code = "".join(f"&#{ord(c)};" for c in f"(window.__pwned=window.__pwned||[]).push('{tag}')")
    return f"<IMG SRC=X ONERROR={code}>"


REGION = payload("region") + "<script>alert('region')</script>"
REGION_2 = "Syd" + payload("region2")
MUNICIPALITIES = [payload(f"muni{i}") for i in range(1, 5)]
LETTER = upper_payload("letter")
LETTER_2 = "'><SVG ONLOAD=" + "".join(f"&#{ord(c)};" for c in "alert(2)") + ">"
NAMES = {"A": payload("nameA"), "C": "=HYPERLINK(\"http://x\")" + payload("nameC"),
         LETTER: payload("nameL") + "[klik](javascript:alert(3))",
         LETTER_2: payload("nameL2"), "": payload("nameless")}
COOPERATION = payload("coop")


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


# The same folder for spreadsheets: every name a formula (OWASP CSV injection).
FORMULA_REGION = '=HYPERLINK("http://x/r","Region")'
FORMULA_LETTERS = ['=HYPERLINK("HTTP://X")', "+1+1", "@SUM(A1)", "-2+3", "\tX"]
FORMULA_NAMES = ['=HYPERLINK("http://x/a")', "+cmd|' /C calc'!A0", "@SUM(1)", "-1-1",
                 "'=already"]


def formula_folder(root: Path, election: str = "KV21") -> Path:
    """The folder with formulas instead of script payloads."""
    letters = dict(zip(FORMULA_LETTERS, FORMULA_NAMES))
    return hostile_folder(root, election, region=FORMULA_REGION, region_2="+Syd",
                          municipalities=[f"=M{i}()" for i in range(1, 5)], names=letters,
                          cooperation="=COOP()")


def hostile_folder(root: Path, election: str = "KV21", *, region: str = REGION,
                   region_2: str = REGION_2, municipalities: list[str] | None = None,
                   names: dict[str, str] | None = None, cooperation: str = COOPERATION) -> Path:
    """Write the folder (two regions of two municipalities each) and return it."""
    municipalities = municipalities or MUNICIPALITIES
    names = names or NAMES
    regions = [region, region, region_2, region_2]
    codes = [101, 147, 151, 153]
    _write(root / "municipalities.csv", ["code", "municipality", "region"],
           [[c, m, r] for c, m, r in zip(codes, municipalities, regions)])
    letters = list(names)
    votes = dict(zip(letters, [9000, 7000, 4000, 1500, 800]))
    seats = dict(zip(letters, [9, 7, 4, 2, 1]))
    results, councils = [], []
    for i, (code, muni, reg) in enumerate(zip(codes, municipalities, regions)):
        for letter, v in votes.items():
            results.append([election, reg, code, muni, letter, names[letter], v + 97 * i,
                            seats[letter]])
        mayor = letters[0] if i % 2 == 0 else letters[2]
        councils.append([election, reg, code, muni, sum(seats.values()), "",
                         payload(f"mayor{i}"), mayor, "complete"])
    folder = root / election.lower()
    _write(folder / "results.csv", ["election", "region", "municipality_code", "municipality",
                                    "list_letter", "list_name", "votes", "seats"], results)
    _write(folder / "councils.csv", ["election", "region", "municipality_code", "municipality",
                                     "council_seats", "valid_votes", "mayor_name", "mayor_list",
                                     "votes_coverage"], councils)
    _write(folder / "parties.csv", ["list_letter", "list_name"],
           [[x, names[x]] for x in letters[:3]])
    _write(folder / "list_cooperations.csv",
           ["cooperation", "cooperation_name", "municipality", "list_letter"],
           [[cooperation, payload("coopname"), municipalities[0], letters[2]],
            [cooperation, payload("coopname"), municipalities[0], letters[3]]])
    return root
