"""The force's charts as Vega-Lite specifications: the requirement and where it stands, with ranges;
who sends it against their fair share; and the rotations, nation by nation.

Pure: a Plan and a width in, a specification (a dict) out. Figures are read from the plan's records,
never recomputed; the words come from `labels`.
"""

from __future__ import annotations

import math

from ..vocab import Capability, values
from . import labels as L
from . import wording as W
from .style import ACCENT, GAP, GREY, INK, MUTED, nation_colours
from .vega import frame, rows_body

CAPABILITIES = values(Capability)
RANGE = "#9fbad6"


def log_axis(lo: float, hi: float, title: str, narrow: bool = False) -> dict:
    """A log x axis from the decade below `lo` to the one above `hi`, ticks on the decades (every
    other one on a narrow chart with many)."""
    a = 10 ** math.floor(math.log10(max(lo, 1e-9)))
    b = 10 ** math.ceil(math.log10(max(hi, a * 10) * 1.05))
    ticks = [10 ** k for k in range(round(math.log10(a)), round(math.log10(b)) + 1)]
    if narrow and len(ticks) > 5:
        ticks = ticks[::-2][::-1]
    return {"type": "quantitative", "scale": {"type": "log", "domain": [a, b], "nice": False},
            "axis": {"values": ticks, "format": ",~r", "title": title, "grid": True}}


def range_chart(name: str, title: str, rows: list[dict], xtitle: str, source: str, width: int,
                narrow: bool) -> dict:
    """Rows with low, central, high and (optionally) whole-unit troops, on a log axis."""
    positive = [r[k] for r in rows for k in ("low", "central", "high") if r[k] and r[k] > 0]
    x = log_axis(min(positive, default=1), max(positive, default=10), xtitle, narrow)
    lo = x["scale"]["domain"][0]
    for r in rows:
        r["low"] = max(r["low"], lo)
        r["said"] = f"{L.num(r['central'])} ({L.num(r['low'])}–{L.num(r['high'])})"
    layers = [
        {"mark": {"type": "rule", "strokeWidth": 8, "color": RANGE, "strokeCap": "butt"},
         "encoding": {"x": {**x, "field": "low"}, "x2": {"field": "high"}}},
        {"mark": {"type": "circle", "size": 70, "color": ACCENT, "opacity": 1}, "encoding": {"x": {**x, "field": "central"}}},
    ]
    if any(r.get("whole") for r in rows):
        layers.append({"transform": [{"filter": "datum.whole > 0"}],
                       "mark": {"type": "point", "shape": "diamond", "size": 60, "filled": True, "fill": "white",
                                "stroke": INK, "strokeWidth": 1.3, "opacity": 1},
                       "encoding": {"x": {**x, "field": "whole"}}})
    legend = "● central estimate   ▬ range: 10th–90th percentile of the Monte Carlo" + (
        "   ◇ in whole units (what nations send)" if len(layers) == 3 else "")
    body = rows_body(rows, layers, width, narrow)
    total = ", ".join(f"{r['label']} {r['said']}" for r in rows[:6])
    return frame(name, title, f"{title}. Central estimate (10th–90th percentile): {total}.", body, source, width,
                 legend)


def requirement_spec(plan, width: int, narrow: bool = False) -> dict:
    req = plan.requirement
    rows = []
    for cap in CAPABILITIES:
        own = [ln for ln in req.lines if ln.capability == cap and ln.provider == "coalition"]
        if own:
            rows.append({"label": L.CAPABILITY_SHORT.get(cap, cap), "low": sum(ln.troops.low for ln in own),
                         "central": sum(ln.troops.central for ln in own), "high": sum(ln.troops.high for ln in own),
                         "whole": sum(ln.units.central * ln.unit_size for ln in own)})
    d = req.deployed
    rows.insert(0, {"label": "All capabilities", "low": d.low, "central": d.central, "high": d.high,
                    "whole": plan.allocation.required_troops})
    return range_chart(
        "chart-requirement", "Requirement by capability: coalition troops deployed, with ranges", rows,
        "troops deployed in whole formations (log scale)",
        "sizing: the role's tasks (data/tasks.csv) in whole formations (data/formations.csv); low / high: the 10th / "
        "90th percentile of a Monte Carlo over every planning factor and formation strength. Lines the US backstop or "
        "the host nation covers are left out. Each line's derivation is in the appendix.", width, narrow)


