"""Where the force stands: each requirement line's troops, as filled, placed on the line, in depth behind
it, at a hub, or outside the host country, with the km of line it holds and its distance from hostile
ground.

The incident model (exposure.py) reads this to decide which incidents reach the force and how well the
stretch it holds is watched. Placement follows the requirement, not a second reading of the theatre:
- a line on a sector stands on that sector (a line sector: the line of contact; a border sector: a
  hostile border) and holds its length;
- a line at a hub stands at the hub, at the hub's great-circle distance from hostile ground;
- a theatre-wide line in the host (headquarters, reaction force, enablers, axis brigades) stands in
  depth: `posture.depth_km` behind the line, or the role's standoff if that is further (a reassurance
  force keeps its distance);
- lines outside the host (air policing and training from abroad, ships at sea) meet no incident on the
  line.

Troops are those the coalition filled (gaps stand nowhere) plus the US and host lines, which their
providers bring."""

from __future__ import annotations

from collections import defaultdict

from .factors import Factors
from .generation import Allocation
from .records import Record
from .sizing import Requirement
from .tasks import distances_to_line
from .theatre import Theatre
from .vocab import Capability, Provider, SectorKind, Stand


class Position(Record):
    task: str
    place: str                  # sector id, hub id, "theatre" or the sea's id
    capability: Capability
    provider: Provider
    stands: Stand
    km_from_line: float | None  # None outside the host
    frontage_km: float          # km of line or border held (0 off the line)
    troops: float               # as filled


class Posture(Record):
    """plan.json's "posture": the force's positions and the figures the incident model reads."""

    line_km: float              # the theatre's line of contact, the stretch line-wide incident rates cover
    depth_km: float             # where theatre-wide lines in the host stand
    positions: list[Position]
    #: troops by where they stand
    troops: dict[Stand, float]
    #: ISR troops in the host and outside it, and monitoring done from outside (drones, satellites):
    #: sensors watch the line from either
    isr_troops: float
    #: km of line of contact and of hostile border the force holds
    line_held_km: float
    border_held_km: float
    #: the balance of forces the adversary faces: the scenario's armies, and the theatre's own (sourced)
    #: balance at which the incident rates hold (None: no adversary army, so no balance)
    host_army: int = 0
    adversary_army: int | None = None
    reference_balance: float | None = None

    def by_stand(self, provider: Provider | None = None) -> dict[Stand, float]:
        """Troops by where they stand, of one provider (None: all of them, the `troops` field)."""
        return _by_stand(self.positions, provider)

    def hubs(self, provider: Provider | None = None) -> dict[str, tuple[float | None, float]]:
        """Hub id -> (km from the line, troops there) for the hubs where troops stand, nearest first."""
        per: dict[str, list] = {}
        for p in self.positions:
            if p.stands == Stand.HUB and p.troops > 0 and (provider is None or p.provider == provider):
                per.setdefault(p.place, [p.km_from_line, 0.0])[1] += p.troops
        return {h: (km, t) for h, (km, t) in sorted(per.items(), key=lambda kv: (kv[1][0] is None, kv[1][0] or 0))}

    @property
    def manoeuvre_in_host(self) -> float:
        """Coalition and host-provided combat troops standing in the host (not outside, not enablers)."""
        return sum(p.troops for p in self.positions
                   if p.capability == Capability.MANOEUVRE and p.stands != Stand.OUTSIDE)

    @property
    def on_line_density(self) -> float:
        """Ground troops per km on the stretches of line the force holds (0 when it holds none)."""
        held = self.line_held_km + self.border_held_km
        on = self.troops.get(Stand.LINE, 0.0) + self.troops.get(Stand.BORDER, 0.0)
        return on / held if held > 0 else 0.0

    @property
    def sensor_density(self) -> float:
        """ISR troops per km of the line the force holds (sensors work over the stretch it watches)."""
        held = self.line_held_km + self.border_held_km
        return self.isr_troops / held if held > 0 else 0.0

    @property
    def deployed(self) -> float:
        return sum(self.troops.values())


def _by_stand(positions: list[Position], provider: Provider | None = None) -> dict[Stand, float]:
    out = {s: 0.0 for s in Stand}
    for p in positions:
        if provider is None or p.provider == provider:
            out[p.stands] += p.troops
    return out


def _present(requirement: Requirement, allocation: Allocation) -> dict[tuple[str, str, Capability, Provider], float]:
    """Troops present per requirement line: what the coalition's nations filled, and the US and host
    lines as required."""
    filled: dict[tuple[str, str, Capability], float] = defaultdict(float)
    for a in allocation.assignment:
        filled[(a.task, a.sector, a.capability)] += a.troops
    out: dict[tuple[str, str, Capability, Provider], float] = {}
    for line in requirement.lines:
        key = (line.task, line.sector, line.capability, line.provider)
        if line.provider == Provider.COALITION:
            out[key] = min(line.troops.central, filled.get((line.task, line.sector, line.capability), 0.0))
        else:
            out[key] = line.troops.central
    return out


def posture(requirement: Requirement, allocation: Allocation, theatre: Theatre, f: Factors) -> Posture:
    depth = max(f["posture.depth_km"].value, theatre.standoff(requirement.role.value))
    sectors = {s.id: s for s in theatre.sectors}
    hub_ids = {line.sector for line in requirement.lines if theatre.hub(line.sector) is not None}
    hubs = [theatre.hub(h) for h in sorted(hub_ids)]
    hub_km = dict(zip(sorted(hub_ids), distances_to_line(hubs, theatre)))
    present = _present(requirement, allocation)
    positions: list[Position] = []
    for line in requirement.lines:
        troops = present[(line.task, line.sector, line.capability, line.provider)]
        sector = sectors.get(line.sector)
        if line.outside_host:
            stands, km, front = Stand.OUTSIDE, None, 0.0
        elif sector is not None:
            stands = Stand.LINE if sector.kind == SectorKind.LINE else Stand.BORDER
            km, front = 0.0, sector.length_km
        elif line.sector in hub_km:
            stands, km, front = Stand.HUB, hub_km[line.sector], 0.0
            km = depth if km is None else km
        else:
            stands, km, front = Stand.DEPTH, depth, 0.0
        positions.append(Position(task=line.task, place=line.sector, capability=line.capability,
                                  provider=line.provider, stands=stands,
                                  km_from_line=None if km is None else round(km, 1), frontage_km=front,
                                  troops=troops))
    held = {(p.place, p.stands): p.frontage_km for p in positions if p.frontage_km > 0 and p.troops > 0}
    line_km = sum(s.length_km for s in theatre.sectors if s.kind == SectorKind.LINE)
    reference = (theatre.host_army / theatre.adversary_army
                 if theatre.host_army and theatre.adversary_army else None)
    return Posture(
        line_km=line_km, depth_km=depth, positions=positions, troops=_by_stand(positions),
        isr_troops=sum(p.troops for p in positions if p.capability == Capability.ISR
                       or (p.capability == Capability.MONITORING and p.stands == Stand.OUTSIDE)),
        line_held_km=sum(km for (_, s), km in held.items() if s == Stand.LINE),
        border_held_km=sum(km for (_, s), km in held.items() if s == Stand.BORDER),
        host_army=requirement.host_army, adversary_army=requirement.adversary_army, reference_balance=reference)


__all__ = ["Position", "Posture", "posture"]
