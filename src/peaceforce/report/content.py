"""What the report says, as plain data: the HTML and the Markdown render the same content from here.

Pure: a Plan in, dicts and lists of display strings out. Keeping the wording in one place is what
makes the two formats say the same thing, and lets the tests check the content once.
"""

from __future__ import annotations

from typing import Any

from .. import domain
from ..eligibility import EXCLUSIONS
from ..mandate import AUTHORITIES, INCIDENT_TYPES, RESPONSES
from ..vocab import Capability, Check, Constraint, Provider
from . import labels as L
from . import wording as W
from .labels import num, pct, eur

#: the report's sections in order: (id, heading); tests and both templates use this list
SECTIONS = (
    ("summary", "Summary"),
    ("requirement", "Requirement by sector and capability"),
    ("allocation", "Allocation by nation"),
    ("gaps", "Gaps and who could close them"),
    ("map", "Map of the theatre"),
    ("rotation", "Rotation over time"),
    ("cost", "Cost"),
    ("flank", "Eastern flank before and after"),
    ("mandate", "Mandate matrix"),
    ("incidents", "Incident simulation"),
    ("conditions", "Conditions board"),
    ("appendix", "Appendix: assumptions and sources"),
)

#: constraints that keep a nation out of the allocation altogether: not asked, or asked with no room
OUT_CONSTRAINTS = EXCLUSIONS + (Constraint.NO_CAPACITY, Constraint.MIN_CONTRIBUTION)

GLOSSARY = (
    ("Troops deployed", "soldiers in theatre at any one time."),
    ("Force pool", "soldiers a nation must hold to keep its deployed troops up over the mission: deployed "
                   "x rotation multiplier (one unit deployed, one preparing, one recovering gives 3)."),
    ("Formations", "the whole units nations send (a company of about 150, a battlegroup of about 1,100, a "
                   "fighter detachment, a minehunter); every task is staffed in them from the start, with the "
                   "smallest formation that covers it, so the force in formations is the one figure of the plan."),
    ("Force option", "light, medium or heavy: the same role staffed at three levels of its tasks, as think tanks "
                     "present force options (IISS, 2025: a brigade, a division, a corps)."),
    ("Range (low-high)", "the 10th and 90th percentile of a Monte Carlo over every planning factor's range and "
                         "every formation's strength at once (2,000 seeded draws); the central figure uses every "
                         "factor's central value."),
    ("Fair share", "a nation's share of the eligible nations' GDP (or population, or NATO cost share, as the "
                   "scenario sets); the allocation spreads troops in proportion to it once the requirement is met."),
    ("US backstop", "what the United States commits behind the force, on a ladder: none, intelligence, "
                    "enablers, air power, full. A nation may make its contribution conditional on a level."),
    ("Sector lead", "the nation with the most combat battalions in a sector."),
    ("Eastern flank", "NATO forces earmarked for the defence of members bordering Russia and Belarus "
                      "(forward-presence battlegroups, national brigades). Counted in brigade-equivalents."),
    ("Brigade-equivalent", "about 3,000-5,000 troops with their support; heavy = armoured or mechanised."),
    ("Grey zone", "incidents below an armed attack (probes, harassment, drone overflights, jamming) where "
                  "soldiers most need an explicit rule on what they may do."),
    ("Escalation", "a run of the incident simulation ends in major combat when escalation steps accumulate "
                   "faster than they fade; the share of runs that do is the escalation probability."),
    ("ISR", "intelligence, surveillance and reconnaissance."),
)


def _n(x: float) -> str:
    return num(x)


def _range(r: Any) -> dict[str, str]:
    get = (lambda k: r[k]) if isinstance(r, dict) else (lambda k: getattr(r, k))
    return {"low": _n(get("low")), "central": _n(get("central")), "high": _n(get("high"))}


# ---------------------------------------------------------------- sections

