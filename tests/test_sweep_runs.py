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
import time
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
    # each chart twice (wide, and narrow for phones); charts.json keeps each chart's spec once
    assert len(json.loads((out / "charts.json").read_text())) == html.count('class="chart chart-wide"') == html.count("<svg") / 2


def test_sobol_sweep_gives_sobol_indices(tmp_path):
    scenario = write_scenario(tmp_path)
    data = yaml.safe_load(scenario.read_text())
    data["uncertain"] = {"factors": "none", "threat": ["low", "high"], "factor.rotation.dwell_ratio": {"low": 1, "high": 4}}
    scenario.write_text(yaml.safe_dump(data))
    r = sweep(scenario, samples=70, store_path=tmp_path / "s.duckdb", sampler="sobol", workers=2)
    assert r.total == 64  # 16 x (2 + 2): the fewest base samples (16) the analysis computes Sobol indices from
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


def _invoke(*args) -> tuple[int, str]:
    r = CliRunner().invoke(app, [str(a) for a in args], prog_name="peaceforce")
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in r.stderr, r.stderr
    return r.exit_code, lines[0]


def _analyst_db(path: Path, sql: str) -> None:
    con = duckdb.connect(str(path))
    con.execute(sql)
    con.close()


@pytest.mark.parametrize("sql, found", [
    ("CREATE TABLE trades (x INTEGER); INSERT INTO trades VALUES (1)", "it holds table trades, not a sweep's tables"),
    ("CREATE TABLE design (x INTEGER); INSERT INTO design VALUES (1)", "it holds table design, not a sweep's tables"),
    ("CREATE TABLE meta (key VARCHAR, value VARCHAR); CREATE TABLE design (id INTEGER); CREATE TABLE outcomes "
     "(id INTEGER); CREATE VIEW samples AS SELECT 1; INSERT INTO meta VALUES ('owner', 'me')",
     "its meta table is not a sweep's"),
    (None, "this file is not a DuckDB database"),
])
def test_a_file_that_is_not_a_sweep_store_is_refused_and_left_as_it_was(tmp_path, sql, found):
    """An analyst's own DuckDB file (or any other file) at --store: one line naming the file, what it
    holds and what is allowed; exit 2; the file's bytes untouched (analyze refuses it the same way)."""
    scenario = write_scenario(tmp_path)
    path = tmp_path / "mine.duckdb"
    if sql is None:
        path.write_text("name,value\nx,1\n")
    else:
        _analyst_db(path, sql)
    before = path.read_bytes()
    code, line = _invoke("sweep", scenario, "--samples", 2, "--runs", 20, "--store", path)
    assert code == 2 and "--store: got '" in line and "mine.duckdb'; allowed: " in line and found in line, line
    assert "allowed: a sweep store made by 'peaceforce sweep'" in line or "allowed: a DuckDB file" in line
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["mine.duckdb", "sweep.yaml"]
    code, line = _invoke("sweep", "analyze", path, "--out", tmp_path / "a")
    assert code == 2 and found in line and not (tmp_path / "a").exists(), line


def test_an_empty_duckdb_file_becomes_the_store(tmp_path):
    scenario = write_scenario(tmp_path)
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    r = sweep(scenario, samples=2, runs=20, store_path=path, workers=1)
    assert (r.total, r.planned, r.errors) == (2, 2, 0) and done_rows(path) == 2


def done_rows(path: Path) -> int:
    con = store.connect(path, read_only=True)
    try:
        store.meta(con)  # a sweep store
        return store.counts(con)[1]
    finally:
        con.close()


