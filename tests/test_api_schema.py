"""Schemathesis against the live OpenAPI schema of a real server (tests/conftest.py api_server): requests
generated from the schema, valid and invalid, must never get a 5xx, and every answer must be one the
schema documents (status, content type, body shape).

Bounded: a few examples per operation and mode, and the slow parts off (risk and what-if ranges, many
runs), which tests/test_api.py covers; a case only has those flags turned down, nothing else changed.
The cases are drawn with Hypothesis from schemathesis's strategies (its pytest plugin's lazy loader
does not run under pytest 9), one test per operation and mode; the list of operations is checked
against the schema, so a new endpoint cannot go untested.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
OPERATIONS = [
    ("GET", "/api/health"), ("GET", "/api/scenarios"), ("GET", "/api/scenarios/{name}"), ("GET", "/api/nations"),
    ("POST", "/api/plan"), ("POST", "/api/view"), ("GET", "/api/report"), ("POST", "/api/report"), ("GET", "/api/memo/{nation}"),
    ("POST", "/api/memo/{nation}"), ("POST", "/api/mandate/check"),
]
#: operations that plan (a plan takes a fraction of a second; risk and what-if take seconds more)
PLANNING = ("/api/plan", "/api/view", "/api/report", "/api/memo/{nation}")
#: operations without any input: no invalid request to make
NO_INPUT = ("/api/health", "/api/scenarios", "/api/nations")
#: examples per operation and mode: the planning ones run a plan for each valid case (a report takes
#: seconds: its charts, map and the three force options)
EXAMPLES = {"/api/report": 1, "/api/memo/{nation}": 2, "/api/plan": 6, "/api/view": 3}
CASES = [(m, p, mode) for m, p in OPERATIONS for mode in ("valid", "invalid") if mode == "valid" or p not in NO_INPUT]


@pytest.fixture(scope="module")
def api_schema(api_server):
    return schemathesis.openapi.from_url(api_server.api + "/openapi.json")


def test_every_operation_is_tested(api_schema):
    found = {(op.ok().method.upper(), op.ok().path) for op in api_schema.get_all_operations()}
    assert found == set(OPERATIONS)


def quick(case) -> None:
    """Where the operation plans: risk and what-if turned off where generated on, runs above 200 cut to
    200. A value that is invalid stays as generated (the request must still get its 422)."""
    if case.operation.path not in PLANNING:
        return
    query = dict(case.query or {})
    for flag in ("risk", "what_if"):
        if query.get(flag, "absent") in (True, "true", "True", "1", 1, "on", "yes", "absent"):
            query[flag] = "false"
    runs = query.get("runs")
    if isinstance(runs, int) and not isinstance(runs, bool) and runs > 200:
        query["runs"] = 200
    elif runs is None:
        query["runs"] = 200
    case.query = query


@pytest.mark.parametrize("method, path, mode", CASES, ids=[f"{m} {p} {mode}" for m, p, mode in CASES])
def test_operation_matches_its_schema(api_schema, method, path, mode):
    operation = api_schema[path][method]
    mode = GenerationMode.POSITIVE if mode == "valid" else GenerationMode.NEGATIVE

    @settings(max_examples=EXAMPLES.get(path, 10), deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        quick(case)
        case.call_and_validate(checks=CHECKS, timeout=120)

    check()
