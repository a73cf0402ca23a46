"""What the map reads from the plan: the coalition's troops on each sector and at each hub, the gaps
(required but not filled) at the place they would stand, and where all its deployed troops stand.

Pure readings of the allocation and the posture (posture.py decides where every requirement line
stands, a gap's line included); the map and its legend only draw them. Markers share one scale, so a
ring of unfilled troops reads against the filled troops beside it and against every other marker.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..vocab import Capability, Provider, Stand

#: a sector or depth marker's radius at no troops, and its growth (area grows with the troops)
R0, R_GROWTH = 7.0, 2.2
#: the largest marker the map draws; a larger one is drawn at this size and said to be not to scale
R_MAX = 96.0


def radius(troops: float) -> float:
    """A circle marker's radius in SVG units: its area grows with the troops it stands for."""
    return min(R_MAX, R0 + R_GROWTH * math.sqrt(max(troops, 0.0) / 100))


def hub_side(troops: float) -> float:
    """A hub square's side: its area grows with the troops there."""
    return max(6.0, 0.55 * math.sqrt(max(troops, 0.0)))


@dataclass(frozen=True)
class Place:
    """The coalition at one place of the map: troops standing there by nation, and those unfilled."""

    filled: int = 0
    gap: int = 0
    by_nation: dict[str, int] = field(default_factory=dict)  # sectors only: who fills it
    gap_combat: int = 0  # of the gap, combat (manoeuvre) troops

    @property
    def required(self) -> int:
        return self.filled + self.gap


def _stands_of(plan) -> dict[tuple[str, str, str], Stand]:
    """Where each coalition requirement line stands, by (task, place, capability): the posture's word."""
    return {(p.task, p.place, str(p.capability)): p.stands for p in plan.posture.positions
            if p.provider == Provider.COALITION}


def places(plan) -> dict[str, Place]:
    """Place id -> the coalition there: every sector of the theatre (troops of any capability on it, as
    the allocation fills them: combat battalions on an interposition line, monitors on an observation
    line), every hub where troops stand or a gap would, and "depth" and "outside" for the troops and gaps
    that stand at no one place of the map."""
    sectors = {s.id for s in plan.theatre.sectors}
    stands = _stands_of(plan)
    nations: dict[str, dict[str, int]] = {}
    filled: dict[str, float] = {}
    gaps: dict[str, int] = {}
    combat: dict[str, int] = {}
    for a in plan.allocation.assignment:
        if a.sector in sectors and a.troops > 0:
            here = nations.setdefault(a.sector, {})
            here[a.nation] = here.get(a.nation, 0) + int(a.troops)
            filled[a.sector] = filled.get(a.sector, 0) + a.troops
    for hub_id, (_, troops) in plan.posture.hubs(Provider.COALITION).items():
        filled[hub_id] = troops
    loose = plan.posture.by_stand(Provider.COALITION)
    for stand in (Stand.DEPTH, Stand.OUTSIDE):
        filled[str(stand)] = loose.get(stand, 0.0)
    for g in plan.allocation.gaps:
        stand = stands.get((g.task, g.sector, str(g.capability)), Stand.DEPTH)
        key = g.sector if stand in (Stand.LINE, Stand.BORDER, Stand.HUB) else str(stand)
        gaps[key] = gaps.get(key, 0) + int(g.troops)
        if g.capability == Capability.MANOEUVRE:
            combat[key] = combat.get(key, 0) + int(g.troops)
    return {k: Place(round(filled.get(k, 0.0)), gaps.get(k, 0), nations.get(k, {}), combat.get(k, 0))
            for k in dict.fromkeys([*filled, *gaps])}


def hub_places(plan) -> list[tuple[object, Place]]:
    """(hub, its place) for every hub where the coalition's troops stand or a gap would, in the theatre's
    order of hubs."""
    at = places(plan)
    return [(h, at[h.id]) for h in plan.theatre.hubs if h.id in at and at[h.id].required > 0]


def stand_rows(plan) -> list[tuple[str, int]]:
    """Where the coalition's deployed troops stand (the posture's positions), then those its nations left
    unfilled, and the force they sum to (the requirement's central figure): in whole troops, rounded by
    largest remainder so the rows still add up to the total."""
    total = plan.requirement.deployed.central
    by = {str(k): v for k, v in plan.posture.by_stand(Provider.COALITION).items()}
    # what the nations did not fill: the coalition's requirement less what stands somewhere
    by["gap"] = max(0.0, total - sum(by.values()))
    rows = [[k, math.floor(v), v - math.floor(v)] for k, v in by.items() if round(v)]
    for r in sorted(rows, key=lambda r: -r[2])[:max(0, round(total) - sum(r[1] for r in rows))]:
        r[1] += 1
    return [(k, n) for k, n, _ in rows] + [("total", round(total))]
