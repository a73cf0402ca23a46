"""Reading a store: `sweep analyze` (the analysis, its files and page) and `sweep rerun` (one sample's plan).

The store is opened read-only. analyze writes its text files all or none (outputs.write_outputs) and
the Parquet export beside them; rerun plans one sample again from the store alone (its design row, the
scenario and any scenario files kept in the meta) and says whether it gives the stored row.
"""

from __future__ import annotations

import json
import math
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from . import inputs, store
from .analysis import Analysis, analyse
from .run import job_of
from .runner import outcomes, plan_sample, scenario


def default_out(path: str | Path) -> Path:
    p = Path(path)
    return p.with_name(p.stem + "-analysis")


def analyze(path: str | Path, out_dir: str | Path | None = None) -> tuple[Analysis, list[Path]]:
    """Analyse the store at `path`; write analysis.json, sensitivity.csv, discovery.json, charts.json,
    sweep.html and the Parquet export (samples/) into `out_dir`."""
    from .. import factors
    from ..outputs import dump_json, write_outputs
    from .page import render

    con = store.connect(path, read_only=True)
    try:
        m = store.meta(con)
        dims = inputs.from_json(m["dims"])
        df = store.frame(con)
        if df.empty:
            raise InputError("store", str(path), "a store with planned samples (run the sweep first)")
        a = analyse(df, dims, m["command"]["sampler"], m["size"], m["command"]["seed"])
        out = Path(out_dir) if out_dir is not None else default_out(path)
        out.mkdir(parents=True, exist_ok=True)
        staging = out / ".samples.part"
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir()
        store.export_parquet(con, staging)
    finally:
        con.close()
    f = factors.builtin().with_overrides(m["base"].get("overrides", {}))
    described = {d.name: d.describe(f) for d in dims}
    ok = df[df["error"].isna()].reset_index(drop=True)
    names = ["sweep.html", "analysis.json", "sensitivity.csv", "discovery.json", "charts.json", "samples/"]
    html, specs = render(a, dims, described, m, ok, names)
    files = {"sweep.html": html, "analysis.json": dump_json(a.model_dump(mode="json"), "analysis.json"),
             "sensitivity.csv": _sensitivity_csv(a), "discovery.json": dump_json(
                 [b.model_dump(mode="json") for b in a.discovery], "discovery.json"),
             "charts.json": json.dumps(specs, indent=1)}
    written = write_outputs(out, files)
    final = out / "samples"
    if final.exists():
        shutil.rmtree(final)
    os.replace(staging / "samples", final)
    shutil.rmtree(staging)
    return a, [*written, final]


def _sensitivity_csv(a: Analysis) -> str:
    lines = ["outcome,input,method,s1,s1_conf,st,st_conf"]
    for s in a.sensitivity:
        for i in s.indices:
            st = "" if i.st is None else f"{i.st:.6g}"
            stc = "" if i.st_conf is None else f"{i.st_conf:.6g}"
            lines.append(f"{s.outcome},{i.input},{s.method},{i.s1:.6g},{i.s1_conf:.6g},{st},{stc}")
    return "\n".join(lines) + "\n"


@dataclass
class Rerun:
    """One sample planned again: the plan, its scenario, the stored row and what differs from it."""

    plan: Any
    scenario: Any
    stored: dict[str, Any] | None
    differences: list[tuple[str, Any, Any]]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        try:
            return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
        except (TypeError, ValueError):
            return False
    return (a is None and b is None) or a == b


def rerun(path: str | Path, sample_id: int) -> Rerun:
    """Plan sample `sample_id` again as the sweep did, with the full sizing Monte Carlo for its ranges
    (the sweep's stored figures are central ones, which the draws do not move), and compare."""
    con = store.connect(path, read_only=True)
    try:
        m = store.meta(con)
        design, stored = store.row(con, sample_id)
    finally:
        con.close()
    job = job_of(m)
    from ..sizing import DRAWS

    p = plan_sample(job, design, draws=DRAWS)
    now = outcomes(p, job.nations)
    diffs = []
    if stored is not None and not stored.get("error"):
        skip = {"solver_seconds", "seconds", "error"}
        diffs = [(k, stored.get(k), v) for k, v in now.items() if k not in skip and not _same(stored.get(k), v)]
    return Rerun(plan=p, scenario=scenario(job, design), stored=stored, differences=diffs)


__all__ = ["analyze", "rerun", "Rerun", "default_out"]
