"""Sentences written from the stages' records: binding constraints, gap obstacles, board checks,
mandate findings, the flank and sustainment. The stages hand over figures; only this module (and the
memo's Dutch) turns them into words, so the summary, the report and the CLI say the same thing.
"""

from __future__ import annotations

from ..eligibility import EXCLUSIONS
from ..vocab import (
    Check, CheckState, Constraint, FindingKind, FlankPlan, FlankVerdict, IncidentType, ParliamentRule, ParliamentStatus,
    Stand,
)
from ..whatif import ALL
from . import labels as L
from .labels import num, pct
from .titles import title


#: constraints that keep a nation out of the allocation altogether: not asked, or asked with no room
OUT_CONSTRAINTS = EXCLUSIONS + (Constraint.NO_CAPACITY, Constraint.MIN_CONTRIBUTION)


def _cap(c) -> str:
    return L.humanize(str(c.value if hasattr(c, "value") else c))


def exclusion(e) -> str:
    """Why force generation does not ask a nation (its Eligibility record), without the nation's code."""
    kind = e.exclusion
    if kind == Constraint.EXCLUDED:
        return "excluded by the scenario"
    if kind == Constraint.BACKSTOP:
        return "provides the US backstop (its own lines), not coalition units"
    if kind == Constraint.NOT_INCLUDED:
        return "not in the scenario's include list"
    if kind == Constraint.STANCE:
        return f"stance {e.stance.value}" + (f" ({e.stance_date})" if e.stance_date else "")
    if kind == Constraint.US_BACKSTOP:
        return f"requires US backstop '{e.requires_backstop.value}', scenario gives '{e.given_backstop.value}'"
    if kind == Constraint.UN_MANDATE:
        if e.legal_basis is None:
            return "requires a UN mandate; the mandate states no legal basis, so treated as unmet"
        return "requires a UN mandate; the scenario's mandate has no UN legal basis"
    return ""


def binding(b, plan) -> str:
    """One binding record as a sentence (with the nation's code where one applies)."""
    k, code = b.constraint, b.nation
    if code and code in plan.allocation.eligibility and k in EXCLUSIONS:
        return f"{code}: {exclusion(plan.allocation.eligibility[code])}"
    if k == Constraint.LEAD:
        if b.missing_from_data:
            return f"{code}: lead nation not in the nation data"
        return f"{code}: named lead by the scenario; its recorded stance is {plan.allocation.eligibility[code].stance.value}"
    if k == Constraint.CAPACITY:
        why = "lines of this capability have gaps" if b.because == Constraint.GAP else "the nation is below its fair share"
        return (f"{code} {_cap(b.capability)}: {num(b.used)} of {num(b.limit)} troops of capacity used, "
                f"no room for another unit ({why})")
    if k == Constraint.MIN_CONTRIBUTION:
        return (f"{code}: can give at most {num(b.used)} troops on the lines asked for, below the minimum "
                f"contribution of {num(b.limit)}")
    if k == Constraint.NO_CAPACITY:
        return (f"{code}: eligible but no capacity for one whole unit of any line asked for"
                + (" after its eastern-flank earmarks" if b.after_earmarks else ""))
    if k == Constraint.SECTOR_LEAD:
        if not b.leads:
            return f"sector {b.sector}: no lead nation can field a manoeuvre unit there"
        return (f"sector {b.sector}: led by {b.nation or 'nobody'}, not a lead nation "
                f"(lead nations' manoeuvre units are too few for every sector)")
    if k == Constraint.GAP:
        text = f"{b.sector} {_cap(b.capability)}: {b.units} {b.unit_type} unfilled ({num(b.troops)} troops)"
        if b.leads or plan_lead_only(b, plan):
            text += f"; {_cap(b.capability)} lines go to lead nations only ({', '.join(b.leads) or 'none eligible'})"
        return text
    return f"{code or ''}: {k.value}"


def plan_lead_only(b, plan) -> bool:
    return any(g.lead_only and g.capability == b.capability and g.sector == b.sector for g in plan.allocation.gaps)


def binding_label(b) -> str:
    """A short label for grouping binding records: the nation, or nation and line for capacity."""
    if b.constraint == Constraint.CAPACITY:
        return f"{b.nation} {_cap(b.capability)}"
    return b.nation or (b.sector or "")


def gap_units(g) -> str:
    """What a gap lacks (a Gap record): its blocks and troops, and formations no nation can frame."""
    parts = [f"{g.units} {g.unit_type}(s), {num(g.troops)} troops"] if g.units else []
    if g.unframed:
        parts.append(f"no nation to frame {g.unframed} {g.of_formation}(s)")
    return "; ".join(parts)


