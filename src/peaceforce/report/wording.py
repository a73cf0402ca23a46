"""Sentences written from the stages' records, in English, so the summary, the report and the CLI say
the same thing. The stages hand over figures; the report's modules turn them into words by topic:
this one force generation (who is not asked and why, what binds, the gaps' obstacles, the burden),
`wording_board` the conditions board (each check, failed and open items, what would change a verdict)
and `wording_mission` the mission in the field (mandate findings, posture and incidents, risk ranges,
the eastern flank, rotations). Their names are re-exported here for the modules that read them as
`wording.<name>`. The memos word their own languages (memo_words and data/memo).
"""

from __future__ import annotations

from ..eligibility import EXCLUSIONS
from ..vocab import Constraint
from . import labels as L
from .labels import num
from .wording_board import board_summary, change_said, check, item, parliament, what_if, what_if_rows
from .wording_mission import (
    finding, flank_draw, flank_summary, posture_summary, risk_summary, rotation_summary, unsustainable,
)


#: constraints that keep a nation out of the allocation altogether: not asked, or asked with no room
OUT_CONSTRAINTS = EXCLUSIONS + (Constraint.NO_CAPACITY, Constraint.MIN_CONTRIBUTION)


def _cap(c) -> str:
    key = str(c.value if hasattr(c, "value") else c)
    return L.CAPABILITY_SHORT.get(key, L.humanize(key))


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
        when = L.month_year(e.stance_date)
        return f"recorded stance: {L.label(L.STANCE, e.stance.value)}" + (f" ({when})" if when else "")
    if kind == Constraint.US_BACKSTOP:
        return (f"requires American support of {L.label(L.BACKSTOP, e.requires_backstop.value)}; the scenario gives "
                f"{L.label(L.BACKSTOP, e.given_backstop.value)}")
    if kind == Constraint.UN_MANDATE:
        if e.legal_basis is None:
            return "requires a UN mandate; the mandate states no legal basis, so treated as unmet"
        return "requires a UN mandate; the scenario's mandate has no UN legal basis"
    return ""


def binding(b, plan) -> str:
    """One binding record as a sentence, opening with the nation's name (or the sector's) and a colon."""
    k, code = b.constraint, b.nation
    who = L.nation_name(code, plan) if code else ""
    if code and code in plan.allocation.eligibility and k in EXCLUSIONS:
        return f"{who}: {exclusion(plan.allocation.eligibility[code])}"
    if k == Constraint.LEAD:
        if b.missing_from_data:
            return f"{who}: lead nation not in the nation data"
        stance = L.label(L.STANCE, plan.allocation.eligibility[code].stance.value)
        return f"{who}: named lead by the scenario; its recorded stance is {stance}"
    if k == Constraint.CAPACITY:
        why = "lines of this capability have gaps" if b.because == Constraint.GAP else "the nation is below its fair share"
        return (f"{who}, {_cap(b.capability).lower()}: {num(b.used)} of {num(b.limit)} troops of capacity used, "
                f"no room for another unit ({why})")
    if k == Constraint.MIN_CONTRIBUTION:
        return (f"{who}: can give at most {num(b.used)} troops on the lines asked for, below the minimum "
                f"contribution of {num(b.limit)}")
    if k == Constraint.NO_CAPACITY:
        return (f"{who}: eligible but no capacity for one whole unit of any line asked for"
                + (" after its eastern-flank earmarks" if b.after_earmarks else ""))
    if k == Constraint.SECTOR_LEAD:
        if not b.leads:
            return f"{L.sector_name(plan, b.sector)}: no lead nation can field a manoeuvre unit there"
        return (f"{L.sector_name(plan, b.sector)}: led by {who or 'nobody'}, not a lead nation "
                f"(lead nations' manoeuvre units are too few for every sector)")
    if k == Constraint.GAP:
        unit = L.plural(L.UNIT_TYPE_EN.get(b.unit_type, b.unit_type), b.units)
        text = f"{L.sector_name(plan, b.sector)}, {_cap(b.capability).lower()}: {b.units} {unit} unfilled ({num(b.troops)} troops)"
        if b.leads or plan_lead_only(b, plan):
            leads = L.join([L.nation_name(c, plan) for c in b.leads]) or "none eligible"
            text += f"; {_cap(b.capability).lower()} lines go to lead nations only ({leads})"
        return text
    return f"{who}: {L.humanize(k.value).replace('_', ' ')}"


