"""benchmarks/bench_api.py still runs against the code (a --quick smoke run, like tests/test_benchmarks.py
does for the others): it measures speed and prints its targets, never asserted here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def test_bench_api_runs():
    r = subprocess.run([sys.executable, str(BENCH / "bench_api.py"), "--quick"], capture_output=True, text=True,
                       timeout=600, cwd=BENCH)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "ratio p50 (1 client) / in-process plan()" in r.stdout
    rows = [line.split() for line in r.stdout.splitlines() if line.split()[:1] in (["1"], ["4"])]
    assert [row[0] for row in rows] == ["1", "4"] and all(int(row[1]) > 0 for row in rows)