def obstacles(c, plan) -> str:
    """What keeps a nation that has the forces from closing a gap (a GapCloser record)."""
    parts: list[str] = []
    for o in c.obstacles:
        if o in EXCLUSIONS:
            parts.append(exclusion(plan.allocation.eligibility[c.nation]))
        elif o == Constraint.OFFERS:
            parts.append("offers only " + ", ".join(_cap(x) for x in c.offers))
        elif o == Constraint.LEAD_ONLY:
            parts.append("these lines go to lead nations only")
        elif o == Constraint.EARMARKED:
            parts.append(f"needs forces earmarked for the eastern flank ({num(c.earmarked)} troops earmarked)")
        elif o == Constraint.MIN_CONTRIBUTION:
            parts.append(f"below the minimum contribution ({num(c.troops)} troops < {num(c.min_contribution)})")
        elif o == Constraint.GROUND_POOL:
            parts.append("its sustainable ground pool is used up by its other lines")
        elif o == Constraint.OUTSIDE_HOST:
            parts.append("its forces stay outside the host country")
        elif o == Constraint.STRAITS:
            parts.append("its warships cannot enter while the straits are closed")
        elif o == Constraint.ECHELON:
            parts.append("it does not field formations of this size")
        elif o == Constraint.NOT_USED:
            parts.append("not used by the solver (time limit reached?)")
    return "; ".join(parts)


HELD_BACK = {
    Constraint.OFFERS: "offers only some capabilities",
    Constraint.OUTSIDE_HOST: "forces outside the host country only",
    Constraint.ECHELON: "fields no formation as large as the lines need",
    Constraint.EARMARKED: "its ground pool goes to its eastern-flank earmarks",
    Constraint.GROUND_POOL: "its sustainable ground pool is used up",
    Constraint.CAPACITY: "at capacity in what it offers",
    Constraint.NOT_USED: "room left; the fairness trade-off leaves it below",
    Constraint.NO_CAPACITY: "no capacity on the lines it may fill",
}


def burden(allocation) -> str:
    """Who is over its fair share and why: the lead role, and the nations below theirs, each with what
    holds it back (Burden records). Empty when everyone is within a minimum contribution of its share."""
    over = [b for b in allocation.burden if b.over > 0]
    if not over:
        return ""
    under = sorted((b for b in allocation.burden if b.over < 0), key=lambda b: b.over)
    total = allocation.allocated_troops or 1
    parts = [f"{b.nation} +{num(b.over)} ({b.troops / total:.0%} against {b.fair_troops / total:.0%}"
             + (f"; {num(b.lead_only_troops)} on lines only lead nations fill" if b.lead_only_troops else "") + ")"
             for b in over]
    why = [f"{b.nation} {num(b.over)} ({', '.join(HELD_BACK[c] for c in b.held_back_by)})" for b in under]
    return ("Over their fair share: " + ", ".join(parts)
            + (". Below their share, and why: " + "; ".join(why) if why else ""))


def check(c, plan) -> str:
    """A board check's figures in a sentence (English)."""
    k = c.check
    if k == Check.MANDATE_CLEAR:
        if not c.findings:
            return f"clarity score {c.value:.2f}; clear"
        text = (f"clarity score {c.value:.2f}; {len(plan.mandate_check.findings)} finding(s), e.g. "
                + ", ".join(L.label(L.FINDING, f.value) for f in c.findings[:3]))
        return text + (" (a clear mandate is not this nation's condition)" if c.required is False else "")
    if k == Check.US_BACKSTOP:
        return (f"requires US backstop '{c.required_backstop.value}', scenario gives '{c.given_backstop.value}'"
                + ("" if c.ok else " — no-go for want of American backup"))
    if k == Check.UN_MANDATE:
        if not c.required:
            return "no UN mandate required"
        return "requires a UN mandate; legal basis " + (c.legal_basis.value if c.legal_basis else "not stated")
    if k == Check.PARLIAMENT:
        return parliament(c)
    if k == Check.REQUIREMENT_FILLED:
        return f"{pct(c.value)} of the requirement sourced" + (f"; gaps of {num(c.troops)} troops" if c.troops else "")
    if k == Check.FLANK_INTACT:
        if plan is not None and c is plan.conditions.coalition.checks.get(Check.FLANK_INTACT):
            return flank_summary(plan.flank)
        return ("takes nothing NATO's flank plans count on" if not c.troops else
                f"takes {num(c.troops)} troops that NATO's flank plans count on (flank forces, corps-HQ staff)")
    if k == Check.SUSTAINABLE:
        if plan is not None and c is plan.conditions.coalition.checks.get(Check.SUSTAINABLE):
            return rotation_summary(plan.rotation)
        if c.from_month is None:
            return "share sustainable for the whole mission"
        return f"cannot keep its share up from month {c.from_month}"
    if k == Check.ESCALATION_RISK:
        # a figure that rounds to the threshold but lies on the other side of it gets a decimal
        near = lambda x: pct(x, digits=1 if x != c.threshold and round(100 * x) == round(100 * c.threshold) else 0)  # noqa: E731
        text = f"probability of escalation to major combat {near(c.value)} over {c.months} months"
        if c.low is not None and c.state == CheckState.OPEN:
            return f"{text}; its range {near(c.low)}-{near(c.high)} straddles the threshold of {pct(c.threshold)}: borderline"
        return f"{text} (range {near(c.low)}-{near(c.high)}; threshold {pct(c.threshold)})" if c.low is not None else \
            f"{text} (threshold {pct(c.threshold)})"
    if k == Check.LEADS_GO:
        board = plan.conditions.nations if plan is not None else {}
        return ", ".join(f"{code} " + (L.label(L.VERDICT, board[code].verdict.value).lower() if code in board
                                       else ("go" if ok else "not on the board")) for code, ok in c.nations.items())
    return ""


