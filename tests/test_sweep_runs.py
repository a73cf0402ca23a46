"""Sweeps as they run: a local process pool, killed with SIGKILL at random points and resumed, a Dask
LocalCluster, rerun of a row, analyze's page, tables and Parquet, and the command's errors.

One small sweep (the observer scenario, 24 samples over four inputs) is the reference every other run
of the same command must reproduce row for row."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT
from peaceforce.cli import app
from peaceforce.errors import InputError
from peaceforce.sweep import analysis, inputs, store
from peaceforce.sweep.results import rerun
from peaceforce.sweep.run import sweep

N = 24
BLOCK = {"factors": "none", "host_army": {"low": 500000, "high": 1000000}, "threat": ["low", "medium", "high"],
         "joins.SE": [True, False], "factor.rotation.dwell_ratio": {"low": 1, "high": 4}}
#: what differs from run to run by its nature: how long a sample took
TIMES = ["seconds", "solver_seconds"]


def write_scenario(folder: Path, **block) -> Path:
    data = yaml.safe_load((EXAMPLES / "ukraine-observe.yaml").read_text())
    data["uncertain"] = {**BLOCK, **block}
    path = folder / "sweep.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


#: the tree's own package first in child processes, whatever is installed
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "peaceforce", *args], capture_output=True, text=True, timeout=300,
                          env=ENV)


def rows(path: Path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT * FROM outcomes ORDER BY id").df().drop(columns=TIMES)
    finally:
        con.close()


def done(path: Path) -> int:
    if not path.exists():
        return 0
    con = duckdb.connect(str(path), read_only=True)
    try:
        if not store.has_meta(con):
            return 0
        n, d, _ = store.counts(con)
        assert n == N, "a store with its meta holds its whole design"
        assert con.execute("SELECT count(DISTINCT id) = count(*) FROM outcomes").fetchone()[0]
        return d
    finally:
        con.close()


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sweep")
    scenario = write_scenario(folder)
    path = folder / "reference.duckdb"
    r = sweep(scenario, samples=N, store_path=path, workers=2, batch=3)
    assert (r.total, r.before, r.planned, r.errors) == (N, 0, N, 0)
    return scenario, path


def test_every_sample_once_and_the_same_command_again_plans_nothing(reference):
    scenario, path = reference
    assert done(path) == N
    again = sweep(scenario, samples=N, store_path=path, workers=2)
    assert (again.before, again.planned) == (N, 0)
    frame = rows(path)
    assert list(frame["id"]) == list(range(N))
    assert frame["error"].isna().all() and (frame["force"] > 0).all()
    assert set(frame["coalition_verdict"]) <= {"go", "conditional", "no_go"}


def test_another_sweep_on_the_same_store_is_refused(reference, tmp_path):
    scenario, path = reference
    for kw, field in (({"samples": N + 1}, "--samples"), ({"samples": N, "seed": 1}, "--seed"),
                      ({"samples": N, "sampler": "mc"}, "--sampler"), ({"samples": N, "runs": 100}, "--runs")):
        with pytest.raises(InputError) as exc:
            sweep(scenario, store_path=path, **kw)
        assert exc.value.field == field
    changed = write_scenario(tmp_path, threat=["low", "high"])
    with pytest.raises(InputError) as exc:
        sweep(changed, samples=N, store_path=path)
    assert exc.value.field == "SCENARIO uncertain:"


def test_a_row_is_its_sample_planned_again(reference):
    _, path = reference
    r = rerun(path, N - 1)
    assert r.stored is not None and r.differences == []
    assert r.plan.requirement.draws == 2000  # the full plan: its ranges from the sizing Monte Carlo
    r = cli("sweep", "rerun", str(path), "5")
    assert r.returncode == 0, r.stderr
    assert "gives its stored row again" in r.stdout and "Coalition deployed" in r.stdout


def test_killed_at_random_points_it_resumes_with_every_sample_once(reference, tmp_path):
    """SIGKILL to the sweep and its workers at random moments (while it starts, creates the store,
    plans, commits), then the same command again until it is done: every sample once, each row the
    reference's. Kill times adapt to this machine's speed until kills land inside the run."""
    scenario, ref = reference
    path = tmp_path / "killed.duckdb"
    cmd = [sys.executable, "-m", "peaceforce", "sweep", str(scenario), "--samples", str(N), "--store", str(path),
           "--workers", "2", "--batch", "1"]
    rng = random.Random(15)
    lo, hi, partial, seen = 0.3, 6.0, 0, []
    for _ in range(12):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                                env=ENV)
        delay = rng.uniform(lo, hi)
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the sweep and the workers it spawned: its own process group
            proc.wait()
        before = seen[-1] if seen else 0
        now = done(path)
        assert now >= before, "a kill never loses a committed batch"
        seen.append(now)
        if now == N and not partial:  # finished before any kill landed inside: start again, earlier
            path.unlink()
            for extra in tmp_path.glob("killed.duckdb*"):
                extra.unlink()
            seen, hi = [], max(lo + 0.2, delay)
            continue
        if now == 0:
            lo = min(delay, hi - 0.2)
        elif now < N:
            partial += 1
        if now == N or partial >= 2:
            break
    print("rows after each kill:", seen, "partial kills:", partial)
    assert partial >= 1, f"no kill landed inside the run: {seen}"
    final = cli(*cmd[3:])
    assert final.returncode == 0, final.stderr
    assert done(path) == N
    got, want = rows(path), rows(ref)
    assert got.equals(want)


def test_dask_local_cluster_gives_the_reference_rows(reference, tmp_path):
    scenario, ref = reference
    path = tmp_path / "dask.duckdb"
    r = sweep(scenario, samples=N, store_path=path, backend="dask", workers=2, batch=4)
    assert (r.planned, r.errors, r.backend) == (N, 0, "dask")
    assert rows(path).equals(rows(ref))


def test_analyze_writes_the_page_tables_and_parquet(reference, tmp_path):
    _, path = reference
    out = tmp_path / "analysis"
    r = cli("sweep", "analyze", str(path), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "deployed force" in r.stdout and "threat" in r.stdout
    html = (out / "sweep.html").read_text()
    assert "What drives the answer" in html and "Where the plan fails" in html and html.count("<svg") >= 4
    assert "<script" not in html and "src=" not in html and "href=" not in html  # nothing fetched
    con = duckdb.connect()
    n = con.execute(f"SELECT count(*) FROM read_parquet('{out}/samples/**/*.parquet', hive_partitioning=true)").fetchone()[0]
    assert n == N
    a = json.loads((out / "analysis.json").read_text())
    force = next(s for s in a["sensitivity"] if s["outcome"] == "force")
    top = max(force["indices"], key=lambda i: i["s1"])
    assert top["input"] == "threat"  # observers per km scale with the threat; nothing else moves the force as much
    assert (out / "sensitivity.csv").read_text().startswith("outcome,input,method")
    assert len(json.loads((out / "charts.json").read_text())) == html.count("<svg")


def test_sobol_sweep_gives_sobol_indices(tmp_path):
    scenario = write_scenario(tmp_path)
    data = yaml.safe_load(scenario.read_text())
    data["uncertain"] = {"factors": "none", "threat": ["low", "high"], "factor.rotation.dwell_ratio": {"low": 1, "high": 4}}
    scenario.write_text(yaml.safe_dump(data))
    r = sweep(scenario, samples=10, store_path=tmp_path / "s.duckdb", sampler="sobol", workers=2)
    assert r.total == 8  # 2 x (2 + 2)
    con = store.connect(tmp_path / "s.duckdb", read_only=True)
    m = store.meta(con)
    a = analysis.analyse(store.frame(con), inputs.from_json(m["dims"]), "sobol", m["size"], 1)
    con.close()
    assert a.method.startswith("Sobol")
    force = next(s for s in a.sensitivity if s.outcome == "force")
    assert {i.input for i in force.indices} == {"threat", "factor.rotation.dwell_ratio"} and force.indices[0].st is not None


@pytest.mark.parametrize("args, field", [
    (["sweep", str(EXAMPLES / "ukraine-observe.yaml"), "--samples", "5", "--store", "{tmp}/x.duckdb"], "uncertain"),
    (["sweep", "{scenario}", "--samples", "5", "--store", "{tmp}/x.duckdb", "--scheduler", "tcp://h:1"], "--scheduler"),
    (["sweep", "{scenario}", "--samples", "5", "--store", "{tmp}/x.duckdb", "--backend", "mpi"], "--backend"),
    (["sweep", "{scenario}", "--samples", "0", "--store", "{tmp}/x.duckdb"], "--samples"),
    (["sweep", "analyze", "{tmp}/missing.duckdb"], "store"),
    (["sweep", "analyze", "{tmp}/empty.duckdb"], "store"),
    (["sweep", "rerun", "{ref}", "999"], "ID"),
])
def test_bad_input_is_one_line_and_exit_2(reference, tmp_path, args, field):
    duckdb.connect(str(tmp_path / "empty.duckdb")).close()
    scenario, ref = reference
    args = [a.format(tmp=tmp_path, scenario=scenario, ref=ref) for a in args]
    r = CliRunner().invoke(app, args, prog_name="peaceforce")
    assert r.exit_code == 2, (r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in r.stderr, r.stderr
    assert f" {field}: got " in lines[0] or lines[0].startswith(f"error: {field}: got ")
    assert not (tmp_path / "x.duckdb").exists()  # nothing half-made


def test_the_benchmark_still_runs():
    """A smoke run (the observer example, 4 samples, no Dask: the test above covers that path); the
    figures are the benchmark's to print, never asserted."""
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_sweep.py"), "--quick", "--no-dask"],
                       capture_output=True, text=True, timeout=600, cwd=ROOT / "benchmarks", env=ENV)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "local, 2 workers" in r.stdout and "target >= 1,000" in r.stdout and "DuckDB" in r.stdout
