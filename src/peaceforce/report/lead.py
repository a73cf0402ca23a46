"""The report's first paragraph: the answer to the debate in plain words, before any card or table.

What the force is, where it stands, what it does, how big (one figure and its range), who leads and
who joins (by name), what it costs, and the verdict with its open items, all read from the plan's
records (the same figures the cards and plan.json carry)."""

from __future__ import annotations

from ..vocab import CheckState, Provider, Stand
from . import labels as L
from .labels import eur, num
from .wording_board import item

#: what a role's force is called in a sentence
FORCE = {"observe": "observer mission", "reassure": "reassurance force", "interpose": "interposition force",
         "deter": "deterrence force", "stabilize": "stabilisation force"}

#: what each task does, in the order a reader wants to hear it (tasks not listed are not said)
TASKS = (
    ("hub_garrison", "guards the hubs"), ("site_security", "secures airbases, logistics nodes and nuclear plants"),
    ("hub_air_defence", "defends the hubs against missiles and drones"),
    ("quick_reaction_force", "keeps a quick-reaction force"), ("training", "trains {host}'s recruits"),
    ("air_policing", "polices the air"), ("mine_countermeasures", "clears mines at sea"),
    ("monitoring", "monitors the line of contact"), ("protection", "protects the monitors"),
    ("buffer_zone", "holds a buffer zone along the line"), ("axis_tripwire", "stands as a tripwire on each threatened axis"),
    ("axis_brigades", "holds brigades on the threatened axes"), ("role3_hospital", "runs a field hospital"),
)


def provided_by_others(plan) -> dict[Provider, int]:
    """What the US and the host provide besides the coalition, in whole troops: the one rounding of those
    lines (plan.json keeps 626.25), so every total said of them is the sum of the parts shown (626 + 413 =
    1,039, never 1,040)."""
    return {p: round(r.central) for p, r in plan.requirement.by_provider.items()
            if p != Provider.COALITION and round(r.central) > 0}


def nation(plan, code: str) -> str:
    """A nation's English name as it reads inside a sentence ('the United Kingdom')."""
    return L.nation_in(code, plan)


def _names(codes: list[str], plan) -> str:
    return L.join([nation(plan, c) for c in codes])


def _where(plan) -> str:
    """Where the coalition's own troops stand (the US and host lines are said apart)."""
    po = plan.posture
    t = po.by_stand(Provider.COALITION)
    parts = []
    on_line = t.get(Stand.LINE, 0) + t.get(Stand.BORDER, 0)
    if on_line:
        parts.append(f"{num(on_line)} troops stand on {num(po.line_held_km + po.border_held_km)} km of the line of contact")
    hubs = [(pid, km) for pid, (km, _) in po.hubs(Provider.COALITION).items() if km is not None]
    if hubs:
        names = [h.name.split(" (")[0] for h in (plan.theatre.hub(pid) for pid, _ in hubs) if h is not None]
        shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
        # measured to the nearest hostile ground, the borders with the adversary and its allies included
        span = num(hubs[0][1]) if len(hubs) == 1 else f"{num(hubs[0][1])}–{num(hubs[-1][1])}"
        parts.append(f"{num(t[Stand.HUB])}{'' if parts else ' troops'} guard {L.plural_n(len(hubs), 'hub')} "
                     f"({shown}) {span} km from hostile ground ({L.hostile(plan)})")
    if t.get(Stand.DEPTH, 0):
        parts.append(f"{num(t[Stand.DEPTH])}{'' if parts else ' troops'} serve in headquarters, reserves and "
                     f"support {num(po.depth_km)} km back")
    if t.get(Stand.OUTSIDE, 0):
        parts.append(f"{num(t[Stand.OUTSIDE])} work from outside the country or at sea")
    if not parts:  # no nation sends troops: nothing stands anywhere
        return "No coalition troops stand anywhere: no nation sends any."
    text = "; ".join(parts) + "."
    return ("It stands away from the line of contact: " + text) if not on_line else "Of these, " + text


def verdict_sentence(plan) -> str:
    """The coalition's verdict with what fails and what is open, in plain words."""
    b = plan.conditions.coalition
    word = L.label(L.VERDICT, b.verdict.value).lower()
    fails = [item(plan, k, CheckState.FAIL) for k in b.failed]
    opens = [item(plan, k, CheckState.OPEN) for k in b.open_items]
    if fails:
        text = f"Verdict: {word}, because " + "; ".join(fails)
        return text + (f". Open besides: {'; '.join(opens)}." if opens else ".")
    if opens:
        return f"Verdict: {word}, once these are settled: " + "; ".join(opens) + "."
    return f"Verdict: {word}: every condition holds."


def lead(plan) -> str:
    """One paragraph: the force, where it stands, what it does, who sends it, its cost and the verdict."""
    s, req, a, c = plan.scenario, plan.requirement, plan.allocation, plan.cost
    d = req.deployed
    host = plan.theatre.host_name or "the host country"
    contributing = [n.nation for n in sorted(a.nations, key=lambda n: -n.troops_deployed) if n.troops_deployed > 0]
    leads = [code for code in s.coalition.lead if code in contributing]
    joins = [code for code in contributing if code not in leads]
    force = FORCE.get(req.role.value, "force")
    article = "An" if force[0] in "aeiou" else "A"
    text = (f"{article} {force} of {num(d.central)} troops in whole formations (range {num(d.low)}–{num(d.high)}; "
            f"the {req.option.value} option)")
    if leads:
        text += f", led by {_names(leads, plan)}"
    if joins:
        text += f" with {_names(joins, plan)}"
    text += ". " + _where(plan)
    tasks = {ln.task for ln in req.lines if ln.provider == Provider.COALITION}
    does = [what.format(host=host) for task, what in TASKS if task in tasks]
    if does:
        text += " It " + (", ".join(does[:-1]) + " and " + does[-1] if len(does) > 1 else does[0]) + "."
    others = provided_by_others(plan)
    if others:
        said = []
        for p, x in others.items():
            caps = sorted({(lambda t: t if t.isupper() else t.lower())(L.CAPABILITY_SHORT.get(ln.capability, ln.capability.value))
                           for ln in req.lines if ln.provider == p})
            who = "the US" if p == Provider.US else host
            where = ", from outside the country" if p in plan.theatre.outside_providers else ""
            said.append(f"{who} {num(x)} ({', '.join(caps)}{where})")
        text += " Besides the coalition: " + "; ".join(said) + "."
    if a.gap_troops:
        text += f" The nations' offers fill {L.pct(a.filled_share)} of it: {num(a.gap_troops)} troops are missing."
    text += (f" It costs about {eur(c.per_year.central)} a year (range {eur(c.per_year.low)}–{eur(c.per_year.high)}) "
             f"plus {eur(c.one_off.central)} once.")
    return text + " " + verdict_sentence(plan)


__all__ = ["lead", "verdict_sentence", "item", "nation", "provided_by_others", "FORCE", "TASKS"]
