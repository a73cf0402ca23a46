"""The report's content for the decision sections: the cost of the whole force, the eastern flank, the
mandate, the incidents and the board (with what would change it). Plain data, as content.py: both
templates render it.
"""

from __future__ import annotations

from typing import Any

from .. import catalog, domain
from ..mandate import AUTHORITIES, INCIDENT_TYPES, RESPONSES
from ..vocab import Check, Constraint
from . import labels as L
from . import wording as W
from .labels import eur, num, pct
from .wording import OUT_CONSTRAINTS


COST_KINDS = {"troops": "Troops (ground units, helicopters, fighter crews)", "hq_staff": "HQ staff",
              "air_detachments": "Fighter detachments' flying", "ships": "Ships (by the ship-day, crews included)"}
ONE_OFFS = {"deployment": "Deployment and recovery (every troop, once)",
            "infrastructure": "Infrastructure (troops inside the host country, once; up to a permanent base)"}


def _cases() -> dict[str, list[str]]:
    """The per-troop cases cost.py prices from (data/costs.csv's nation_additional rows), named as the
    table names them for a reader (its `mission` column: the nation, the mission and the year; a planned
    case says so), by nation: {'DE': ['Germany in KFOR (Kosovo), 2017', ...]}."""
    rows = catalog.costs()
    out: dict[str, list[str]] = {}
    for r in rows[rows["kind"] == "nation_additional"].to_dict("records"):
        out.setdefault(str(r["nation"]), []).append(str(r["mission"]))
    return out


def cost_source(plan) -> str:
    """Where the cost per troop-year comes from, in words: the cases and the percentiles (the cost
    section's note; the cost chart's caption says the same through cost.py's source line)."""
    by = _cases()
    cases = [x for v in by.values() for x in v]
    planned = sum("planned" in x for x in cases)
    pct_ = [f"{plan.factors.v(f'cost.percentile.{k}'):g}" for k in ("low", "central", "high")]
    kinds = f"{len(cases) - planned} past and {planned} planned" if planned else f"{len(cases)} past"
    return (f"nations' published additional costs of {len(cases)} deployments, {kinds}, in euros at "
            f"{plan.cost.price_year} prices: {'; '.join(cases)}. The range is their {pct_[0]}th to {pct_[2]}th "
            f"percentile, the central rate their {'median' if pct_[1] == '50' else pct_[1] + 'th percentile'}")


def _basis(b, c) -> str:
    """Which rate a nation's cost rests on. Where its own cases' median is also the median of all cases
    (France: its three cases 90,600, 207,500 and 240,300 a troop-year; OPEX 2015's 207,500 is the middle
    one of its own and of all nine), say so, so a reader does not take it for the default rate."""
    if b.rate != "national":
        return "all cases (median)"
    own = _cases().get(b.nation, [])
    planned = sum("planned" in x for x in own)
    text = (f"its own {len(own)} deployments ({len(own) - planned} past, {planned} planned; median)" if planned
            else f"its own {len(own)} past deployments (median)")
    if round(b.per_troop_year) == round(c.per_troop_year.central):
        text += f"; the same as the median of all cases, {eur(c.per_troop_year.central)}: one case is the middle of both"
    return text


