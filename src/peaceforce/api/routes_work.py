"""The endpoints that plan: POST /api/plan, POST /api/view (the page's), GET|POST /api/report, GET|POST /api/memo/{nation},
POST /api/mandate/check. Each checks its input here (422 before any work), then hands the work to the
pool (pool.py) and returns the worker's text as it is: plan.json's document is serialised once, in the
worker, and declared in the schema as `PlanDocument`.

Flags as the CLI has them: `risk` runs Plan.compute_risk() (the escalation range), `what_if` runs
Plan.compute_what_if() (each candidate change planned again: about 3 s for the default scenario, so the
plan endpoint leaves both off unless asked; the report and the memo turn them on, as the CLI does).
`runs` is the incident simulation's runs, bounded by the server's max_runs.
"""


import asyncio
from enum import Enum
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request
from fastapi.responses import Response

from ..errors import InputError
from ..mandate import MandateCheck, check, known_nations, parse_mandate
from ..nations import load_nations
from ..plan import PlanDocument
from ..report.memo import as_date
from ..report.view import View
from ..scenario import Scenario
from .bodies import StrictJSON
from .builtins import ScenarioName, builtin_refs, builtin_scenario
from .models import InputProblem
from .problems import WORK_ERRORS, fault, unprocessable
from .settings import Settings

#: nations a memo can be written for: the built-in table less the backstop (it sends no coalition units)
_TABLE = load_nations()
NationCode = Enum("NationCode", {c: c for c in _TABLE.codes if _TABLE.stance(c) != "backstop"}, type=str)


class Lang(str, Enum):
    en = "en"
    nl = "nl"
    de = "de"
    fr = "fr"


class MemoFormat(str, Enum):
    html = "html"
    md = "md"


MEDIA = {MemoFormat.html: "text/html; charset=utf-8", MemoFormat.md: "text/markdown; charset=utf-8"}


def _text_response(*types: str) -> dict[int | str, dict[str, Any]]:
    """A 200 of text in these media types (the route's response_class stays the plain Response, so its
    error answers are documented as the JSON they are)."""
    return {200: {"content": {t: {"schema": {"type": "string"}} for t in types}}}


#: how often a request waiting for its answer looks whether its client is still there (seconds)
DISCONNECT_POLL_S = 0.25


async def _work(request: Request, kind: str, args: dict[str, Any], media_type: str) -> Response:
    """Run a job in the pool; its text as the response, an InputError as 422 (the worker's wording).

    A client that goes away (the page aborts its slower request at every change) takes its job with it
    while the job still waits for a worker, so abandoned work never holds up the next answer; a job
    already running finishes (the pool releases its worker) and its answer is dropped."""
    job = asyncio.ensure_future(request.app.state.pool.run(kind, args))
    while True:
        done, _ = await asyncio.wait({job}, timeout=DISCONNECT_POLL_S)
        if done:
            break
        if await request.is_disconnected():
            job.cancel()
            return Response(status_code=499)  # nobody reads it: the client closed the request
    message = job.result()
    if message[0] == "ok":
        return Response(message[1], media_type=media_type)
    if message[0] == "input":
        _, field, value, allowed, detail = message
        return unprocessable(InputProblem(detail=detail, field=field, value=value, allowed=allowed))
    return fault(500, f"the request failed in the server: {message[1]}")


