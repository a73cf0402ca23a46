"""Fuzzing the scenario space: Hypothesis strategies for scenario dicts, and one runner for a case.

Not a test module (pytest collects test_*.py only): tests/test_fuzz.py runs a bounded number of
cases in the suite, scripts/fuzz runs as many as asked and groups what fails.

A case is a dict:
    {"scenario": {...}, "runs": 10, "memo_nation": "HU", "html": False}
`scenario` goes to plan() as it is; every key of the Scenario model is drawn mostly from valid
values and edges, sometimes from invalid ones. The only exception a case may raise is
peaceforce.errors.InputError (bad input, said so).
"""

from __future__ import annotations

import io
import json
import math
import signal
import time
import traceback
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from rich.console import Console

import peaceforce
from peaceforce import catalog
from peaceforce.errors import InputError
from peaceforce.factors import builtin as builtin_factors
from peaceforce.mandate import INCIDENT_TYPES
from peaceforce.plan import plan
from peaceforce.report import render_html, render_markdown, render_memo
from peaceforce.report.memo_frames import memo_languages
from peaceforce.scenario import MAX_ARMY, MAX_MONTHS
from peaceforce.summary import render as render_summary
from peaceforce.vocab import (
    BACKSTOP_LEVELS, ROLES, THREATS, FairShareKey, FlankPolicy, ParliamentStatus, values,
)

FAIR_SHARE_KEYS = values(FairShareKey)
FLANK_POLICIES = values(FlankPolicy)
PARLIAMENT_STATUS = values(ParliamentStatus)

ROOT = Path(__file__).resolve().parents[1]
PKG_DIR = Path(peaceforce.__file__).resolve().parent

NATION_CODES: list[str] = sorted(catalog.nation_codes())
_STANCE = dict(zip(catalog.nations()["code"], catalog.nations()["stance"]))
#: nations that are not eligible on their own stance: an include list of only these has no one willing
NOT_WILLING = sorted(c for c, s in _STANCE.items() if s in ("unwilling", "unknown"))
FACTOR_KEYS: list[str] = sorted(builtin_factors())
MANDATES: list[str] = list(catalog.builtin_mandates())
THEATRES: list[str] = list(catalog.builtin_theatres())
THEATRE_FILES = [str(catalog.data_path("theatres", f"{t}.yaml")) for t in THEATRES]
MANDATE_FILES = [str(catalog.data_path("mandates", f"{m}.yaml")) for m in MANDATES]
EXAMPLE_FILE = str(ROOT / "examples" / "ukraine-reassure.yaml")

#: incident runs per plan; the script may narrow this to the small ones for speed
RUNS = (1, 2, 3, 10, 100, 500)
FORMATS = ("md", "html")

NAN, INF = float("nan"), float("inf")

# ------------------------------------------------------------------------------------------
# building blocks


@st.composite
def mostly(draw, valid: st.SearchStrategy, invalid: st.SearchStrategy, odds: int = 10):
    """`valid` most of the time, `invalid` one time in `odds`; shrinks towards `valid`."""
    if draw(st.integers(0, odds - 1)) == odds - 1:
        return draw(invalid)
    return draw(valid)


#: values wrong for almost any key: wrong types, YAML 1.1 traps ('NO', 'ON'), non-finite numbers
JUNK = st.sampled_from([
    None, "", "NO", "ON", "yes", "off", True, False, -1, 0, 1.5, NAN, INF, -INF, 1e300, -1e300,
    [], {}, ["x"], {"a": 1}, "<script>alert(1)</script>", "ü", "1e3",
])
BAD_WORDS = st.sampled_from(["NO", "ON", "", " ", "Reassure", "HIGH", "medium ", "none\n", "null", "yes"])
BAD_CODES = st.sampled_from(["XX", "fr", "Fr", "USA", "U", "", "EU", "UK", "RU", "UA", "N0", False, True, None, 1])

ints_0_1 = st.sampled_from([0, 1])


def word(values) -> st.SearchStrategy:
    return mostly(st.sampled_from(list(values)), st.one_of(BAD_WORDS, JUNK))


