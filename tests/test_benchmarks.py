"""The benchmarks still run against the code (a smoke run with the fewest repeats): they measure speed
as ratios printed beside their targets, never asserted here, but a benchmark that no longer runs
measures nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.mark.parametrize("script, args, shows", [
    ("bench_plan.py", ["--repeats", "1", "--runs", "50"], "ratio plan() / bare solve"),
    ("bench_scaling.py", ["--sizes", "30x6", "--repeats", "1"], "30 x 6"),
    ("bench_incidents.py", ["--repeats", "1"], "sim/ref"),
    ("bench_report.py", ["--repeats", "1", "--runs", "50", "--quick"], "ratio HTML / JSON-only"),
    ("bench_page.py", ["--quick"], "change to new answer on screen"),
])
def test_benchmark_runs(script, args, shows):
    r = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True, timeout=300,
                       cwd=BENCH)
    assert r.returncode == 0, r.stderr[-2000:]
    assert shows in r.stdout
