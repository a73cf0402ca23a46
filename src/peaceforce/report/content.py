"""What the report says, as plain data: the HTML and the Markdown render the same content from here.

Pure: a Plan in, dicts and lists of display strings out. Keeping the wording in one place is what
makes the two formats say the same thing, and lets the tests check the content once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import citations
from ..milp import FAIR_STAGE_REL, GAP_STAGE_REL
from ..vocab import Capability, CheckState, Constraint, Provider
from . import labels as L
from . import wording as W
from .wording import OUT_CONSTRAINTS
from .content_decision import conditions, cost, flank, incidents, mandate
from .lead import FORCE, item, lead, provided_by_others
from .titles import TOPICS, title, topic
from .traces import readable
from .labels import num, pct, eur

#: the report's sections in order: (id, heading); tests and both templates use this list
SECTIONS = (
    ("summary", "Summary"),
    ("map", "Map of the theatre"),
    ("requirement", "Requirement by sector and capability"),
    ("allocation", "Allocation by nation"),
    ("gaps", "Gaps and who could close them"),
    ("rotation", "Rotation over time"),
    ("cost", "Cost"),
    ("flank", "Eastern flank before and after"),
    ("mandate", "Mandate matrix"),
    ("incidents", "Incident simulation"),
    ("conditions", "Conditions board"),
    ("appendix", "Appendix: assumptions and sources"),
)


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

def header(plan) -> str:
    """The line under the title: the theatre, the force and its option, the threat, the US backstop and
    the duration, in words."""
    s = plan.scenario
    return (f"peaceforce plan report · {plan.theatre.title or plan.theatre.name} · "
            f"{FORCE.get(s.role.value, s.role.value)}, {plan.requirement.option.value} option · "
            f"{s.threat.value} threat · US backstop: {L.label(L.BACKSTOP, s.us_backstop)} · "
            f"{W.years(s.duration_months)}, {s.rotation_months}-month rotations")


def scenario_facts(plan) -> list[tuple[str, str]]:
    s = plan.scenario
    names = lambda codes: ", ".join(L.nation_name(c, plan) for c in codes)  # noqa: E731
    inc = ("every nation whose recorded stance allows it (lead, willing or conditional)"
           if isinstance(s.coalition.include, str) else names(s.coalition.include))
    force = FORCE.get(s.role.value, "force")
    status = {"approved": "approved", "pending": "vote pending", "rejected": "rejected"}
    return [
        ("Theatre", plan.theatre.title or plan.theatre.name),
        ("Role", f"{force[0].upper()}{force[1:]}, {plan.requirement.option.value} option"),
        ("Threat", L.label(L.THREAT, s.threat.value)),
        (f"Host army ({plan.theatre.host_name or 'host nation'})", num(plan.requirement.host_army)),
        ("US backstop", L.label(L.BACKSTOP, s.us_backstop)),
        ("Duration", f"{W.years(s.duration_months)}, {s.rotation_months}-month rotations"),
        ("Lead nations", names(s.coalition.lead)),
        ("Nations asked", inc + (f", excluding {names(s.coalition.exclude)}" if s.coalition.exclude else "")),
        ("Fair share by", L.label(L.FAIR_KEY, s.coalition.fair_share)),
        ("Eastern flank", L.label(L.FLANK_POLICY, s.coalition.eastern_flank.value)),
        ("Mandate", plan.mandate.title or f"the {plan.mandate.name} mandate"),
        ("Parliaments", "; ".join(f"{L.nation_name(k, plan)}: {status.get(v.value, v.value)}"
                                  for k, v in sorted(s.parliament.items())) or "none recorded"),
    ]


def summary(plan) -> dict[str, Any]:
    req, a, c = plan.requirement, plan.allocation, plan.cost
    d, pool = req.deployed, plan.rotation.force_pool
    coalition = [n for n in a.nations if n.troops_deployed > 0]
    board = plan.conditions
    others = provided_by_others(plan)
    esc = plan.incidents
    lo, hi = esc.escalation_ci95
    go_nations = [plan.nations.name(code) for code, n in board.nations.items() if n.go]
    figures = [
        ("The force (deployed, whole formations)", num(d.central),
         f"range {num(d.low)}–{num(d.high)}; coalition only"),
        ("Cost per year", eur(c.per_year.central),
         f"the whole requirement, range {eur(c.per_year.low)}–{eur(c.per_year.high)}; plus {eur(c.one_off.central)} "
         f"once; EUR {c.price_year} prices"),
        ("Sourced from nations", f"{num(a.allocated_troops)} of {num(a.required_troops)}",
         f"sourced of required; {pct(a.filled_share)} filled"),
        ("Force pool", num(pool.central),
         f"range {num(pool.low)}–{num(pool.high)}; the nations' pools plus the gaps', rotation multiplier "
         f"{plan.rotation.default_multiplier.central:g} unless a nation's own"),
        ("Coalition", f"{len(coalition)} nations",
         ", ".join(f"{plan.nations.name(n.nation)} {num(n.troops_deployed)}" for n in coalition)),
        ("Escalation to major combat", pct(esc.escalation_probability),
         (f"over {esc.duration_months} months; across the assumptions' ranges {pct(plan.risk.escalation.low)}–"
          f"{pct(plan.risk.escalation.high)} (median {pct(plan.risk.escalation.central)}); sampling 95% CI "
          f"{pct(lo)}–{pct(hi)}") if plan.risk is not None else
         f"95% CI {pct(lo)}–{pct(hi)} over {esc.duration_months} months (sampling only)"),
    ]
    if others:
        what = {Provider.US: "US", Provider.HOST: "host nation"}
        caps = {k: sorted({L.CAPABILITY_SHORT.get(ln.capability, ln.capability) for ln in req.lines if ln.provider == k})
                for k in others}
        figures.insert(4, ("Provided by others", num(sum(others.values())), "; ".join(
            f"{what.get(k, k)} {num(v)} ({', '.join(caps[k])})" for k, v in others.items())
            + " — not on the coalition's bill"))
    said = lambda k, state: (lambda t: t[0].upper() + t[1:])(item(plan, k, state))  # noqa: E731
    reasons = [said(k, CheckState.FAIL) for k in board.coalition.failed]
    open_items = [said(k, CheckState.OPEN) for k in board.coalition.open_items]
    verdict = L.label(L.VERDICT, board.coalition.verdict.value)
    return {
        "lead": lead(plan),
        "go": bool(board.coalition.go),
        "verdict": verdict,
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
        tasks = sorted({L.task(ln.task).lower() if ln.task != "enablers" else "support" for ln in r.coalition_lines()})
        out.append({"option": opt.value, "current": opt == plan.requirement.option, "central": num(d.central),
                    "low": num(d.low), "high": num(d.high), "tasks": ", ".join(tasks)})
    return out


def _sector_rows(plan) -> list[dict[str, Any]]:
    """Line sectors the role covers and the hubs it holds, with what the coalition puts there."""
    from ..tasks import distances_to_line

    req, th = plan.requirement, plan.theatre
    placed = req.by_place()
    dist = dict(zip((h.id for h in th.hubs), distances_to_line(th.hubs, th)))
    rows = []

    def add(place_id: str, name: str, kind: str, km: str, covered) -> None:
        here = placed.get(place_id)
        if here is None and covered is None:
            return
        lead = plan.allocation.sector_leads.get(place_id, "")
        t = here.troops if here is not None else None
        rows.append({"id": place_id, "name": name, "kind": kind, "km": km, "covered": covered,
                     "lead": L.nation_name(lead, plan) if lead else "",
                     "low": num(t.low if t else 0), "central": num(t.central if t else 0),
                     "high": num(t.high if t else 0), "units": num(here.units if here else 0)})

    for s in th.sectors:
        if s.id in placed:
            add(s.id, s.name, L.label(L.SECTOR_KIND, s.kind), num(s.length_km), True)
    for h in th.hubs:
        d = dist.get(h.id)
        add(h.id, h.name, f"hub: {L.label(L.HUB_KIND, h.kind.value)}" + (f", {num(d)} km from hostile ground" if d else ""),
            "–", None)
    if th.sea is not None:
        add(th.sea.id, th.sea.name, "at sea", "–", None)
    shown = {r["id"] for r in rows}
    for pid in placed:  # a line placed anywhere else still counts: the rows sum to the force
        if pid not in shown and pid != "theatre":
            add(pid, L.sector_name(plan, pid), "–", "–", None)
    add("theatre", "Theatre-wide (headquarters, enablers, training, air)", "–", "–", None)
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
    total = {"label": "Total", "units": "", "units_low": "", "units_high": "",
             "low": num(req.deployed.low), "central": num(req.deployed.central), "high": num(req.deployed.high),
             "whole": num(sum(ln.units.central * ln.unit_size for ln in own_all)),
             "others": ", ".join(f"{'US' if k == Provider.US else 'host'} {num(v)}"
                                 for k, v in provided_by_others(plan).items())}
    by_sector = _sector_rows(plan)
    # a column empty in every row (hubs only: no length, no cover, no lead) is left out
    sector_cols = {"km": any(r["km"] != "–" for r in by_sector), "covered": any(r["covered"] is not None for r in by_sector),
                   "lead": any(r["lead"] for r in by_sector)}
    traces = [{"sector": L.sector_name(plan, ln.sector), "capability": L.CAPABILITY_SHORT.get(ln.capability.value, ln.capability.value),
               "provider": L.label(L.PROVIDER, ln.provider.value), "trace": readable(ln.trace)} for ln in lines]
    mult = plan.rotation.default_multiplier
    return {
        "deployed": _range(req.deployed), "pool": _range(plan.rotation.force_pool),
        "multiplier": f"{mult.central:g} (range {mult.low:g}–{mult.high:g})",
        "host_factor": f"{req.host_factor:g}",
        "by_capability": by_cap, "total": total, "by_sector": by_sector, "sector_cols": sector_cols, "hostile": L.hostile(plan), "traces": traces, "notes": list(req.notes),
        "option": req.option.value, "options": _options(plan), "draws": num(req.draws), "median": num(req.deployed_median),
        "drivers": [{"key": title(d.key), "share": pct(d.share)} for d in req.drivers],
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
            "code": n.nation, "name": n.name, "stance": L.label(L.STANCE, n.stance.value), "lead": n.lead,
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
            out.append({"code": b.nation, "name": L.nation_name(b.nation, plan),
                        "constraint": L.label(L.CONSTRAINT, b.constraint.value), "detail": L.humanize(detail)})
    other_binding = [L.humanize(W.binding(b, plan)) for b in a.binding
                     if b.constraint not in OUT_CONSTRAINTS + (Constraint.GAP,)]
    return {
        "rows": rows, "out": out, "binding": other_binding, "burden": L.humanize(W.burden(a, plan)),
        "required": num(a.required_troops), "allocated": num(a.allocated_troops), "filled": pct(a.filled_share),
        "fair_key": L.label(L.FAIR_KEY, plan.scenario.coalition.fair_share),
        # the method in a sentence: which solver, and that it proved its answer
        "solver": ("The allocation is a mixed-integer programme solved with HiGHS"
                   + (f", proven within {GAP_STAGE_REL:.0%} of the fewest gaps possible "
                      f"and within {FAIR_STAGE_REL:.2%} of the fairest sharing of what is filled."
                      if str(a.solver.status).lower() == "optimal" else
                      f"; it stopped at its search limit "
                      f"(“{a.solver.status}”) with the best allocation found, the same on any machine.")),
        "leads": [{"sector": L.sector_name(plan, s), "lead": c} for s, c in a.sector_leads.items()],
    }


def gaps(plan) -> list[dict[str, Any]]:
    out = []
    for g in plan.allocation.gaps:
        closes = [{"code": c.nation, "name": L.nation_name(c.nation, plan), "units": c.units,
                   "why_not": L.humanize(W.obstacles(c, plan)), "share_after": pct(c.share_after),
                   "fair_share": pct(c.fair_share)} for c in g.closes]
        unit_type = g.unit_type
        out.append({"sector": L.sector_name(plan, g.sector), "capability": L.capability(g.capability.value),
                    "units": g.units, "unit_type": L.plural(L.UNIT_TYPE_EN.get(unit_type, unit_type), g.units),
                    "troops": num(g.troops), "troops_value": g.troops, "closes": closes,
                    "who": ", ".join(c["name"] for c in closes[:4]) + (" …" if len(closes) > 4 else "") or "nobody"})
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
               "by_nation": ", ".join(f"{L.nation_name(c, plan)} {num(v)}" for c, v in low.by_nation.items() if v)}
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
    nations = [{"code": n.nation, "name": L.nation_name(n.nation, plan), "troops": num(n.troops), "ground": num(n.ground),
                "multiplier": f"{n.multiplier:g}", "pool_needed": num(n.pool_needed), "force_pool": num(n.force_pool),
                "pool": num(n.deployable_pool),
                "until": "whole mission" if n.sustainable_until is None else f"month {n.sustainable_until}",
                "ok": n.sustainable_until is None, "reason": why.get(n.nation, "")} for n in r.nations]
    return {"summary": W.rotation_summary(r), "periods": periods, "nations": nations, "rotations": r.rotations,
            "months": s.duration_months, "rotation_months": s.rotation_months}


#: a nation's parliament rule (nations.csv parliament_rule) as the appendix shows it
PARLIAMENT_RULE = {"prior": "vote before", "after": "informed after", "none": "no vote", "special": "special rule"}


def _value(s: dict) -> str:
    if s.get("value_text"):
        words = s["value_text"]
        key = s.get("key", "")
        if key.endswith(".stance"):
            return L.label(L.STANCE, words)
        if key.endswith(".parliament"):
            return PARLIAMENT_RULE.get(words, words)
        return words.replace("_", " ")
    if "value" not in s:
        return ""
    v, unit = s["value"], s.get("unit") or ""
    if unit == "year":
        return str(int(v))
    shown = num(v) if abs(v) >= 100 or v == int(v) else f"{v:.3g}"
    return f"{shown} {L.unit_for(v, unit)}".strip()


def sources(plan) -> dict[str, Any]:
    """The appendix: every figure with a readable title, its value and unit, what kind of source backs
    it, and the source; the key (plan.json's) beside the title for a reader who checks the data."""
    rows = [{"key": s["key"], "title": title(s["key"]), "value": _value(s), "source": s["source"],
             "parts": citations.parts(s["source"]), "topic": topic(s["key"]),
             "kind": L.source_kind(s["source"])} for s in plan.sources()]
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["kind"]] = counts.get(r["kind"], 0) + 1
    groups = [{"topic": name, "rows": [r for r in rows if r["topic"] == name]} for name, _ in TOPICS]
    return {"rows": rows, "groups": [g for g in groups if g["rows"]], "counts": counts, "total": len(rows)}


def build(plan) -> dict[str, Any]:
    """Everything the report shows, section by section."""
    return {
        "title": plan.scenario.name,
        "header": header(plan),
        "run_date": date.today().isoformat(),
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
