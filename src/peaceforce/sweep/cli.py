"""`peaceforce sweep`: run a sweep (the default command), `sweep rerun` one sample, `sweep analyze` a store.

`peaceforce sweep SCENARIO ...` is `peaceforce sweep run SCENARIO ...`: the group reads a first word
that is not one of its commands as the scenario. Errors reach the root command (cli.Root), which
answers each with one line and exit 2. Only typer and rich are imported here: DuckDB, SALib and Dask
load when a command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from typer.core import TyperCommand, TyperGroup

try:  # recent typer ships its own copy of click
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - typer with click as a dependency
    from click import exceptions as click_errors

out = Console(width=None if sys.stdout.isatty() else 120)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 120)

MAX_SAMPLES = 100_000_000
MAX_SEED = 2**63 - 1
MAX_WORKERS = 4096
MAX_RUNS = 1_000_000
MAX_SECONDS = 3600
MAX_BATCH = 10_000

#: what each numeric flag allows, in the words of the project's error line (Typer says it in pydantic's)
ALLOWED = {
    "--samples": f"a whole number from 1 to {MAX_SAMPLES:,}",
    "--seed": "a whole number from 0 to 2^63 - 1",
    "--workers": f"a whole number from 1 to {MAX_WORKERS:,}",
    "--runs": f"a whole number from 1 to {MAX_RUNS:,}",
    "--time-limit": f"a number of seconds from 0.1 to {MAX_SECONDS:,}",
    "--batch": f"a whole number from 1 to {MAX_BATCH:,}",
    "SAMPLE_ID": "a whole number >= 0 (the store's id column)",
}


class SweepCommand(TyperCommand):
    """A sweep command whose rejected flags say what they allow as the rest of peaceforce does."""

    def parse_args(self, ctx, args):
        try:
            return super().parse_args(ctx, args)
        except click_errors.BadParameter as exc:
            param = exc.param
            names = [o for o in (getattr(param, "opts", None) or []) if o.startswith("-")] or \
                [str(getattr(param, "name", "")).upper()]
            said = next((ALLOWED[n] for n in names if n in ALLOWED), None)
            if said is not None:
                exc.message = said
            raise


class SweepGroup(TyperGroup):
    """A group whose first word, when not a command, is the scenario of `run`."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


sweep_app = typer.Typer(cls=SweepGroup, add_completion=False, no_args_is_help=True,
                        help="Sweep a scenario's uncertainties: thousands of plans, stored in DuckDB, analysed.")


