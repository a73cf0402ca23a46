"""The charts of what the force costs and risks, as Vega-Lite specifications: cost by nation, the
eastern flank before and after, incidents by type, and the escalation risk with its ranges.

Pure: a Plan and a width in, a specification (a dict) out; figures read from the plan's records.
"""

from __future__ import annotations

from .. import domain
from ..mandate import INCIDENT_TYPES
from ..vocab import IncidentType
from . import labels as L
from .charts_force import log_axis
from .style import ACCENT, GAP, GREY, INK, MUTED, nation_colours
from .vega import frame, rows_body

#: incident tiers and the late-or-unanswered mark: Okabe-Ito hues, told apart by shape as well
TIERS = {"routine": "#56b4e9", "serious": "#e69f00", "decisive": "#cc79a7"}
LATE = "#d55e00"
BAND = "#e6d3a3"
RED = "#b3261e"


def cost_spec(plan, width: int, narrow: bool = False) -> dict:
    c = plan.cost
    colours = nation_colours(plan)
    rows = [{"label": plan.nations.name(b.nation), "mid": b.per_year / 1e6, "low": b.per_year_range.low / 1e6,
             "high": b.per_year_range.high / 1e6, "colour": colours.get(b.nation, GREY),
             "said": f"EUR {L.num(b.per_year / 1e6)} m ({L.num(b.per_year_range.low / 1e6)}–"
                     f"{L.num(b.per_year_range.high / 1e6)})"}
            for b in sorted(c.by_nation, key=lambda b: -b.per_year)]
    if c.gap_per_year_central:
        g = c.gap_per_year_central / 1e6
        rows.append({"label": "Unfilled (gap), at the median rate", "mid": g, "low": g, "high": g, "colour": "white",
                     "gap": True, "said": f"EUR {L.num(g)} m"})
    top = max([r["high"] for r in rows] + [1])
    x = {"type": "quantitative", "scale": {"domain": [0, top * 1.05], "nice": False},
         "axis": {"format": ",.0f", "title": f"additional cost per year, EUR million ({c.price_year} prices)",
                  "tickCount": 5}}
    layers = [
        {"mark": {"type": "bar", "height": 14}, "encoding": {
            "x": {**x, "field": "mid"}, "color": {"field": "colour", "type": "nominal", "scale": None},
            "stroke": {"condition": {"test": "datum.gap", "value": GAP}, "value": None},
            "strokeDash": {"condition": {"test": "datum.gap", "value": [4, 2]}, "value": [1, 0]}}},
        {"mark": {"type": "rule", "color": INK, "strokeWidth": 1.2},
         "encoding": {"x": {**x, "field": "low"}, "x2": {"field": "high"}}},
    ]
    title = "Cost by nation per year, with ranges"
    body = rows_body(rows, layers, width, narrow)
    said = "; ".join(f"{r['label']} {r['said']}" for r in rows)
    return frame("chart-cost", title, f"{title}. {said}.", body,
                 c.source + ". A nation with past cases of its own uses its own median.", width,
                 "▬ central estimate   ├┤ low–high")


