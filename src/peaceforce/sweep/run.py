"""`peaceforce sweep`: resolve the scenario's uncertainties, lay out the design, plan what is not done.

The first run of a command creates the store (the command, the dimensions and the whole design in one
transaction); a later run of the same command on the same store plans only the samples that have no
outcome row yet, so a sweep killed at any point (even by SIGKILL) resumes with every sample once.
The same store with another scenario, sampler, seed, sample count or number of incident runs is
refused: its rows would mix two sweeps. So is any file at --store that is neither an empty DuckDB
file nor a sweep store (an analyst's own database is never written into), and the store is made only
once the scenario, its uncertain: block and the options have passed every check, so a refused run
leaves no file behind.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..errors import InputError
from ..generation import TIME_LIMIT
from . import inputs, sampling, store
from .runner import Job, scenario_files

#: samples per batch: a batch is one task and one transaction; a killed run loses at most a batch per worker.
#: Plans take seconds and vary tenfold (the allocation solver), so single samples keep workers evenly busy
#: (bench_sweep: 95% busy at 1, 79% at 4, 68% at 12) while a task's and a commit's milliseconds are lost
#: in them; raise it when plans are fast or the cluster is far away
BATCH = 1


@dataclass(frozen=True)
class Result:
    store: str
    total: int
    before: int
    planned: int
    errors: int
    seconds: float
    workers: int
    backend: str
    first_error: str | None = None

    @property
    def per_minute(self) -> float:
        return 60.0 * self.planned / self.seconds if self.seconds > 0 else 0.0


def command(sc, sampler: str, seed: int, samples: int, runs: int, time_limit: float) -> dict[str, Any]:
    """What makes two runs the same sweep: the scenario with its uncertainties and the settings that
    change a row (backend, workers and batch size change none)."""
    return {"scenario": sc.model_dump(mode="json"),
            "uncertain": sc.uncertain.model_dump(mode="json") if sc.uncertain is not None else None,
            "sampler": sampler, "seed": seed, "samples": samples, "runs": runs, "time_limit": time_limit}


def _check_same(stored: dict[str, Any], asked: dict[str, Any], path: str) -> None:
    flags = {"sampler": "--sampler", "seed": "--seed", "samples": "--samples", "runs": "--runs",
             "time_limit": "--time-limit"}
    for key in ("scenario", "uncertain", *flags):
        if stored.get(key) != asked.get(key):
            field = flags.get(key, "SCENARIO" if key == "scenario" else "SCENARIO uncertain:")
            allowed = (f"{stored.get(key)} as the store {path} was made with" if key in flags
                       else f"the scenario the store {path} was made with")
            raise InputError(field, asked.get(key) if key in flags else "a changed scenario",
                             allowed + " (another sweep needs another --store)")


def prepare(sc, where: str, sampler: str, seed: int, samples: int, runs: int, time_limit: float):
    """Resolve the dimensions and draw the design: (meta, dims, nations, design frame). Every check of
    the scenario's uncertain: block happens here, before any file is made."""
    import numpy as np
    import pandas as pd

    from .. import __version__, factors
    from ..nations import load_nations

    base, dims = inputs.resolve(sc, where)
    if not dims:
        raise InputError("uncertain", "nothing uncertain", "at least one input with a range or two choices", where)
    u = sampling.design(sampler, samples, len(dims), seed)
    f = factors.builtin().with_overrides(sc.overrides)
    design = pd.DataFrame({"id": np.arange(len(u), dtype=np.int32), "seed": np.full(len(u), sc.seed, dtype=np.int64)})
    for j, d in enumerate(dims):
        design[d.column] = d.values(u[:, j], f)
    nations = list(load_nations(None).codes)
    refs = [sc.theatre, sc.mandate] + [c for d in dims if d.name == "mandate" for c in d.spec.choices]
    info = {"format": store.FORMAT, "peaceforce": __version__, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "command": command(sc, sampler, seed, samples, runs, time_limit), "base": base, "base_dir": sc.base_dir,
            "dims": inputs.to_json(dims), "nations": nations, "size": len(u), "files": scenario_files(sc, refs),
            "scenario_file": where}
    return info, dims, nations, design


