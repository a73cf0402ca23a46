"""The report's charts, drawn with Matplotlib and returned as inline SVG strings.

Pure: a Plan in, markup out; nothing is written to disk and no global Matplotlib state is touched
(figures live on their own Agg canvas, settings in an rc context). Each chart carries its title,
units and a source line, so one copied out of the report still says what it shows and where the
figures come from.
"""

from __future__ import annotations

import math
import textwrap

from .. import domain
from ..mandate import INCIDENT_TYPES
from ..vocab import Capability, IncidentType, values
from . import wording as W

CAPABILITIES = values(Capability)
from . import labels as L
from .style import ACCENT, GAP, GREY, INK, MUTED, figure_svg, mpl_style, nation_colours, new_figure

WIDTH = 9.0  # inches; the page shows charts at up to 1,100 px


def _source(fig, text: str) -> None:
    """The source line under a chart: placed after layout, just below the lowest label or legend, so it
    never collides with them whatever the chart's height."""
    fig.draw_without_rendering()  # lays out text without rasterising: only extents are needed here
    renderer = fig.canvas.get_renderer()
    boxes = [ax.get_tightbbox(renderer) for ax in fig.axes]
    x0 = min(b.x0 for b in boxes)
    y0 = min(b.y0 for b in boxes)
    fx, fy = fig.transFigure.inverted().transform((x0, y0 - 8))
    wrapped = "\n".join(textwrap.wrap("Source: " + text, 150))
    fig.text(fx, fy, wrapped, ha="left", va="top", fontsize=7.5, color=MUTED, linespacing=1.4)


def _k(x: float, _pos=None) -> str:
    return L.num(x) if x >= 1 else f"{x:g}"


# ---------------------------------------------------------------- allocation by nation

def allocation_chart(plan) -> str:
    a = plan.allocation
    colours = nation_colours(plan)
    rows = [n for n in a.nations if n.troops_deployed > 0 or (n.eligible and n.fair_share > 0)]
    rows.sort(key=lambda n: (n.troops_deployed, n.fair_share))
    gap = a.gap_troops
    with mpl_style("allocation"):
        fig = new_figure(WIDTH, 0.36 * (len(rows) + (1 if gap else 0)) + 1.5)
        ax = fig.add_subplot()
        names = [f"{n.nation} {n.name}" + (" (lead)" if n.lead else "") for n in rows]
        y = list(range(len(rows)))
        troops = [n.troops_deployed for n in rows]
        ax.barh(y, troops, color=[colours.get(n.nation, GREY) for n in rows], height=0.62, zorder=2)
        fair = [n.fair_share * a.allocated_troops for n in rows]
        ax.scatter(fair, y, marker="D", s=34, facecolor="white", edgecolor=INK, linewidth=1.3, zorder=3,
                   label=f"fair share by {L.label(L.FAIR_KEY, plan.scenario.coalition.fair_share)} "
                         f"(of the {L.num(a.allocated_troops)} troops sourced)")
        top = max(troops + fair + [gap, 1])
        for yi, n in zip(y, rows):
            text = (f"{L.num(n.troops_deployed)} = {L.pct(n.share)}  (fair {L.pct(n.fair_share)})"
                    if n.troops_deployed else f"not asked  (fair {L.pct(n.fair_share)})")
            ax.text(1.01, yi, text, transform=ax.get_yaxis_transform(), va="center", fontsize=8.5,
                    color=INK if n.troops_deployed else MUTED)
        if gap:
            y.append(len(rows))
            names.append("Unfilled (gap)")
            ax.barh(len(rows), gap, color="white", edgecolor=GAP, hatch="////", height=0.62, zorder=2)
            ax.text(1.01, len(rows), f"{L.num(gap)} troops", transform=ax.get_yaxis_transform(), va="center",
                    fontsize=8.5, color=GAP)
        ax.text(1.01, len(y) - 0.45, "troops = share of sourced", transform=ax.get_yaxis_transform(),
                va="bottom", fontsize=8, color=MUTED)
        ax.set_yticks(y, names)
        ax.set_ylim(-0.6, len(y) - 0.4)
        ax.set_xlim(0, top * 1.05)
        ax.xaxis.set_major_formatter(_k)
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("troops deployed (whole units)")
        ax.set_title("Allocation by nation: troops deployed against fair share", pad=24)
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), borderaxespad=0.2)
        _source(fig, "force generation (mixed-integer programme, HiGHS) over data/nations.csv and data/capacity.csv; "
                     "fair share = the nation's share of the eligible nations' "
                     f"{L.label(L.FAIR_KEY, plan.scenario.coalition.fair_share)} (data/nations.csv). "
                     "Nations shown: contributors and eligible nations not asked.")
        return figure_svg(fig, "chart-allocation", "Allocation by nation: troops deployed against fair share")


