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
from .prim import Box

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
        return (f"No input moves {escape(charts.the(s.title))} clearly beyond the estimate's noise "
                f"({s.samples:,} samples); more samples would sharpen the indices.")
    parts = [f"<b>{escape(i.input)}</b> ({kind} index {i.main:.2f} ± {i.main_conf:.2f})" for i in found[:4]]
    return f"{_cap(escape(charts.the(s.title)))} is driven most by " + ", ".join(parts) + "."


def limit_text(lim) -> str:
    if lim.categories is not None:
        return escape(lim.input) + " is " + " or ".join(escape(c) for c in lim.categories)
    if lim.low is not None and lim.high is not None:
        return f"{escape(lim.input)} from {_num(lim.low)} to {_num(lim.high)}"
    return f"{escape(lim.input)} {'at least ' + _num(lim.low) if lim.low is not None else 'at most ' + _num(lim.high)}"


def _box_html(box: Box, title: str) -> str:
    share = 1 - box.base_density if box.holds else box.base_density
    failing = round(share * box.samples)
    head = (f"<p><span class=fail>{_cap(escape(title))}</span> in {_pct(share)} of the samples "
            f"({failing:,} of {box.samples:,}). ")
    if not box.limits:
        return head + f"No box of inputs concentrates {'where it holds' if box.holds else 'it'} beyond that share.</p>"
    reach = ("" if box.reached_threshold else
             f" (no box reaches {_pct(box.threshold)}; this is the densest that still holds half of them)")
    inside = "hold" if box.holds else "fail"
    # the failure's title is a label: the sentence never puts "no" or "the" before it
    where = ("Most samples fail this way, so PRIM looks for where the plan holds instead: it holds" if box.holds
             else "It concentrates")
    head += (f"{where} where "
             f"{'; '.join(limit_text(lim) for lim in box.limits)}: {_pct(box.density)} of the samples there "
             f"{inside}; the box takes in {_pct(box.coverage)} of all the samples that {inside}, in "
             f"{_pct(box.mass)} of all samples{reach}.</p>")
    rows = "".join(f"<tr><td>{limit_text(lim)}</td><td class=n>{_pct(lim.density_without)}</td></tr>" for lim in box.limits)
    table = (f"<div class=scroll><table><tr><th>limit</th><th class=n>share that {inside} without it</th></tr>"
             f"{rows}</table></div>")
    return head + table


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
    if a.time_limited:
        parts.append(f"<p>In {a.time_limited:,} samples ({_pct(a.time_limited / max(1, a.planned - a.errors))}) the "
                     f"allocation solver stopped at the sweep's limit of {cmd.get('time_limit', 30):g} s: their "
                     "allocation is the best it had found by then. Solved to the end, such a sample can come out with "
                     "somewhat different gaps, posture and verdicts, and planned again on another machine it can "
                     "differ; a longer --time-limit buys certainty with time.</p>")
    parts.append("<h2>What drives the answer</h2>")
    for key in ("force", "verdict", "escalation", "cost_per_year"):
        if key in by:
            parts.append(f"<p>{drivers_sentence(by[key])}</p>")
    parts.append(f"<p class=muted>Method: {escape(a.method)}; an input drives an outcome when its index is at "
                 "least 0.05 and its 95% interval stays above zero.</p>")
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
        parts.append(f"<h3>{_cap(escape(FAILURES[box.failure]))}</h3>" + _box_html(box, FAILURES[box.failure]))
        if box.limits:
            parts.append("<div class=charts>" + fig(charts.trajectory, box, FAILURES[box.failure]) + "</div>")
    for key, share in a.undiscovered.items():
        what = "every sample" if share >= 1 else "no sample"
        parts.append(f"<h3>{_cap(escape(FAILURES[key]))}</h3><p>In {what}: nothing to discover.</p>")
    parts.append("<p class=muted>Scenario discovery with PRIM: peeling 5% at a time down to 5% of the samples; "
                 "the box is the first whose density reaches 80%.</p>")

    parts.append("<h2>Inputs</h2>")
    rows = "".join(f"<tr><td>{escape(d.name)}</td><td><code>{escape(d.column)}</code></td>"
                   f"<td>{escape(described[d.name])}</td></tr>" for d in dims)
    parts.append(f"<div class=scroll><table class=cards><tr><th>input</th><th>column</th><th>range</th></tr>{rows}</table></div>")
    parts.append("<h2>Files</h2><ul>" + "".join(f"<li><code>{escape(f)}</code></li>" for f in files) + "</ul>")
    body = "\n".join(parts)
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport "
            f"content='width=device-width,initial-scale=1'><title>Sweep: {name}</title><style>{CSS}</style></head>"
            f"<body><main>{body}</main></body></html>\n"), figures


__all__ = ["render", "drivers_sentence", "limit_text"]
