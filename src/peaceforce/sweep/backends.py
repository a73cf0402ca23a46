"""Where batches run: a local process pool, or dask.distributed (a LocalCluster, or a scheduler's address).

Both ship the job (scenario, dimensions, settings) once per worker: the pool through its initializer,
Dask by scattering it to every worker; a batch then carries only its samples' ids and input values.
At most two batches per worker are in flight, so a sweep of a million samples never queues them all,
and results come back as they finish (in any order): the caller writes each batch as it arrives.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any, Iterable, Iterator

from ..errors import InputError
from .runner import Job, evaluate

BACKENDS = ("local", "dask")
#: batches in flight per worker: one running, one waiting, so no worker idles between batches
IN_FLIGHT = 2

#: how often a pool worker looks whether its sweep is still there, seconds
WATCH_SECONDS = 1.0

_JOB: Job | None = None


def check(backend: str) -> None:
    """The backend can run here (Dask is an extra): checked before the store is made."""
    if backend == "dask":
        try:
            import dask.distributed  # noqa: F401
        except ImportError:
            raise InputError("--backend", "dask", "local, or install the extra: pip install 'peaceforce[dask]'") from None


def _watch(parent: int) -> None:
    """Exit when the sweep that started this worker is gone. A SIGKILL to the sweep closes no pipe the
    pool's workers wait on while they plan, so without this they would plan on, orphaned, for hours."""
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def _init(job: Job, parent: int | None = None) -> None:
    """A pool worker's start: watch the sweep, keep the job, load the model's code and data once."""
    global _JOB
    if parent is not None:
        threading.Thread(target=_watch, args=(parent,), name="peaceforce-parent-watch", daemon=True).start()
    _JOB = job
    from .. import factors, plan  # noqa: F401  (imported here, before the first batch)

    factors.builtin()


def _run(batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    assert _JOB is not None, "pool worker without its job"
    return evaluate(_JOB, batch)


def local(job: Job, batches: Iterable[list[dict[str, Any]]], workers: int) -> Iterator[list[dict[str, Any]]]:
    """A process pool of `workers` (spawned: a fresh interpreter each, as on every platform)."""
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init, initargs=(job, os.getpid()))
    it = iter(batches)
    inflight: set = set()
    try:
        while True:
            while len(inflight) < IN_FLIGHT * workers:
                batch = next(it, None)
                if batch is None:
                    break
                inflight.add(pool.submit(_run, batch))
            if not inflight:
                return
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            for fut in done:
                inflight.discard(fut)
                yield fut.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def dask(job: Job, batches: Iterable[list[dict[str, Any]]], workers: int,
         scheduler: str | None = None) -> Iterator[list[dict[str, Any]]]:
    """dask.distributed: a LocalCluster of `workers` single-threaded processes, or the cluster at
    `scheduler` (tcp://host:8786; its workers need peaceforce installed, at the same version)."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise InputError("--backend", "dask", "local, or install the extra: pip install 'peaceforce[dask]'") from None
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
        client = Client(cluster)
    else:
        try:
            client = Client(scheduler, timeout=30)
        except (OSError, TimeoutError) as exc:
            raise InputError("--scheduler", scheduler, f"the address of a running Dask scheduler ({exc})") from None
    try:
        slots = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()) or workers
        shipped = client.scatter(job, broadcast=True)
        it = iter(batches)
        first = []
        for _ in range(IN_FLIGHT * slots):
            batch = next(it, None)
            if batch is None:
                break
            first.append(client.submit(evaluate, shipped, batch, pure=False))
        pending = as_completed(first)
        for fut in pending:
            rows = fut.result()
            fut.release()
            batch = next(it, None)
            if batch is not None:
                pending.add(client.submit(evaluate, shipped, batch, pure=False))
            yield rows
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run(job: Job, batches: Iterable[list[dict[str, Any]]], backend: str, workers: int,
        scheduler: str | None = None) -> Iterator[list[dict[str, Any]]]:
    if backend == "local":
        if scheduler is not None:
            raise InputError("--scheduler", scheduler, "only with --backend dask")
        return local(job, batches, workers)
    if backend == "dask":
        return dask(job, batches, workers, scheduler)
    raise InputError("--backend", backend, "one of " + ", ".join(BACKENDS))


__all__ = ["BACKENDS", "run", "local", "dask"]