def parliament(c) -> str:
    rule, status = c.parliament_rule, c.parliament_status
    tail = f" (status {status.value})" if status else ""
    if status == ParliamentStatus.REJECTED:
        return "parliament rejected the deployment"
    if rule == ParliamentRule.PRIOR:
        if status == ParliamentStatus.APPROVED:
            return "prior approval required and given"
        return f"vote pending: prior parliamentary approval required ({'status ' + status.value if status else 'no status recorded'})"
    if rule == ParliamentRule.AFTER:
        return "government decides; parliament is informed or votes afterwards" + tail
    if rule == ParliamentRule.SPECIAL:
        return "special rule (see the nation's parliament_source); no prior vote modelled" + tail
    return "no parliamentary approval required" + tail


def finding(f) -> str:
    """A mandate finding in a sentence."""
    k, kind = f.kind, (f.incident.value if f.incident else "")
    if k == FindingKind.MISSING_INCIDENT:
        grey = f.incident in _grey()
        what = "a grey-zone type, where soldiers most need a rule" if grey else "soldiers have no answer"
        return f"the mandate has no rule for {kind} ({what})"
    if k == FindingKind.MISSING_RESPONSE:
        return f"{kind} is listed without a response"
    if k == FindingKind.UNKNOWN_RESPONSE:
        if f.on_repeat:
            return f"if_repeated {f.if_repeated!r} for {kind} is not a rung of the ladder"
        return f"response {f.response!r} for {kind} is not a rung of the response ladder"
    if k == FindingKind.GREY_ZONE_UNANSWERED:
        return (f"{kind} is a grey-zone incident and the rule names no response above observe_report, "
                f"so soldiers must judge alone when it becomes hostile intent")
    if k == FindingKind.MISSING_AUTHORITY:
        return f"no authority decides the answer to {kind}"
    if k == FindingKind.UNKNOWN_AUTHORITY:
        return f"authority {f.authority!r} for {kind} is not on the list of authorities"
    if k == FindingKind.MISSING_DELAY:
        return f"{kind} needs an answer within minutes but no max_delay_minutes is set"
    if k == FindingKind.REPEAT_NOT_ESCALATING:
        return f"if {kind} repeats the answer drops from {f.response} to {f.if_repeated}"
    if k == FindingKind.SELF_DEFENCE_RESTRICTED:
        return "self-defence is restricted: soldiers may not act on hostile intent, only after a hostile act"
    if k == FindingKind.NO_BACKSTOP_TRIGGER:
        return "backstop_trigger does not include major_offensive: no agreed point at which the backstop is called"
    if k == FindingKind.MISSING_LEGAL_BASIS:
        return "no legal_basis stated"
    if k == FindingKind.CAVEAT_CONFLICT:
        holds = ", ".join(f.holds)
        if f.forbidden:
            when = " if it repeats" if f.on_repeat else ""
            return f"{f.nation} forbids {f.forbidden}, which the mandate requires for {kind}{when}; {f.nation} holds {holds}"
        return (f"{f.nation} needs {f.caveat_authority} approval, but the mandate gives {kind} to {f.authority} "
                f"within {f.delay_minutes:g} minutes; {f.nation} holds {holds}")
    return k.value