def bounded_int(lo: int, hi: int, typical: list[int]) -> st.SearchStrategy:
    """Whole numbers inside [lo, hi] with the edges; invalid: just outside, wrong types, non-finite."""
    valid = st.one_of(st.sampled_from(sorted({lo, lo + 1, hi - 1, hi, *typical})), st.integers(lo, hi))
    invalid = st.one_of(
        st.sampled_from([lo - 1, hi + 1, -1, 10**9, 10**30, 1e300, INF, -INF, NAN, 0.5, lo + 0.5, str(hi),
                         "NO", None, True, [hi]]),
        JUNK,
    )
    return mostly(valid, invalid)


# ------------------------------------------------------------------------------------------
# the keys of the Scenario model

NAMES = st.sampled_from([
    "x", "Ukraine force", "a" * 200, "<b>bold</b> & <i>markup</i>", "pipe | in | table", "{{ jinja }} {% raw %}",
    "naïve — ünïcode 🇺🇦", "line\nbreak", "*bold* _x_ `code` # heading", "   spaces   ", "\\backslash\\", "100%",
])
name = mostly(st.one_of(NAMES, st.text(min_size=1, max_size=40)),
              st.one_of(st.sampled_from(["", "a" * 201]), JUNK.filter(lambda v: not isinstance(v, str) or not v)))

theatre = mostly(st.sampled_from(THEATRES + THEATRE_FILES),
                 st.one_of(st.sampled_from(["atlantis", "Ukraine", "", "missing.yaml", "/nonexistent/x.yml",
                                            EXAMPLE_FILE, MANDATE_FILES[0]]), JUNK))

mandate = mostly(st.sampled_from(MANDATES + MANDATE_FILES),
                 st.one_of(st.sampled_from(["strong", "Robust", "", "missing.yaml", EXAMPLE_FILE, THEATRE_FILES[0]]),
                           JUNK))

role = word(ROLES)
threat = word(THREATS)
us_backstop = word(BACKSTOP_LEVELS)
fair_share = word(FAIR_SHARE_KEYS)
eastern_flank = word(FLANK_POLICIES)

host_army = bounded_int(0, MAX_ARMY, [800_000, 1000, 150])
adversary_army = st.one_of(st.none(), bounded_int(0, MAX_ARMY, [700_000, 1000, 150]))
duration_months = bounded_int(1, MAX_MONTHS, [2, 3, 6, 12, 36])
rotation_months = bounded_int(1, 60, [2, 3, 6, 12, 36])
seed = mostly(st.one_of(st.sampled_from([0, 1, 20260106, 2**31 - 1, 2**32 - 1, 2**32, 2**63 - 1, 2**63, 2**64,
                                         2**128]), st.integers(0, 2**32)),
              st.one_of(st.sampled_from([-1, 0.5, NAN, INF, "x", None, [1]]), JUNK))

code = mostly(st.sampled_from(NATION_CODES), BAD_CODES, odds=20)
codes = st.lists(code, max_size=5)

lead = mostly(
    st.one_of(st.just(["FR", "GB"]), st.lists(st.sampled_from(NATION_CODES), min_size=1, max_size=3),
              st.sampled_from([[], ["FR", "FR"], ["GB", "GB", "GB"], ["US"], ["HU"], ["LU"], ["NL"], ["FR", "GB", "DE"]])),
    st.one_of(st.lists(BAD_CODES, min_size=1, max_size=2), st.sampled_from(["FR", "FR,GB"]), JUNK))

include = mostly(
    st.one_of(st.just("willing"), codes,
              st.sampled_from([[], NOT_WILLING, NOT_WILLING[:2], ["US"], ["FR"], ["FR", "GB"], NATION_CODES])),
    st.one_of(st.sampled_from(["all", "Willing", "none", ["willing"]]), JUNK))


