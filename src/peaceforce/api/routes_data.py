"""The endpoints that read built-in data: GET /api/health, /api/scenarios, /api/scenarios/{name},
/api/nations. Quick and read-only: they run on the event loop; the nation table's records are built once
per process (the built-in table is read-only) and served as the same bytes."""


from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from .. import __version__
from ..nations import load_nations
from ..scenario import Scenario
from .builtins import ScenarioName, builtin_scenario, scenario_names
from .models import Health, NationsResponse, ScenarioInfo, nations_response
from .problems import ERRORS


@lru_cache(maxsize=1)
def _nations_json() -> bytes:
    return nations_response(load_nations()).model_dump_json().encode()


def router() -> APIRouter:
    r = APIRouter(prefix="/api")

    @r.get("/health", response_model=Health, tags=["data"], summary="Whether the server and its workers are up")
    async def health(request: Request) -> Health:
        return Health(status="ok", version=__version__, **request.app.state.pool.status())

    @r.get("/scenarios", response_model=list[ScenarioInfo], responses=ERRORS, tags=["data"],
           summary="The built-in scenarios")
    async def scenarios() -> list[ScenarioInfo]:
        return [ScenarioInfo.of(n, builtin_scenario(n)) for n in scenario_names()]

    @r.get("/scenarios/{name}", response_model=Scenario, responses=ERRORS, tags=["data"],
           summary="One built-in scenario, as POST /api/plan takes it")
    async def scenario(name: Annotated[ScenarioName, Path(description="a built-in scenario's name")]) -> Scenario:
        return builtin_scenario(name)

    @r.get("/nations", response_model=NationsResponse, responses=ERRORS, tags=["data"],
           summary="The nation table in use, with the source of each figure")
    async def nations() -> Response:
        return Response(_nations_json(), media_type="application/json")

    return r


__all__ = ["router"]
