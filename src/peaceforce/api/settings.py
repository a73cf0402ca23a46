"""What a server operator may set: pool size, queue, time limit, body limit, runs bound, CORS origins.

Defaults suit one analyst's machine; each can be set from the environment (PEACEFORCE_API_<NAME>), so
`peaceforce serve` keeps only --host and --port. A bad value is an InputError naming the variable.
"""

from __future__ import annotations

import os
from typing import Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import InputError

ENV_PREFIX = "PEACEFORCE_API_"


def _default_workers() -> int:
    """One worker per core, at most four: each worker holds a plan's whole working set (about 200 MB)."""
    return max(1, min(4, os.cpu_count() or 1))


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    #: worker processes that run plans, reports and memos (CPU-bound: one per core)
    workers: int = Field(default_factory=_default_workers, ge=1, le=64)
    #: requests that may wait for a free worker; one more gets 503 with Retry-After
    queue: int = Field(16, ge=0, le=10_000)
    #: wall-clock seconds one request may spend in a worker (solver, simulation, what-if, rendering);
    #: past it the worker is stopped and replaced and the client gets 504. The default scenario's plan
    #: with what-if takes about 3 s alone; the margin covers a loaded machine.
    time_limit: float = Field(60.0, gt=0, le=3600)
    #: largest request body in bytes (a scenario or a mandate is a few kB); larger gets 413
    max_body: int = Field(256 * 1024, ge=1024, le=64 * 1024 * 1024)
    #: largest number of incident simulation runs a request may ask for (the CLI's default is 2,000)
    max_runs: int = Field(20_000, ge=1, le=1_000_000)
    #: origins allowed by CORS; empty (the default): no CORS headers at all
    cors_origins: tuple[str, ...] = ()
    #: seconds a new worker may take to import and warm up before the server gives up starting
    start_timeout: float = Field(180.0, gt=0, le=3600)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **given) -> "Settings":
        """Settings from PEACEFORCE_API_* variables (CORS_ORIGINS: comma-separated), then `given` on top."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for name in cls.model_fields:
            raw = env.get(ENV_PREFIX + name.upper())
            if raw is None or not raw.strip():
                continue
            values[name] = tuple(o.strip() for o in raw.split(",") if o.strip()) if name == "cors_origins" else raw.strip()
        values.update({k: v for k, v in given.items() if v is not None})
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            e = exc.errors()[0]
            name = str(e["loc"][0]) if e["loc"] else "settings"
            raise InputError(ENV_PREFIX + name.upper(), e.get("input"), e["msg"]) from None


__all__ = ["Settings", "ENV_PREFIX"]
