"""A worker process: runs one job at a time (a plan, a report, a memo, a mandate check with a scenario)
and sends back the text to return, so the server process never does the CPU-bound work.

Started by pool.py as `python -m peaceforce.api.worker FD` with one end of a socket pair; messages are
pickled tuples over it (multiprocessing.connection framing). A job is (kind, args) with plain data in
args (the scenario as a dict: the worker validates it again, as plan() does with any dict); the answer
is ("ok", text), ("input", field, value, allowed, message) for an InputError, or ("error", summary).
The worker ignores Ctrl-C (the server stops it) and ends when the server closes its end.
"""

from __future__ import annotations

import json
import signal
import sys
import traceback
from multiprocessing.connection import Connection
from typing import Any

from ..errors import InputError, clip, shown


def _plan(args: dict[str, Any]):
    from ..plan import plan

    p = plan(args["scenario"], runs=args["runs"])
    if args.get("risk"):
        p.compute_risk()
    if args.get("what_if"):
        p.compute_what_if(runs=args["runs"])
    return p


def plan_json(args: dict[str, Any]) -> str:
    """plan.json's document as compact JSON (the API's answer); a non-finite figure goes through
    Plan.to_json, the one owner of that check, which raises the InputError naming its field."""
    p = _plan(args)
    try:
        return json.dumps(p.to_dict(), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except ValueError:
        return p.to_json()


def report_html(args: dict[str, Any]) -> str:
    from ..report import render_html

    return render_html(_plan(args))


def memo_text(args: dict[str, Any]) -> str:
    from ..report import render_memo

    return render_memo(_plan(args), args["nation"], args.get("lang"), args["fmt"], date=args.get("date"))


def mandate_json(args: dict[str, Any]) -> str:
    """The mandate check; with a scenario, caveats are checked against who holds what in its plan (as
    `peaceforce mandate check FILE --scenario S`: one simulation run, the allocation is what counts)."""
    from ..mandate import check, parse_mandate

    mandate = parse_mandate(args["mandate"])
    holdings = None
    if args.get("scenario") is not None:
        from ..plan import plan

        holdings = plan(args["scenario"], runs=1).allocation.holdings()
    return check(mandate, holdings).model_dump_json()


def view_json(args: dict[str, Any]) -> str:
    """What the interactive page shows of the plan (report.view.View)."""
    from ..report.view import view

    return view(_plan(args)).model_dump_json()


JOBS = {"plan": plan_json, "view": view_json, "report": report_html, "memo": memo_text, "mandate": mandate_json}


def run(kind: str, args: dict[str, Any]) -> tuple:
    """One job's answer message; never raises."""
    try:
        return ("ok", JOBS[kind](args))
    except InputError as err:
        return ("input", str(err.field), shown(err.value), str(err.allowed), str(err))
    except Exception as exc:  # noqa: BLE001 - the server answers 500 and the traceback goes to the log
        traceback.print_exc(file=sys.stderr)
        return ("error", clip(f"{type(exc).__name__}: {exc}", 200))


def warm() -> None:
    """Import everything and fill the per-process caches (built-in tables, formations, factors) with one
    small plan, so the first request is as fast as the rest."""
    from .. import report  # noqa: F401  (the templates and the chart renderer)
    from .builtins import builtin_scenario, scenario_names

    names = scenario_names()
    if names:
        default = "ukraine-reassure" if "ukraine-reassure" in names else names[0]
        plan_json({"scenario": builtin_scenario(default).model_dump(mode="json"), "runs": 10})


def main(fd: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    conn = Connection(fd)
    try:
        warm()
        conn.send(("ready",))
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                return
            if message is None:
                return
            conn.send(run(*message))
    except (BrokenPipeError, ConnectionResetError):
        return
    finally:
        conn.close()


if __name__ == "__main__":
    main(int(sys.argv[1]))
