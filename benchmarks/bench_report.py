"""The HTML report's cost: `peaceforce plan` writing the HTML report beside the same run writing JSON only.

Measured two ways, side by side:

  * the command itself, cold, as a user runs it: `peaceforce plan examples/ukraine-reassure.yaml --out DIR
    --format json` against `... --format json --format html`, each a fresh process (imports, the chart
    renderer's start-up and all), alternating, the median of `--repeats` (this is the issue's measure);
  * in one process, after one untimed warm-up of each: plan() + compute_risk() + compute_what_if() +
    to_json(), then the same with render_html() on top, its charts rendered while what-if re-plans (the
    CLI's order); and a breakdown of render_html: the charts
    (each twice: wide, and narrow for phones), the map and the rest (content and template).

Printed: the ratio (target <= 1.5x, issue 13) and the milliseconds beside it. Targets are printed next
to their figure, never asserted.

    PYTHONPATH=src python benchmarks/bench_report.py [--repeats 3] [--runs 2000] [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time

from _common import DEFAULT, median_time

TARGET_RATIO = 1.5


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--runs", type=int, default=2000, help="incident runs per plan (the CLI's default: 2000)")
    ap.add_argument("--quick", action="store_true", help="plan() alone, without the risk ranges and what-if "
                    "re-plans the CLI adds (a smoke run; the ratio is then not the CLI's)")
    args = ap.parse_args()
    if not args.quick:
        cli(args.repeats, args.runs)

    import peaceforce
    from peaceforce.report import charts, content
    from peaceforce.report.html import render_html
    from peaceforce.report.map import render_map
    from peaceforce.report.vega import warm_up

    warm_up()  # as the CLI: the charts render in a process of their own

    def planned():
        p = peaceforce.plan(DEFAULT, runs=args.runs)
        return p if args.quick else p.compute_risk().compute_what_if(runs=args.runs)

    def json_only():
        p = planned()
        return p, p.to_json()

    def with_html():  # as the CLI does it: the charts render while what-if re-plans
        p = peaceforce.plan(DEFAULT, runs=args.runs)
        if args.quick:
            return p, p.to_json(), render_html(p)
        drawn = charts.render_soon(p.compute_risk())
        p.compute_what_if(runs=args.runs)
        return p, p.to_json(), render_html(p, drawn())

    t_json, (p, _) = median_time(json_only, args.repeats)
    t_html, _ = median_time(with_html, args.repeats)
    t_charts, _ = median_time(lambda: charts.render_all(p), args.repeats)
    t_map, _ = median_time(lambda: render_map(p), args.repeats)
    t_content, _ = median_time(lambda: content.build(p), args.repeats)
    t_render, _ = median_time(lambda: render_html(p), args.repeats)
    ratio = t_html / t_json
    what = "plan + JSON (quick: no risk, no what-if)" if args.quick else "plan + risk + what-if + JSON"
    print(f"{what + ':':<36}{t_json * 1e3:8.0f} ms")
    print(f"the same + HTML report:             {t_html * 1e3:8.0f} ms")
    print(f"ratio HTML / JSON-only:             {ratio:8.2f}x   (target <= {TARGET_RATIO}x: "
          f"{'met' if ratio <= TARGET_RATIO else 'NOT met'})")
    print(f"  render_html alone:                {t_render * 1e3:8.0f} ms")
    print(f"    charts:                         {t_charts * 1e3:8.0f} ms")
    print(f"    map:                            {t_map * 1e3:8.0f} ms")
    print(f"    content (incl. force options):  {t_content * 1e3:8.0f} ms")


def cli(repeats: int, runs: int) -> None:
    """The command as a user runs it, in fresh processes, JSON only against JSON + HTML, alternating."""
    times: dict[str, list[float]] = {"json": [], "html": []}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeats):
            for kind, extra in (("json", []), ("html", ["--format", "html"])):
                cmd = [sys.executable, "-m", "peaceforce", "plan", str(DEFAULT), "--out", f"{tmp}/{kind}",
                       "--runs", str(runs), "--format", "json", *extra]
                start = time.perf_counter()
                subprocess.run(cmd, check=True, capture_output=True)
                times[kind].append(time.perf_counter() - start)
    j, h = statistics.median(times["json"]), statistics.median(times["html"])
    print(f"peaceforce plan, cold process, JSON only:  {j * 1e3:8.0f} ms")
    print(f"peaceforce plan, cold process, + HTML:     {h * 1e3:8.0f} ms")
    print(f"ratio (the command):                 {h / j:8.2f}x   (target <= {TARGET_RATIO}x: "
          f"{'met' if h / j <= TARGET_RATIO else 'NOT met'})")


if __name__ == "__main__":
    main()
