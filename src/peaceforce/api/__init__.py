"""The web API: `create_app(settings)` (FastAPI) and `serve` (uvicorn), behind `peaceforce serve`.

Modules: app (the application), settings, routes_data (health, scenarios, nations), routes_work (plan,
report, memo, mandate check), builtins (built-in scenarios; built-in references only), pool and worker
(the CPU-bound work in worker processes, with a bounded queue and a time limit), limits (body limit),
problems (every error answer), models (the API's own records), serve (uvicorn on a socket it binds),
live (a real server in a subprocess, for tests and benchmarks).
"""

from .app import create_app
from .settings import Settings

__all__ = ["create_app", "Settings"]
