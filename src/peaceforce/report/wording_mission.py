"""Sentences about the mission in the field: the mandate's findings, where the force stands and what it
meets, the risk ranges, NATO's eastern flank and the rotations. The stages hand over figures; these say
them in English for the report, the summary and the CLI (the memo has its own languages)."""

from __future__ import annotations

from ..vocab import FindingKind, FlankPlan, FlankVerdict, IncidentType, Provider, Stand
from . import labels as L
from .labels import num, pct
from .titles import title


def _incident(kind) -> str:
    return L.label(L.INCIDENT, kind).split(" (")[0].lower() if kind else ""


def _response(r: str | None) -> str:
    return L.label(L.RESPONSE, r).lower() if r in L.RESPONSE["en"] else f"“{r}”"


def _authority(a: str | None) -> str:
    return L.label(L.AUTHORITY, a).lower() if a in L.AUTHORITY["en"] else f"“{a}”"


def _held(x: str, plan) -> str:
    """What a nation holds under a caveat: a capability line or a place of the theatre."""
    if x in L.CAPABILITY["en"]:
        return L.CAPABILITY_SHORT.get(x, x).lower()
    return L.sector_name(plan, x) if plan is not None else x.replace("_", " ")


def finding(f, plan=None) -> str:
    """A mandate finding in a sentence."""
    k, kind = f.kind, _incident(f.incident)
    if k == FindingKind.MISSING_INCIDENT:
        grey = f.incident in _grey()
        what = "a grey-zone type, where soldiers most need a rule" if grey else "soldiers have no answer"
        return f"the mandate has no rule for {kind} ({what})"
    if k == FindingKind.MISSING_RESPONSE:
        return f"{kind} is listed without a response"
    if k == FindingKind.UNKNOWN_RESPONSE:
        if f.on_repeat:
            return f"the answer if {kind} repeats, “{f.if_repeated}”, is not a rung of the response ladder"
        return f"the answer to {kind}, “{f.response}”, is not a rung of the response ladder"
    if k == FindingKind.GREY_ZONE_UNANSWERED:
        return (f"{kind} is a grey-zone incident and the rule names no response above observing and reporting, "
                f"so soldiers must judge alone when it becomes hostile intent")
    if k == FindingKind.MISSING_AUTHORITY:
        return f"no authority decides the answer to {kind}"
    if k == FindingKind.UNKNOWN_AUTHORITY:
        return f"the authority “{f.authority}” for {kind} is not on the list of authorities"
    if k == FindingKind.MISSING_DELAY:
        return f"{kind} needs an answer within minutes but no maximum delay is set"
    if k == FindingKind.REPEAT_NOT_ESCALATING:
        return f"if {kind} repeats the answer drops from {_response(f.response)} to {_response(f.if_repeated)}"
    if k == FindingKind.SELF_DEFENCE_RESTRICTED:
        return "self-defence is restricted: soldiers may not act on hostile intent, only after a hostile act"
    if k == FindingKind.NO_BACKSTOP_TRIGGER:
        return "the backstop is not called for a major offensive: no agreed point at which it is called"
    if k == FindingKind.MISSING_LEGAL_BASIS:
        return "no legal basis stated"
    if k == FindingKind.CAVEAT_CONFLICT:
        who = L.nation_in(f.nation, plan)
        holds = ", ".join(_held(x, plan) for x in f.holds)
        if f.forbidden:
            when = " if it repeats" if f.on_repeat else ""
            return (f"{who} forbids its units to {_response(f.forbidden)}, which the mandate requires for {kind}{when}; "
                    f"{who} holds {holds}")
        return (f"{who} needs the approval of its {_authority(f.caveat_authority)}, but the mandate gives {kind} to the "
                f"{_authority(f.authority)} within {f.delay_minutes:g} minutes; {who} holds {holds}")
    return L.humanize(k.value).replace("_", " ")


def _grey():
    from .. import domain

    return set(domain.grey_zone())


def flank_draw(d, plan=None) -> str:
    """One thing a NATO plan for the flank loses, in words (English; the memo words its own)."""
    who = L.nation_name(d.nation, plan) if d.nation else ""
    if d.plan == FlankPlan.FLANK_FORCES:
        where = "at home" if d.host == d.nation else f"in {L.nation_in(d.host, plan)}"
        lost = f", {d.baltic_brigades:.2f} brigade-equivalents of the Baltic defence" if d.baltic_brigades else ""
        return f"{who}: {num(d.troops)} troops of its flank forces {where}{lost}"
    if d.plan == FlankPlan.CORPS_HQ:
        return f"{who}: {num(d.troops)} staff of the corps HQ it assigns to NATO"
    return (f"Baltic Air Policing: {d.units:g} fighter detachment(s) short of the detachments on duty "
            "once the mission's are taken")


def flank_summary(f, plan=None) -> str:
    a, y = f.baltic.allied_before, f.yardstick
    policy = L.label(L.FLANK_POLICY, f.policy.value)
    allied = (f"allied forces in the Baltic states {a.brigades:.1f} brigade-equivalents ({a.heavy:.1f} heavy) "
              f"against RAND's {y.brigades:g} ({y.heavy:g} heavy), besides the Baltic states' own "
              f"{f.baltic.national.brigades:.1f}")
    if f.verdict == FlankVerdict.WEAKENED:
        short = "" if y.met_before else "; already short before the mission"
        return (f"weakened ({policy}): the mission takes " + "; ".join(flank_draw(d, plan) for d in f.draws)
                + f". {allied[0].upper()}{allied[1:]}{short}, {f.baltic.allied_after.brigades:.1f} after")
    state = "already short before the mission" if f.verdict == FlankVerdict.ALREADY_SHORT else "intact"
    return f"{state} ({policy}): the mission takes nothing NATO's flank plans count on; {allied}"