# ---------------------------------------------------------------- requirement ranges

def _range_chart(name: str, title: str, rows: list[tuple[str, float, float, float, float | None]],
                 xlabel: str, source: str, total_first: bool = False) -> str:
    """Rows (label, low, central, high, whole-unit troops or None), drawn top to bottom on a log axis."""
    with mpl_style(name):
        fig = new_figure(WIDTH, 0.42 * len(rows) + 1.2 + 0.15 * sum(len(r[0]) > 30 for r in rows))
        ax = fig.add_subplot()
        n = len(rows)
        ys = [n - 1 - i for i in range(n)]
        positive = [v for r in rows for v in r[1:4] if v and v > 0]
        lo_lim = 10 ** math.floor(math.log10(min(positive))) if positive else 1
        hi_lim = 10 ** math.ceil(math.log10(max(positive) * 1.05)) if positive else 10
        for y, (label, low, mid, high, whole) in zip(ys, rows):
            if high <= 0:
                continue
            ax.plot([max(low, lo_lim), high], [y, y], color="#9fbad6", linewidth=7, solid_capstyle="butt", zorder=2)
            ax.plot([mid], [y], "o", color=ACCENT, markersize=7, zorder=4)
            if whole:
                ax.plot([whole], [y], "D", markerfacecolor="white", markeredgecolor=INK, markersize=6.5,
                        markeredgewidth=1.2, zorder=3)
            ax.text(1.01, y, f"{L.num(mid)}  ({L.num(low)}–{L.num(high)})", transform=ax.get_yaxis_transform(),
                    va="center", fontsize=8.5)
        ax.set_xscale("log")
        ax.set_xlim(lo_lim, hi_lim)
        ax.xaxis.set_major_formatter(_k)
        ax.set_yticks(ys, ["\n".join(textwrap.wrap(r[0], 30)) for r in rows])
        ax.set_ylim(-0.7, n - 0.3)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", which="minor", color="#f0f2f5", linewidth=0.6)
        ax.set_xlabel(xlabel)
        ax.set_title(title, pad=26)
        ax.text(1.01, n - 0.35, "central (low–high)", transform=ax.get_yaxis_transform(), va="bottom",
                fontsize=8, color=MUTED)
        if total_first:
            ax.get_yticklabels()[0].set_fontweight("bold")
            ax.axhline(n - 1.5, color="#c5ccd4", linewidth=0.8)
        from matplotlib.lines import Line2D

        handles = [Line2D([], [], color="#9fbad6", linewidth=7, label="range (10th–90th percentile of the Monte Carlo)"),
                   Line2D([], [], marker="o", color=ACCENT, linestyle="none", label="central estimate")]
        if any(r[4] for r in rows):
            handles.append(Line2D([], [], marker="D", markerfacecolor="white", markeredgecolor=INK, linestyle="none",
                                  label="in whole units (what nations send)"))
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=3, fontsize=8,
                  borderaxespad=0.2)
        _source(fig, source)
        return figure_svg(fig, name, title)