def flank_spec(plan, width: int, narrow: bool = False) -> dict:
    f, y = plan.flank, plan.flank.yardstick
    panels = (("All earmarked forces on the eastern flank", f.before, f.after, False),
              ("Allied forces in the Baltic states", f.baltic.allied_before, f.baltic.allied_after, True))
    views = []
    for title, before, after, yard in panels:
        data = []
        for when, s in (("before the mission", before), ("after", after)):
            data += [{"when": when, "kind": "heavy (armoured, mechanised)", "v": s.heavy, "o": 0},
                     {"when": when, "kind": "other", "v": s.brigades - s.heavy, "o": 1}]
        totals = [{"when": "before the mission", "t": before.brigades}, {"when": "after", "t": after.brigades}]
        top = max(before.brigades, after.brigades, y.brigades if yard else 0) * 1.2 or 1
        yenc = {"type": "quantitative", "scale": {"domain": [0, top], "nice": False},
                "axis": {"title": "brigade-equivalents", "tickCount": 5}}
        xenc = {"field": "when", "type": "nominal", "sort": None, "title": None, "axis": {"labelAngle": 0}}
        layer = [
            {"data": {"values": data}, "mark": {"type": "bar", "width": 38},
             "encoding": {"x": xenc, "y": {**yenc, "field": "v", "stack": "zero"},
                          "order": {"field": "o", "type": "quantitative"},
                          "color": {"field": "kind", "type": "nominal", "title": None,
                                    "scale": {"domain": ["heavy (armoured, mechanised)", "other"],
                                              "range": [ACCENT, "#9fbad6"]}}}},
            {"data": {"values": totals}, "mark": {"type": "text", "baseline": "bottom", "dy": -3, "fontWeight": "bold"},
             "encoding": {"x": xenc, "y": {**yenc, "field": "t"}, "text": {"field": "t", "format": ".1f"}}},
        ]
        if yard:
            marks = [{"v": y.brigades, "t": f"RAND yardstick: {y.brigades:g} brigades", "d": [6, 3]},
                     {"v": y.heavy, "t": f"of them heavy: {y.heavy:g}", "d": [2, 2]}]
            layer += [{"data": {"values": marks}, "mark": {"type": "rule", "color": RED, "strokeWidth": 1.3},
                       "encoding": {"y": {**yenc, "field": "v"}, "strokeDash": {"field": "d", "type": "nominal",
                                                                                "scale": None, "legend": None}}},
                      {"data": {"values": marks}, "mark": {"type": "text", "align": "right", "baseline": "bottom",
                                                           "dy": -2, "color": RED, "fontSize": 10.5},
                       "encoding": {"y": {**yenc, "field": "v"}, "x": {"value": width // 2 - 20 if not narrow
                                                                       else width}, "text": {"field": "t"}}}]
        views.append({"title": {"text": title, "fontSize": 12}, "width": width // 2 - 20 if not narrow else width,
                      "height": 190, "layer": layer})
    state = {"intact": "intact: the mission takes nothing NATO's flank plans count on",
             "already_short": "allied forces short of RAND's yardstick before the mission",
             "weakened": "WEAKENED: the mission takes what NATO's flank plans count on"}[f.verdict.value]
    body = {"vconcat" if narrow else "hconcat": views, "resolve": {"scale": {"y": "independent"}}}
    title = "Eastern flank before and after the mission"
    return frame("chart-flank", title,
                 f"{title} ({state}). All earmarked forces {f.before.brigades:.1f} brigades before, "
                 f"{f.after.brigades:.1f} after; allied forces in the Baltic states {f.baltic.allied_before.brigades:.1f}"
                 f" before, {f.baltic.allied_after.brigades:.1f} after, against RAND's {y.brigades:g}.", body,
                 "data/flank.csv (forward land forces, national brigades); yardstick: RAND, Shlapak & Johnson, "
                 "Reinforcing Deterrence on NATO's Eastern Flank (RR-1253, 2016): about seven brigades, three heavy, "
                 "besides the Baltic states' own forces, to prevent a rapid overrun of the Baltic states.", width,
                 state[0].upper() + state[1:])


def _fmt(x: float) -> str:
    return f"{x:.2f}" if x < 1 else (f"{x:.1f}" if x < 10 else L.num(x))


def incidents_spec(plan, width: int, narrow: bool = False) -> dict:
    i = plan.incidents
    rows, dots = [], []
    for k in (k for k in INCIDENT_TYPES if k in i.by_type):
        t = i.by_type[k].per_year
        bad = t * (i.by_type[k].late + i.by_type[k].unanswered)
        tier = domain.tier(IncidentType(k)).value
        rows.append({"label": L.label(L.INCIDENT, k), "t": t, "b": bad,
                     "said": f"{_fmt(t)} a year; {L.pct(bad / t if t else 0)} late or unanswered"})
        dots.append((t, tier))
    positive = [v for r in rows for v in (r["t"], r["b"]) if v > 0]
    x = log_axis(min(positive, default=0.01), max(positive, default=10),
                 "incidents per year (mean over runs; log scale)", narrow)
    lo = x["scale"]["domain"][0]
    for r, (_t, tier) in zip(rows, dots):
        r["tier"] = tier
        r["t_"] = max(r["t"], lo) if r["t"] > 0 else None
        r["b_"] = max(r["b"], lo) if r["b"] > 0 else None
    what = list(TIERS) + ["late or unanswered"]
    scale = {"color": {"domain": what, "range": list(TIERS.values()) + [LATE]},
             "shape": {"domain": what, "range": ["circle", "circle", "circle", "diamond"]}}

    def enc(field: str, label: str | None) -> dict:
        w = {"field": "tier", "type": "nominal"} if label is None else {"datum": label}
        return {"x": {**x, "field": field},
                "color": {**w, "scale": scale["color"], "title": None},
                "shape": {**w, "scale": scale["shape"], "title": None}}

    layers = [
        {"transform": [{"filter": "datum.t_ != null && datum.b_ != null"}],
         "mark": {"type": "rule", "color": "#c5ccd4", "strokeWidth": 2},
         "encoding": {"x": {**x, "field": "b_"}, "x2": {"field": "t_"}}},
        {"transform": [{"filter": "datum.t_ != null"}], "mark": {"type": "point", "filled": True, "size": 90,
                                                               "opacity": 1}, "encoding": enc("t_", None)},
        {"transform": [{"filter": "datum.b_ != null"}], "mark": {"type": "point", "filled": True, "size": 55,
                                                               "opacity": 1},
         "encoding": enc("b_", "late or unanswered")},
    ]
    title = f"Incidents per year by type, and those the mandate leaves late or unanswered ({i.threat} threat)"
    body = rows_body(rows, layers, width, narrow)
    said = "; ".join(f"{r['label']} {r['said']}" for r in rows)
    return frame("chart-incidents", title, f"{title}. {said}.", body,
                 f"incident Monte Carlo, {L.num(i.runs)} runs of {i.duration_months} months under the mandate "
                 f"'{plan.mandate.title or plan.mandate.name}'; rates from data/incident_rates.csv (OSCE SMM, UNIFIL, ELN; several are "
                 "labelled assumptions, see the appendix).", width,
                 "the large mark: all incidents of the type (colour: its tier); the diamond: those answered late or "
                 "not at all")


