"""The data layer: the only code that reads (and, for imports, writes) files.

``loaders`` reads the project's tidy CSV layout; ``valgdk`` reads official valg.dk exports;
``store`` writes an imported data folder atomically.
"""

from .loaders import (
    COVERAGE_VALUES,
    ElectionData,
    bundled_data_dir,
    check_name,
    load_cooperations,
    load_councils,
    load_election,
    load_municipalities,
    load_national,
    load_parties,
    load_published,
    load_region_mapping,
    load_region_votes,
    load_results,
    read_table,
)

__all__ = [
    "COVERAGE_VALUES",
    "ElectionData",
    "bundled_data_dir",
    "check_name",
    "load_cooperations",
    "load_councils",
    "load_election",
    "load_municipalities",
    "load_national",
    "load_parties",
    "load_published",
    "load_region_mapping",
    "load_region_votes",
    "load_results",
    "read_table",
]
