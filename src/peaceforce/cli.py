"""The `peaceforce` command. Bad input exits 2 with one clear line, never a traceback.

Every way in (a console script, `python -m peaceforce`, a test's CliRunner) goes through the root
group's `main`, so a bad flag, a missing argument and an InputError all read the same:
`error: where: field: got VALUE; allowed: ...`, exit 2, instead of Click's usage box.
"""

from __future__ import annotations

import json
import math
import re
from enum import Enum
import sys
from pathlib import Path
from typing import Any, Optional, Sequence

import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperGroup

try:  # recent typer ships its own copy of click
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - typer with click as a dependency
    from click import exceptions as click_errors

from .errors import MISSING, InputError, clip
from .sweep.cli import sweep_app

# piped output (CI logs, `| less`) gets a readable width instead of rich's 80-column fallback
out = Console(width=None if sys.stdout.isatty() else 120)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 120)

RUNS_MIN, RUNS_MAX = 1, 1_000_000


def say_error(message: str) -> None:
    """The one error line (plain text: a value like [fr] must not be read as rich markup)."""
    err.print(Text("error: ", style="bold red") + Text(clip(message, 193)), soft_wrap=True, highlight=False)


def _flag(param: Any) -> str:
    opts = [o for o in (getattr(param, "opts", None) or []) if o.startswith("-")]
    return max(opts, key=len) if opts else str(getattr(param, "name", "argument")).upper()


def _given(flag: str, args: Sequence[str]) -> list[str]:
    """The values the command line gave for `flag` (`--runs 0` or `--runs=0`)."""
    found = []
    for i, tok in enumerate(args):
        if tok == flag and i + 1 < len(args):
            found.append(args[i + 1])
        elif tok.startswith(flag + "="):
            found.append(tok.split("=", 1)[1])
    return found


def _bad_value(exc: Exception, flag: str, args: Sequence[str]) -> object:
    errors = getattr(exc.__cause__, "errors", None)  # typer validates with pydantic: it knows the input
    if callable(errors):
        try:
            return errors()[0]["input"]
        except (LookupError, TypeError):
            pass
    given = _given(flag, args)
    return given[-1] if given else MISSING


def _from_usage(exc: Exception, args: Sequence[str]) -> InputError:
    """A Click usage error as an InputError naming the command, the flag, the value and what is allowed."""
    ctx = getattr(exc, "ctx", None)
    where = ctx.command_path if ctx is not None else "peaceforce"
    message = str(getattr(exc, "message", "") or exc).rstrip(".")
    if isinstance(exc, click_errors.NoSuchOption):
        flags = sorted({o for p in (ctx.command.params if ctx else []) for o in getattr(p, "opts", []) if o.startswith("-")})
        return InputError("option", exc.option_name, "one of " + ", ".join([*flags, "--help"]), where)
    param = getattr(exc, "param", None)
    if param is not None:
        flag = _flag(param)
        if isinstance(exc, click_errors.MissingParameter):
            help_text = getattr(param, "help", None)
            return InputError(flag, MISSING, f"a value (required): {help_text}" if help_text else "a value (required)", where)
        return InputError(flag, _bad_value(exc, flag, args), ALLOWED.get(flag, message), where)
    if ctx is not None and hasattr(ctx.command, "commands"):  # a group: the command name is wrong
        depth, parent = 0, ctx.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        words = [a for a in args if not a.startswith("-")]
        name = words[depth] if len(words) > depth else MISSING
        return InputError("command", name, "one of " + ", ".join(ctx.command.commands), where)
    extra = re.match(r"Got unexpected extra arguments? ?(?:\(s\))? \((.*)\)$", message)
    if extra:
        return InputError("arguments", extra.group(1), f"no more arguments (see '{where} --help')", where)
    return InputError("arguments", message, f"what '{where} --help' lists", where)