@st.composite
def coalition(draw):
    """The coalition block: every key optional; excludes may take out every nation (or the leads)."""
    keys: dict[str, Any] = {}
    if draw(st.booleans()):
        keys["lead"] = draw(lead)
    if draw(st.booleans()):
        keys["include"] = draw(include)
    if draw(st.booleans()):
        lead_now = keys.get("lead", ["FR", "GB"])
        others = [c for c in NATION_CODES if not isinstance(lead_now, list) or c not in lead_now]
        keys["exclude"] = draw(mostly(
            st.one_of(st.just([]), codes, st.sampled_from([others, [c for c in others if c != "US"], ["US"],
                                                          ["NL"], NATION_CODES])),
            st.one_of(st.lists(BAD_CODES, min_size=1, max_size=2), JUNK)))
    if draw(st.booleans()):
        keys["fair_share"] = draw(fair_share)
    if draw(st.booleans()):
        keys["eastern_flank"] = draw(eastern_flank)
    if draw(st.integers(0, 29)) == 29:
        keys[draw(st.sampled_from(["leads", "Lead", "exclude_all", ""]))] = draw(JUNK)
    if draw(st.integers(0, 29)) == 29:
        return draw(st.one_of(JUNK, st.just("FR")))
    return keys


parliament = mostly(
    st.dictionaries(st.sampled_from(NATION_CODES), st.sampled_from(PARLIAMENT_STATUS), max_size=4),
    st.one_of(st.dictionaries(st.one_of(BAD_CODES, st.sampled_from(NATION_CODES)),
                              st.one_of(st.sampled_from(PARLIAMENT_STATUS), BAD_WORDS, JUNK), min_size=1, max_size=3),
              st.sampled_from([{False: "pending"}, {"NO": False}, ["NL"], "NL: pending"]), JUNK))

#: override values across the whole range: 0, 1, non-finite, negative, fractional unit sizes, shares > 1
OVERRIDE_VALUES = st.one_of(
    st.sampled_from([0, 0.0, -0.0, 1, 1.0, 2, 0.5, 0.25, 0.999, 1.0001, 1.5, 2.5, 700.5, 1e-9, 1e-300, 1e6, 1e300,
                     INF, NAN, -1, -1e-9, -INF]),
    st.floats(0, 1), st.floats(0, 10), st.integers(0, 5000))
overrides = mostly(
    st.dictionaries(st.sampled_from(FACTOR_KEYS), OVERRIDE_VALUES, max_size=4),
    st.one_of(st.dictionaries(st.sampled_from(["threat.extreme", "density", "", "mix", "unit_size.", "THREAT.LOW"]),
                              OVERRIDE_VALUES, min_size=1, max_size=2),
              st.dictionaries(st.sampled_from(FACTOR_KEYS), st.one_of(JUNK, st.sampled_from(["1.5", "0"])),
                              min_size=1, max_size=2),
              JUNK),
    odds=8)

#: incidents per month: none, tiny, ordinary, the bound 10000, just over, huge, non-finite
RATE_VALUES = st.one_of(
    st.sampled_from([0, 0.0, 1e-300, 1e-9, 1e-3, 0.1, 0.5, 1, 2, 10, 100, 10_000, 10_000.5, 1e300, INF, NAN, -1,
                     -1e-9]),
    st.floats(0, 50))
incident_rates = mostly(
    st.dictionaries(st.sampled_from(INCIDENT_TYPES), RATE_VALUES, max_size=4),
    st.one_of(st.dictionaries(st.sampled_from(["small_arms", "Drone_strike", "", "nuclear"]), RATE_VALUES,
                              min_size=1, max_size=2),
              st.dictionaries(st.sampled_from(INCIDENT_TYPES), st.one_of(JUNK, st.just("3")), min_size=1, max_size=2),
              JUNK),
    odds=8)

OPTIONAL_KEYS: dict[str, st.SearchStrategy] = {
    "theatre": theatre, "role": role, "threat": threat, "host_army": host_army, "adversary_army": adversary_army,
    "us_backstop": us_backstop, "duration_months": duration_months, "rotation_months": rotation_months,
    "coalition": coalition(), "mandate": mandate, "parliament": parliament, "overrides": overrides,
    "incident_rates": incident_rates, "seed": seed,
}
UNKNOWN_KEYS = st.sampled_from(["overide", "Name", "roles", "coalition_lead", "nations", "runs", "", "schema_version"])