@sweep_app.command("run", cls=SweepCommand)
def run_cmd(
    scenario: Path = typer.Argument(..., help="scenario YAML file with an uncertain: block (docs/sweeps.md)"),
    samples: int = typer.Option(..., "--samples", min=1, max=MAX_SAMPLES, help="plans in the design (sobol: rounded down to N x (D + 2), N a power of two)"),
    store_file: Path = typer.Option(..., "--store", help="DuckDB file; the same command on it again resumes"),
    sampler: str = typer.Option("lhs", "--sampler", help="lhs (Latin hypercube), mc or sobol"),
    seed: Optional[int] = typer.Option(None, "--seed", min=0, max=MAX_SEED, help="the design's seed (default: the scenario's)"),
    backend: str = typer.Option("local", "--backend", help="local (a process pool) or dask (pip install 'peaceforce[dask]')"),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, max=MAX_WORKERS, help="worker processes (default: the CPU count)"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="a Dask scheduler's address (default: a LocalCluster)"),
    runs: int = typer.Option(2000, "--runs", min=1, max=MAX_RUNS, help="incident simulation runs per plan"),
    time_limit: float = typer.Option(30.0, "--time-limit", min=0.1, max=MAX_SECONDS, help="the allocation solver's limit per plan, seconds (a plan's: 30)"),
    batch: int = typer.Option(1, "--batch", min=1, max=MAX_BATCH, help="samples per batch: one task, one transaction (raise it when plans take milliseconds)"),
) -> None:
    """Plan every sample of the design that the store does not hold yet; exit 1 when a sample failed."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from .run import sweep

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(), console=err,
                        transient=False)
    state: dict = {}

    def on_start(total: int, done: int) -> None:
        state["task"] = progress.add_task("planning", total=total, completed=done, rate="")
        state["done0"] = done
        progress.start()

    def on_batch(n: int) -> None:
        progress.advance(state["task"], n)
        task = progress.tasks[0]
        if task.elapsed:
            state["rate"] = f"{60 * (task.completed - state['done0']) / task.elapsed:,.0f} plans/min"
            progress.update(state["task"], rate=state["rate"])

    try:
        r = sweep(scenario, samples=samples, store_path=store_file, sampler=sampler, seed=seed,
                  backend=backend, workers=workers, scheduler=scheduler, runs=runs,
                  time_limit=time_limit, batch=batch,
                  on_start=on_start, on_batch=on_batch)
    finally:
        progress.stop()
    done = r.before + r.planned
    line = f"{done:,} of {r.total:,} samples in {r.store}"
    if r.planned:
        line += (f"; {r.planned:,} planned now in {r.seconds:,.1f} s ({r.per_minute:,.0f} plans a minute, "
                 f"{r.workers} {r.backend} workers)")
    else:
        line += "; nothing left to plan"
    out.print(line, highlight=False)
    if r.errors:
        out.print(f"{r.errors:,} samples failed to plan (their rows keep the error; 'peaceforce sweep rerun "
                  f"{r.store} ID' shows one). First: {r.first_error}", highlight=False)
        raise typer.Exit(1)


@sweep_app.command("rerun", cls=SweepCommand)
def rerun_cmd(
    store_file: Path = typer.Argument(..., help="the sweep's DuckDB file"),
    sample_id: int = typer.Argument(..., min=0, help="the sample's id (the store's id column)"),
    out_text: Optional[str] = typer.Option(None, "--out", help="directory for the sample's scenario.yaml and plan.json"),
    as_json: bool = typer.Option(False, "--json", help="print plan.json instead of the summary"),
) -> None:
    """Plan one sample again from the store alone and show its full plan; exit 1 when it differs from its row."""
    import yaml

    from ..errors import InputError
    from ..outputs import write_outputs
    from ..summary import render
    from .results import rerun

    if out_text is not None and not out_text.strip():
        raise InputError("--out", out_text, "a directory name", "peaceforce sweep rerun")
    r = rerun(store_file, sample_id)
    text = r.plan.to_json()
    if out_text is not None:
        sc = r.scenario.model_dump(mode="json")
        for fld in ("theatre", "mandate"):  # files given relative to the scenario: absolute in the copy
            if str(sc[fld]).endswith((".yaml", ".yml")):
                sc[fld] = str(r.scenario.resolve(sc[fld]).resolve())
        written = write_outputs(Path(out_text), {"scenario.yaml": yaml.safe_dump(sc, sort_keys=False, allow_unicode=True),
                                                 "plan.json": text})
    if as_json:
        sys.stdout.write(text + "\n")
    else:
        render(r.plan, out)
        if out_text is not None:
            out.print("wrote " + ", ".join(str(w) for w in written), highlight=False)
    say = err if as_json else out
    if r.stored is None:
        say.print(f"sample {sample_id} has no stored row yet (the sweep has not planned it)", highlight=False)
    elif r.stored.get("error"):
        say.print(f"sample {sample_id}'s row holds an error: {r.stored['error']}", highlight=False)
    elif r.differences:
        diff = "; ".join(f"{k}: stored {a}, now {b}" for k, a, b in r.differences[:6])
        say.print(f"sample {sample_id} differs from its stored row: {diff}", highlight=False)
        raise typer.Exit(1)
    else:
        say.print(f"sample {sample_id} gives its stored row again", highlight=False)


@sweep_app.command("analyze", cls=SweepCommand)
def analyze_cmd(
    store_file: Path = typer.Argument(..., help="the sweep's DuckDB file"),
    out_text: Optional[str] = typer.Option(None, "--out", help="directory for the page, tables and Parquet (default: FILE-analysis beside the store)"),
) -> None:
    """Which inputs drive each outcome (SALib), where the plan fails (PRIM), Parquet export, an HTML page."""
    from ..errors import InputError
    from .analysis import FAILURES
    from .page import drivers_sentence, limit_text, no_box_text  # the page's sentences, said plainly here too
    from .results import analyze

    if out_text is not None and not out_text.strip():
        raise InputError("--out", out_text, "a directory name", "peaceforce sweep analyze")
    a, written = analyze(store_file, Path(out_text) if out_text is not None else None)
    out.print(f"{a.planned:,} of {a.samples:,} samples analysed ({a.method})", highlight=False)
    if a.time_limited:
        out.print(f"{a.time_limited:,} samples stopped at the solver's time limit (their allocation is its best by "
                  "then; it can differ on another machine)", highlight=False)
    if a.node_limited:
        out.print(f"{a.node_limited:,} samples stopped a solver stage at its node bound (the same answer on any "
                  "machine; that stage's best within the bound, not proven)", highlight=False)
    by = {s.outcome: s for s in a.sensitivity}
    for key in ("force", "verdict"):
        if key in by:
            out.print(_plain(drivers_sentence(by[key])), highlight=False)
    for box in a.discovery:
        lims = "; ".join(_plain(limit_text(lim)) for lim in box.limits)
        head = f"{FAILURES[box.failure]}: {box.base_density:.0%} of samples;" if box.rank == 1 else \
            f"  and outside the box{'es' if box.rank > 2 else ''} above ({box.base_density:.0%} of the other samples fail):"
        out.print(f"{head} concentrates where {lims}: "
                  f"{box.density:.0%} of the samples there fail (coverage {box.coverage:.0%}; on the held-out half "
                  f"{box.held_out_density:.0%} against {box.held_out_base:.0%})", highlight=False)
    for nb in a.undiscovered:
        out.print(_plain(no_box_text(nb, FAILURES[nb.failure])), highlight=False)
    out.print("wrote " + ", ".join(str(w) for w in written), highlight=False)


def _plain(html_text: str) -> str:
    import re
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", "", html_text))


__all__ = ["sweep_app"]
