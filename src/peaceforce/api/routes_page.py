"""GET /: the interactive page, and its fixed assets (stylesheet, script, the Vega runtime). The page
talks only to the JSON API (POST /api/view); everything it loads comes from the project and its
installed packages.

The Vega runtime is bundled by vl-convert on first use (about two seconds), so the router starts that
in a background thread when the app is made, before any browser asks for it.
"""

from __future__ import annotations

import html
import threading
from enum import Enum
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from .. import web
from ..errors import InputError
from .builtins import builtin_scenario, scenario_names

Asset = Enum("Asset", {name.replace(".", "_"): name for name in web.ASSETS}, type=str)
DEFAULT = "ukraine-reassure"


def router() -> APIRouter:
    threading.Thread(target=web.asset, args=("vega.js",), name="vega-bundle", daemon=True).start()
    r = APIRouter()

    @r.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page(scenario: Annotated[str | None, Query(max_length=200)] = None) -> HTMLResponse:
        name = scenario if scenario is not None else DEFAULT
        if name not in scenario_names():  # a reader's browser gets a page that says so, not JSON
            line = html.escape(str(InputError("scenario", name, "one of the built-in scenarios "
                                              + ", ".join(scenario_names()))))
            return HTMLResponse(f"<!DOCTYPE html><html lang='en'><meta charset='utf-8'><link rel='icon' href='data:,'><title>peaceforce</title>"
                                f"<p>{line}</p><p><a href='/'>The default scenario</a></p></html>", status_code=422)
        return HTMLResponse(web.page(name, builtin_scenario(name)))

    @r.get("/assets/{name}", include_in_schema=False)
    def asset(name: Asset) -> Response:
        body, media = web.asset(name.value)
        return Response(body, media_type=media, headers={"Cache-Control": "max-age=3600"})

    return r