def scenario_facts(plan) -> list[tuple[str, str]]:
    s = plan.scenario
    leads = ", ".join(f"{c} {plan.nations.name(c)}" for c in s.coalition.lead)
    inc = s.coalition.include if isinstance(s.coalition.include, str) else ", ".join(s.coalition.include)
    return [
        ("Theatre", plan.theatre.title or plan.theatre.name),
        ("Role", s.role.value),
        ("Threat", s.threat.value),
        ("Host army (Ukraine)", num(plan.requirement.host_army)),
        ("US backstop", f"{s.us_backstop.value}: {L.label(L.BACKSTOP, s.us_backstop)}"),
        ("Duration", f"{W.years(s.duration_months)}, {s.rotation_months}-month rotations"),
        ("Lead nations", leads),
        ("Nations asked", f"{inc}" + (f", excluding {', '.join(s.coalition.exclude)}" if s.coalition.exclude else "")),
        ("Fair share by", L.label(L.FAIR_KEY, s.coalition.fair_share)),
        ("Eastern flank", s.coalition.eastern_flank.value),
        ("Mandate", f"{plan.mandate.name}" + (f": {plan.mandate.title}" if plan.mandate.title else "")),
        ("Parliaments", ", ".join(f"{k} {v.value}" for k, v in sorted(s.parliament.items())) or "none recorded"),
    ]


def _reason(key: Check, check, plan) -> str:
    text = f"{L.check_said(key.value, check.state.value).capitalize()}: {L.humanize(W.check(check, plan))}"
    if key == Check.LEADS_GO:
        why = []
        for code in plan.scenario.coalition.lead:
            n = plan.conditions.nations.get(code)
            if n is None:
                why.append(f"{code} is not on the board (not eligible)")
                continue
            fails = [L.check_said(k.value, v.state.value) for k, v in n.checks.items() if not v.ok]
            if fails:
                why.append(f"{code}: {', '.join(fails)}")
        if why:
            text += " (" + "; ".join(why) + ")"
    return text


def summary(plan) -> dict[str, Any]:
    req, a, c = plan.requirement, plan.allocation, plan.cost
    d, pool = req.deployed, plan.rotation.force_pool
    coalition = [n for n in a.nations if n.troops_deployed > 0]
    board = plan.conditions
    others = {k: v for k, v in req.by_provider.items() if k != Provider.COALITION and v.central > 0}
    esc = plan.incidents
    lo, hi = esc.escalation_ci95
    go_nations = [code for code, n in board.nations.items() if n.go]
    figures = [
        ("The force (deployed, whole formations)", num(d.central),
         f"range {num(d.low)}–{num(d.high)}; coalition only"),
        ("Sourced from nations", f"{num(a.allocated_troops)} of {num(a.required_troops)}",
         f"sourced of required; {pct(a.filled_share)} filled"),
        ("Force pool", num(pool.central),
         f"range {num(pool.low)}–{num(pool.high)}; the nations' pools plus the gaps', rotation multiplier "
         f"{plan.rotation.default_multiplier.central:g} unless a nation's own"),
        ("Coalition", f"{len(coalition)} nations",
         ", ".join(f"{n.nation} {num(n.troops_deployed)}" for n in coalition)),
        ("Cost per year", eur(c.per_year.central),
         f"the whole requirement, range {eur(c.per_year.low)}–{eur(c.per_year.high)}; plus {eur(c.one_off.central)} "
         f"once; EUR {c.price_year} prices"),
        ("Escalation to major combat", pct(esc.escalation_probability),
         f"95% CI {pct(lo)}–{pct(hi)} over {esc.duration_months} months"),
    ]
    if others:
        what = {Provider.US: "US", Provider.HOST: "host nation"}
        caps = {k: sorted({L.CAPABILITY_SHORT.get(ln.capability, ln.capability) for ln in req.lines if ln.provider == k})
                for k in others}
        figures.insert(3, ("Provided by others", num(sum(v.central for v in others.values())), "; ".join(
            f"{what.get(k, k)} {num(v.central)} ({', '.join(caps[k])})" for k, v in others.items())
            + " — not on the coalition's bill"))
    reasons = [_reason(k, board.coalition.checks[k], plan) for k in board.coalition.failed]
    open_items = [_reason(k, board.coalition.checks[k], plan) for k in board.coalition.open_items]
    return {
        "go": bool(board.coalition.go),
        "verdict": L.label(L.VERDICT, board.coalition.verdict.value),
        "verdict_class": L.VERDICT_CLASS[board.coalition.verdict.value],
        "reasons": reasons, "open": open_items,
        "figures": figures,
        "go_nations": go_nations,
        "facts": scenario_facts(plan),
        "units_note": (
            f"The force is {num(d.central)} troops in whole formations, task by task, in the "
            f"{req.option.value} option; nations have offered {num(a.allocated_troops)} of them. Ranges: the 10th and "
            f"90th percentile of {num(req.draws)} Monte Carlo draws over every planning factor and formation strength."),
    }