def requirement_chart(plan) -> str:
    req = plan.requirement
    rows = []
    for cap in CAPABILITIES:
        own = [ln for ln in req.lines if ln.capability == cap and ln.provider == "coalition"]
        if not own:
            continue
        rows.append((L.CAPABILITY_SHORT.get(cap, cap), sum(ln.troops.low for ln in own),
                     sum(ln.troops.central for ln in own), sum(ln.troops.high for ln in own),
                     sum(ln.units.central * ln.unit_size for ln in own)))
    d = req.deployed
    rows.insert(0, ("All capabilities", d.low, d.central, d.high, plan.allocation.required_troops))
    return _range_chart(
        "chart-requirement", "Requirement by capability: coalition troops deployed, with ranges", rows,
        "troops deployed in whole formations (log scale)",
        "sizing: the role's tasks (data/tasks.csv) in whole formations (data/formations.csv); low / high: the 10th / "
        "90th percentile of a Monte Carlo over every planning factor and formation strength. Lines the US backstop or "
        "the host nation covers are left out. Each line's derivation is in the appendix.", total_first=True)


def sector_chart(plan) -> str:
    req = plan.requirement
    rows = []
    places = [(s.id, s.name) for s in plan.theatre.sectors] + [(h.id, h.name) for h in plan.theatre.hubs]
    for pid, pname in places:
        own = [ln for ln in req.lines if ln.sector == pid and ln.provider == "coalition"]
        if not own:
            continue
        rows.append((pname, sum(ln.troops.low for ln in own),
                     sum(ln.troops.central for ln in own), sum(ln.troops.high for ln in own),
                     sum(ln.units.central * ln.unit_size for ln in own)))
    own = [ln for ln in req.lines if ln.sector == "theatre" and ln.provider == "coalition"]
    if own:
        rows.append(("Theatre-wide (HQ, reserve, enablers, training, air, sea)", sum(ln.troops.low for ln in own),
                     sum(ln.troops.central for ln in own), sum(ln.troops.high for ln in own),
                     sum(ln.units.central * ln.unit_size for ln in own)))
    return _range_chart(
        "chart-sectors", "Where the force stands: coalition troops by sector or hub, with ranges", rows,
        "troops deployed (log scale)",
        "sizing: the role's tasks at the sectors and hubs its posture allows (theatre file, data/tasks.csv); "
        "theatre-wide lines are not tied to one place.")


# ---------------------------------------------------------------- rotation

def rotation_chart(plan) -> str:
    r, a = plan.rotation, plan.allocation
    colours = nation_colours(plan)
    months = r.months
    codes = [n.nation for n in r.nations]
    with mpl_style("rotation"):
        fig = new_figure(WIDTH, 3.9)
        ax = fig.add_subplot()
        x = [0] + [m.month for m in months]
        base = [0.0] * len(x)
        for code in codes:
            vals = [m.by_nation.get(code, 0) for m in months]
            vals = vals + vals[-1:]
            top = [b + v for b, v in zip(base, vals)]
            ax.fill_between(x, base, top, step="post", color=colours.get(code, GREY), linewidth=0, label=code)
            base = top
        required = a.required_troops
        ax.fill_between(x, base, [max(b, required) for b in base], step="post", facecolor="white",
                        edgecolor=GAP, hatch="////", linewidth=0, label="gap")
        ax.axhline(required, color=INK, linestyle="--", linewidth=1.2)
        ax.text(x[-1], required, f" required {L.num(required)}", va="bottom", ha="right", fontsize=8.5)
        step = plan.scenario.rotation_months
        for k in range(r.rotations):
            ax.axvline(k * step, color="#b8c0ca", linewidth=0.8, linestyle=":")
            ax.text(k * step + step / 2, 1.01, f"R{k + 1}", transform=ax.get_xaxis_transform(), ha="center",
                    va="bottom", fontsize=8, color=MUTED)
        ax.set_xlim(0, x[-1])
        ax.set_ylim(0, max(required, max(base)) * 1.18)
        ax.yaxis.set_major_formatter(_k)
        ax.set_xlabel(f"month of the mission (R1, R2, …: {step}-month rotations)")
        ax.set_ylabel("troops deployed")
        ax.set_title("Rotation over time: troops deployed per month, by nation", pad=16)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
        _source(fig, f"rotation model over the allocation: a nation keeps its share while its deployable pool "
                     f"(land forces x NATO's 40% usability target, less eastern-flank earmarks) covers deployed x "
                     f"rotation multiplier; {W.rotation_summary(r)}.")
        return figure_svg(fig, "chart-rotation", "Rotation over time: troops deployed per month, by nation")


