"""The data layer: the only code that reads (and, for imports, writes) files.

``paths`` finds the data folder and its elections, ``safe_read`` reads a file safely (one
Danish line per problem), ``loaders`` reads each table of the project's tidy CSV layout and
``election`` one election's tables together; ``valgdk`` reads official valg.dk exports (CSV)
and ``valgdk_json`` its open data (JSON); ``store`` writes an imported data folder atomically;
``build`` makes the bundled tables from ``data/raw`` (valg.dk's files, unchanged).
"""

from .election import ElectionData, load_election
from .loaders import (
    COVERAGE_VALUES,
    DATA_DIR_ENV,
    bundled_data_dir,
    check_name,
    default_data_dir,
    load_board_published,
    load_cooperations,
    load_councils,
    load_municipalities,
    load_national,
    load_parties,
    load_published,
    load_region_mapping,
    load_region_votes,
    load_results,
    newest_election,
    read_table,
    require_election,
)

__all__ = [
    "COVERAGE_VALUES",
    "DATA_DIR_ENV",
    "ElectionData",
    "bundled_data_dir",
    "default_data_dir",
    "check_name",
    "load_board_published",
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
    "newest_election",
    "read_table",
    "require_election",
]
