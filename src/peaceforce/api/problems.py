"""Every error the API gives, in one place: bad input is 422 with the CLI's line, the rest a short detail.

Bad input reads exactly as on the command line: an InputError's message, and FastAPI's pydantic errors
translated by the same function the CLI uses for a scenario file (scenario.from_validation_error), so a
scenario posted as JSON and the same scenario in a YAML file get the same line (the CLI puts the file
name in front).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from fastapi.responses import JSONResponse

from ..errors import InputError, shown
from ..scenario import from_validation_error
from .models import InputProblem, Problem
from .pool import Busy, TimeLimit, WorkerFailed

#: FastAPI's answer when reading the body fails otherwise than as invalid JSON (fastapi.routing)
BODY_UNPARSED = "There was an error parsing the body"
#: where FastAPI puts a parameter: dropped from the field's path (the body is the scenario itself)
_PLACES = ("body", "query", "path", "header", "cookie")
#: pydantic error types a JSON body or a query string meets and a YAML file does not: read as the kind the
#: CLI's wording covers (scenario._ALLOWED_BY_TYPE)
_AS_TYPE = {"bool_parsing": "bool_type", "model_attributes_type": "model_type"}


class _Errors:
    """FastAPI's list of pydantic error dicts with the one method from_validation_error reads."""

    def __init__(self, errors: list[dict[str, Any]]):
        self._errors = errors

    def errors(self) -> list[dict[str, Any]]:
        return self._errors


def input_error(errors: list[dict[str, Any]]) -> InputError:
    """FastAPI's validation errors as the CLI's InputError (the first error, then "(also: ...)")."""
    cleaned = []
    for e in errors:
        loc = tuple(e.get("loc") or ())
        if loc and loc[0] in _PLACES:
            loc = loc[1:]
        if e.get("type") == "json_invalid":
            reason = str((e.get("ctx") or {}).get("error", "invalid JSON"))
            return InputError("body", f"JSON with an error at character {loc[0] if loc else '?'}",
                              f"a JSON document ({reason})")
        kind = str(e.get("type"))
        msg = "a date as YYYY-MM-DD" if kind.startswith("date_") else e.get("msg")
        cleaned.append({**e, "loc": loc, "type": _AS_TYPE.get(kind, kind), "msg": msg})
    err = from_validation_error(_Errors(cleaned), None)  # type: ignore[arg-type]
    if not cleaned[0]["loc"] and err.field == "scenario":  # the body as a whole (not an object, missing)
        what = "a JSON object (the body is required)" if cleaned[0]["type"] == "missing" else \
            "a JSON object, sent as Content-Type: application/json"
        return InputError("body", err.value, what)
    return err


def problem(err: InputError) -> InputProblem:
    return InputProblem(detail=str(err), field=str(err.field), value=shown(err.value), allowed=str(err.allowed))


def unprocessable(p: InputProblem) -> JSONResponse:
    return JSONResponse(p.model_dump(), status_code=422)


def fault(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(Problem(detail=detail).model_dump(), status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """The exception handlers: InputError and request validation -> 422; the pool's Busy -> 503,
    TimeLimit -> 504, WorkerFailed -> 500."""

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> JSONResponse:
        return unprocessable(problem(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return unprocessable(problem(input_error(list(exc.errors()))))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 400 and exc.detail == BODY_UNPARSED:  # e.g. JSON nested too deep to parse
            return unprocessable(problem(InputError("body", "a body that could not be parsed",
                                                    "a JSON document of the scenario's shape")))
        return await http_exception_handler(request, exc)

    @app.exception_handler(Busy)
    async def _busy(request: Request, exc: Busy) -> JSONResponse:
        return fault(503, f"busy: {exc}; try again shortly", {"Retry-After": "1"})

    @app.exception_handler(TimeLimit)
    async def _late(request: Request, exc: TimeLimit) -> JSONResponse:
        return fault(504, str(exc))

    @app.exception_handler(WorkerFailed)
    async def _failed(request: Request, exc: WorkerFailed) -> JSONResponse:
        return fault(500, str(exc))


#: the error responses each route documents in the OpenAPI schema (the body of each is a Problem)
ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": InputProblem, "description": "bad input: the field, the value and what is allowed"},
    413: {"model": Problem, "description": "request body larger than the server's limit"},
    500: {"model": Problem, "description": "a fault in the server"},
}
WORK_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    503: {"model": Problem, "description": "every worker busy and the queue full (see Retry-After)"},
    504: {"model": Problem, "description": "the request ran past the server's time limit"},
}

__all__ = ["install", "input_error", "problem", "unprocessable", "fault", "ERRORS", "WORK_ERRORS"]