def escalation_spec(plan, width: int, narrow: bool = False) -> dict:
    i, r = plan.incidents, plan.risk
    p = i.escalation_probability * 100
    lo, hi = (v * 100 for v in i.escalation_ci95)
    threshold = plan.factors.v("conditions.max_escalation_probability") * 100
    colour = ACCENT if p < threshold else RED
    top = max(hi, r.escalation.high * 100 if r is not None else 0)
    dom = [0, min(100.0, max(50.0, top * 1.15, threshold * 1.4))]
    x = {"type": "quantitative", "scale": {"domain": dom, "nice": False},
         "axis": {"title": (f"chance of major combat in {i.duration_months} months (%)" if narrow else
                            f"probability of escalation to major combat over {i.duration_months} months (%)"),
                  "tickCount": 6}}

    def side(v: float) -> str:
        """Labels run away from the nearer edge, so none leaves the chart."""
        return "left" if v < dom[1] * (0.4 if narrow else 0.7) else ("right" if v > dom[1] * 0.6 else "center")

    layers = []
    if r is not None:
        a_lo, a_hi = r.escalation.low * 100, r.escalation.high * 100
        layers += [{"data": {"values": [{"a": a_lo, "b": a_hi}]}, "mark": {"type": "bar", "height": 22, "color": BAND},
                    "encoding": {"x": {**x, "field": "a"}, "x2": {"field": "b"}}},
                   {"data": {"values": [{"a": a_lo, "t": f"assumptions' 80% range {a_lo:.0f}–{a_hi:.0f}%"}]},
                    "mark": {"type": "text", "align": "left", "baseline": "top", "dy": 16, "color": MUTED,
                             "fontSize": 10.5}, "encoding": {"x": {**x, "field": "a"}, "text": {"field": "t"}}}]
    point = {"p": p, "lo": lo, "hi": hi, "t": f"{p:.1f}%  (95% interval {lo:.1f}–{hi:.1f}%)"}
    layers += [
        {"data": {"values": [point]}, "mark": {"type": "rule", "color": colour, "strokeWidth": 2},
         "encoding": {"x": {**x, "field": "lo"}, "x2": {"field": "hi"}}},
        {"data": {"values": [point]}, "mark": {"type": "circle", "size": 90, "color": colour, "opacity": 1},
         "encoding": {"x": {**x, "field": "p"}}},
        {"data": {"values": [point]}, "mark": {"type": "text", "baseline": "bottom", "dy": -14, "fontWeight": "bold",
                                               "color": colour, "fontSize": 11.5, "align": side(p)},
         "encoding": {"x": {**x, "field": "p"}, "text": {"field": "t"}}},
        {"data": {"values": [{"v": threshold, "t": f"threshold {threshold:g}%"}]},
         "mark": {"type": "rule", "color": INK, "strokeDash": [5, 3], "strokeWidth": 1.2},
         "encoding": {"x": {**x, "field": "v"}, "y": {"value": 0}, "y2": {"value": 80}}},
        {"data": {"values": [{"v": threshold, "t": f"threshold {threshold:g}% (assumption)"}]},
         "mark": {"type": "text", "align": side(threshold), "baseline": "top", "dx": 4 if side(threshold) == "left" else -4,
                  "dy": 2, "color": MUTED, "fontSize": 10.5},
         "encoding": {"x": {**x, "field": "v"}, "y": {"value": 0}, "text": {"field": "t"}}},
    ]
    body = {"width": width + (0 if narrow else 200), "height": 80,
            "encoding": {"y": {"value": 40}}, "layer": layers}
    backstop = L.label(L.BACKSTOP, i.us_backstop)
    title = f"Escalation risk with the US backstop at {backstop}, under the mandate '{plan.mandate.title or plan.mandate.name}'"
    desc = (f"{title}: {p:.1f}% (95% interval {lo:.1f}–{hi:.1f}%) against a threshold of {threshold:g}%"
            + (f"; across the assumptions {r.escalation.low * 100:.0f}–{r.escalation.high * 100:.0f}%." if r else "."))
    return frame("chart-escalation", title, desc, body,
                 f"incident Monte Carlo, {L.num(i.runs)} runs; the 95% interval reflects sampling only"
                 + ("; the band: 80% of joint draws of every escalation parameter and incident rate between its low "
                    "and high (labelled assumptions, data/escalation.csv)." if r is not None else
                    ", not the uncertainty of the escalation parameters (labelled assumptions, data/escalation.csv)."),
                 width, "● central estimate with its 95% sampling interval" +
                 ("   ▬ the assumptions' 80% range" if r is not None else "") + "   ┆ threshold")
