"""One election's tables loaded together and cross-checked (:func:`load_election`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import DataError, shown
from . import loaders as tables
from .loaders import (
    load_cooperations,
    load_municipalities,
    load_parties,
    load_region_mapping,
    load_results,
)
from .paths import _dir, _election_dir, bundled_data_dir, check_name, require_election


@dataclass(frozen=True)
class ElectionData:
    """Everything one election needs, loaded and checked together."""

    election: str
    municipalities: pd.DataFrame
    results: pd.DataFrame
    councils: pd.DataFrame
    parties: pd.DataFrame
    cooperations: pd.DataFrame
    source: str
    regions_year: str | None = None  # a region mapping other than municipalities.csv
    data_dir: str | None = None  # the folder read (None: the bundled data); national and
    # published tables of the same election come from the same folder

    @property
    def is_scenario(self) -> bool:
        return self.regions_year is not None

    @property
    def party_assumption(self) -> str | None:
        """The note, if the party registry is an assumption rather than a sourced list.

        A source may hold evidence and an assumption apart, as ``"evidence: … | assumption: …"``;
        only the parts that say ``assumption`` make the note."""
        notes = {part.strip() for s in self.parties["source"] for part in s.split(" | ")
                 if "assumption" in part.lower()}
        return "; ".join(sorted(notes)) or None

    @property
    def regions(self) -> list[str]:
        return sorted(self.municipalities["region"].unique())


def load_election(election: str, data_dir: str | Path | None = None,
                  regions: str | None = None) -> ElectionData:
    """Load and cross-check all files of one election (e.g. ``"KV21"``).

    ``regions="2027"`` regroups the municipalities by ``regions_2027.csv`` (a scenario).
    """
    election = check_name(election).upper()
    require_election(election, data_dir)
    municipalities = load_municipalities(data_dir, with_lines=True)
    results = load_results(election, data_dir)
    councils = tables.load_councils(election, data_dir, with_lines=True)
    cooperations = load_cooperations(election, data_dir, with_lines=True)
    _cross_check(election, data_dir, municipalities, results, councils, cooperations)
    municipalities, councils, cooperations = (
        f.drop(columns="_line") for f in (municipalities, councils, cooperations))
    if regions is not None:
        mapping = load_region_mapping(regions, data_dir)
        region_of = dict(zip(mapping["code"], mapping["region"]))
        municipalities = municipalities.assign(region=municipalities["code"].map(region_of))
        results = results.assign(region=results["municipality_code"].map(region_of))
        councils = councils.assign(region=councils["municipality_code"].map(region_of))
    return ElectionData(
        election=election,
        municipalities=municipalities,
        results=results,
        councils=councils,
        parties=load_parties(election, data_dir),
        cooperations=cooperations,
        source=("bundled data" if data_dir is None and _dir(None) == bundled_data_dir()
                else str(_dir(data_dir))),
        regions_year=regions,
        data_dir=None if data_dir is None else str(data_dir),
    )


def _cross_check(election: str, data_dir: str | Path | None, municipalities: pd.DataFrame,
                 results: pd.DataFrame, councils: pd.DataFrame,
                 cooperations: pd.DataFrame) -> None:
    """What no single file can check: every municipality has a council row (else a region's
    cap shrinks), every mayor's list and every cooperation member has a results row in its
    municipality (else a mayor or a cooperation silently goes elsewhere)."""
    folder = _election_dir(election, data_dir)
    councils_path, results_path = folder / "councils.csv", folder / "results.csv"
    have = set(councils["municipality_code"])
    for line, code, name, region in municipalities[
            ["_line", "code", "municipality", "region"]].itertuples(index=False):
        if code not in have:
            raise DataError(
                f"ingen række for {name} (kode {code}, region {region}; municipalities.csv række "
                f"{line}); hver kommune skal have én, ellers bliver regionens loft og "
                "borgmestre forkerte", path=councils_path, column="municipality_code")
    lists = results.groupby("municipality_code")["list_letter"].agg(set).to_dict()
    for line, code, municipality, mayor_list in councils[
            ["_line", "municipality_code", "municipality", "mayor_list"]].itertuples(index=False):
        letters = lists.get(code)
        if letters is None or not mayor_list or mayor_list in letters:
            continue
        raise DataError(
            f"borgmesterens liste {shown(mayor_list)} har ingen række for {municipality} i "
            f"{results_path.name} (kommunens lister dér: "
            f"{', '.join(sorted(x for x in letters if x))})",
            path=councils_path, row=line, column="mayor_list")
    code_of = dict(zip(municipalities["municipality"], municipalities["code"]))
    coop_path = folder / "list_cooperations.csv"
    for line, municipality, letter in cooperations[
            ["_line", "municipality", "list_letter"]].itertuples(index=False):
        letters = lists.get(code_of.get(municipality))
        if letters is not None and letter not in letters:
            raise DataError(
                f"listen {shown(letter)} har ingen række for {municipality} i "
                f"{results_path.name}; et medlem af et listesamarbejde skal være en af "
                "kommunens lister",
                path=coop_path, row=line, column="list_letter")