def _options(plan) -> list[dict[str, Any]]:
    out = []
    for opt, r in plan.options().items():
        d = r.deployed
        tasks = sorted({ln.task.replace("_", " ") for ln in r.coalition_lines()})
        out.append({"option": opt.value, "current": opt == plan.requirement.option, "central": num(d.central),
                    "low": num(d.low), "high": num(d.high), "tasks": ", ".join(tasks)})
    return out


def _sector_rows(plan) -> list[dict[str, Any]]:
    """Line sectors the role covers and the hubs it holds, with what the coalition puts there."""
    from ..tasks import distances_to_line

    req, th = plan.requirement, plan.theatre
    own = [ln for ln in req.lines if ln.provider == Provider.COALITION]
    dist = dict(zip((h.id for h in th.hubs), distances_to_line(th.hubs, th)))
    rows = []

    def add(place_id: str, name: str, kind: str, km: str, covered) -> None:
        mine = [ln for ln in own if ln.sector == place_id]
        if not mine and covered is None:
            return
        rows.append({"id": place_id, "name": name, "kind": kind, "km": km, "covered": covered,
                     "lead": plan.allocation.sector_leads.get(place_id, ""),
                     "low": num(sum(ln.troops.low for ln in mine)), "central": num(sum(ln.troops.central for ln in mine)),
                     "high": num(sum(ln.troops.high for ln in mine)), "units": num(sum(ln.units.central for ln in mine))})

    for s in th.sectors:
        if any(ln.sector == s.id for ln in own):
            add(s.id, s.name, L.label(L.SECTOR_KIND, s.kind), num(s.length_km), True)
    for h in th.hubs:
        d = dist.get(h.id)
        add(h.id, h.name, f"hub: {h.kind.value.replace('_', ' ')}" + (f", {num(d)} km from hostile ground" if d else ""),
            "–", None)
    add("theatre", "Theatre-wide (headquarters, enablers, training, air, sea)", "–", "–", None)
    return rows


def requirement(plan) -> dict[str, Any]:
    req = plan.requirement
    lines = req.lines
    by_cap = []
    for cap in Capability:
        own = [ln for ln in lines if ln.capability == cap and ln.provider == Provider.COALITION]
        other = [ln for ln in lines if ln.capability == cap and ln.provider != Provider.COALITION]
        if not own and not other:
            continue
        units = sum(ln.units.central for ln in own)
        kinds = list(dict.fromkeys(ln.unit_type for ln in (own or other)))
        unit_type = ", ".join(L.UNIT_TYPE_EN.get(k, k) for k in kinds)
        by_cap.append({
            "capability": cap.value, "label": L.capability(cap.value),
            "units": num(units), "units_low": num(sum(ln.units.low for ln in own)),
            "units_high": num(sum(ln.units.high for ln in own)), "unit_type": unit_type,
            "low": num(sum(ln.troops.low for ln in own)), "central": num(sum(ln.troops.central for ln in own)),
            "high": num(sum(ln.troops.high for ln in own)),
            "whole": num(sum(ln.units.central * ln.unit_size for ln in own)),
            "others": ", ".join(f"{'US' if ln.provider == Provider.US else 'host'} {num(ln.troops.central)}" for ln in other),
        })
    own_all = [ln for ln in lines if ln.provider == Provider.COALITION]
    # no unit total: a brigade and a Role 2 facility are not two of anything
    total = {"label": "Total", "units": "–", "units_low": "–", "units_high": "–",
             "low": num(req.deployed.low), "central": num(req.deployed.central), "high": num(req.deployed.high),
             "whole": num(sum(ln.units.central * ln.unit_size for ln in own_all)),
             "others": ", ".join(f"{'US' if k == Provider.US else 'host'} {num(v.central)}"
                                 for k, v in req.by_provider.items() if k != Provider.COALITION and v.central)}
    by_sector = _sector_rows(plan)
    traces = [{"sector": L.sector_name(plan, ln.sector), "capability": L.CAPABILITY_SHORT.get(ln.capability.value, ln.capability.value),
               "provider": ln.provider.value, "trace": ln.trace} for ln in lines]
    mult = plan.rotation.default_multiplier
    return {
        "deployed": _range(req.deployed), "pool": _range(plan.rotation.force_pool),
        "multiplier": f"{mult.central:g} (range {mult.low:g}–{mult.high:g})",
        "host_factor": f"{req.host_factor:g}",
        "by_capability": by_cap, "total": total, "by_sector": by_sector, "traces": traces, "notes": list(req.notes),
        "option": req.option.value, "options": _options(plan), "draws": num(req.draws), "median": num(req.deployed_median),
        "drivers": [{"key": d.key, "share": pct(d.share)} for d in req.drivers],
        "basis": list(req.basis),
    }


