"""The sweep's HTML page: what drives the answer and where the plan fails, with the charts inline.

One self-contained file (styles and SVG inline, nothing fetched), readable on a phone as the report
is: each chart comes wide and narrow (the narrow one, fitted to a 390 px screen with its text at full
size, shows on phones), tables scroll in their own boxes and the inputs table becomes cards, so the
page itself never scrolls sideways. Its sentences are written here from the analysis records (the
report's wording module is the report's own; these are the sweep's).
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from . import charts
from .analysis import OUTCOMES, Analysis, Sensitivity
from .inputs import Dim
from .prim import MIN_FAILURES, Box, NoBox

CSS = """
body{font-family:DejaVu Sans,Liberation Sans,Arial,Helvetica,sans-serif;color:#1d2733;margin:0;line-height:1.45}
main{max-width:1100px;margin:0 auto;padding:16px 20px 40px}
h1{font-size:1.5rem;margin:.2em 0 .4em}h2{font-size:1.15rem;margin:1.6em 0 .5em;border-bottom:1px solid #d9dde3}
h3{font-size:1rem;margin:1.1em 0 .3em}p{margin:.4em 0}.lead{font-size:1.05rem}.muted{color:#5b6673;font-size:.9rem}
.charts{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
figure{margin:0;max-width:100%;min-width:0}
figure svg{display:block;height:auto}figure svg.chart-narrow{display:none}
.scroll{overflow-x:auto;max-width:100%}table{border-collapse:collapse;font-size:.9rem;margin:.4em 0}
th,td{border-bottom:1px solid #e3e7ec;padding:3px 8px;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.fail{color:#c62828;font-weight:bold}
@media screen and (max-width:760px){
main{padding:14px 12px 40px}h1{font-size:1.3rem}
.charts{display:block}.charts figure{margin:0 0 18px}
figure svg.chart-wide{display:none}figure svg.chart-narrow{display:block}
th,td{padding:3px 5px}code{overflow-wrap:anywhere}
table.cards,table.cards tbody,table.cards tr,table.cards td{display:block}table.cards tr:first-child{display:none}
table.cards tr{border-bottom:1px solid #e3e7ec;padding:4px 0}table.cards td{border:0;padding:1px 0}
table.cards td:first-child{font-weight:bold}
table.cards tr.spread{display:grid;grid-template-columns:repeat(3,1fr)}
table.cards tr.spread td:first-child{grid-column:1/-1}
table.cards td.n{text-align:left}
table.cards td.n::before{content:attr(data-label);display:block;color:#5b6673;font-size:.8rem}
}
"""


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%" if x >= 0.01 or x == 0 else f"{100 * x:.1f}%"


def _num(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"


def _cap(text: str) -> str:
    """The first letter capital, the rest as written (str.capitalize would lower "EUR")."""
    return text[:1].upper() + text[1:]


def drivers_sentence(s: Sensitivity) -> str:
    if not s.indices:
        return f"{_cap(escape(charts.the(s.title)))} {escape(s.note)}."
    found = s.drivers()
    kind = "total-order" if found and found[0].st is not None else "first-order"
    if not found:
        return (f"No input moves {escape(charts.the(s.title))} by an index of 0.05 or more "
                f"({s.samples:,} samples); more samples would sharpen the indices."
                + (f" <span class=muted>Caution: {escape(s.caution)}.</span>" if s.caution else ""))
    parts = [f"<b>{escape(i.input)}</b> ({kind} index {i.main:.2f} ± {i.main_conf:.2f}"
             + ("" if i.clear else ", not clear: the interval reaches zero") + ")" for i in found[:4]]
    head = "driven most by" if found[0].clear else "driven, as far as these samples tell, most by"
    caution = f" <span class=muted>Caution: {escape(s.caution)}.</span>" if s.caution else ""
    return f"{_cap(escape(charts.the(s.title)))} is {head} " + ", ".join(parts) + "." + caution


def limit_text(lim) -> str:
    if lim.categories is not None:
        return escape(lim.input) + " is " + " or ".join(escape(c) for c in lim.categories)
    if lim.low is not None and lim.high is not None:
        return f"{escape(lim.input)} from {_num(lim.low)} to {_num(lim.high)}"
    return f"{escape(lim.input)} {'at least ' + _num(lim.low) if lim.low is not None else 'at most ' + _num(lim.high)}"


def _box_html(box: Box, title: str) -> str:
    head = (f"<p><span class=fail>{_cap(escape(title))}</span> in {_pct(box.base_density)} of the samples "
            f"({box.failures:,} of {box.samples:,}). " if box.rank == 1 else
            f"<p>Outside the box{'es' if box.rank > 2 else ''} above, {box.failures:,} of the other {box.samples:,} "
            f"samples fail ({_pct(box.base_density)}). ")
    reach = ("" if box.reached_threshold else
             f" (short of the {_pct(box.threshold)} peeling aims for)")
    head += (f"{'It' if box.rank == 1 else 'They'} concentrate{'s' if box.rank == 1 else ''} where {'; '.join(limit_text(lim) for lim in box.limits)}: {_pct(box.density)} of the "
             f"samples there fail; the box takes in {_pct(box.coverage)} of {'all the failures' if box.rank == 1 else 'those failures'}, "
             f"in {_pct(box.mass)} of {'all samples' if box.rank == 1 else 'those samples'}{reach}. Found on half the samples, it held on the other half: {_pct(box.held_out_density)} "
             f"fail inside against {_pct(box.held_out_base)} overall (p = {box.held_out_p:.1g}).</p>")
    rows = "".join(f"<tr><td>{limit_text(lim)}</td><td class=n>{_pct(lim.density_without)}</td></tr>" for lim in box.limits)
    table = (f"<div class=scroll><table><tr><th>limit</th><th class=n>share that fail without it</th></tr>"
             f"{rows}</table></div>")
    return head + table


def no_box_text(nb: NoBox, title: str) -> str:
    """Why a failure has no box, in words (the CLI says the same)."""
    where = f"{_cap(escape(title))} in {_pct(nb.share)} of the samples ({nb.failures:,} of {nb.samples:,})"
    if nb.reason == "few":
        rest = nb.failures if nb.failures < MIN_FAILURES else nb.samples - nb.failures
        what = "failures" if nb.failures < MIN_FAILURES else "samples without it"
        if nb.samples < 2 * MIN_FAILURES:
            return (f"{where}: too few samples ({nb.samples:,}; at least {2 * MIN_FAILURES} needed) to say where "
                    "it concentrates.")
        if nb.failures in (0, nb.samples):
            return f"{where}: nothing to discover."
        return f"{where}: too few {what} ({rest:,}; at least {MIN_FAILURES} needed) to say where it concentrates."
    return (f"{where}: no box of inputs stands out. The boxes peeling found did not hold up: their limits were "
            "not significant, or they did not hold on the half of the samples they were not found on; more samples "
            "may show one.")


def render(a: Analysis, dims: list[Dim], described: dict[str, str], info: dict[str, Any], df,
           files: list[str]) -> tuple[str, list[dict[str, Any]]]:
    """(the page, the Vega-Lite specs of its charts); `df` is the planned samples without errors,
    `described` each input in words."""
    name = escape(str(info["command"]["scenario"].get("name", "sweep")))
    cmd = info["command"]
    figures: list[dict[str, Any]] = []

    def fig(chart, *args: Any, **kwargs: Any) -> str:
        """A chart twice, wide and narrow (the stylesheet shows one); charts.json keeps the wide spec."""
        wide, narrow = chart(*args, **kwargs), chart(*args, **kwargs, narrow=True)
        name = f"chart{len(figures) + 1}"
        figures.append(wide)
        svgs = [charts.svg(wide, name).replace('class="chart"', 'class="chart chart-wide"', 1),
                charts.svg(narrow, name + "-narrow").replace('class="chart"', 'class="chart chart-narrow"', 1)]
        # the figure as wide as its charts (a flex item's own width, which each svg's 100% then fills; the
        # page's max-width:100% narrows it on a small screen, where the narrow chart fits unscaled)
        width = max(int(w) for svg in svgs for w in re.findall(r"max-width:(\d+)px", svg)[:1])
        return f"<figure style='width:{width}px'>" + "".join(svgs) + "</figure>"

    by = {s.outcome: s for s in a.sensitivity}
    parts = [f"<h1>Sweep: {name}</h1>",
             f"<p class=lead>{a.planned:,} of {a.samples:,} samples planned ({escape(cmd['sampler'])} design, seed "
             f"{cmd['seed']}, {cmd['runs']:,} incident runs each) over {len(dims)} uncertain inputs"
             + (f"; <span class=fail>{a.errors:,} failed to plan</span> and are left out" if a.errors else "")
             + ".</p>"]
    planned_ok = max(1, a.planned - a.errors)
    if a.time_limited:
        parts.append(f"<p>In {a.time_limited:,} samples ({_pct(a.time_limited / planned_ok)}) the "
                     f"allocation solver stopped at the sweep's limit of {cmd.get('time_limit', 30):g} s: their "
                     "allocation is the best it had found by then. Solved to the end, such a sample can come out with "
                     "somewhat different gaps, posture and verdicts, and planned again on another machine it can "
                     "differ; a longer --time-limit buys certainty with time.</p>")
    if a.node_limited:
        parts.append(f"<p>In {a.node_limited:,} samples ({_pct(a.node_limited / planned_ok)}) the allocation "
                     "solver stopped a stage at its fixed bound of branch-and-bound nodes (the fewest gaps at 5,000 "
                     "nodes, fair burden at 50): the allocation is the best found within the bound, not proven to "
                     "the stage's gap. The bound is the same on every machine, so such a sample plans again to the "
                     "same answer (sweep rerun); a longer --time-limit does not change it.</p>")
    parts.append("<h2>What drives the answer</h2>")
    for key in ("force", "verdict", "escalation", "cost_per_year"):
        if key in by:
            parts.append(f"<p>{drivers_sentence(by[key])}</p>")
    parts.append(f"<p class=muted>Method: {escape(a.method)}; an input drives an outcome when its index is at "
                 "least 0.05, clearly when its 95% interval stays above zero too.</p>")
    parts.append("<div class=charts>" + "".join(fig(charts.drivers, by[k]) for k in ("force", "verdict")
                                                if k in by and by[k].indices) + "</div>")
    if any(s.indices for s in a.sensitivity):
        parts.append("<div class=charts>" + fig(charts.heatmap, a.sensitivity) + "</div>")

    parts.append("<h2>The answers over the samples</h2>")
    spread_rows = "".join(f"<tr class=spread><td>{escape(OUTCOMES.get(s.outcome, s.outcome.replace('_', ' ')))}</td>"
                          f"<td class=n data-label='10th percentile'>{_num(s.low)}</td><td class=n data-label=median>"
                          f"{_num(s.central)}</td><td class=n data-label='90th percentile'>{_num(s.high)}</td></tr>"
                          for s in a.spreads)
    parts.append("<div class=scroll><table class=cards><tr><th>outcome</th><th class=n>10th</th><th class=n>median</th>"
                 f"<th class=n>90th percentile</th></tr>{spread_rows}</table></div>")
    verdicts = ", ".join(f"{escape(k.replace('_', '-'))} {v:,} ({_pct(v / max(1, sum(a.verdicts.values())))})"
                         for k, v in sorted(a.verdicts.items(), key=lambda kv: -kv[1]))
    parts.append(f"<p>Coalition verdicts: {verdicts or 'none'}.</p>")
    if len(df):
        charts_html = [fig(charts.distribution, df["force"].tolist(), df["coalition_verdict"].tolist(),
                           "Deployed force over the samples", "troops (whole formations)")]
        top = by.get("force").drivers() if "force" in by else []
        if top:
            d = next(x for x in dims if x.name == top[0].input)
            charts_html.append(fig(charts.scatter, df[d.column].tolist(), df["force"].tolist(),
                                   df["coalition_verdict"].tolist(), d.name, "deployed force",
                                   categorical=d.kind in ("choice", "flag"),
                                   order=list(d.spec.choices) if d.kind in ("choice", "flag") else None))
        parts.append("<div class=charts>" + "".join(charts_html) + "</div>")

    parts.append("<h2>Where the plan fails</h2>")
    from .analysis import FAILURES

    for box in a.discovery:
        parts.append((f"<h3>{_cap(escape(FAILURES[box.failure]))}</h3>" if box.rank == 1 else "")
                     + _box_html(box, FAILURES[box.failure]))
        parts.append("<div class=charts>" + fig(charts.trajectory, box, FAILURES[box.failure]) + "</div>")
    for nb in a.undiscovered:
        parts.append(f"<h3>{_cap(escape(FAILURES[nb.failure]))}</h3><p>{no_box_text(nb, FAILURES[nb.failure])}</p>")
    parts.append(f"<p class=muted>Scenario discovery with PRIM, up to three boxes a failure (each among the samples "
                 f"outside the boxes before it), each found on half the samples (from Sobol designs, their "
                 f"independent rows only): peeling 5% at a time down to 5% of them, the box is the first whose "
                 f"density reaches 80% (or halfway from the base share to 100% when most samples fail); limits "
                 f"whose qp-value exceeds 0.05 are dropped, and the box is kept only if it beats the base share on "
                 f"the other half (p &lt; 0.05); when the peeled box does not hold up, the most significant box of one "
                 f"limit is tried the same way. At least {MIN_FAILURES} failures are needed to look. In the charts, the "
                 f"line is the peeling on half the samples, the square the box it reached, the diamond the box "
                 f"reported (its limits that matter, over all samples).</p>")

    parts.append("<h2>Inputs</h2>")
    rows = "".join(f"<tr><td>{escape(d.name)}</td><td><code>{escape(d.column)}</code></td>"
                   f"<td>{escape(described[d.name])}</td></tr>" for d in dims)
    parts.append(f"<div class=scroll><table class=cards><tr><th>input</th><th>column</th><th>range</th></tr>{rows}</table></div>")
    parts.append("<h2>Files</h2><ul>" + "".join(f"<li><code>{escape(f)}</code></li>" for f in files) + "</ul>")
    body = "\n".join(parts)
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport "
            f"content='width=device-width,initial-scale=1'><title>Sweep: {name}</title><style>{CSS}</style></head>"
            f"<body><main>{body}</main></body></html>\n"), figures


__all__ = ["render", "drivers_sentence", "limit_text", "no_box_text"]