@st.composite
def scenarios(draw) -> dict[str, Any]:
    """A scenario dict: name (rarely missing), each other key present or not, rarely an unknown key."""
    sc: dict[str, Any] = {}
    if draw(st.integers(0, 39)) != 39:
        sc["name"] = draw(name)
    sc.update(draw(st.fixed_dictionaries({}, optional=OPTIONAL_KEYS)))
    if draw(st.integers(0, 29)) == 29:
        sc[draw(UNKNOWN_KEYS)] = draw(st.one_of(JUNK, st.just("x")))
    return sc


def cases(runs: tuple[int, ...] = RUNS, html_every: int = 1) -> st.SearchStrategy:
    """A whole fuzz case; `html` is True for about one case in `html_every` (the HTML report is slow)."""
    return st.fixed_dictionaries({
        "scenario": scenarios(),
        "runs": st.sampled_from(list(runs)),
        "memo_nation": st.sampled_from(NATION_CODES),
        "html": st.integers(0, html_every - 1).map(lambda i: i == html_every - 1),
    })


# ------------------------------------------------------------------------------------------
# running a case


class CaseTimeout(Exception):
    """A case ran longer than the runner allows (a hang or an explosion of work)."""


class BadOutput(Exception):
    """An output was produced but is broken (JSON with NaN or Infinity, which is not JSON)."""


@contextmanager
def _time_limit(seconds: float | None):
    if not seconds:
        yield
        return

    def _alarm(signum, frame):
        raise CaseTimeout(f"case ran longer than {seconds:g} s")

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _no_constant(name: str):
    raise BadOutput(f"plan JSON contains {name}, which is not valid JSON")


#: the parts of the report content and of the memo, run one by one when a renderer failed
CONTENT_SECTIONS = ("summary", "requirement", "allocation", "gaps", "rotation", "cost", "flank", "mandate",
                    "incidents", "conditions", "sources")


def memo_nations(p, case: dict[str, Any]) -> list[str]:
    """The memo is rendered for a lead nation, for NL, for a nation not asked (no troops) and the drawn one."""
    allowed = [c for c in p.nations.codes if p.nations.stance(c) != "backstop"]
    leads = [c for c in p.scenario.coalition.lead if c in allowed]
    not_asked = [na.nation for na in p.allocation.nations if na.troops_deployed <= 0 and na.nation in allowed]
    out = leads[:1] + ["NL"] + not_asked[:1] + [case.get("memo_nation", "NL")]
    return [c for c in dict.fromkeys(out) if c in allowed]