def allocation(plan) -> dict[str, Any]:
    a = plan.allocation
    rows = []
    for n in a.nations:
        if n.troops_deployed <= 0 and not n.eligible:
            continue
        units = L.formations(n)
        sectors = [{"name": L.sector_name(plan, s), "lead": a.sector_leads.get(s) == n.nation} for s in n.sectors]
        fair_troops = n.fair_share * a.allocated_troops
        diff = (n.share - n.fair_share) * 100
        versus = "–" if n.fair_share == 0 and n.share == 0 else (
            f"{'+' if diff >= 0 else '−'}{abs(diff):.0f} pts" if abs(diff) >= 0.95 else
            f"{'+' if diff >= 0 else '−'}{abs(diff):.1f} pts")
        rows.append({
            "code": n.nation, "name": n.name, "stance": n.stance.value, "lead": n.lead,
            "troops": num(n.troops_deployed), "troops_value": n.troops_deployed,
            "pool": num(n.force_pool), "share": pct(n.share), "fair_share": pct(n.fair_share),
            "fair_troops": num(fair_troops), "versus": versus,
            "units": units or "–", "sectors": sectors,
            "sectors_text": ", ".join(x["name"] + (" (lead)" if x["lead"] else "") for x in sectors) or "–",
        })
    out = []
    for b in a.binding:
        if b.constraint in OUT_CONSTRAINTS and b.nation:
            detail = W.binding(b, plan).split(": ", 1)[-1]
            out.append({"code": b.nation, "name": plan.nations.name(b.nation),
                        "constraint": L.humanize(b.constraint.value).replace("_", " "), "detail": L.humanize(detail)})
    other_binding = [L.humanize(W.binding(b, plan)) for b in a.binding
                     if b.constraint not in OUT_CONSTRAINTS + (Constraint.GAP,)]
    return {
        "rows": rows, "out": out, "binding": other_binding, "burden": L.humanize(W.burden(a)),
        "required": num(a.required_troops), "allocated": num(a.allocated_troops), "filled": pct(a.filled_share),
        "fair_key": L.label(L.FAIR_KEY, plan.scenario.coalition.fair_share),
        "solver": f"{a.solver.status}, {a.solver.seconds:.2f} s",
        "leads": [{"sector": L.sector_name(plan, s), "lead": c} for s, c in a.sector_leads.items()],
    }


def gaps(plan) -> list[dict[str, Any]]:
    out = []
    for g in plan.allocation.gaps:
        closes = [{"code": c.nation, "name": plan.nations.name(c.nation), "units": c.units,
                   "why_not": L.humanize(W.obstacles(c, plan)), "share_after": pct(c.share_after),
                   "fair_share": pct(c.fair_share)} for c in g.closes]
        unit_type = g.unit_type
        out.append({"sector": L.sector_name(plan, g.sector), "capability": L.capability(g.capability.value),
                    "units": g.units, "unit_type": L.plural(L.UNIT_TYPE_EN.get(unit_type, unit_type), g.units),
                    "troops": num(g.troops), "troops_value": g.troops, "closes": closes,
                    "who": ", ".join(c["code"] for c in closes[:4]) + (" …" if len(closes) > 4 else "") or "nobody"})
    return out


