"""One sample planned, and the figures a sweep keeps of it (worker side: pure but for the plan itself).

A sample runs plan() on its scenario: no risk ranges, no what-if, no report. The sizing Monte Carlo is
left out (draws = 1): the sweep samples the factors itself, and a sample keeps only central figures,
which the draws do not move (tests/test_sweep.py checks a row against the same plan with 2,000 draws).
The incident simulation keeps its runs (2,000 by default, as a plan has): it is a few percent of a
plan's time, and the board judges escalation on its 95% interval, so fewer runs would turn more
verdicts conditional. Every sample uses the scenario's incident seed (common random numbers): two
samples differ in escalation by their inputs, not by the simulation's noise.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..generation import TIME_LIMIT
from .inputs import Dim, build

#: outcome columns and their DuckDB types, in store order (nation verdicts follow as nation_<code>)
OUTCOMES: dict[str, str] = {
    "force": "DOUBLE", "force_land": "DOUBLE", "force_pool": "DOUBLE", "filled_share": "DOUBLE",
    "gap_troops": "INTEGER", "coalition_verdict": "VARCHAR", "flank_verdict": "VARCHAR", "escalation": "DOUBLE",
    "unanswered_share": "DOUBLE", "cost_per_year": "DOUBLE", "solver_status": "VARCHAR", "solver_seconds": "DOUBLE",
    "seconds": "DOUBLE", "error": "VARCHAR",
}


@dataclass(frozen=True)
class Job:
    """What every worker needs, shipped once per worker: the base scenario, the dimensions, the settings."""

    base: dict[str, Any]
    base_dir: str | None
    dims: list[Dim]
    runs: int
    nations: list[str]
    #: the texts of the scenario's own files (theatre, mandates) by absolute path, for workers elsewhere
    files: dict[str, str] = field(default_factory=dict)
    draws: int = 1
    #: the allocation solver's limit in seconds (a sample that reaches it keeps the solver's best so far,
    #: which can differ from machine to machine: its row says so in solver_status)
    time_limit: float = TIME_LIMIT


def nation_column(code: str) -> str:
    return f"nation_{code.lower()}"


def outcomes(p, nations: list[str]) -> dict[str, Any]:
    """The figures a sweep keeps of a plan, each read from the stage that owns it."""
    board = p.conditions
    row: dict[str, Any] = {
        "force": p.requirement.deployed.central, "force_land": p.requirement.land.central,
        "force_pool": p.rotation.force_pool.central, "filled_share": p.allocation.filled_share,
        "gap_troops": p.allocation.gap_troops, "coalition_verdict": board.coalition.verdict.value,
        "flank_verdict": p.flank.verdict.value, "escalation": p.incidents.escalation_probability,
        "unanswered_share": p.incidents.unanswered_share, "cost_per_year": p.cost.per_year.central,
        "solver_status": p.allocation.solver.status, "solver_seconds": p.allocation.solver.seconds,
    }
    for code in nations:
        n = board.nations.get(code)
        row[nation_column(code)] = n.verdict.value if n is not None else None
    return row


def scenario_files(sc, refs: list[str]) -> dict[str, str]:
    """The scenario's own files (its theatre, its mandates: `refs`) by absolute path, with their text."""
    out = {}
    for ref in refs:
        if isinstance(ref, str) and ref.endswith((".yaml", ".yml")):
            path = sc.resolve(ref).resolve()
            if path.is_file():
                out[str(path)] = path.read_text(encoding="utf-8")
    return out


_LOCAL: dict[str, dict[str, str]] = {}


def _local_files(job: Job) -> dict[str, str]:
    """Absolute path -> a path on this worker holding the same text (written once per worker, where the
    worker does not see the file itself, e.g. on another machine)."""
    key = hashlib.sha256(repr(sorted(job.files.items())).encode()).hexdigest()
    if key not in _LOCAL:
        mapping, tmp = {}, None
        for path, text in job.files.items():
            p = Path(path)
            if p.is_file() and p.read_text(encoding="utf-8") == text:
                mapping[path] = path
                continue
            tmp = tmp or Path(tempfile.mkdtemp(prefix="peaceforce-sweep-"))
            local = tmp / hashlib.sha256(path.encode()).hexdigest()[:12] / p.name
            local.parent.mkdir(parents=True, exist_ok=True)
            local.write_text(text, encoding="utf-8")
            mapping[path] = str(local)
        _LOCAL[key] = mapping
    return _LOCAL[key]


def scenario(job: Job, row: dict[str, Any]):
    """The sample's Scenario, its own files found on this worker."""
    from .. import factors

    sc = build(job.base, job.base_dir, job.dims, row, factors.builtin().with_overrides(job.base.get("overrides", {})))
    if not job.files:
        return sc
    local = _local_files(job)
    update = {}
    for fld in ("theatre", "mandate"):
        ref = getattr(sc, fld)
        if ref.endswith((".yaml", ".yml")):
            path = str(sc.resolve(ref).resolve())
            if path in local and local[path] != path:
                update[fld] = local[path]
    if update:
        base_dir = sc.base_dir
        sc = sc.model_copy(update=update)
        sc._base_dir = base_dir
    return sc


def plan_sample(job: Job, row: dict[str, Any], draws: int | None = None):
    from ..plan import plan

    return plan(scenario(job, row), runs=job.runs, draws=job.draws if draws is None else draws,
                time_limit=job.time_limit)


def evaluate(job: Job, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Plan every sample of a batch ({'id': .., column: value, ...}); a sample that fails keeps its error
    (the sweep goes on and reports it) instead of its figures."""
    rows = []
    for sample in batch:
        start = time.perf_counter()
        try:
            row = outcomes(plan_sample(job, sample), job.nations)
        except InputError as exc:
            row = {"error": str(exc)}
        except Exception as exc:  # noqa: BLE001 - a sweep of a million plans reports a failure, it does not die of it
            row = {"error": f"{type(exc).__name__}: {exc}"[:500]}
        rows.append({"id": sample["id"], **row, "seconds": time.perf_counter() - start})
    return rows


__all__ = ["Job", "OUTCOMES", "outcomes", "evaluate", "plan_sample", "scenario", "scenario_files", "nation_column"]