# ---------------------------------------------------------------- eastern flank

def flank_chart(plan) -> str:
    f = plan.flank
    y = f.yardstick
    with mpl_style("flank"):
        fig = new_figure(WIDTH, 3.6)
        axes = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1], "wspace": 0.35})
        panels = ((axes[0], "All earmarked forces on the eastern flank", f.before, f.after),
                  (axes[1], "Allied forces in the Baltic states", f.baltic.allied_before, f.baltic.allied_after))
        for ax, title, before, after in panels:
            xs = [0, 1]
            heavy = [before.heavy, after.heavy]
            other = [before.brigades - before.heavy, after.brigades - after.heavy]
            ax.bar(xs, heavy, color=ACCENT, width=0.55, label="heavy (armoured, mechanised)")
            ax.bar(xs, other, bottom=heavy, color="#9fbad6", width=0.55, label="other")
            for xi, tot in zip(xs, (before.brigades, after.brigades)):
                ax.text(xi, tot, f"{tot:.1f}", ha="center", va="bottom", fontsize=9, fontweight="bold")
            ax.set_xticks(xs, ["before the mission", "after"])
            ax.set_title(title, fontsize=9.5)
            ax.set_ylabel("brigade-equivalents")
            ax.grid(axis="x", visible=False)
            ax.set_xlim(-0.6, 1.6)
        ax = axes[1]
        ax.axhline(y.brigades, color="#c0392b", linestyle="--", linewidth=1.3)
        ax.text(1.02, y.brigades, f"RAND yardstick:\n{y.brigades:g} brigades", transform=ax.get_yaxis_transform(),
                ha="left", va="center", fontsize=8, color="#c0392b")
        ax.axhline(y.heavy, color="#c0392b", linestyle=":", linewidth=1.3)
        ax.text(1.02, y.heavy, f"of them heavy:\n{y.heavy:g}", transform=ax.get_yaxis_transform(),
                ha="left", va="center", fontsize=8, color="#c0392b")
        top = max(f.baltic.allied_before.brigades, y.brigades) * 1.2
        ax.set_ylim(0, top)
        axes[0].set_ylim(0, f.before.brigades * 1.15)
        axes[1].legend(*axes[0].get_legend_handles_labels(), loc="lower left", bbox_to_anchor=(1.0, 0.0), fontsize=8)
        state = {"intact": "intact: the mission takes nothing NATO's flank plans count on",
                 "already_short": "allied forces short of RAND's yardstick before the mission",
                 "weakened": "WEAKENED: the mission takes what NATO's flank plans count on"}[f.verdict.value]
        fig.suptitle(f"Eastern flank before and after the mission ({state})", x=0.0, ha="left", fontsize=11,
                     fontweight="bold", y=1.02)
        _source(fig, "data/flank.csv (forward land forces, national brigades); yardstick: RAND, Shlapak & Johnson, "
                     "Reinforcing Deterrence on NATO's Eastern Flank (RR-1253, 2016): about seven brigades, three "
                     "heavy, besides the Baltic states' own forces, to prevent a rapid overrun of the Baltic states.")
        return figure_svg(fig, "chart-flank", "Eastern flank before and after the mission")


# ---------------------------------------------------------------- incidents

TIER_COLOURS = {"routine": "#8fa9c4", "serious": "#e0a458", "decisive": "#7b5ea7"}


def _tier(kind: str) -> str:
    return domain.tier(IncidentType(kind)).value