def existing(path: Path) -> dict[str, Any] | None:
    """The command a store at `path` was made with; None when there is no file yet or an empty DuckDB
    file. Anything else is refused before it is opened for writing: a sweep writes only into its own store."""
    if not path.exists():
        return None
    if path.is_dir():
        raise InputError("--store", str(path), "a DuckDB file, new or made by 'peaceforce sweep' (this is a directory)")
    con = store.connect(path, read_only=True, field="--store")
    try:
        if not store.contents(con):
            return None
        store.check_sweep(con, path, "--store")
        return store.meta(con)["command"]
    finally:
        con.close()


def open_store(path: Path, asked: dict[str, Any], made: Callable[[], tuple]):
    """A read-write connection to the sweep's store: the same sweep's store as it is, or a new one made
    from `made()` (called before the file is created, so a refused input leaves no file behind)."""
    stored = existing(path)
    if stored is not None:
        _check_same(stored, asked, str(path))
        return store.connect(path, field="--store")
    info, dims, nations, design = made()
    fresh = not path.exists()
    con = store.connect(path, field="--store")
    try:
        store.create(con, info, dims, nations, design)
    except BaseException:
        con.close()
        if fresh:  # ours, and holding nothing: gone, as if never made
            for leftover in (path, path.with_name(path.name + ".wal")):
                leftover.unlink(missing_ok=True)
        raise
    return con


def job_of(m: dict[str, Any]) -> Job:
    c = m["command"]
    return Job(base=m["base"], base_dir=m["base_dir"], dims=inputs.from_json(m["dims"]), runs=c["runs"],
               nations=m["nations"], files=m.get("files", {}), time_limit=c["time_limit"])


def sweep(scenario: str | Path, *, samples: int, store_path: str | Path, sampler: str = "lhs", seed: int | None = None,
          backend: str = "local", workers: int | None = None, scheduler: str | None = None, runs: int = 2000,
          time_limit: float = TIME_LIMIT, batch: int = BATCH, on_start: Callable[[int, int], None] | None = None,
          on_batch: Callable[[int], None] | None = None) -> Result:
    """Plan every sample of the design that the store does not hold yet; returns what was done.

    `on_start(total, done)` is called once the design is known, `on_batch(rows)` after each stored batch."""
    from . import backends
    from ..scenario import load_scenario

    if sampler not in sampling.SAMPLERS:
        raise InputError("--sampler", sampler, "one of " + ", ".join(sampling.SAMPLERS))
    if backend not in backends.BACKENDS:
        raise InputError("--backend", backend, "one of " + ", ".join(backends.BACKENDS))
    if scheduler is not None and backend != "dask":
        raise InputError("--scheduler", scheduler, "only with --backend dask")
    backends.check(backend)
    where = str(scenario)
    sc = load_scenario(scenario)
    if sc.uncertain is None:
        raise InputError("uncertain", None, "an uncertain: block in the scenario (docs/sweeps.md)", where)
    seed = sc.seed if seed is None else seed
    workers = workers or os.cpu_count() or 1
    path = str(store_path)
    asked = command(sc, sampler, seed, samples, runs, time_limit)
    con = open_store(Path(store_path), asked,
                     lambda: prepare(sc, where, sampler, seed, samples, runs, time_limit))
    try:
        m = store.meta(con)
        job = job_of(m)
        total, before, _ = store.counts(con)
        if on_start:
            on_start(total, before)
        start = time.perf_counter()
        planned = 0
        if before < total:
            for rows in backends.run(job, store.pending(con, batch), backend, workers, scheduler):
                store.write(con, rows, job.nations)
                planned += len(rows)
                if on_batch:
                    on_batch(len(rows))
        seconds = time.perf_counter() - start
        _, _, errors = store.counts(con)
        first = con.execute("SELECT error FROM outcomes WHERE error IS NOT NULL ORDER BY id LIMIT 1").fetchone()
        return Result(path, total, before, planned, errors, seconds, workers, backend, first[0] if first else None)
    finally:
        con.close()


__all__ = ["sweep", "Result", "BATCH", "job_of", "command", "prepare", "open_store"]
