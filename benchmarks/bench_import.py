"""Benchmark: import time of the real København valg.dk export and of a 100× synthetic file;
reading the whole country's official files (KV25's JSON open data, 1,412 files, ~26 MB, and
KV21's 98 CSV exports); and a full `kkr import valgdk FOLDER --out DIR` of KV25's JSON.

The synthetic file repeats the real rows with the polling areas renamed (area "1. 1. Østerbro"
becomes "1. 1. Østerbro #k"), so its list totals are exactly 100 × the real ones.
Run: .venv/bin/python benchmarks/bench_import.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from kkr_analysis.data import bundled_data_dir, load_municipalities
from kkr_analysis.data.store import import_into
from kkr_analysis.data.valgdk import read_valgdk, read_valgdk_paths

REAL = bundled_data_dir() / "kv21" / "valgdk" / "koebenhavn.csv"
RAW = bundled_data_dir() / "raw"


def best_of(n: int, func) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    munis = load_municipalities()
    real = best_of(5, lambda: read_valgdk(REAL, munis))
    lines = REAL.read_text(encoding="utf-8-sig").splitlines()
    header, rows = lines[0], lines[1:]
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "koebenhavn.csv"
        with big.open("w", encoding="utf-8") as handle:
            handle.write("\ufeff" + header + "\n")
            for k in range(100):
                handle.writelines(f"{r.split(';', 1)[0]} #{k};{r.split(';', 1)[1]}\n"
                                  for r in rows)
        size = big.stat().st_size
        result = read_valgdk(big, munis)
        assert result.total_votes == 100 * 307_190, result.total_votes
        synthetic = best_of(3, lambda: read_valgdk(big, munis))
    print(f"real export  : {len(rows):>9,} rows, {REAL.stat().st_size / 2**20:6.1f} MiB, "
          f"{real * 1000:8.1f} ms")
    print(f"100x export  : {100 * len(rows):>9,} rows, {size / 2**20:6.1f} MiB, "
          f"{synthetic * 1000:8.1f} ms")
    json_dir = RAW / "kv25" / "valgdk-json"
    if json_dir.is_dir():  # a source checkout (the wheel does not ship data/raw)
        mib = sum(p.stat().st_size for p in json_dir.rglob("*.json")) / 2**20
        country = best_of(3, lambda: read_valgdk_paths([json_dir], munis))
        print(f"KV25 JSON    : 98 municipalities, {mib:6.1f} MiB, {country:8.2f} s (read+check)")
        csv_dir = RAW / "kv21" / "valgdk-csv"
        kv21 = best_of(3, lambda: read_valgdk_paths([csv_dir], munis))
        print(f"KV21 CSV     : 98 municipalities, "
              f"{sum(p.stat().st_size for p in csv_dir.glob('*.csv')) / 2**20:6.1f} MiB, "
              f"{kv21:8.2f} s (read+check)")
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            import_into(read_valgdk_paths([json_dir], munis), "KV25", Path(tmp) / "d")
            print(f"KV25 import  : read, check, plan, write and reload a data folder: "
                  f"{time.perf_counter() - start:8.2f} s")


if __name__ == "__main__":
    main()