class Root(TyperGroup):
    """The root command: turns every usage error and InputError into the one-line answer."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        args = list(sys.argv[1:] if args is None else args)
        try:
            code = super().main(args=args, prog_name=prog_name, complete_var=complete_var,
                                standalone_mode=False, **extra)
            code = code if isinstance(code, int) else 0
        except click_errors.NoArgsIsHelpError as exc:  # bare `peaceforce`: the help is the answer
            exc.show()
            code = exc.exit_code
        except click_errors.UsageError as exc:
            say_error(str(_from_usage(exc, args)))
            code = 2
        except InputError as exc:
            say_error(str(exc))
            code = 2
        except click_errors.ClickException as exc:
            say_error(exc.format_message())
            code = exc.exit_code
        except typer.Abort:
            say_error("aborted")
            code = 1
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(cls=Root, add_completion=False, no_args_is_help=True,
                  help="Plan a multinational peace force: size it, source it, check its conditions.")


class Format(str, Enum):
    html = "html"
    md = "md"
    json = "json"
    pdf = "pdf"


#: the file each format writes into --out
OUT_NAMES = {"json": "plan.json", "html": "report.html", "md": "report.md", "pdf": "report.pdf"}


class Option(str, Enum):
    light = "light"
    medium = "medium"
    heavy = "heavy"


class Lang(str, Enum):
    en = "en"
    nl = "nl"
    de = "de"
    fr = "fr"


#: what a flag Typer rejects allows, in the words of the error line
ALLOWED = {
    "--runs": f"a whole number from {RUNS_MIN} to {RUNS_MAX:,}",
    "--format": "one of " + ", ".join(f.value for f in Format) + " (repeatable)",
    "--lang": "one of " + ", ".join(lang.value for lang in Lang),
    "--port": "a port number from 0 to 65535 (0: any free port)",
}


@app.command("plan")
def plan_cmd(
    scenario: Path = typer.Argument(..., help="scenario YAML file (see examples/)"),
    out_text: Optional[str] = typer.Option(None, "--out", help="directory to write plan.json into"),
    as_json: bool = typer.Option(False, "--json", help="print plan.json to stdout instead of the summary"),
    nations: Optional[Path] = typer.Option(None, "--nations", help="CSV of your own nation figures (code column; replaces or adds rows and columns)"),
    runs: int = typer.Option(2000, "--runs", min=RUNS_MIN, max=RUNS_MAX, help="incident simulation runs"),
    formats: list[Format] = typer.Option(None, "--format", help="what to write into DIR: html, md, json, pdf (repeatable; default: html, md, json; pdf needs a headless Chromium)"),
    option: Optional[Option] = typer.Option(None, "--option", help="force option: light, medium or heavy (default: the scenario's)"),
) -> None:
    """Plan the force for SCENARIO: size, source, sustain, check; print a summary and write DIR/plan.json and the report."""
    from .plan import plan, write_outputs
    from .summary import render

    # a string, not a Path: Path("") is ".", and an empty --out must not write into the current directory
    if out_text is not None and not out_text.strip():
        raise InputError("--out", out_text, "a directory name", "peaceforce plan")
    out_dir = Path(out_text) if out_text is not None else None
    if formats and out_dir is None:
        raise InputError("--format", ", ".join(f.value for f in formats), "only with --out DIR (--format needs --out)",
                         "peaceforce plan")
    chosen = ({f.value for f in formats} if formats else {"html", "md", "json"}) if out_dir is not None else set()
    if out_dir is not None:  # the place to write, checked before the planning
        from .outputs import check_out

        check_out(out_dir, [OUT_NAMES[c] for c in sorted(chosen)])
    if "pdf" in chosen:  # say so before minutes of planning, not after
        from .report.pdf import require_chromium

        require_chromium()
    if chosen & {"html", "pdf"}:
        from .report.vega import warm_up

        warm_up()  # the chart renderer's process starts while the plan is computed
    p = plan(scenario, nations_csv=nations, runs=runs, option=option.value if option else None)
    p.compute_risk()
    drawn = None
    if chosen & {"html", "pdf"}:  # every chart's input is known now: they render while what-if re-plans
        from .report.charts import render_soon

        drawn = render_soon(p)
    p.compute_what_if(nations_csv=nations, runs=runs)
    text = p.to_json()
    if out_dir is not None:
        files: dict[str, str | bytes] = {}
        if "json" in chosen:
            files[OUT_NAMES["json"]] = text
        if chosen & {"html", "md", "pdf"}:
            from .report import render_html, render_markdown

            html = render_html(p, drawn() if drawn else None) if chosen & {"html", "pdf"} else ""
            if "html" in chosen:
                files[OUT_NAMES["html"]] = html
            if "md" in chosen:
                files[OUT_NAMES["md"]] = render_markdown(p)
            if "pdf" in chosen:
                from .report.pdf import html_to_pdf

                files[OUT_NAMES["pdf"]] = html_to_pdf(html)
        written = write_outputs(out_dir, files)
    if as_json:
        sys.stdout.write(text + "\n")
        return
    render(p, out)
    if out_dir is not None:
        out.print("wrote " + ", ".join(str(w) for w in written))


@app.command("validate")
def validate_cmd(
    missions: Optional[Path] = typer.Option(None, "--missions", help="CSV of past missions (name,role,threat,line_km,population,host_army,troops) or of past tasks (name,task,basis,count,troops): docs/validation.md"),
    published: bool = typer.Option(False, "--published", help="also compare with published Ukraine estimates"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Backtest the sizing: past missions out of sample, past tasks by the task rules, published estimates.

    Exit 0 when every set meets its targets, 1 when one misses (the misses are listed), 2 on bad input."""
    from . import catalog
    from .validate import PUBLISHED_TARGETS, TARGETS, missed, validate_missions, validate_published, validate_tasks

    frame = catalog.read_csv(missions, "--missions") if missions else None
    if frame is not None and "task" in frame.columns:  # a file of past tasks (docs/validation.md)
        tasks = validate_tasks(frame)
        result = {"missions": [], "summary": {"method": "no missions file", "n": 0}, "tasks": tasks}
    else:
        result = validate_missions(frame)
        if frame is None:
            result["tasks"] = validate_tasks()
    if published:
        result["published"] = validate_published()
    misses = []
    if result["missions"]:
        misses += [f"missions: {m}" for m in missed(result["summary"], TARGETS)]
    if "tasks" in result:
        misses += [f"tasks: {m}" for m in missed(result["tasks"]["summary"], TARGETS)]
    if published:
        misses += [f"published: {m}" for m in missed(result["published"]["summary"], PUBLISHED_TARGETS)]
    result["missed_targets"] = misses
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2, default=str) + "\n")
        raise typer.Exit(1 if misses else 0)
    if result["missions"]:
        _validation_table(f"Missions ({result['summary']['method']})", result["missions"], result["summary"])
    if "tasks" in result:
        _validation_table("Past tasks by the task rules", result["tasks"]["tasks"], result["tasks"]["summary"])
    if published:
        pub = result["published"]
        _validation_table("Published Ukraine estimates (geometric middle) against the plan for their role and option",
                          pub["estimates"], pub["summary"], published=True)
    if misses:
        out.print("[red]targets missed:[/] " + "; ".join(misses))
    raise typer.Exit(1 if misses else 0)


