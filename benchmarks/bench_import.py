"""Benchmark: import time of the real København valg.dk export and of a 100× synthetic file.

The synthetic file repeats the real rows with the polling areas renamed (area "1. 1. Østerbro"
becomes "1. 1. Østerbro #k"), so its list totals are exactly 100 × the real ones.
Run: .venv/bin/python benchmarks/bench_import.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from kkr_analysis.data import bundled_data_dir, load_municipalities
from kkr_analysis.data.valgdk import read_valgdk

REAL = bundled_data_dir() / "kv21" / "valgdk" / "koebenhavn.csv"


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


if __name__ == "__main__":
    main()