def _grey():
    from .. import domain

    return set(domain.grey_zone())


def flank_draw(d) -> str:
    """One thing a NATO plan for the flank loses, in words (English; the memo words its own)."""
    if d.plan == FlankPlan.FLANK_FORCES:
        where = "at home" if d.host == d.nation else f"in {d.host}"
        lost = f", {d.baltic_brigades:.2f} brigade-equivalents of the Baltic defence" if d.baltic_brigades else ""
        return f"{d.nation}: {num(d.troops)} troops of its flank forces {where}{lost}"
    if d.plan == FlankPlan.CORPS_HQ:
        return f"{d.nation}: {num(d.troops)} staff of the corps HQ it assigns to NATO"
    return (f"Baltic Air Policing: {d.units:g} fighter detachment(s) short of the detachments on duty "
            "once the mission's are taken")


def flank_summary(f) -> str:
    a, y = f.baltic.allied_before, f.yardstick
    allied = (f"allied forces in the Baltic states {a.brigades:.1f} brigade-equivalents ({a.heavy:.1f} heavy) "
              f"against RAND's {y.brigades:g} ({y.heavy:g} heavy), besides the Baltic states' own "
              f"{f.baltic.national.brigades:.1f}")
    if f.verdict == FlankVerdict.WEAKENED:
        short = "" if y.met_before else "; already short before the mission"
        return (f"weakened ({f.policy.value}): the mission takes " + "; ".join(flank_draw(d) for d in f.draws)
                + f". {allied[0].upper()}{allied[1:]}{short}, {f.baltic.allied_after.brigades:.1f} after")
    state = "already short before the mission" if f.verdict == FlankVerdict.ALREADY_SHORT else "intact"
    return f"{state} ({f.policy.value}): the mission takes nothing NATO's flank plans count on; {allied}"


def rotation_summary(r) -> str:
    if not r.unsustainable:
        return f"every nation keeps its share up for all {r.duration_months} months ({r.rotations} rotations)"
    names = ", ".join(f"{u.nation} from month {u.from_month}" for u in sorted(r.unsustainable, key=lambda u: u.from_month))
    return f"{len(r.unsustainable)} nation(s) cannot keep their share up: {names}"


def unsustainable(u, deployable_share: float, protect: bool) -> str:
    return (f"rotation {u.rotation} needs {num(u.needed)} ground troops in the pool ({num(u.ground)} deployed x "
            f"{u.multiplier_then:g}); its deployable pool is {num(u.deployable_pool)} (land forces x {deployable_share:g}"
            + (" less eastern-flank earmarks)" if protect else ")"))


def board_summary(board) -> str:
    c = board.coalition
    verdict = L.label(L.VERDICT, c.verdict.value)
    failed = ", ".join(L.label(L.CHECK_FAILED, k.value) for k in c.failed)
    open_items = ", ".join(L.check_said(k.value, "open") for k in c.open_items)
    parts = [x for x in (failed, open_items and f"open: {open_items}") if x] or ["every condition holds"]
    go = [code for code, n in board.nations.items() if n.go]
    return f"{verdict}: {'; '.join(parts)} — nations go: {', '.join(go) if go else 'none'}"


def change_said(change: str, value: str, lang: str = "en") -> str:
    """A what-if change (whatif.WhatIf's change and value) as a reader says it, not as a field name."""
    nl = lang == "nl"
    if change == "us_backstop":
        level = L.label(L.BACKSTOP, value, lang)
        return f"Amerikaanse steun op niveau '{value}' ({level})" if nl else f"US backstop at '{value}' ({level})"
    if change == "parliament":
        who = value.split(": ", 1)[-1]
        return f"de openstaande stemmingen gewonnen ({who})" if nl else f"the pending votes won ({who})"
    if change == "mandate":
        return f"het mandaat '{value}'" if nl else f"the '{value}' mandate"
    if change == "coalition.eastern_flank":
        return "de reservering voor de oostflank vrijgegeven" if nl else "the eastern-flank earmarks released"
    if change == "coalition.straits":
        return "de Zeestraten open" if nl else "the straits opened to all navies"
    if change == "option":
        return f"de optie '{value}'" if nl else f"the '{value}' force option"
    if change == ALL:  # value: 'field=value; field=value'
        parts = [change_said(*part.split("=", 1), lang) for part in value.split("; ") if "=" in part]
        return ("alle samen: " if nl else "all together: ") + "; ".join(parts)
    return f"{change} {value}"