def plan_lead_only(b, plan) -> bool:
    return any(g.lead_only and g.capability == b.capability and g.sector == b.sector for g in plan.allocation.gaps)


def binding_label(b, plan=None) -> str:
    """A short label for grouping binding records: the nation by name, or nation and line for capacity."""
    if b.constraint == Constraint.CAPACITY:
        return f"{L.nation_name(b.nation, plan)} ({_cap(b.capability).lower() if _cap(b.capability) != 'ISR' else 'ISR'})"
    return L.nation_name(b.nation, plan) if b.nation else (L.sector_name(plan, b.sector) if plan and b.sector else b.sector or "")


def gap_units(g) -> str:
    """What a gap lacks (a Gap record): its blocks and troops, and formations no nation can frame."""
    unit = lambda f, k: L.plural(L.UNIT_TYPE_EN.get(f, f), k)  # noqa: E731
    parts = [f"{g.units} {unit(g.unit_type, g.units)}, {num(g.troops)} troops"] if g.units else []
    if g.unframed:
        parts.append(f"no nation to frame {g.unframed} {unit(g.of_formation, g.unframed)}")
    return "; ".join(parts)


def obstacles(c, plan) -> str:
    """What keeps a nation that has the forces from closing a gap (a GapCloser record)."""
    parts: list[str] = []
    for o in c.obstacles:
        if o in EXCLUSIONS:
            parts.append(exclusion(plan.allocation.eligibility[c.nation]))
        elif o == Constraint.OFFERS:
            parts.append("offers only " + ", ".join(_cap(x).lower() if _cap(x) != "ISR" else "ISR" for x in c.offers))
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


def burden(allocation, plan=None) -> str:
    """Who is over its fair share and why: the lead role, and the nations below theirs, each with what
    holds it back (Burden records). Empty when everyone is within a minimum contribution of its share."""
    over = [b for b in allocation.burden if b.over > 0]
    if not over:
        return ""
    under = sorted((b for b in allocation.burden if b.over < 0), key=lambda b: b.over)
    total = allocation.allocated_troops or 1
    parts = [f"{L.nation_name(b.nation, plan)} +{num(b.over)} ({b.troops / total:.0%} against {b.fair_troops / total:.0%}"
             + (f"; {num(b.lead_only_troops)} on lines only lead nations fill" if b.lead_only_troops else "") + ")"
             for b in over]
    why = [f"{L.nation_name(b.nation, plan)} {num(b.over)} ({', '.join(HELD_BACK[c] for c in b.held_back_by)})" for b in under]
    return ("Over their fair share: " + ", ".join(parts)
            + (". Below their share, and why: " + "; ".join(why) if why else ""))


def years(months: int) -> str:
    """A duration readers parse at once: '6 months', '1 year', '2.5 years'."""
    if months < 12:
        return f"{months} month{'s' if months != 1 else ''}"
    y = months / 12
    return f"{y:g} year{'s' if y != 1 else ''}"



__all__ = ["OUT_CONSTRAINTS", "HELD_BACK", "exclusion", "binding", "binding_label", "plan_lead_only", "gap_units",
           "obstacles", "burden", "years",
           # said by topic elsewhere, read here as wording.<name>
           "check", "item", "parliament", "board_summary", "change_said", "what_if", "what_if_rows",
           "finding", "flank_draw", "flank_summary", "posture_summary", "risk_summary", "rotation_summary",
           "unsustainable"]