def incidents_chart(plan) -> str:
    i = plan.incidents
    kinds = [k for k in INCIDENT_TYPES if k in i.by_type]
    with mpl_style("incidents"):
        fig = new_figure(WIDTH, 0.38 * len(kinds) + 1.9)
        ax = fig.add_subplot()
        n = len(kinds)
        ys = [n - 1 - j for j in range(n)]
        totals = [i.by_type[k].per_year for k in kinds]
        bad = [t * (i.by_type[k].late + i.by_type[k].unanswered) for t, k in zip(totals, kinds)]
        positive = [v for v in totals + bad if v > 0]
        lo = 10 ** math.floor(math.log10(min(positive))) if positive else 0.01
        hi = 10 ** math.ceil(math.log10(max(positive) * 1.05)) if positive else 10
        for y, k, t, b in zip(ys, kinds, totals, bad):
            ax.plot([lo, hi], [y, y], color="#eef1f4", linewidth=0.8, zorder=1)
            if t > 0 and b > 0:
                ax.plot([b, t], [y, y], color="#c5ccd4", linewidth=2, zorder=2)
            if t > 0:
                ax.plot([t], [y], "o", color=TIER_COLOURS[_tier(k)], markersize=9, zorder=3)
            if b > 0:
                ax.plot([b], [y], "o", color="#c62828", markersize=6, zorder=4)
            share = (b / t) if t else 0
            ax.text(1.01, y, f"{_fmt(t)} a year; {L.pct(share)} late or unanswered",
                    transform=ax.get_yaxis_transform(), va="center", fontsize=8.3)
        ax.set_xscale("log")
        ax.set_xlim(lo, hi)
        ax.xaxis.set_major_formatter(_k)
        ax.set_yticks(ys, [L.label(L.INCIDENT, k) for k in kinds])
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("incidents per year (mean over runs; log scale)")
        ax.set_title(f"Incidents per year by type, and those the mandate leaves late or unanswered "
                     f"({i.threat} threat)", pad=24)
        from matplotlib.lines import Line2D

        def dot(colour: str, text: str, size: float = 9) -> Line2D:
            return Line2D([], [], marker="o", color=colour, linestyle="none", markersize=size, label=text)

        handles = [dot(TIER_COLOURS["routine"], "routine"), dot(TIER_COLOURS["serious"], "serious"),
                   dot(TIER_COLOURS["decisive"], "decisive (build-up, offensive)"),
                   dot("#c62828", "of them answered late or not at all", 6)]
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=4, fontsize=8, borderaxespad=0.2)
        _source(fig, f"incident Monte Carlo, {L.num(i.runs)} runs of {i.duration_months} months (seed {i.seed}), mandate "
                     f"'{i.mandate}'; rates from data/incident_rates.csv (OSCE SMM, UNIFIL, ELN; several are labelled "
                     "assumptions, see the appendix).")
        return figure_svg(fig, "chart-incidents", "Incidents per year by type")


def _fmt(x: float) -> str:
    return f"{x:.2f}" if x < 1 else (f"{x:.1f}" if x < 10 else L.num(x))


def escalation_chart(plan) -> str:
    i = plan.incidents
    p = i.escalation_probability * 100
    lo, hi = (v * 100 for v in i.escalation_ci95)
    threshold = plan.factors.v("conditions.max_escalation_probability") * 100
    with mpl_style("escalation"):
        fig = new_figure(WIDTH, 1.9)
        ax = fig.add_subplot()
        colour = ACCENT if p < threshold else "#c62828"
        r = plan.risk
        top = hi
        if r is not None:
            # the assumptions' own 80% range, as a band behind the sampling interval
            a_lo, a_hi = r.escalation.low * 100, r.escalation.high * 100
            top = max(hi, a_hi)
            ax.barh([0], [a_hi - a_lo], left=[a_lo], height=0.5, color="#e6d3a3", zorder=1,
                    label="80% range across the assumptions")
            ax.text(a_lo, -0.3, f"assumptions' range {a_lo:.0f}–{a_hi:.0f}%", ha="left", va="top", fontsize=8,
                    color=MUTED)
        ax.errorbar([p], [0], xerr=[[p - lo], [hi - p]], fmt="o", color=colour, ecolor=colour, capsize=6,
                    markersize=8, elinewidth=2, zorder=3)
        ax.text(p, 0.3, f"{p:.1f}%  (95% CI {lo:.1f}–{hi:.1f}%)", ha="center", va="bottom", fontsize=9,
                fontweight="bold", color=colour)
        ax.axvline(threshold, color=INK, linestyle="--", linewidth=1.1)
        ax.text(threshold + 0.5, -0.55, f"threshold {threshold:g}% (assumption; conditions board)", fontsize=8,
                color=MUTED, va="bottom", ha="left")
        ax.set_xlim(0, min(100.0, max(50.0, top * 1.15, threshold * 1.4)))
        ax.set_ylim(-0.6, 0.6)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.grid(axis="y", visible=False)
        ax.set_xlabel(f"probability of escalation to major combat over {i.duration_months} months (%)")
        ax.set_title(f"Escalation risk with US backstop '{i.us_backstop}' and mandate '{i.mandate}'")
        _source(fig, f"incident Monte Carlo, {L.num(i.runs)} runs; the 95% Wilson interval reflects sampling only"
                     + ("; the band: 80% of joint draws of every escalation parameter and incident rate between its "
                        "low and high (labelled assumptions, data/escalation.csv)." if r is not None else
                        ", not the uncertainty of the escalation parameters (labelled assumptions, data/escalation.csv)."))
        return figure_svg(fig, "chart-escalation", "Escalation risk with 95% confidence interval")