def cost(plan) -> dict[str, Any]:
    c = plan.cost
    rows = [{"code": b.nation, "name": plan.nations.name(b.nation), "per_year": eur(b.per_year),
             "low": eur(b.per_year_range.low), "high": eur(b.per_year_range.high),
             "total": eur(b.per_year * c.years), "rate": eur(b.per_troop_year), "basis": _basis(b, c)}
            for b in c.by_nation]
    lo, mid, hi = c.per_troop_year.low, c.per_troop_year.central, c.per_troop_year.high

    def row(r) -> dict[str, str]:
        return {"per_year": eur(r.central), "low": eur(r.low), "high": eur(r.high), "total": eur(r.central * c.years)}

    return {
        "per_year": {k: eur(v) for k, v in c.per_year.to_dict().items()},
        "total": {k: eur(v) for k, v in c.total.to_dict().items()},
        "one_off": {k: eur(v) for k, v in c.one_off.to_dict().items()},
        "sourced": eur(c.sourced_per_year.central), "gap": eur(c.gap_per_year.central) if c.gap_per_year.central else "",
        "years": W.years(plan.rotation.duration_months), "rows": rows, "price_year": str(c.price_year),
        "total_row": row(c.sourced_per_year), "gap_row": row(c.gap_per_year) if c.gap_per_year.central else None,
        "whole_row": row(c.per_year),
        "kinds": [{"kind": COST_KINDS[k.kind], "sourced": eur(k.sourced.central), "gap": eur(k.gap.central),
                   "range": f"{eur((k.sourced + k.gap).low)}–{eur((k.sourced + k.gap).high)}"} for k in c.by_kind],
        "one_offs": [{"item": ONE_OFFS[o.item], "troops": num(o.troops), "per_troop": eur(o.per_troop.central),
                      "total": eur(o.total.central), "range": f"{eur(o.total.low)}–{eur(o.total.high)}"} for o in c.one_offs],
        "gap_per_year": eur(c.gap_per_year_central) if c.gap_per_year_central else "",
        "rate": f"{eur(mid)} per troop-year (range {eur(lo)}–{eur(hi)})", "source": cost_source(plan),
    }


def flank(plan) -> dict[str, Any]:
    f = plan.flank
    y, b = f.yardstick, f.baltic
    rows = [{"code": r.nation, "name": L.nation_name(r.nation, plan),
             "hosts": ", ".join(L.nation_name(h, plan) for h in r.hosts), "before": f"{r.before.brigades:.2f}",
             "after": f"{r.after.brigades:.2f}", "troops": num(r.before.troops),
             "drawn": num(f.drawn_by(r.nation)), "drawn_value": f.drawn_by(r.nation)} for r in f.by_nation]
    verdict = {"intact": "intact", "already_short": "already short before the mission", "weakened": "weakened"}
    return {
        "summary": L.humanize(W.flank_summary(f, plan)), "intact": f.intact, "verdict": f.verdict.value,
        "verdict_text": verdict[f.verdict.value], "policy": f.policy.value,
        "draws": [W.flank_draw(d, plan) for d in f.draws],
        "before": f"{f.before.brigades:.1f}", "after": f"{f.after.brigades:.1f}",
        "heavy_before": f"{f.before.heavy:.1f}", "heavy_after": f"{f.after.heavy:.1f}",
        "allied_before": f"{b.allied_before.brigades:.1f}", "allied_after": f"{b.allied_after.brigades:.1f}",
        "allied_heavy_before": f"{b.allied_before.heavy:.1f}", "allied_heavy_after": f"{b.allied_after.heavy:.1f}",
        "allied_troops": num(b.allied_before.troops), "national": f"{b.national.brigades:.1f}",
        "yardstick": f"{y.brigades:g} brigades, {y.heavy:g} of them heavy", "yardstick_source": y.source,
        "meets_before": y.met_before, "meets_after": y.met_after, "rows": rows,
        "air": f"Baltic Air Policing keeps {f.air_policing.needed:g} fighter detachments on duty; the nations can "
               f"sustain {f.air_policing.detachments:g}, the mission keeps {f.air_policing.mission:g}",
        "policy_text": ("forces earmarked for the eastern flank are not offered to the mission"
                        if f.policy == "protect" else
                        "the mission may draw on forces earmarked for the eastern flank")
                       + " (the corps HQs and air-policing detachments NATO's plans count on are counted as drawn under "
                         "either policy)",
    }


