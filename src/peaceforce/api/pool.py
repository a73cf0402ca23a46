"""The worker pool: plans, reports and memos run in separate processes, a bounded queue in front.

Why processes and not threads: the work is CPU-bound Python (pandas, pydantic, the incident Monte Carlo
in numpy, HiGHS), so threads would take turns on the GIL, and a thread cannot be stopped, while the
time limit must stop a solver or a simulation that runs too long: a worker process can be killed and
replaced. Each worker runs one job at a time and shares nothing with the others or with the server
(its own copy of every cache). Workers are plain subprocesses (`python -m peaceforce.api.worker`) on a
socket pair, so nothing depends on how the server itself was started.

The event loop never blocks: a job's round trip (send, wait with the time limit, receive) runs in a
small thread pool, one thread per busy worker. When every worker is busy, at most `queue` requests wait;
one more gets `Busy` (503). A job that outlives `time_limit` gets `TimeLimit` (504) and its worker is
killed and replaced; a worker that dies gets `WorkerFailed` (500) and is replaced too.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any

from .settings import Settings

log = logging.getLogger("peaceforce.api")


class Busy(Exception):
    """Every worker is busy and the queue is full."""


class TimeLimit(Exception):
    """The job ran past the time limit; its worker was stopped."""


class WorkerFailed(Exception):
    """The worker died (or could not start) while it had the job."""


class Worker:
    """One worker process and its end of the socket pair. Blocking methods: call them off the loop."""

    def __init__(self, start_timeout: float):
        ours, theirs = socket.socketpair()
        try:
            self.proc = subprocess.Popen([sys.executable, "-m", "peaceforce.api.worker", str(theirs.fileno())],
                                         pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL)
        finally:
            theirs.close()
        self.conn = Connection(ours.detach())
        self.alive = True
        try:
            ready = self.conn.poll(start_timeout) and self.conn.recv() == ("ready",)
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.kill()
            raise WorkerFailed(f"a worker did not start within {start_timeout:g} s (exit code {self.proc.returncode})")

    def call(self, kind: str, args: dict[str, Any], time_limit: float) -> tuple:
        try:
            self.conn.send((kind, args))
            if not self.conn.poll(time_limit):
                self.kill()
                raise TimeLimit(f"the request took longer than the server's limit of {time_limit:g} s")
            return self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise WorkerFailed("the worker process ended while it ran the request") from None

    def kill(self) -> None:
        self.alive = False
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.conn.close()

    def stop(self) -> None:
        """Ask the worker to end; kill it if it does not within two seconds."""
        if self.alive:
            try:
                self.conn.send(None)
                self.proc.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()


class Pool:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._threads = ThreadPoolExecutor(max_workers=2 * settings.workers + 1, thread_name_prefix="peaceforce-pool")
        self._idle: asyncio.Queue[Worker] | None = None
        self._all: set[Worker] = set()
        self._waiting = 0
        self._closing = False
        self._loop: asyncio.AbstractEventLoop | None = None

    async def start(self) -> None:
        """Start every worker (in parallel) and wait until each has warmed up."""
        self._loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        started = await asyncio.gather(*(self._loop.run_in_executor(self._threads, Worker, self.settings.start_timeout)
                                         for _ in range(self.settings.workers)), return_exceptions=True)
        for w in started:
            if isinstance(w, Worker):
                self._all.add(w)
                self._idle.put_nowait(w)
        failed = [w for w in started if not isinstance(w, Worker)]
        if failed:
            await self.close()
            raise failed[0]

    def status(self) -> dict[str, int]:
        return {"workers": self.settings.workers, "idle": self._idle.qsize() if self._idle else 0,
                "waiting": self._waiting, "queue": self.settings.queue}

    async def run(self, kind: str, args: dict[str, Any]) -> tuple:
        """The job's answer message (worker.run); raises Busy, TimeLimit or WorkerFailed."""
        assert self._idle is not None and self._loop is not None, "Pool.start() first"
        if self._idle.empty() and self._waiting >= self.settings.queue:
            raise Busy(f"all {self.settings.workers} workers are busy and {self._waiting} requests wait")
        self._waiting += 1
        try:
            worker = await self._idle.get()
        finally:
            self._waiting -= 1
        fut = self._loop.run_in_executor(self._threads, worker.call, kind, args, self.settings.time_limit)
        # released when the job ends, even when the client has gone away and this coroutine was cancelled
        fut.add_done_callback(lambda f: self._release(worker, f))
        return await asyncio.shield(fut)

    def _release(self, worker: Worker, fut: asyncio.Future) -> None:
        if not fut.cancelled():
            fut.exception()  # retrieved here, so an abandoned job's error is not logged as never retrieved
        if self._closing:
            return
        if worker.alive:
            self._idle.put_nowait(worker)
        else:
            self._all.discard(worker)
            self._loop.create_task(self._replace())

    async def _replace(self) -> None:
        """A new worker for one that was killed or died; retried while the server runs."""
        delay = 1.0
        while not self._closing:
            try:
                w = await self._loop.run_in_executor(self._threads, Worker, self.settings.start_timeout)
            except WorkerFailed as exc:
                log.error("peaceforce API: %s; retrying in %g s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 60.0)
                continue
            if self._closing:
                await self._loop.run_in_executor(self._threads, w.stop)
                return
            self._all.add(w)
            self._idle.put_nowait(w)
            return

    async def close(self) -> None:
        self._closing = True
        workers, self._all = list(self._all), set()
        if self._loop is not None and workers:
            await asyncio.gather(*(self._loop.run_in_executor(self._threads, w.stop) for w in workers))
        self._threads.shutdown(wait=False, cancel_futures=True)


__all__ = ["Pool", "Worker", "Busy", "TimeLimit", "WorkerFailed"]
