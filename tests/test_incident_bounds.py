"""Escalation shares at the edges (0 and 1) and very many runs: the figures stay inside their
intervals, the report still draws them, and memory stays bounded."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from peaceforce.incidents import CHUNK_RUNS, wilson
from peaceforce.mandate import INCIDENT_TYPES
from peaceforce.plan import plan
from peaceforce.report import render_html


@pytest.mark.parametrize("n", [1, 2, 7, 100, 2000, 1_000_000])
def test_wilson_interval_always_contains_the_share(n):
    for k in sorted({0, 1, n // 3, n - 1, n}):
        if 0 <= k <= n:
            lo, hi = wilson(k, n)
            assert 0.0 <= lo <= k / n <= hi <= 1.0


def test_certain_escalation_renders_the_report():
    """vague mandate, no backstop, high threat: every run escalates; the old chart crashed on p = 1."""
    p = plan({"name": "worst", "mandate": "vague", "us_backstop": "none", "threat": "high"}, runs=100)
    e = p.incidents.escalation
    assert e.ci95[0] <= e.probability <= e.ci95[1]
    assert "<svg" in render_html(p)


def test_no_incident_at_all_reports_zero_shares_and_renders():
    rates = {k: 0 for k in INCIDENT_TYPES}
    p = plan({"name": "quiet", "incident_rates": rates}, runs=1)
    i = p.incidents
    assert i.total_per_year == 0 and i.answered_clearly_share == 0 and i.unanswered_or_late_share == 0
    assert all(t.occurred == 0 and t.clear == 0 for t in i.by_type.values())
    assert i.escalation.probability == 0 and i.escalation.ci95[0] == 0
    json.loads(p.to_json())
    assert "<svg" in render_html(p)


@pytest.mark.slow
def test_a_million_runs_stay_under_a_gigabyte():
    """Runs are simulated in chunks, so --runs 1000000 needs a few hundred MB, not tens of GB."""
    assert CHUNK_RUNS < 1_000_000
    code = (
        "import resource\n"
        "from peaceforce.incidents import simulate\n"
        "from peaceforce.mandate import load_mandate\n"
        "r = simulate(load_mandate('robust'), 'medium', 'intelligence', 36, runs=1_000_000, seed=1)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, r.escalation.probability)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300)
    peak_kb, p = out.stdout.split()
    assert int(peak_kb) < 1024 * 1024, f"peak resident memory {int(peak_kb) / 1024:.0f} MB"
    assert 0 < float(p) < 1


@pytest.mark.slow
def test_the_highest_rates_at_the_densest_force_stay_under_a_gigabyte():
    """Every rate at its bound, met by an interposition force (line scaling, contact) for 20 years: runs are
    chunked by expected escalation steps, and what a force meets is capped, so memory stays bounded."""
    code = (
        "import resource\n"
        "from peaceforce import plan\n"
        "from peaceforce.incidents import simulate\n"
        "from peaceforce.mandate import INCIDENT_TYPES\n"
        "p = plan('examples/ukraine-interpose.yaml', runs=1)\n"
        "r = simulate(p.mandate, 'high', 'none', 240, runs=50, seed=1, posture=p.posture,\n"
        "             rate_overrides={k: 10_000 for k in INCIDENT_TYPES})\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, r.escalation.probability)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300,
                         cwd=Path(__file__).resolve().parents[1])
    peak_kb, p = out.stdout.split()
    assert int(peak_kb) < 1024 * 1024, f"peak resident memory {int(peak_kb) / 1024:.0f} MB"
    assert float(p) == 1.0