def mandate(plan) -> dict[str, Any]:
    m, chk = plan.mandate, plan.mandate_check
    spec = domain.incident_types()
    by_incident: dict[str, list[dict[str, str]]] = {}
    general = []
    for f in chk.findings:
        item = {"kind": L.label(L.FINDING, f.kind.value), "detail": W.finding(f, plan), "serious": f.serious}
        if f.incident:
            by_incident.setdefault(f.incident, []).append(item)
        else:
            general.append(item)
    rows = []
    for kind in INCIDENT_TYPES:
        rule = m.incidents.get(kind)
        cells = []
        for rung in RESPONSES:
            mark = ""
            if rule is not None and rule.response == rung:
                mark = "response"
            if rule is not None and rule.if_repeated == rung:
                mark = "both" if mark else "repeat"
            cells.append(mark)
        off_ladder = []
        if rule is not None and rule.response and not rule.response_on_ladder:
            off_ladder.append(f"response in words: “{rule.response}”")
        if rule is not None and rule.if_repeated and rule.if_repeated not in RESPONSES:
            off_ladder.append(f"if repeated in words: “{rule.if_repeated}”")
        authority = "" if rule is None else (L.label(L.AUTHORITY, rule.authority) if rule.authority in AUTHORITIES
                                             else (f"“{rule.authority}”" if rule.authority else ""))
        delay = "" if rule is None or rule.max_delay_minutes is None else _minutes(rule.max_delay_minutes)
        findings = by_incident.get(kind, [])
        rows.append({
            "kind": kind, "label": L.label(L.INCIDENT, kind), "grey": spec[kind].grey_zone, "fast": spec[kind].fast,
            "cells": cells, "authority": authority or "—", "delay": delay or "—",
            "clarity": f"{chk.clarity.get(kind, 0):.2f}", "clarity_value": chk.clarity.get(kind, 0),
            "missing": rule is None, "off_ladder": off_ladder, "note": (rule.note if rule is not None else "") or "",
            "findings": findings, "trigger": kind in m.backstop_trigger,
        })
    caveats = [{"code": c, "name": L.nation_name(c, plan), "forbid": ", ".join(L.label(L.RESPONSE, r) for r in v.forbid) or "–",
                "authority": L.label(L.AUTHORITY, v.authority) if v.authority else "–", "note": v.note or ""}
               for c, v in m.caveats.items()]
    return {
        "name": m.name, "title": m.title, "legal_basis": L.label(L.LEGAL_BASIS, m.legal_basis) if m.legal_basis else "not stated",
        "self_defence": m.self_defence, "threshold": f"{chk.threshold:.2f}", "score": f"{chk.score:.2f}", "is_clear": chk.clear,
        "rungs": [(r, L.label(L.RESPONSE, r)) for r in RESPONSES], "rows": rows, "general": general,
        "caveats": caveats, "trigger": ", ".join(L.label(L.INCIDENT, t) for t in m.backstop_trigger) or "none",
        "n_findings": len(chk.findings), "serious": sum(1 for f in chk.findings if f.serious),
    }