def execute(case: dict[str, Any], html: bool | None = None, timeout: float | None = None,
            warnings_as_errors: bool = True, failures: list[BaseException] | None = None) -> str:
    """Run plan() and every renderer on a case; returns 'ok', 'input_error' (plan() rejected the input)
    or 'render_input_error' (a renderer raised InputError for a plan that plan() accepted).

    Every renderer runs even when another one failed, so one crash does not hide the next. Any
    exception other than InputError gets `fuzz_stage` and a note naming the stage; with `failures`
    given they are all appended there and execute() returns 'failed', otherwise the first is raised.
    """
    if html is None:
        html = bool(case.get("html", True))
    found: list[BaseException] = []
    render_input_errors: list[str] = []

    def attempt(stage: str, fn, *args) -> Any:
        try:
            return fn(*args)
        except InputError as exc:
            if stage == "plan":
                raise
            render_input_errors.append(f"{stage}: {exc}")
        except Exception as exc:  # noqa: BLE001 - the fuzzer's job is to catch them all
            exc.fuzz_stage = stage  # type: ignore[attr-defined]
            exc.add_note(f"fuzz stage: {stage}")
            found.append(exc)
        return None

    def unmask(p, what: str) -> None:
        """A public renderer failed: run its parts one by one, so one crash does not hide the next
        (diagnostics only; the keys are the same file:line as through the public renderer)."""
        from peaceforce.report import charts, content, map as map_mod, memo as memo_mod, vega

        if what == "content":
            for section in CONTENT_SECTIONS:
                attempt(f"report content {section}", getattr(content, section), p)
        elif what == "html":
            for name, fn in charts.SPECS.items():
                attempt(f"html chart {name}", lambda q, fn=fn: vega.to_svg(fn(q, vega.WIDE, False), name), p)
            attempt("html map", map_mod.render_map, p)
        else:  # a memo: nation, lang
            nation, lang = what.split()
            m = attempt(f"memo {what} setup", memo_mod._Memo, p, nation, lang)
            for part in m.parts() if m is not None else ():
                attempt(f"memo {what} {part}", getattr(m, part))

    def steps(p) -> None:
        attempt("json", lambda: json.loads(p.to_json(), parse_constant=_no_constant))
        attempt("summary", lambda: render_summary(p, Console(file=io.StringIO(), width=120)))
        before = len(found)
        attempt("markdown", render_markdown, p)
        if len(found) > before:
            unmask(p, "content")
        nations = attempt("memo nations", memo_nations, p, case) or []
        memo_unmasked = False
        for nation in nations:
            for lang in memo_languages(nation):
                for fmt in FORMATS:
                    before = len(found)
                    attempt(f"memo {nation} {lang} {fmt}", render_memo, p, nation, lang, fmt)
                    if len(found) > before and not memo_unmasked:
                        memo_unmasked = True
                        unmask(p, f"{nation} {lang}")
        if html:
            before = len(found)
            attempt("html", render_html, p)
            if len(found) > before:
                unmask(p, "html")

    stage = "plan"
    try:
        with _time_limit(timeout), warnings.catch_warnings():
            if warnings_as_errors:
                warnings.simplefilter("error")
            try:
                p = plan(case["scenario"], runs=case.get("runs", 10))
            except InputError:
                return "input_error"
            stage = "rendering"
            steps(p)
    except CaseTimeout as exc:
        exc.fuzz_stage = stage  # type: ignore[attr-defined]
        found.append(exc)
    except Exception as exc:  # noqa: BLE001 - plan() itself failed
        exc.fuzz_stage = stage  # type: ignore[attr-defined]
        exc.add_note(f"fuzz stage: {stage}")
        found.append(exc)
    if found:
        if failures is None:
            raise found[0]
        failures.extend(found)
        return "failed"
    if render_input_errors:
        execute.last_render_input_error = render_input_errors[0]  # type: ignore[attr-defined]
        return "render_input_error"
    return "ok"


def run_case(case: dict[str, Any], html: bool | None = None, timeout: float | None = None) -> str | None:
    """Run plan() and all renderers on a case.

    Returns None when everything rendered or the input was rejected with InputError. Returns a short
    note (str) in the one doubtful case: plan() accepted the input but a renderer raised InputError
    for a nation, language and format it was entitled to. Re-raises every other exception.
    """
    outcome = execute(case, html=html, timeout=timeout)
    if outcome == "render_input_error":
        return execute.last_render_input_error  # type: ignore[attr-defined]
    return None


# ------------------------------------------------------------------------------------------
# classifying and showing failures


def _in_package(filename: str) -> Path | None:
    try:
        path = Path(filename).resolve()
    except (OSError, ValueError):
        return None
    return path if PKG_DIR in path.parents else None


def location(exc: BaseException) -> str:
    """The last frame in src/peaceforce as file:line (relative to the package), else the last frame."""
    frames = traceback.extract_tb(exc.__traceback__)
    for fr in reversed(frames):
        path = _in_package(fr.filename)
        if path is not None:
            return f"{path.relative_to(PKG_DIR)}:{fr.lineno}"
    if frames:
        return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}"
    return "?"


def classify(exc: BaseException) -> str:
    """A short key for an unexpected exception: 'ZeroDivisionError: report/charts.py:120'.
    Timeouts are keyed by stage (where an alarm lands is noise)."""
    if isinstance(exc, CaseTimeout):
        return f"CaseTimeout: {getattr(exc, 'fuzz_stage', '?')}"
    return f"{type(exc).__name__}: {location(exc)}"