def what_if(w, code: str | None = None) -> str:
    """What turns a verdict (a nation's, or the coalition's for None), from the plans made again: the
    changes that bring it closer to go, each with the verdict it gives."""
    if w is None:
        return ""
    before = w.coalition if code is None else w.nations.get(code)
    shown = w.shown(code)
    if not shown:
        tried = [change_said(o.change, o.value) for o in w.options]
        return "no change tried turns it" + (f" (tried: {', '.join(tried)})" if tried else "")
    out = []
    for o in shown:
        what = ("its parliament's approval" if code is not None and o.change == "parliament"
                else change_said(o.change, o.value))
        out.append(f"{what} -> {L.label(L.VERDICT, w.verdict_after(o, code).value).lower()}")
    return f"from {L.label(L.VERDICT, before.value).lower()}: " + "; ".join(out)


def what_if_rows(plan) -> list[tuple[str | None, str]]:
    """(nation code, or None for the coalition; what would change its verdict) for the coalition unless
    it is go and every nation that is no-go or conditional, contributors first: the summary and the
    report list the same."""
    w, board = plan.what_if, plan.conditions
    if w is None:
        return []
    rows: list[tuple[str | None, str]] = []
    if board.coalition.verdict.value != "go":
        rows.append((None, what_if(w)))
    for code, n in sorted(board.nations.items(), key=lambda kv: (-kv[1].troops, kv[0])):
        if n.verdict.value in ("no_go", "conditional"):
            rows.append((code, what_if(w, code)))
    return rows


def risk_summary(r) -> str:
    """The risk figures with their assumptions' ranges (a RiskRange) in one line."""
    e, u = r.escalation, r.unanswered_or_late
    drivers = ", ".join(f"{title(d.key).lower() if not title(d.key)[:2].isupper() else title(d.key)} {d.share:.0%}"
                        for d in r.drivers[:4])
    return (f"Across the assumptions' own ranges ({r.draws} joint draws x {r.runs_per_draw} runs) escalation lies "
            f"between {pct(e.low)} and {pct(e.high)} (80% of the draws; their median {pct(e.central)}), unanswered or "
            f"late between {pct(u.low)} and {pct(u.high)}; what drives escalation: {drivers}")


def posture_summary(posture, incidents) -> str:
    """Where the force stands and what that does to the incidents it meets (posture.py, exposure.py)."""
    t = posture.troops
    hubs = sorted(km for km, _ in posture.hubs().values() if km is not None)
    parts = []
    if t.get(Stand.LINE, 0) or t.get(Stand.BORDER, 0):
        held = posture.line_held_km + posture.border_held_km
        parts.append(f"{num(t.get(Stand.LINE, 0) + t.get(Stand.BORDER, 0))} on {num(held)} km of line")
    else:
        parts.append("none on the line")
    if hubs:
        span = f"{num(hubs[0])} km" if len(hubs) == 1 else f"{num(hubs[0])}-{num(hubs[-1])} km"
        parts.append(f"{num(t[Stand.HUB])} at {len(hubs)} hub{'s' if len(hubs) != 1 else ''} {span} from it")
    if t.get(Stand.DEPTH, 0):
        parts.append(f"{num(t[Stand.DEPTH])} in depth {num(posture.depth_km)} km behind it")
    if t.get(Stand.OUTSIDE, 0):
        parts.append(f"{num(t[Stand.OUTSIDE])} outside the host country or at sea")
    out = "Where it stands: " + ", ".join(parts) + ". "
    tabled = incidents.tabled_per_year
    share = incidents.total_per_year / tabled if tabled else 0.0
    out += (f"It meets about {num(incidents.total_per_year)} incidents a year, {pct(share)} of what a force holding "
            f"the whole line at the OSCE monitors' density would meet ({num(tabled)})")
    probe = incidents.by_type.get(IncidentType.PROBE_INCURSION)
    if t.get(Stand.LINE, 0) and probe is not None:
        out += (f"; it watches {pct(probe.coverage)} of the line it holds ({posture.on_line_density:.1f} troops and "
                f"{posture.sensor_density:.2f} ISR per km), and probing incursions come {probe.probing:.2f} times as "
                f"often as against a dense force with a clear rule")
    return out


def years(months: int) -> str:
    """A duration readers parse at once: '6 months', '1 year', '2.5 years'."""
    if months < 12:
        return f"{months} month{'s' if months != 1 else ''}"
    y = months / 12
    return f"{y:g} year{'s' if y != 1 else ''}"


def years_nl(months: int) -> str:
    if months < 12:
        return f"{months} maand{'en' if months != 1 else ''}"
    return f"{months / 12:g} jaar"