def rotation_summary(r, plan=None) -> str:
    if not r.unsustainable:
        return f"every nation keeps its share up for all {r.duration_months} months ({r.rotations} rotations)"
    names = ", ".join(f"{L.nation_name(u.nation, plan)} from month {u.from_month}"
                      for u in sorted(r.unsustainable, key=lambda u: u.from_month))
    return f"{len(r.unsustainable)} nation(s) cannot keep their share up: {names}"


def unsustainable(u, deployable_share: float, protect: bool) -> str:
    return (f"rotation {u.rotation} needs {num(u.needed)} ground troops in the pool ({num(u.ground)} deployed x "
            f"{u.multiplier_then:g}); its deployable pool is {num(u.deployable_pool)} (land forces x {deployable_share:g}"
            + (" less eastern-flank earmarks)" if protect else ")"))


def risk_summary(r) -> str:
    """The risk figures with their assumptions' ranges (a RiskRange) in one line."""
    e, u = r.escalation, r.unanswered_or_late
    drivers = ", ".join(f"{title(d.key).lower() if not title(d.key)[:2].isupper() else title(d.key)} {d.share:.0%}"
                        for d in r.drivers[:4])
    return (f"Across the assumptions' own ranges ({r.draws} joint draws x {r.runs_per_draw} runs) escalation lies "
            f"between {pct(e.low)} and {pct(e.high)} (80% of the draws; their median {pct(e.central)}), unanswered or "
            f"late between {pct(u.low)} and {pct(u.high)}; what drives escalation: {drivers}")


def _others(posture, plan) -> str:
    """Where the US and host lines stand, said apart from the coalition's."""
    said = []
    for p in (Provider.US, Provider.HOST):
        t = {s: x for s, x in posture.by_stand(p).items() if x > 0}
        if not t:
            continue
        who = "the US" if p == Provider.US else (f"{plan.theatre.host_name}" if plan is not None and
                                                 plan.theatre.host_name else "the host nation")
        where = [f"{num(x)} {STAND_SAID[s].format(depth=num(posture.depth_km))}" for s, x in t.items()]
        said.append(f"{who} {', '.join(where)}")
    return ("; besides the coalition, " + "; ".join(said)) if said else ""


#: where troops stand, after their number
STAND_SAID = {Stand.LINE: "on the line", Stand.BORDER: "on a hostile border", Stand.HUB: "at hubs",
              Stand.DEPTH: "in depth {depth} km behind the line", Stand.OUTSIDE: "outside the host country or at sea"}


def posture_summary(posture, incidents, plan=None) -> str:
    """Where the coalition's force stands (Posture.by_stand and Posture.hubs of the coalition: the figures
    of the first paragraph and the map), the US and host lines said apart, and what that does to the
    incidents it meets (posture.py, exposure.py)."""
    t = posture.by_stand(Provider.COALITION)
    hubs = sorted(km for km, _ in posture.hubs(Provider.COALITION).values() if km is not None)
    parts = []
    if t.get(Stand.LINE, 0) or t.get(Stand.BORDER, 0):
        held = posture.line_held_km + posture.border_held_km
        parts.append(f"{num(t.get(Stand.LINE, 0) + t.get(Stand.BORDER, 0))} on {num(held)} km of line")
    else:
        parts.append("none on the line")
    if hubs:
        span = f"{num(hubs[0])} km" if len(hubs) == 1 else f"{num(hubs[0])}-{num(hubs[-1])} km"
        parts.append(f"{num(t[Stand.HUB])} at {len(hubs)} hub{'s' if len(hubs) != 1 else ''} {span} from hostile "
                     f"ground ({L.hostile(plan)})")
    if t.get(Stand.DEPTH, 0):
        parts.append(f"{num(t[Stand.DEPTH])} in depth {num(posture.depth_km)} km behind the line")
    if t.get(Stand.OUTSIDE, 0):
        parts.append(f"{num(t[Stand.OUTSIDE])} outside the host country or at sea")
    out = "Where the coalition stands: " + ", ".join(parts) + _others(posture, plan) + ". "
    tabled = incidents.tabled_per_year
    share = incidents.total_per_year / tabled if tabled else 0.0
    out += (f"The force meets about {num(incidents.total_per_year)} incidents a year, {pct(share)} of what a force "
            f"holding the whole line at the OSCE monitors' density would meet ({num(tabled)})")
    probe = incidents.by_type.get(IncidentType.PROBE_INCURSION)
    if posture.troops.get(Stand.LINE, 0) and probe is not None:
        out += (f"; it watches {pct(probe.coverage)} of the line it holds ({posture.on_line_density:.1f} troops and "
                f"{posture.sensor_density:.2f} ISR per km), and probing incursions come {probe.probing:.2f} times as "
                f"often as against a dense force with a clear rule")
    return out


__all__ = ["finding", "flank_draw", "flank_summary", "rotation_summary", "unsustainable", "risk_summary",
           "posture_summary", "STAND_SAID"]