def router(settings: Settings) -> APIRouter:
    r = APIRouter(prefix="/api", route_class=StrictJSON)
    Runs = Annotated[int, Query(ge=1, le=settings.max_runs,
                                description=f"incident simulation runs (1 to {settings.max_runs:,})")]

    AlsoRisk = Annotated[bool, Query(description="also the escalation range (Plan.compute_risk)")]
    AlsoWhatIf = Annotated[bool, Query(description="also what would change the verdicts (Plan.compute_what_if; "
                                       "seconds, not milliseconds)")]

    def job(scenario: Scenario, risk: bool, what_if: bool, runs: int, **more: Any) -> dict[str, Any]:
        builtin_refs(scenario)
        return {"scenario": scenario.model_dump(mode="json"), "risk": risk, "what_if": what_if, "runs": runs, **more}

    @r.post("/plan", response_model=PlanDocument, responses=WORK_ERRORS, tags=["plan"],
            summary="Plan a scenario: plan.json's document")
    async def post_plan(request: Request, scenario: Scenario,
                        risk: AlsoRisk = False, what_if: AlsoWhatIf = False, runs: Runs = 2000) -> Response:
        """The scenario as JSON (the YAML file's keys, `option` among them) -> the plan, shaped as plan.json.
        Theatre and mandate must be built-in names."""
        return await _work(request, "plan", job(scenario, risk, what_if, runs), "application/json")

    @r.post("/view", response_model=View, responses=WORK_ERRORS, tags=["page"],
            summary="What the interactive page shows of a plan")
    async def post_view(request: Request, scenario: Scenario,
                        risk: AlsoRisk = False, what_if: AlsoWhatIf = False, runs: Runs = 2000) -> Response:
        """The scenario as JSON -> the force in one figure with its range, the verdict and its items, each
        nation's verdict, the gaps, the escalation risk, the map (SVG) and the charts' Vega-Lite
        specifications, said as the report says them (the page's one request)."""
        return await _work(request, "view", job(scenario, risk, what_if, runs), "application/json")

    Risk = Annotated[bool, Query(description="the escalation range, as the CLI's report (false: quicker)")]
    WhatIf = Annotated[bool, Query(description="what would change the verdicts, as the CLI's report (false: quicker)")]

    @r.get("/report", response_class=Response, responses={**WORK_ERRORS, **_text_response("text/html")},
           tags=["report"], summary="The HTML report of a built-in scenario")
    async def get_report(request: Request, scenario: Annotated[ScenarioName, Query(description="a built-in scenario")],
                         risk: Risk = True, what_if: WhatIf = True, runs: Runs = 2000) -> Response:
        return await _work(request, "report", job(builtin_scenario(scenario), risk, what_if, runs), "text/html; charset=utf-8")

    @r.post("/report", response_class=Response, responses={**WORK_ERRORS, **_text_response("text/html")},
            tags=["report"], summary="The HTML report of a posted scenario")
    async def post_report(request: Request, scenario: Scenario, risk: Risk = True, what_if: WhatIf = True,
                          runs: Runs = 2000) -> Response:
        return await _work(request, "report", job(scenario, risk, what_if, runs), "text/html; charset=utf-8")

    def memo_job(scenario: Scenario, nation: NationCode, lang: Lang | None, fmt: MemoFormat, date: str | None,
                 risk: bool, what_if: bool, runs: int) -> dict[str, Any]:
        """The memo names the plan report it rests on by its title and date (as from the CLI)."""
        from ..report.memo_frames import memo_languages

        code = nation.value
        if lang is not None and lang.value not in memo_languages(code):
            raise InputError("lang", lang.value, f"for {code}: " + " or ".join(memo_languages(code)))
        return job(scenario, risk, what_if, runs, nation=code, lang=lang.value if lang else None, fmt=fmt.value,
                   date=as_date(date).isoformat() if date else None)

    Nation = Annotated[NationCode, Path(description="the nation's ISO 3166 alpha-2 code")]
    LangQ = Annotated[Lang | None, Query(description="nl, de, fr or en; default: the language of the nation's "
                                         "decision frame (en gives any memo in English)")]
    Fmt = Annotated[MemoFormat, Query(alias="format", description="html or md (Markdown)")]
    DateQ = Annotated[str | None, Query(description="the memo's date, YYYY-MM-DD (default: today)",
                                        json_schema_extra={"format": "date"})]
    memo_responses = {**WORK_ERRORS, **_text_response("text/html", "text/markdown")}

    @r.get("/memo/{nation}", response_class=Response, responses=memo_responses, tags=["report"],
           summary="A decision memo for one nation, for a built-in scenario")
    async def get_memo(request: Request, nation: Nation,
                       scenario: Annotated[ScenarioName, Query(description="a built-in scenario")],
                       lang: LangQ = None, fmt: Fmt = MemoFormat.html, date: DateQ = None, risk: Risk = True,
                       what_if: WhatIf = True, runs: Runs = 2000) -> Response:
        """The memo in the nation's own frame and language (NL: Article 100 letter, DE: Bundestag motion,
        GB: Commons statement, FR: Article 35 information, a general memo otherwise)."""
        args = memo_job(builtin_scenario(scenario), nation, lang, fmt, date, risk, what_if, runs)
        return await _work(request, "memo", args, MEDIA[fmt])

    @r.post("/memo/{nation}", response_class=Response, responses=memo_responses, tags=["report"],
            summary="A decision memo for one nation, for a posted scenario")
    async def post_memo(request: Request, nation: Nation, scenario: Scenario, lang: LangQ = None,
                        fmt: Fmt = MemoFormat.html, date: DateQ = None, risk: Risk = True, what_if: WhatIf = True,
                        runs: Runs = 2000) -> Response:
        args = memo_job(scenario, nation, lang, fmt, date, risk, what_if, runs)
        return await _work(request, "memo", args, MEDIA[fmt])

    @r.post("/mandate/check", response_model=MandateCheck, responses=WORK_ERRORS, tags=["mandate"],
            summary="Check a mandate's rules of engagement")
    async def post_mandate_check(
            request: Request,
            mandate: Annotated[dict[str, Any], Body(description="the mandate as JSON: the keys of a mandate file "
                                                    "(self_defence, incidents, legal_basis, caveats, ...)")],
            scenario: Annotated[ScenarioName | None, Query(description="a built-in scenario: check national caveats "
                                                           "against who holds which sector in its plan")] = None,
    ) -> Response:
        """Findings and the clarity score; `clear` false when the mandate has a serious finding."""
        parsed = parse_mandate(mandate)
        known_nations(parsed, _TABLE.codes)
        if scenario is None:  # pure and quick (well under a millisecond): no need for a worker
            return Response(check(parsed).model_dump_json(), media_type="application/json")
        args = {"mandate": mandate, "scenario": builtin_scenario(scenario).model_dump(mode="json")}
        return await _work(request, "mandate", args, "application/json")

    return r


__all__ = ["router", "NationCode", "Lang", "MemoFormat"]
