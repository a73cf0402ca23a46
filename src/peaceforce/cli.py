"""The `peaceforce` command. Bad input exits 2 with one clear line, never a traceback."""

from __future__ import annotations

import functools
import json
from enum import Enum
import sys
from pathlib import Path
from typing import Callable, Optional

import typer
from rich.console import Console

from .errors import InputError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Plan a multinational peace force: size it, source it, check its conditions.")
# piped output (CI logs, `| less`) gets a readable width instead of rich's 80-column fallback
out = Console(width=None if sys.stdout.isatty() else 120)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 120)


def friendly(fn: Callable) -> Callable:
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
    return wrapper


class Format(str, Enum):
    html = "html"
    md = "md"
    json = "json"


class Lang(str, Enum):
    en = "en"
    nl = "nl"


@app.command("plan")
@friendly
def plan_cmd(
    scenario: Path = typer.Argument(..., help="scenario YAML file (see examples/)"),
    out_dir: Optional[Path] = typer.Option(None, "--out", help="directory to write plan.json into"),
    as_json: bool = typer.Option(False, "--json", help="print plan.json to stdout instead of the summary"),
    nations: Optional[Path] = typer.Option(None, "--nations", help="CSV of your own nation figures (code column; replaces or adds rows and columns)"),
    runs: int = typer.Option(2000, "--runs", min=1, max=1_000_000, help="incident simulation runs"),
    formats: list[Format] = typer.Option(None, "--format", help="what to write into DIR: html, md, json (repeatable; default: all)"),
) -> None:
    """Plan the force for SCENARIO: size, source, sustain, check; print a summary and write DIR/plan.json and the report."""
    from .plan import plan, write_outputs
    from .summary import render

    p = plan(scenario, nations_csv=nations, runs=runs)
    text = p.to_json()
    if out_dir is not None:
        chosen = {f.value for f in formats} if formats else {"html", "md", "json"}
        files: dict[str, str] = {}
        if "json" in chosen:
            files["plan.json"] = text
        if chosen & {"html", "md"}:
            from .report import render_html, render_markdown

            if "html" in chosen:
                files["report.html"] = render_html(p)
            if "md" in chosen:
                files["report.md"] = render_markdown(p)
        written = write_outputs(out_dir, files)
    if as_json:
        sys.stdout.write(text + "\n")
        return
    render(p, out)
    if out_dir is not None:
        out.print("wrote " + ", ".join(str(w) for w in written))


@app.command("validate")
@friendly
def validate_cmd(
    missions: Optional[Path] = typer.Option(None, "--missions", help="CSV: name,role,threat,line_km,area_km2,population,host_army,troops"),
    published: bool = typer.Option(False, "--published", help="also compare with published Ukraine estimates"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Backtest the sizing model on historical missions (and published estimates)."""
    from . import catalog
    from .validate import validate_missions, validate_published

    frame = catalog.read_csv(missions, "--missions") if missions else None
    result = validate_missions(frame)
    if published:
        result["published"] = validate_published()
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2, default=str) + "\n")
        return
    from rich.table import Table

    t = Table(title=f"Missions ({result['summary']['method']})")
    for col in ("mission", "role", "threat", "low", "central", "high", "actual", "|log err|", "inside"):
        t.add_column(col, justify="right" if col not in ("mission", "role", "threat") else "left")
    for m in result["missions"]:
        pr = m["predicted"]
        t.add_row(m["name"], m["role"], m["threat"], f"{pr['low']:,}", f"{pr['central']:,}", f"{pr['high']:,}",
                  f"{m['actual']:,}", f"{m['abs_log_error']:.2f}", "yes" if m["inside"] else "[red]no[/]")
    out.print(t)
    s = result["summary"]
    out.print(f"median |log error| {s['median_abs_log_error']}  inside range {s['inside_range_share']:.0%} of {s['sized']}")
    for sk in s["skipped"]:
        out.print(f"[yellow]skipped[/] {sk['name']}: {sk['reason']}")
    if published:
        pub = result["published"]
        t = Table(title="Published Ukraine estimates vs model (coalition deployed)")
        for col in ("estimate", "role", "US", "published", "model low", "central", "high", "inside"):
            t.add_column(col)
        for e in pub["estimates"]:
            pr = e["predicted"]
            t.add_row(str(e["id"]), e["role"], e["us_backstop"],
                      f"{e['published']['low']:,.0f}-{e['published']['high']:,.0f}",
                      f"{pr['low']:,}", f"{pr['central']:,}", f"{pr['high']:,}", "yes" if e["inside"] else "[red]no[/]")
        out.print(t)
        ps = pub["summary"]
        out.print(f"inside {ps['inside_share']:.0%}, overlapping {ps['overlap_share']:.0%} ({ps['rule']}); "
                  f"within a factor of 2 of the central estimate {ps['within_factor_2_share']:.0%}; "
                  f"median published / central {ps['median_published_over_central']:g}")


@app.command("memo")
@friendly
def memo_cmd(
    scenario: Path = typer.Argument(..., help="scenario YAML file"),
    nation: str = typer.Option(..., "--nation", help="ISO alpha-2 code of the nation the memo is for, e.g. NL"),
    lang: Lang = typer.Option(Lang.en, "--lang", help="en or nl"),
    out_file: Path = typer.Option(..., "--out", help="FILE.md or FILE.html"),
    nations: Optional[Path] = typer.Option(None, "--nations", help="CSV of your own nation figures"),
) -> None:
    """A decision memo for one nation, in the structure of the Dutch assessment framework (Article 100 letter)."""
    from .plan import plan, write_outputs
    from .report import render_memo

    suffix = out_file.suffix.lower()
    if suffix not in (".md", ".html"):
        raise InputError("--out", str(out_file), "a file name ending in .md or .html")
    p = plan(scenario, nations_csv=nations)
    text = render_memo(p, nation.upper(), lang.value, suffix[1:])
    written = write_outputs(out_file.parent, {out_file.name: text})
    out.print("wrote " + ", ".join(str(w) for w in written))


mandate_app = typer.Typer(add_completion=False, no_args_is_help=True, help="Check a mandate's rules of engagement.")
app.add_typer(mandate_app, name="mandate")


@mandate_app.command("check")
def mandate_check_cmd(
    file: Path = typer.Argument(..., help="mandate YAML file, or a built-in name (robust, minimal, vague)"),
    scenario: Optional[Path] = typer.Option(None, "--scenario", help="check national caveats against who holds which sector in this scenario's plan"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Exit 0 when the mandate is clear, 1 when it has problems, 2 when the file is invalid."""
    from .mandate import check, load_mandate

    try:
        mandate = load_mandate(str(file))
        holdings = None
        if scenario is not None:
            from .plan import plan

            p = plan(scenario, runs=1)
            holdings = p.allocation.holdings()
        result = check(mandate, holdings)
    except InputError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    if as_json:
        sys.stdout.write(json.dumps(result.model_dump(mode="json"), indent=2) + "\n")
    else:
        from .report.wording import finding

        verdict = "[green]clear[/]" if result.clear else "[red]not clear[/]"
        out.print(f"mandate {mandate.name}: {verdict}, clarity score {result.score:.2f}")
        for f in result.findings:
            out.print(f"  - [bold]{f.kind.value}[/] {f.incident.value if f.incident else ''}: {finding(f)}".replace(" :", ":"))
    raise typer.Exit(0 if result.clear else 1)


def main() -> None:  # pragma: no cover
    app()