def rotation(plan) -> dict[str, Any]:
    r, s = plan.rotation, plan.scenario
    periods: list[dict[str, Any]] = []
    for k in range(1, r.rotations + 1):
        months = [m for m in r.months if m.rotation == k]
        if not months:
            continue
        low = min(months, key=lambda m: m.deployed)
        row = {"first": k, "last": k, "from": months[0].month, "to": months[-1].month,
               "deployed": num(low.deployed), "gap": num(max(m.gap for m in months)),
               "by_nation": ", ".join(f"{c} {num(v)}" for c, v in low.by_nation.items() if v)}
        prev = periods[-1] if periods else None
        if prev and all(prev[x] == row[x] for x in ("deployed", "gap", "by_nation")):
            prev["last"], prev["to"] = k, row["to"]  # same force as the rotation before: one row
        else:
            periods.append(row)
    for p in periods:
        p["rotation"] = f"R{p['first']}" + (f"–R{p['last']}" if p["last"] != p["first"] else "")
        p["months"] = f"{p['from']}–{p['to']}"
    why = {u.nation: W.unsustainable(u, plan.factors.v("capacity.deployable_share"), r.protect_flank)
           for u in r.unsustainable}
    nations = [{"code": n.nation, "troops": num(n.troops), "ground": num(n.ground),
                "multiplier": f"{n.multiplier:g}", "pool_needed": num(n.pool_needed), "force_pool": num(n.force_pool),
                "pool": num(n.deployable_pool),
                "until": "whole mission" if n.sustainable_until is None else f"month {n.sustainable_until}",
                "ok": n.sustainable_until is None, "reason": why.get(n.nation, "")} for n in r.nations]
    return {"summary": W.rotation_summary(r), "periods": periods, "nations": nations, "rotations": r.rotations,
            "months": s.duration_months, "rotation_months": s.rotation_months}


COST_KINDS = {"troops": "Troops (ground units, helicopters, fighter crews)", "hq_staff": "HQ staff",
              "air_detachments": "Fighter detachments' flying", "ships": "Ships (by the ship-day, crews included)"}
ONE_OFFS = {"deployment": "Deployment and recovery (every troop, once)",
            "infrastructure": "Infrastructure (troops inside the host country, once; up to a permanent base)"}


def cost(plan) -> dict[str, Any]:
    c = plan.cost
    rows = [{"code": b.nation, "name": plan.nations.name(b.nation), "per_year": eur(b.per_year),
             "low": eur(b.per_year_range.low), "high": eur(b.per_year_range.high),
             "total": eur(b.per_year * c.years), "rate": eur(b.per_troop_year),
             "basis": "own past deployments" if b.rate == "national" else "all cases (median)"}
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
        "rate": f"{eur(mid)} per troop-year (range {eur(lo)}–{eur(hi)})", "source": c.source,
    }


def flank(plan) -> dict[str, Any]:
    f = plan.flank
    y, b = f.yardstick, f.baltic
    rows = [{"code": r.nation, "hosts": ", ".join(r.hosts), "before": f"{r.before.brigades:.2f}",
             "after": f"{r.after.brigades:.2f}", "troops": num(r.before.troops),
             "drawn": num(r.drawn), "drawn_value": r.drawn} for r in f.by_nation]
    verdict = {"intact": "intact", "already_short": "already short before the mission", "weakened": "weakened"}
    return {
        "summary": L.humanize(W.flank_summary(f)), "intact": f.intact, "verdict": f.verdict.value,
        "verdict_text": verdict[f.verdict.value], "policy": f.policy.value,
        "draws": [W.flank_draw(d) for d in f.draws],
        "before": f"{f.before.brigades:.1f}", "after": f"{f.after.brigades:.1f}",
        "heavy_before": f"{f.before.heavy:.1f}", "heavy_after": f"{f.after.heavy:.1f}",
        "allied_before": f"{b.allied_before.brigades:.1f}", "allied_after": f"{b.allied_after.brigades:.1f}",
        "allied_heavy_before": f"{b.allied_before.heavy:.1f}", "allied_heavy_after": f"{b.allied_after.heavy:.1f}",
        "allied_troops": num(b.allied_before.troops), "national": f"{b.national.brigades:.1f}",
        "yardstick": f"{y.brigades:g} brigades, {y.heavy:g} of them heavy", "yardstick_source": y.source,
        "meets_before": y.met_before, "meets_after": y.met_after, "rows": rows,
        "air": f"Baltic Air Policing keeps {f.air_policing.needed:g} fighter detachments on duty; the nations can "
               f"sustain {f.air_policing.detachments:g}, the mission keeps {f.air_policing.mission:g}",
        "policy_text": ("protect: forces earmarked for the eastern flank are not offered to the mission"
                        if f.policy == "protect" else
                        "ignore: the mission may draw on forces earmarked for the eastern flank"),
    }