# ---------------------------------------------------------------- cost

def cost_chart(plan) -> str:
    c = plan.cost
    colours = nation_colours(plan)
    rows = sorted(c.by_nation, key=lambda b: b.per_year)
    with mpl_style("cost"):
        fig = new_figure(WIDTH, 0.36 * (len(rows) + (1 if c.gap_per_year_central else 0)) + 1.5)
        ax = fig.add_subplot()
        ys = list(range(len(rows)))
        mids = [b.per_year / 1e6 for b in rows]
        lows = [b.per_year_range.low / 1e6 for b in rows]
        highs = [b.per_year_range.high / 1e6 for b in rows]
        ax.barh(ys, mids, color=[colours.get(b.nation, GREY) for b in rows], height=0.6, zorder=2)
        ax.errorbar(mids, ys, xerr=[[m - lo for m, lo in zip(mids, lows)], [h - m for m, h in zip(mids, highs)]],
                    fmt="none", ecolor=INK, capsize=3, linewidth=1, zorder=3)
        labels_ = [f"{b.nation} {plan.nations.name(b.nation)}" for b in rows]
        top = max(highs + [c.gap_per_year_central / 1e6, 1])  # the gap's bar and label must fit too
        for y, m, h in zip(ys, mids, highs):
            ax.text(h + top * 0.015, y, f"EUR {L.num(m)} m", va="center", fontsize=8.5)
        if c.gap_per_year_central:
            ys.append(len(rows))
            labels_.append("Unfilled (gap), at the median rate")
            ax.barh(len(rows), c.gap_per_year_central / 1e6, color="white", edgecolor=GAP, hatch="////", height=0.6)
            ax.text(c.gap_per_year_central / 1e6 + top * 0.015, len(rows), f"EUR {L.num(c.gap_per_year_central / 1e6)} m",
                    va="center", fontsize=8.5, color=GAP)
        ax.set_yticks(ys, labels_)
        ax.set_xlim(0, top * 1.2)
        ax.grid(axis="y", visible=False)
        ax.set_xlabel(f"additional cost per year, EUR million ({c.price_year} prices); whiskers: low–high")
        ax.set_title("Cost by nation per year, with ranges")
        _source(fig, c.source + ". A nation with past cases of its own uses its own median.")
        return figure_svg(fig, "chart-cost", "Cost by nation per year")


CHARTS = {
    "requirement": requirement_chart,
    "sectors": sector_chart,
    "allocation": allocation_chart,
    "rotation": rotation_chart,
    "cost": cost_chart,
    "flank": flank_chart,
    "incidents": incidents_chart,
    "escalation": escalation_chart,
}


def render_all(plan) -> dict[str, str]:
    """Every chart of the report, by name."""
    return {name: fn(plan) for name, fn in CHARTS.items()}