def innermost(exc: BaseException) -> str:
    """Where the exception was raised, library frames included: file:line in function."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "?"
    fr = frames[-1]
    path = _in_package(fr.filename)
    shown = str(path.relative_to(PKG_DIR)) if path else "/".join(Path(fr.filename).parts[-3:])
    return f"{shown}:{fr.lineno} in {fr.name}"


def package_frames(exc: BaseException, limit: int = 6) -> list[str]:
    """The call chain inside src/peaceforce, innermost last."""
    out = []
    for fr in traceback.extract_tb(exc.__traceback__):
        path = _in_package(fr.filename)
        if path is not None:
            out.append(f"{path.relative_to(PKG_DIR)}:{fr.lineno} in {fr.name}: {(fr.line or '').strip()[:100]}")
    return out[-limit:]


def _json_safe(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _json_safe(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_json_safe(v) for v in value)
    return value is None or isinstance(value, (str, int, float, bool))


def to_json(case: dict[str, Any]) -> str:
    """A case as JSON (NaN and Infinity written as Python's json module does); non-string keys, which
    JSON cannot hold, are kept visible by the Python repr shown beside it."""
    text = json.dumps(case, ensure_ascii=False, default=repr)
    if not _json_safe(case):
        text += f"\n      (as Python: {case!r})"
    return text


# ------------------------------------------------------------------------------------------
# shrinking one failure to a small scenario


def _candidates(case: dict[str, Any]):
    """Simpler versions of a case, most drastic first."""
    sc = case["scenario"]
    if case.get("html"):
        yield {**case, "html": False}
    if case.get("runs", 1) != 1:
        yield {**case, "runs": 1}
    for key in list(sc):
        if key != "name":
            yield {**case, "scenario": {k: v for k, v in sc.items() if k != key}}
    if sc.get("name") != "x" and "name" in sc:
        yield {**case, "scenario": {**sc, "name": "x"}}
    for key, value in sc.items():
        if isinstance(value, dict):
            for sub in list(value):
                yield {**case, "scenario": {**sc, key: {k: v for k, v in value.items() if k != sub}}}
            if key == "coalition":
                for sub, items in value.items():
                    if isinstance(items, list):
                        for i in range(len(items)):
                            yield {**case, "scenario": {**sc, key: {**value, sub: items[:i] + items[i + 1:]}}}
        elif isinstance(value, float) and math.isfinite(value) and value != int(value):
            yield {**case, "scenario": {**sc, key: int(value)}}
    if case.get("memo_nation") not in (None, "NL"):
        yield {**case, "memo_nation": "NL"}


def minimize(case: dict[str, Any], key: str, budget_s: float = 60.0, timeout: float | None = None,
             warnings_as_errors: bool = True) -> dict[str, Any]:
    """Greedy shrinking: keep any simpler case that still fails with the same key (the case's own
    `html` flag says whether the HTML report is rendered)."""
    deadline = time.monotonic() + budget_s

    def fails_same(c: dict[str, Any]) -> bool:
        found: list[BaseException] = []
        execute(c, timeout=timeout, warnings_as_errors=warnings_as_errors, failures=found)
        return any(classify(exc) == key for exc in found)

    current = case
    improved = True
    while improved and time.monotonic() < deadline:
        improved = False
        for cand in _candidates(current):
            if time.monotonic() >= deadline:
                break
            if fails_same(cand):
                current, improved = cand, True
                break
    return current


# ------------------------------------------------------------------------------------------
# the long run: scripts/fuzz


class _Done(Exception):
    """Raised inside the @given body when the time or case budget is spent: ends the Hypothesis run."""


def _record_failure(stats: dict[str, Any], exc: BaseException, case: dict[str, Any]) -> None:
    key = classify(exc)
    entry = stats["failures"].get(key)
    size = len(to_json(case))
    if entry is None:
        entry = stats["failures"][key] = {"count": 0, "size": None}
    entry["count"] += 1
    if entry["size"] is None or size < entry["size"]:  # keep the smallest case seen
        entry.update(size=size, case=case, stage=getattr(exc, "fuzz_stage", "?"),
                     message=f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300],
                     raised_at=innermost(exc), frames=package_frames(exc))


def explore(worker: int, seed: int, max_cases: int | None, stop_at: float, runs: tuple[int, ...],
            html_every: int, timeout: float | None, warnings_as_errors: bool, max_memory_gb: float,
            progress_every: float = 60.0) -> dict[str, Any]:
    """Draw cases through a Hypothesis @given run (generate phase only, no stop at a failure) until
    `stop_at` (time.time()) or `max_cases`; every exception is collected, not raised."""
    import sys

    from hypothesis import HealthCheck, Phase, Verbosity, given, settings
    from hypothesis import seed as hseed

    if max_memory_gb:
        import resource

        limit = int(max_memory_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    stats: dict[str, Any] = {"cases": 0, "ok": 0, "input_error": 0, "render_input_error": 0, "failed": 0,
                             "html": 0, "failures": {}, "render_input_errors": {}}
    last = [time.time()]

    @hseed(seed)
    @settings(max_examples=max_cases or 10**9, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), verbosity=Verbosity.quiet, derandomize=False)
    @given(cases(runs=runs, html_every=1))
    def body(case: dict[str, Any]) -> None:
        if time.time() >= stop_at or (max_cases is not None and stats["cases"] >= max_cases):
            raise _Done
        html = html_every > 0 and stats["cases"] % html_every == 0
        stats["cases"] += 1
        stats["html"] += html
        case = {**case, "html": html}
        found: list[BaseException] = []
        outcome = execute(case, timeout=timeout, warnings_as_errors=warnings_as_errors, failures=found)
        stats[outcome] += 1
        for exc in found:
            _record_failure(stats, exc, case)
        if outcome == "render_input_error":
            msg = execute.last_render_input_error  # type: ignore[attr-defined]
            entry = stats["render_input_errors"].setdefault(msg.split(":")[0], {"count": 0, "case": case,
                                                                               "message": msg})
            entry["count"] += 1
        if time.time() - last[0] >= progress_every:
            last[0] = time.time()
            print(f"[worker {worker}] {stats['cases']} cases, {stats['ok']} fully rendered, "
                  f"{stats['input_error']} InputError, {stats['failed']} failing, "
                  f"{len(stats['failures'])} distinct failures", file=sys.stderr, flush=True)

    try:
        body()
    except _Done:
        pass
    return stats


def _merge(parts: list[dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {"failures": {}, "render_input_errors": {}}
    for part in parts:
        for k in ("cases", "ok", "input_error", "render_input_error", "failed", "html"):
            total[k] = total.get(k, 0) + part[k]
        for key, entry in part["failures"].items():
            have = total["failures"].get(key)
            if have is None:
                total["failures"][key] = dict(entry)
            else:
                count = have["count"] + entry["count"]
                if entry["size"] < have["size"]:
                    total["failures"][key] = dict(entry)
                total["failures"][key]["count"] = count
        for key, entry in part["render_input_errors"].items():
            have = total["render_input_errors"].setdefault(key, dict(entry, count=0))
            have["count"] += entry["count"]
    return total


def _minimize_task(args: tuple) -> tuple[str, dict[str, Any]]:
    key, case, budget, timeout, warnings_as_errors, max_memory_gb = args
    if max_memory_gb:
        import resource

        limit = int(max_memory_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return key, minimize(case, key, budget_s=budget, timeout=timeout, warnings_as_errors=warnings_as_errors)


def main(argv: list[str] | None = None) -> int:
    import argparse
    import os
    import sys
    from concurrent.futures import ProcessPoolExecutor

    ap = argparse.ArgumentParser(prog="scripts/fuzz", description=(
        "Fuzz plan() and every renderer with Hypothesis-drawn scenarios; report failures grouped by "
        "exception type and location, each with a small reproducing scenario. Only InputError is allowed."))
    ap.add_argument("--minutes", type=float, help="run this long (default 5 when --cases is not given)")
    ap.add_argument("--cases", type=int, help="run this many cases (with --minutes: whichever ends first)")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--seed", type=int, help="Hypothesis seed of worker 0 (worker i uses seed+i); default: random")
    ap.add_argument("--runs", default="1,2,3,10",
                    help="incident-simulation runs drawn per case (default 1,2,3,10: small for speed; "
                         "the CI test draws from 1,2,3,10,100,500)")
    ap.add_argument("--html-every", type=int, default=20, help="render the HTML report for 1 case in N (default 20)")
    ap.add_argument("--no-html", action="store_true", help="never render the HTML report (fastest)")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds one case may take (default 120)")
    ap.add_argument("--shrink-seconds", type=float, default=60.0,
                    help="time to shrink each distinct failure (default 60; 0 keeps the smallest case seen)")
    ap.add_argument("--warnings", choices=("error", "default"), default="error",
                    help="treat warnings as errors, as the test suite does (default), or not")
    ap.add_argument("--max-memory-gb", type=float, default=6.0,
                    help="address-space limit per worker, so a runaway case raises MemoryError (0: none)")
    ap.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    args = ap.parse_args(argv)

    minutes = args.minutes if args.minutes is not None else (None if args.cases else 5.0)
    stop_at = time.time() + minutes * 60 if minutes else float("inf")
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(4), "little")
    runs = tuple(int(r) for r in args.runs.split(","))
    html_every = 0 if args.no_html else max(1, args.html_every)
    jobs = max(1, args.jobs)
    warn_err = args.warnings == "error"
    per_job = None if args.cases is None else [args.cases // jobs + (i < args.cases % jobs) for i in range(jobs)]
    started = time.time()
    html_note = "never (--no-html)" if not html_every else f"for 1 case in {html_every}"
    print(f"fuzzing peaceforce from {PKG_DIR}: seed {seed}, {jobs} job(s), incident runs {args.runs}, "
          f"HTML report {html_note}, "
          + (f"{minutes:g} minutes" if minutes else "") + (" or " if minutes and args.cases else "")
          + (f"{args.cases} cases" if args.cases else ""), file=sys.stderr, flush=True)

    job_args = [(i, seed + i, per_job[i] if per_job else None, stop_at, runs, html_every, args.timeout, warn_err,
                 args.max_memory_gb) for i in range(jobs)]
    if jobs == 1:
        parts = [explore(*job_args[0])]
    else:
        with ProcessPoolExecutor(jobs) as pool:
            parts = list(pool.map(explore, *zip(*job_args)))
    total = _merge(parts)
    elapsed = time.time() - started

    failures = total["failures"]
    if failures and args.shrink_seconds > 0:
        print(f"shrinking {len(failures)} distinct failure(s), up to {args.shrink_seconds:g} s each...",
              file=sys.stderr, flush=True)
        tasks = [(key, entry["case"], args.shrink_seconds, args.timeout, warn_err, args.max_memory_gb)
                 for key, entry in failures.items()]
        if jobs == 1:
            shrunk = [_minimize_task(t) for t in tasks]
        else:
            with ProcessPoolExecutor(jobs) as pool:
                shrunk = list(pool.map(_minimize_task, tasks))
        for key, case in shrunk:
            failures[key]["case"] = case

    n = total["cases"]
    valid = n - total["input_error"]
    print()
    print(f"peaceforce fuzz: {n} cases in {elapsed / 60:.1f} min (seed {seed}, {jobs} job(s), "
          f"incident runs drawn from {args.runs})")
    print(f"  HTML report rendered {html_note}: {total['html']} cases"
          + ("" if not html_every else " (--no-html to skip it, --html-every N to change)"))
    print(f"  valid plans (plan() accepted the input): {valid}")
    print(f"    every output rendered without error:   {total['ok']}")
    print(f"    renderer raised InputError:            {total['render_input_error']}")
    print(f"  rejected with InputError:                {total['input_error']}")
    print(f"  cases with an unexpected exception:      {total['failed']}")
    print(f"  distinct failures (type: location):      {len(failures)}")
    for i, (key, entry) in enumerate(sorted(failures.items(), key=lambda kv: -kv[1]["count"]), 1):
        case = entry["case"]
        print(f"\n[{i}] {key}   ({entry['count']} occurrences; stage: {entry['stage']})")
        print(f"    {entry['message']}")
        print(f"    raised at {entry['raised_at']}")
        for fr in entry["frames"]:
            print(f"      {fr}")
        print(f"    minimal case: runs={case.get('runs')}, html={case.get('html')}, "
              f"memo_nation={case.get('memo_nation')}")
        print(f"    scenario: {to_json(case['scenario'])}")
    for key, entry in total["render_input_errors"].items():
        print(f"\nrenderer InputError on an accepted plan ({entry['count']}x): {entry['message'][:300]}")
        print(f"    case: {to_json(entry['case'])}")
    if args.json:
        Path(args.json).write_text(json.dumps({"seed": seed, "minutes": elapsed / 60, **total}, indent=2,
                                              default=repr), encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