def sector_spec(plan, width: int, narrow: bool = False) -> dict:
    req = plan.requirement
    places = [(s.id, s.name) for s in plan.theatre.sectors] + [(h.id, h.name) for h in plan.theatre.hubs]
    places.append(("theatre", "Theatre-wide (HQ, reserve, enablers, training, air)"))
    known = {pid for pid, _ in places}
    placed = req.by_place()
    places += [(sid, L.sector_name(plan, sid)) for sid in placed
               if sid not in known]  # a line placed elsewhere (the Black Sea) still counts: the rows sum to the force
    rows = [{"label": pname, "low": placed[pid].troops.low, "central": placed[pid].troops.central,
             "high": placed[pid].troops.high, "whole": placed[pid].whole} for pid, pname in places if pid in placed]
    return range_chart(
        "chart-sectors", "Where the force stands: coalition troops by sector or hub, with ranges", rows,
        "troops deployed (log scale)",
        "sizing: the role's tasks at the sectors and hubs its posture allows (theatre file, data/tasks.csv); "
        "theatre-wide lines are not tied to one place.", width, narrow)


def _nation_rows(plan) -> list:
    a = plan.allocation
    rows = [n for n in a.nations if n.troops_deployed > 0 or (n.eligible and n.fair_share > 0)]
    return sorted(rows, key=lambda n: (-n.troops_deployed, -n.fair_share, n.nation))


def allocation_spec(plan, width: int, narrow: bool = False) -> dict:
    a = plan.allocation
    colours = nation_colours(plan)
    basis = L.label(L.FAIR_KEY, plan.scenario.coalition.fair_share)
    rows = []
    for n in _nation_rows(plan):
        rows.append({"label": n.name + (" (lead)" if n.lead else ""), "troops": n.troops_deployed,
                     "fair": n.fair_share * a.allocated_troops, "colour": colours.get(n.nation, GREY),
                     "said": (f"{L.num(n.troops_deployed)} = {L.pct(n.share)} (fair {L.pct(n.fair_share)})"
                              if n.troops_deployed else f"not asked (fair {L.pct(n.fair_share)})")})
    if a.gap_troops:
        rows.append({"label": "Unfilled (gap)", "troops": a.gap_troops, "fair": None, "colour": "white",
                     "gap": True, "said": f"{L.num(a.gap_troops)} troops"})
    top = max([r["troops"] for r in rows] + [r["fair"] or 0 for r in rows] + [1])
    x = {"type": "quantitative", "scale": {"domain": [0, top * 1.05], "nice": False},
         "axis": {"format": ",.0f", "title": "troops deployed (whole units)", "tickCount": 5}}
    layers = [
        {"mark": {"type": "bar", "height": 14}, "encoding": {
            "x": {**x, "field": "troops"}, "color": {"field": "colour", "type": "nominal", "scale": None},
            "stroke": {"condition": {"test": "datum.gap", "value": GAP}, "value": None},
            "strokeDash": {"condition": {"test": "datum.gap", "value": [4, 2]}, "value": [1, 0]}}},
        {"transform": [{"filter": "datum.fair != null"}],
         "mark": {"type": "point", "shape": "diamond", "size": 70, "filled": True, "fill": "white", "stroke": INK,
                  "strokeWidth": 1.3, "opacity": 1}, "encoding": {"x": {**x, "field": "fair"}}},
    ]
    title = "Allocation by nation: troops deployed against fair share"
    body = rows_body(rows, layers, width, narrow)
    said = "; ".join(f"{r['label']} {r['said']}" for r in rows)
    return frame("chart-allocation", title, f"{title}. {said}.", body,
                 "force generation (mixed-integer programme, HiGHS) over data/nations.csv and data/capacity.csv; fair "
                 f"share = the nation's share of the eligible nations' {basis} (data/nations.csv). Nations shown: "
                 "contributors and eligible nations not asked.", width,
                 f"▬ troops deployed   ◇ fair share by {basis}, of the {L.num(a.allocated_troops)} troops sourced"
                 + ("   ┅ unfilled" if a.gap_troops else ""))