@pytest.mark.parametrize("block, field, value", [
    ({"threat": ["low", "extreme"]}, "uncertain.threat", "'extreme'"),
    ({"joins.PL": [True, False]}, "uncertain.joins.PL", "[True, False]"),
    ({"mandate": ["minimal", "nofile.yaml"]}, "uncertain.mandate", "'nofile.yaml'"),
    ({"mandate": ["minimal", "nothere"]}, "uncertain.mandate", "'nothere'"),
    ({"duration_months": {"low": 0.2, "high": 12}}, "uncertain.duration_months", "0.2"),
    ({"incident_rates.probe_incursion": {"low": -1, "high": 2}}, "uncertain.incident_rates.probe_incursion", "-1"),
])
def test_a_refused_scenario_leaves_no_store(tmp_path, block, field, value):
    """The scenario file and the input are named, the value as written; no .duckdb file is made."""
    scenario = write_scenario(tmp_path, **block)
    code, line = _invoke("sweep", scenario, "--samples", 2, "--runs", 20, "--store", tmp_path / "x.duckdb")
    assert code == 2 and line.startswith(f"error: {scenario}: {field}: got {value}; allowed: "), line
    assert line.count(" got ") == 1
    assert not list(tmp_path.glob("x.duckdb*"))


@pytest.mark.parametrize("flag, value, allowed", [
    ("--samples", "0", "a whole number from 1 to 100,000,000"),
    ("--samples", "many", "a whole number from 1 to 100,000,000"),
    ("--seed", "-1", "a whole number from 0 to 2^63 - 1"),
    ("--workers", "0", "a whole number from 1 to 4,096"),
    ("--runs", "0", "a whole number from 1 to 1,000,000"),
    ("--time-limit", "0", "a number of seconds from 0.1 to 3,600"),
    ("--batch", "0", "a whole number from 1 to 10,000"),
])
def test_a_bad_flag_says_what_it_allows_in_the_projects_words(tmp_path, flag, value, allowed):
    scenario = write_scenario(tmp_path)
    args = ["sweep", scenario, "--samples", 2, "--store", tmp_path / "x.duckdb", flag, value]
    code, line = _invoke(*args)
    assert code == 2 and line == f"error: peaceforce sweep run: {flag}: got '{value}'; allowed: {allowed}"
    assert not (tmp_path / "x.duckdb").exists()


def test_the_benchmark_still_runs():
    """A smoke run (the observer example, 4 samples, no Dask: the test above covers that path); the
    figures are the benchmark's to print, never asserted."""
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_sweep.py"), "--quick", "--no-dask"],
                       capture_output=True, text=True, timeout=600, cwd=ROOT / "benchmarks", env=ENV)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "local, 2 workers" in r.stdout and "target >= 1,000" in r.stdout and "DuckDB" in r.stdout


# ------------------------------------------------------------------ a killed sweep's workers


def _children(pid: int) -> set[int]:
    """The pids `pid` started that still run (Linux /proc: every thread's children)."""
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            pass
    return out


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie waits for whoever adopts it to reap it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads a process's children from Linux /proc")
def test_workers_exit_when_the_sweep_is_killed(tmp_path):
    """SIGKILL to the sweep alone (not its process group): its pool workers, planning or waiting for a
    batch, notice within seconds and exit instead of planning on as orphans."""
    scenario = write_scenario(tmp_path)
    cmd = [sys.executable, "-m", "peaceforce", "sweep", str(scenario), "--samples", "60", "--runs", "200",
           "--store", str(tmp_path / "k.duckdb"), "--workers", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env=ENV)
    workers: set[int] = set()
    try:
        for _ in range(1200):  # the workers start with the first batches, after the store is made
            workers = {c for c in _children(proc.pid) if "spawn_main" in _cmdline(c)}
            if len(workers) >= 2 or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert len(workers) == 2 and proc.poll() is None, f"no two workers seen (exit {proc.poll()})"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        left = set(workers)
        for _ in range(100):  # within 10 s; a worker looks once a second
            left = {w for w in left if _running(w)}
            if not left:
                break
            time.sleep(0.1)
        assert not left, f"workers {sorted(left)} still run after the sweep was killed"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # whatever is left of the group (the test's own cleanup)
        except ProcessLookupError:
            pass