def _validation_table(title: str, rows: list[dict], summary: dict, published: bool = False) -> None:
    from rich.table import Table

    t = Table(title=title)
    for col in ("case", "role", "low", "central", "high", "actual", "|ln err|", "inside"):
        t.add_column(col, justify="left" if col in ("case", "role") else "right")
    for m in rows:
        pr = m["predicted"]
        # "\\[" keeps rich from reading the tag as markup
        name = f"{m['id']}" if published else m["name"] + (" \\[in sample]" if m.get("in_sample") else "")
        role = (f"{m['role']} {m['option']}" + (" (land)" if m.get("component") == "land" else "")) if published \
            else m["role"]
        err = abs(math.log(pr["central"] / m["actual"])) if pr["central"] > 0 else float("inf")
        t.add_row(name, role, f"{pr['low']:,}", f"{pr['central']:,}", f"{pr['high']:,}", f"{m['actual']:,.0f}",
                  f"{err:.2f}", "yes" if m["inside"] else "[red]no[/]")
    out.print(t)
    line = (f"median |ln error| {summary['median_abs_log_error']}  inside the 80% range {summary['inside_range_share']:.0%}"
            f"  median high/low {summary['median_high_over_low']}  mean interval score {summary['mean_interval_score']}"
            f"  (n = {summary['n']})")
    if published:
        line += (f"\nwithin a factor of 2 of the central {summary['within_factor_2_share']:.0%} (target >= 60%);  "
                 f"median published / central {summary['median_published_over_central']:g} (target 0.67-1.5)")
    else:
        line += "\ntargets: median |ln error| <= 0.5; inside 70-90%; median high/low <= 4"
    out.print(line)
    for sk in summary.get("skipped", []):
        out.print(f"[yellow]skipped[/] {sk['name']}: {sk['reason']}")


