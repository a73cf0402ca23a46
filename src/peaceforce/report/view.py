"""What the interactive page shows of a plan, in one typed record: the force in one figure with its
range, the verdict and its items, each nation's verdict, the gaps, what would change it, the escalation
risk, the map, and the charts' Vega-Lite specifications.

Every figure is read from the plan's records and every sentence from the report's own writers
(`content.summary`, `content_decision.conditions`, `content.gaps`, `lead`), so the page says what the
report says. The charts are the report's specifications, wide and narrow; the page renders them with
the Vega runtime the server hands out (no SVG is made here, so a view costs little beyond the plan).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from .. import domain
from . import labels as L
from .charts import SPECS
from .content import gaps, summary
from .content_decision import conditions
from .lead import FORCE
from .map import render_map
from .vega import NARROW, WIDE

#: the charts the page shows, in its order
PAGE_CHARTS = ("allocation", "escalation", "requirement")


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Force(_Out):
    central: int
    low: int
    high: int
    required: int
    sourced: int
    gap: int
    filled_share: float
    pool: int
    option: str
    role: str


class Figure(_Out):
    label: str
    value: str
    detail: str


class NationVerdict(_Out):
    code: str
    name: str
    troops: str
    verdict: str
    verdict_text: str
    verdict_class: str
    fails: list[str]
    open: list[str]
    note: str


class GapLine(_Out):
    where: str
    capability: str
    units: int
    unit_type: str
    troops: int
    who: list[str]


class Change(_Out):
    who: str
    text: str


class Escalation(_Out):
    central: float
    ci_low: float
    ci_high: float
    range_low: float | None
    range_high: float | None
    threshold: float
    per_year: float


class View(_Out):
    """The page's whole answer for one scenario (the same figures as plan.json, said as the report says them)."""

    scenario: str
    lead: str
    #: what the host's army does to this answer, when a reader moving it would expect the force to move
    host_note: str
    verdict: str
    verdict_class: str
    reasons: list[str]
    open: list[str]
    force: Force
    figures: list[Figure]
    nations: list[NationVerdict]
    gaps: list[GapLine]
    what_if: list[Change] | None
    escalation: Escalation
    map_svg: str
    charts: dict[str, dict[str, Any]]
    charts_narrow: dict[str, dict[str, Any]]


def host_note(plan) -> str:
    """Why the force's size does or does not follow the host's army, in a sentence."""
    role = plan.scenario.role
    host = plan.theatre.host_name or "the host"
    force = FORCE.get(role.value, "force")
    if domain.roles()[role].host_factor:
        return (f"The {force}'s size follows {host}'s army: the smaller it is against the adversary's, the more "
                "brigades the threatened axes need.")
    return (f"The {force}'s size does not follow {host}'s army (its tasks are set by hubs, the line and the "
            f"theatre, not by the balance of forces); {host}'s army moves the balance of forces, and with it the "
            "risk of escalation.")


def view(plan) -> View:
    req, a, i = plan.requirement, plan.allocation, plan.incidents
    d = req.deployed
    s = summary(plan)
    board = conditions(plan)
    r = plan.risk
    return View(
        scenario=plan.scenario.name, lead=s["lead"], host_note=host_note(plan), verdict=s["verdict"], verdict_class=s["verdict_class"],
        reasons=s["reasons"], open=s["open"],
        force=Force(central=round(d.central), low=round(d.low), high=round(d.high), required=a.required_troops,
                    sourced=a.allocated_troops, gap=a.gap_troops, filled_share=a.filled_share,
                    pool=round(plan.rotation.force_pool.central), option=req.option.value,
                    role=L.label(L.ROLE, plan.scenario.role.value)),
        figures=[Figure(label=lab, value=val, detail=det) for lab, val, det in s["figures"]],
        nations=[NationVerdict(code=row["code"], name=row["name"], troops=row["troops"], verdict=row["verdict"],
                               verdict_text=row["verdict_text"], verdict_class=row["verdict_class"],
                               fails=row["fails"], open=row["open"], note=row["note"]) for row in board["rows"]],
        gaps=[GapLine(where=g["sector"], capability=g["capability"], units=g["units"], unit_type=g["unit_type"],
                      troops=g["troops_value"], who=[c["name"] for c in g["closes"][:4]]) for g in gaps(plan)],
        what_if=[Change(**w) for w in board["what_if"]] if plan.what_if is not None else None,
        escalation=Escalation(
            central=i.escalation_probability, ci_low=i.escalation_ci95[0], ci_high=i.escalation_ci95[1],
            range_low=r.escalation.low if r is not None else None, range_high=r.escalation.high if r is not None else None,
            threshold=plan.factors.v("conditions.max_escalation_probability"),
            per_year=sum(t.per_year for t in i.by_type.values())),
        map_svg=render_map(plan),
        charts={name: SPECS[name](plan, WIDE, False) for name in PAGE_CHARTS},
        charts_narrow={name: SPECS[name](plan, NARROW, True) for name in PAGE_CHARTS},
    )
