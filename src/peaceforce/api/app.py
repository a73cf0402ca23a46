"""The FastAPI application: `create_app(settings)`.

/api/* is the JSON API (routes_data: health, scenarios, nations; routes_work: plan, report, memo,
mandate check), documented at /api/openapi.json. No Swagger page (it loads from a CDN; peaceforce works
offline). GET / is the interactive page's, included from its own package where marked below.

Around the routes: the body limit (limits.py, 413), CORS only when origins are configured, and the
error handlers (problems.py). The worker pool (pool.py) starts with the app and stops with it.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from .. import __version__, catalog
from . import problems, routes_data, routes_page, routes_work
from .limits import BodyLimit
from .models import MandateDocument
from .pool import Pool
from .settings import Settings

DESCRIPTION = (
    "Plan a multinational peace force over HTTP: the same scenarios, plans (plan.json's shape), reports "
    "and memos as the `peaceforce` command. Bad input gets 422 with the field, the value and what is "
    "allowed, in the CLI's words. Scenarios name built-in theatres and mandates only."
)


def _tighten(schema: dict[str, Any]) -> dict[str, Any]:
    """The scenario's references as the API accepts them: built-in theatre and mandate names, nation codes
    of the built-in table. (Scenario itself also takes file paths and user nations; the API does not.)"""
    theatres, mandates = catalog.builtin_theatres(), catalog.builtin_mandates()
    codes = sorted(catalog.nation_codes())
    code = {"type": "string", "enum": codes}
    for name, comp in schema.get("components", {}).get("schemas", {}).items():
        props = comp.get("properties", {})
        if name.startswith("Scenario") and "theatre" in props and "mandate" in props:
            props["theatre"] = {**props["theatre"], "enum": theatres}
            props["mandate"] = {**props["mandate"], "enum": mandates}
            if "parliament" in props:
                props["parliament"] = {**props["parliament"], "propertyNames": code}
        if name.startswith("Coalition") and "lead" in props:
            for key in ("lead", "exclude"):
                props[key] = {**props[key], "items": code}
            for alt in props.get("include", {}).get("anyOf", []):
                if alt.get("type") == "array":
                    alt["items"] = code
    return schema


def _mandate_body(schema: dict[str, Any]) -> dict[str, Any]:
    """POST /api/mandate/check's body documented as a mandate file's shape (models.MandateDocument); the
    route reads it as a plain object, so mandate.parse_mandate words every error as the CLI does."""
    doc = MandateDocument.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(doc.pop("$defs", {}))
    doc["properties"]["caveats"] = {**doc["properties"]["caveats"], "propertyNames": {"pattern": "^[A-Z]{2}$"}}
    components["MandateDocument"] = doc
    body = schema["paths"]["/api/mandate/check"]["post"]["requestBody"]["content"]["application/json"]
    body["schema"] = {"$ref": "#/components/schemas/MandateDocument"}
    return schema


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    pool = Pool(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await pool.start()
        try:
            yield
        finally:
            await pool.close()

    app = FastAPI(title="peaceforce", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  openapi_url="/api/openapi.json", docs_url=None, redoc_url=None)
    app.state.pool = pool
    app.state.settings = settings
    problems.install(app)
    app.add_middleware(BodyLimit, max_body=settings.max_body)
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type"])

    app.include_router(routes_data.router())
    app.include_router(routes_work.router(settings))
    app.include_router(routes_page.router())  # GET /: the interactive page (it uses only the JSON API above)

    base_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _mandate_body(_tighten(base_openapi()))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


__all__ = ["create_app"]
