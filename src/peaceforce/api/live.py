"""A real `peaceforce serve` in a subprocess, for tests, benchmarks and notebooks: started on a free port
of 127.0.0.1 (the server binds port 0 and prints the port it got, so no other process can take it
between choosing and binding), ready once /api/health answers, stopped with its workers.

    with LiveServer(workers=2) as server:
        httpx.post(server.api + "/plan", json={...})
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from .settings import ENV_PREFIX

_ADDRESS = re.compile(r"listening on (http://\S+?)[ ,(]")


class LiveServer:
    def __init__(self, host: str = "127.0.0.1", start_timeout: float = 240.0, **settings: object):
        """`settings`: Settings fields (workers=1, time_limit=2, cors_origins="a,b"), passed as PEACEFORCE_API_*."""
        self.host = host
        self.start_timeout = start_timeout
        self.env = {ENV_PREFIX + k.upper(): ",".join(v) if isinstance(v, (list, tuple)) else str(v)
                    for k, v in settings.items()}
        self.url = ""
        self.proc: subprocess.Popen | None = None
        self._log = Path(tempfile.mkstemp(prefix="peaceforce-serve-", suffix=".log")[1])

    @property
    def api(self) -> str:
        return self.url + "/api"

    def log(self) -> str:
        return self._log.read_text(encoding="utf-8", errors="replace")

    def start(self) -> "LiveServer":
        env = {**os.environ, **self.env}
        with self._log.open("wb") as log:
            self.proc = subprocess.Popen([sys.executable, "-m", "peaceforce", "serve", "--host", self.host, "--port", "0"],
                                         stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                         start_new_session=True)
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"peaceforce serve ended with {self.proc.returncode}:\n{self.log()[-3000:]}")
            found = _ADDRESS.search(self.log())
            if found:
                self.url = found.group(1)
                try:
                    with urllib.request.urlopen(self.api + "/health", timeout=5) as r:
                        if r.status == 200:
                            return self
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"peaceforce serve not ready within {self.start_timeout:g} s:\n{self.log()[-3000:]}")

    def stop(self) -> None:
        """SIGTERM (uvicorn shuts down, the pool stops its workers); SIGKILL to the group if it hangs."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._log.unlink(missing_ok=True)

    def __enter__(self) -> "LiveServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


__all__ = ["LiveServer"]