@app.command("memo")
def memo_cmd(
    scenario: Path = typer.Argument(..., help="scenario YAML file"),
    nation: str = typer.Option(..., "--nation", help="ISO alpha-2 code of the nation the memo is for, e.g. NL"),
    lang: Optional[Lang] = typer.Option(None, "--lang", help="nl, de, fr or en; default: the language of the "
                                        "nation's decision frame (nl for NL, de for DE, fr for FR, en otherwise); "
                                        "en gives any nation's memo in English"),
    out_file: Path = typer.Option(..., "--out", help="FILE.md or FILE.html"),
    nations: Optional[Path] = typer.Option(None, "--nations", help="CSV of your own nation figures"),
    date: Optional[str] = typer.Option(None, "--date", help="the memo's date, YYYY-MM-DD (default: today)"),
) -> None:
    """A decision memo for one nation in its own decision frame and language (NL: Article 100 letter; DE:
    Bundestag motion; GB: Commons statement and motion; FR: Article 35 information; a general memo
    otherwise)."""
    from .plan import plan, write_outputs
    from .report import render_memo

    from .report.memo_frames import memo_languages

    suffix = out_file.suffix.lower()
    if suffix not in (".md", ".html"):
        raise InputError("--out", str(out_file), "a file name ending in .md or .html")
    if lang is not None and lang.value not in memo_languages(nation.upper()):
        raise InputError("--lang", lang.value, f"for {nation.upper()}: " + " or ".join(memo_languages(nation.upper())))
    p = plan(scenario, nations_csv=nations).compute_risk().compute_what_if(nations_csv=nations)
    text = render_memo(p, nation.upper(), lang.value if lang else None, suffix[1:], date=date)
    written = write_outputs(out_file.parent, {out_file.name: text})
    out.print("wrote " + ", ".join(str(w) for w in written))


mandate_app = typer.Typer(add_completion=False, no_args_is_help=True, help="Check a mandate's rules of engagement.")
app.add_typer(mandate_app, name="mandate")
app.add_typer(sweep_app, name="sweep")  # sweep/cli.py: run (the default), rerun, analyze


@mandate_app.command("check")
def mandate_check_cmd(
    file: Path = typer.Argument(..., help="mandate YAML file, or a built-in name (robust, minimal, vague)"),
    scenario: Optional[Path] = typer.Option(None, "--scenario", help="check national caveats against who holds which sector in this scenario's plan"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Exit 0 when the mandate is clear, 1 when it has problems, 2 when the file is invalid."""
    from .mandate import check, load_mandate

    # an InputError (the mandate or the scenario) reaches the root: exit 2, never 1 ("findings")
    mandate = load_mandate(str(file))
    holdings = None
    if scenario is not None:
        from .plan import plan

        holdings = plan(scenario, runs=1).allocation.holdings()
    result = check(mandate, holdings)
    if as_json:
        sys.stdout.write(json.dumps(result.model_dump(mode="json"), indent=2) + "\n")
    else:
        from .report.wording import finding

        verdict = "[green]clear[/]" if result.clear else "[red]not clear[/]"
        out.print(f"mandate {mandate.name}: {verdict}, clarity score {result.score:.2f}")
        for f in result.findings:
            out.print(f"  - [bold]{f.kind.value}[/] {f.incident.value if f.incident else ''}: {finding(f)}".replace(" :", ":"))
    raise typer.Exit(0 if result.clear else 1)


@app.command("serve")
def serve_cmd(
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on (only this machine unless told)"),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="port to listen on (0: any free port)"),
) -> None:
    """Serve the web API over HTTP (on 127.0.0.1 unless --host says otherwise); prints the address. Settings such as
    workers and the time limit come from PEACEFORCE_API_* variables (see README)."""
    from .api.serve import serve

    if not serve(host, port, lambda line: out.print(line, highlight=False, markup=False, soft_wrap=True)):
        raise typer.Exit(1)


def main() -> None:
    """The console script (and `python -m peaceforce`)."""
    app(prog_name="peaceforce")