def _minutes(x: float) -> str:
    if x >= 1440 and x % 1440 == 0:
        days = int(x // 1440)
        return f"{days} day{'s' if days > 1 else ''}"
    if x >= 60 and x % 60 == 0:
        return f"{int(x // 60)} h"
    return f"{x:g} min"


def incidents(plan) -> dict[str, Any]:
    i = plan.incidents
    spec = domain.incident_types()
    rows = []
    for kind in INCIDENT_TYPES:
        bt = i.by_type.get(kind)
        if bt is None:
            continue
        per_year = bt.per_year
        bad = bt.late + bt.unanswered
        rows.append({"kind": kind, "label": L.label(L.INCIDENT, kind), "per_year": _per_year(per_year),
                     "clear_share": pct(bt.clear), "late": pct(bt.late), "unanswered": pct(bt.unanswered),
                     "bad_per_year": _per_year(per_year * bad), "bad": bad, "grey": spec[kind].grey_zone,
                     "met": _times(bt.met),
                     "trigger": bt.backstop_trigger})
    lo, hi = i.escalation_ci95
    threshold = plan.factors.v("conditions.max_escalation_probability")
    return {
        "rows": rows, "total": num(i.total_per_year), "posture": W.posture_summary(plan.posture, i, plan),
        "clear_share": pct(i.answered_clearly_share),
        "late": pct(i.late_share), "unanswered": pct(i.unanswered_share),
        "p": pct(i.escalation_probability), "lo": pct(lo), "hi": pct(hi), "threshold": pct(threshold),
        "below": i.escalation_probability < threshold,
        # the board's judgement (on the assumptions' range when computed): below, borderline or above
        "state": plan.conditions.coalition.checks[Check.ESCALATION_RISK].state.value,
        "median_months": (f"{i.escalation.median_months_to_escalation:g}"
                          if i.escalation.median_months_to_escalation is not None else "–"),
        "runs": num(i.runs), "seed": str(i.seed), "months": str(i.duration_months),
        # the conditions the runs assume, in words
        "setting": (f"at {L.label(L.THREAT, i.threat.value)} threat, under the {i.mandate} mandate, with American "
                    f"support of {L.label(L.BACKSTOP, i.us_backstop.value)}"),
        "risk": L.humanize(W.risk_summary(plan.risk)) if plan.risk is not None else "",
        "risk_source": plan.risk.source if plan.risk is not None else "",
    }


def _times(x: float) -> str:
    """A multiple of the tabled rate: '×2.4', '×0.05', '×0'."""
    if x == 0:
        return "×0"
    if x < 0.001:
        return "<×0.001"
    return f"×{x:.2g}" if x < 1 else f"×{x:.2f}".rstrip("0").rstrip(".")


def _per_year(x: float) -> str:
    if x == 0:
        return "0"
    if x < 0.1:
        return f"{x:.2g}"  # two significant digits: 0.0023 a year is not "0.00"
    if x < 1:
        return f"{x:.2f}"
    if x < 10:
        return f"{x:.1f}"
    return num(x)


def conditions(plan) -> dict[str, Any]:
    board = plan.conditions
    checks = list(next(iter(board.nations.values())).checks) if board.nations else []
    detail = {code: {k: W.check(c, plan) for k, c in n.checks.items()} for code, n in board.nations.items()}
    # checks whose wording is the same for every nation are coalition facts: said once, above the table
    shared = [k for k in checks if len({d[k] for d in detail.values()}) == 1]
    # a nation force generation never asked (stance, no capacity): say why, unless a board check says it
    not_asked = {b.nation: L.humanize(W.binding(b, plan).split(": ", 1)[-1]) for b in plan.allocation.binding
                 if b.constraint in OUT_CONSTRAINTS and b.constraint not in (Constraint.US_BACKSTOP, Constraint.UN_MANDATE)
                 and b.nation}
    rows = []
    for code, n in sorted(board.nations.items(), key=lambda kv: (-kv[1].troops, kv[0])):
        cells = [{"check": k.value, "ok": n.checks[k].ok, "state": n.checks[k].state.value, "detail": detail[code][k]}
                 for k in checks]
        fails = [f"{L.label(L.CHECK, k.value)}: {L.humanize(detail[code][k])}" for k in n.failed if k not in shared]
        opened = [f"{L.label(L.CHECK, k.value)}: {L.humanize(detail[code][k])}" for k in n.open_items if k not in shared]
        note = f"Not asked: {not_asked[code]}" if code in not_asked else ""
        rows.append({"note": note, "code": code, "name": plan.nations.name(code), "stance": L.label(L.STANCE, n.stance.value),
                     "troops": num(n.troops),
                     "go": n.go, "verdict": n.verdict.value, "verdict_text": L.label(L.VERDICT, n.verdict.value).lower(),
                     "verdict_class": L.VERDICT_CLASS[n.verdict.value], "cells": cells, "fails": fails,
                     "open": [] if n.verdict.value == "not_asked" else opened})
    coalition = [{"check": k.value, "label": L.label(L.CHECK, k.value), "ok": v.ok, "state": v.state.value,
                  "detail": L.humanize(W.check(v, plan))} for k, v in board.coalition.checks.items()]
    first = next(iter(board.nations.values()), None)
    shared_rows = [{"label": L.label(L.CHECK, k.value), "detail": next(iter(detail.values()))[k], "ok": first.checks[k].ok,
                    "state": first.checks[k].state.value} for k in shared]
    what_if = [{"who": plan.nations.name(code) if code else "Coalition", "text": L.humanize(text)}
               for code, text in W.what_if_rows(plan)]
    return {"what_if": what_if, "go": board.coalition.go, "verdict": L.label(L.VERDICT, board.coalition.verdict.value),
            "verdict_class": L.VERDICT_CLASS[board.coalition.verdict.value], "coalition": coalition,
            "checks": [(k.value, L.label(L.CHECK, k.value)) for k in checks], "rows": rows, "shared": shared_rows}