def rotation_spec(plan, width: int, narrow: bool = False) -> dict:
    """One bar per rotation, stacked by nation: who holds the line in each six months, and the gap as
    nations drop out when their deployable pools run dry."""
    r, a = plan.rotation, plan.allocation
    colours = nation_colours(plan)
    names = {n.nation: n.name for n in a.nations}
    order = [n.nation for n in sorted(r.nations, key=lambda n: -n.troops)]
    step = r.rotation_months
    values_, firsts = [], {}
    for m in r.months:
        firsts.setdefault(m.rotation, m)
    for k, m in sorted(firsts.items()):
        label = (f"R{k}" if narrow else f"R{k} (months {(k - 1) * step + 1}–{min(k * step, r.duration_months)})")
        for i, code in enumerate(order):
            if m.by_nation.get(code, 0):
                values_.append({"rotation": label, "who": names.get(code, code), "troops": m.by_nation[code], "i": i})
        if m.gap:
            values_.append({"rotation": label, "who": "Unfilled (gap)", "troops": m.gap, "i": len(order)})
    domain = [names.get(c, c) for c in order if any(v["who"] == names.get(c, c) for v in values_)]
    rng = [colours.get(c, GREY) for c in order if names.get(c, c) in domain]
    if any(v["who"] == "Unfilled (gap)" for v in values_):
        domain.append("Unfilled (gap)")
        rng.append("#f3c4c4")
    required = a.required_troops
    top = max(required, max((sum(v["troops"] for v in values_ if v["rotation"] == lab)
                             for lab in {v["rotation"] for v in values_}), default=0))
    y = {"field": "rotation", "type": "ordinal", "sort": None, "title": None,
         "axis": {"ticks": False, "domain": False, "labelPadding": 8}}
    x = {"type": "quantitative", "scale": {"domain": [0, top * 1.08], "nice": False},
         "axis": {"format": ",.0f", "title": "troops deployed", "tickCount": 5}}
    body = {"width": width - (40 if narrow else 0), "height": {"step": 30},
            "layer": [
                {"data": {"values": values_}, "mark": {"type": "bar", "height": 18, "stroke": "white",
                                                       "strokeWidth": 0.8},
                 "encoding": {"y": y, "x": {**x, "field": "troops", "stack": "zero"},
                              "order": {"field": "i", "type": "quantitative"},
                              "color": {"field": "who", "type": "nominal", "title": None,
                                        "scale": {"domain": domain, "range": rng},
                                        "legend": {"columns": 2 if narrow else 4, "orient": "top",
                                                   "direction": "horizontal", "labelLimit": 130 if narrow else 400}},
                              "tooltip": [{"field": "rotation"}, {"field": "who"},
                                          {"field": "troops", "format": ",.0f"}]}},
                {"data": {"values": [{"required": required}]},
                 "mark": {"type": "rule", "color": INK, "strokeDash": [5, 3], "strokeWidth": 1.3},
                 "encoding": {"x": {**x, "field": "required"}}},
                {"data": {"values": [{"required": required, "t": f"required {L.num(required)}"}]},
                 "mark": {"type": "text", "align": "right", "baseline": "bottom", "dx": -4, "dy": -2,
                          "color": MUTED, "fontSize": 10.5},
                 "encoding": {"x": {**x, "field": "required"}, "y": {"value": 0}, "text": {"field": "t"}}},
            ]}
    title = "Rotation: who holds the force in each rotation, by nation"
    per = "; ".join(f"{lab}: " + ", ".join(f"{v['who']} {L.num(v['troops'])}" for v in values_ if v["rotation"] == lab)
                    for lab in dict.fromkeys(v["rotation"] for v in values_))
    return frame("chart-rotation", title, f"{title}. Required {L.num(required)}. {per}.", body,
                 "rotation model over the allocation: a nation keeps its share while its deployable pool (land forces "
                 "x NATO's 40% usability target, less eastern-flank earmarks) covers deployed x rotation multiplier; "
                 f"{W.rotation_summary(r)}.", width,
                 f"troops deployed at the start of each {step}-month rotation (R1, R2, …); dashed: the force required")