def mandate(plan) -> dict[str, Any]:
    m, chk = plan.mandate, plan.mandate_check
    spec = domain.incident_types()
    by_incident: dict[str, list[dict[str, str]]] = {}
    general = []
    for f in chk.findings:
        item = {"kind": f.kind.value.replace("_", " "), "detail": W.finding(f), "serious": f.serious}
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
    caveats = [{"code": c, "forbid": ", ".join(L.label(L.RESPONSE, r) for r in v.forbid) or "–",
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
                     "trigger": bt.backstop_trigger})
    lo, hi = i.escalation_ci95
    threshold = plan.factors.v("conditions.max_escalation_probability")
    return {
        "rows": rows, "total": num(i.total_per_year), "clear_share": pct(i.answered_clearly_share),
        "late": pct(i.late_share), "unanswered": pct(i.unanswered_share),
        "p": pct(i.escalation_probability), "lo": pct(lo), "hi": pct(hi), "threshold": pct(threshold),
        "below": i.escalation_probability < threshold,
        "median_months": (f"{i.escalation.median_months_to_escalation:g}"
                          if i.escalation.median_months_to_escalation is not None else "–"),
        "runs": num(i.runs), "seed": str(i.seed), "months": str(i.duration_months), "threat": i.threat.value,
        "backstop": i.us_backstop.value, "mandate": i.mandate,
    }


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
        rows.append({"note": note, "code": code, "name": plan.nations.name(code), "stance": n.stance.value, "troops": num(n.troops),
                     "go": n.go, "verdict": n.verdict.value, "verdict_text": L.label(L.VERDICT, n.verdict.value).lower(),
                     "verdict_class": L.VERDICT_CLASS[n.verdict.value], "cells": cells, "fails": fails,
                     "open": [] if n.verdict.value == "not_asked" else opened})
    coalition = [{"check": k.value, "label": L.label(L.CHECK, k.value), "ok": v.ok, "state": v.state.value,
                  "detail": L.humanize(W.check(v, plan))} for k, v in board.coalition.checks.items()]
    first = next(iter(board.nations.values()), None)
    shared_rows = [{"label": L.label(L.CHECK, k.value), "detail": next(iter(detail.values()))[k], "ok": first.checks[k].ok,
                    "state": first.checks[k].state.value} for k in shared]
    what_if = []
    if plan.what_if is not None:
        if board.coalition.verdict.value != "go":
            what_if.append({"who": "Coalition", "text": L.humanize(W.what_if(plan.what_if))})
        for code, n in sorted(board.nations.items(), key=lambda kv: (-kv[1].troops, kv[0])):
            if n.verdict.value in ("no_go", "conditional"):
                what_if.append({"who": f"{code} {plan.nations.name(code)}", "text": L.humanize(W.what_if(plan.what_if, code))})
    return {"what_if": what_if, "go": board.coalition.go, "verdict": L.label(L.VERDICT, board.coalition.verdict.value),
            "verdict_class": L.VERDICT_CLASS[board.coalition.verdict.value], "coalition": coalition,
            "checks": [(k.value, L.label(L.CHECK, k.value)) for k in checks], "rows": rows, "shared": shared_rows}


def sources(plan) -> dict[str, Any]:
    rows = [{"key": s["key"], "source": s["source"], "kind": L.source_kind(s["source"])} for s in plan.sources()]
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["kind"]] = counts.get(r["kind"], 0) + 1
    return {"rows": rows, "counts": counts, "total": len(rows)}


def build(plan) -> dict[str, Any]:
    """Everything the report shows, section by section."""
    return {
        "title": plan.scenario.name,
        "sections": SECTIONS,
        "summary": summary(plan),
        "requirement": requirement(plan),
        "allocation": allocation(plan),
        "gaps": gaps(plan),
        "rotation": rotation(plan),
        "cost": cost(plan),
        "flank": flank(plan),
        "mandate": mandate(plan),
        "incidents": incidents(plan),
        "conditions": conditions(plan),
        "sources": sources(plan),
        "glossary": GLOSSARY,
    }
