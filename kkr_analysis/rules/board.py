"""Validator for a proposed Erhvervshus board (seed item 1.6; lov om erhvervsfremme § 13).

The board has 11 members, the chair included, plus an observer:
1 chair appointed by KKR, who must be an elected official (folkevalgt); 3 municipal politicians;
4 business representatives on recommendation of the business organisations; 1 member from a
knowledge institution; 1 from an employee organisation (on joint recommendation of FH and AC);
1 appointed by the regional council. Ligestillingsloven applies: the gender balance is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .appointments import MAN, WOMAN, normalise_gender

CATEGORIES = {  # category → (required number, Danish description)
    "chair": (1, "formand udpeget af KKR (folkevalgt)"),
    "municipal": (3, "kommunale politiske repræsentanter"),
    "business": (4, "virksomhedsrepræsentanter efter indstilling fra erhvervsorganisationer"),
    "knowledge": (1, "repræsentant fra en videninstitution"),
    "employee": (1, "medlem fra en arbejdstagerorganisation (FH og AC i fællesskab)"),
    "regional": (1, "medlem udpeget af regionsrådet"),
    "observer": (1, "observatør"),
}
BOARD_MEMBERS = 11  # excluding the observer
YES = {"yes", "ja", "true", "1"}


@dataclass(frozen=True)
class BoardCheck:
    problems: tuple[str, ...]
    counts: dict[str, int]
    gender: dict[str, int]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_board(board: pd.DataFrame) -> BoardCheck:
    """Check categories, the chair's mandate and report gender (columns ``name, category,
    gender, elected_official``)."""
    problems = []
    category = board["category"].str.strip().str.lower()
    unknown = sorted(set(category) - set(CATEGORIES))
    for c in unknown:
        problems.append(f"unknown category {c!r}; use one of {', '.join(CATEGORIES)}")
    counts = {c: int((category == c).sum()) for c in CATEGORIES}
    for c, (need, text) in CATEGORIES.items():
        have = counts[c]
        if have < need:
            problems.append(f"{need - have} missing in category {c} ({text}): {have} of {need}")
        elif have > need:
            problems.append(f"{have - need} too many in category {c} ({text}): {have} of {need}")
    members = int((category != "observer").sum())
    if members != BOARD_MEMBERS:
        problems.append(f"the board has {members} members besides the observer; the law says "
                        f"{BOARD_MEMBERS} (chair included)")
    for name, official in zip(board.loc[category == "chair", "name"],
                              board.loc[category == "chair", "elected_official"]):
        if str(official).strip().lower() not in YES:
            problems.append(f"the chair {name} must be an elected official (folkevalgt)")
    for name, official in zip(board.loc[category == "municipal", "name"],
                              board.loc[category == "municipal", "elected_official"]):
        if str(official).strip().lower() not in YES:
            problems.append(f"municipal member {name} must be an elected official")
    genders = [normalise_gender(g) for g in board.loc[category != "observer", "gender"]]
    gender = {WOMAN: genders.count(WOMAN), MAN: genders.count(MAN),
              "unknown": sum(g is None for g in genders)}
    return BoardCheck(tuple(problems), counts, gender)
