"""Sustainment: the one owner of rotation multipliers and force pools, and the month-by-month force.

Each rotation a nation sends fresh troops; those coming home need a dwell period before they can go
again, so the distinct troops a share ties down grow with each rotation until they plateau at the
nation's rotation multiplier: its own where the nation table gives one, else 1 + the planning dwell
ratio, and never more than the number of rotations the mission has (a six-month mission with
six-month rotations needs no second set of troops). A nation's force pool is its deployed troops x
its multiplier; the headline force pool is the sum of the nations' pools plus what the unfilled
gaps would need at the default multiplier. Every other stage and screen reads these figures here.

A nation's ground contribution is sustainable while its need fits its deployable pool: land forces
x NATO's deployable share (Riga 2006: 40%), less its eastern-flank earmarks when the flank is
protected.
"""

from __future__ import annotations

import math

import numpy as np

from . import domain
from .factors import Factors
from .generation import Allocation
from .nations import NationTable
from .records import Range, Record
from .scenario import Scenario
from .sizing import Requirement
from .uncertainty import Z90
from .vocab import FlankPolicy


def rotations(duration_months: int, rotation_months: int) -> int:
    return math.ceil(duration_months / rotation_months)


def multiplier(own: float | None, dwell_ratio: float, n_rotations: int) -> float:
    """Troops held per troop deployed: the nation's own figure, else 1 + dwell, capped by the rotations."""
    return float(min(own if own is not None else 1.0 + dwell_ratio, n_rotations))


def default_multiplier(f: Factors, n_rotations: int) -> Range:
    dwell = f["rotation.dwell_ratio"]
    return Range.of(*(multiplier(None, d, n_rotations) for d in (dwell.low, dwell.value, dwell.high)))


class NationSustainment(Record):
    nation: str
    troops: int
    ground: int
    multiplier: float
    #: troops the nation holds to keep its whole share up (troops x multiplier)
    force_pool: int
    #: ground troops its ground share ties down (ground x multiplier), against its deployable pool
    pool_needed: int
    deployable_pool: int
    #: last month kept up in full; None = the whole mission
    sustainable_until: int | None


class Unsustainable(Record):
    """A nation that cannot keep its ground share up, from which rotation, and by how much."""

    nation: str
    from_month: int
    rotation: int
    needed: int
    deployable_pool: int
    ground: int
    multiplier_then: float
    shortfall: int


class Month(Record):
    month: int
    rotation: int
    deployed: int
    by_nation: dict[str, int]
    gap: int


class Rotation(Record):
    rotations: int
    rotation_months: int
    duration_months: int
    default_multiplier: Range
    nations: list[NationSustainment]
    unsustainable: list[Unsustainable]
    months: list[Month]
    gap_troops: int
    #: the headline: the nations' pools plus the gaps' need at the default multiplier; its range carries
    #: the requirement's Monte Carlo and the dwell ratio's range
    force_pool: Range
    protect_flank: bool
    #: every nation's multiplier, contributing or not (what a contribution would tie down per soldier)
    multipliers: dict[str, float]

    def pool_of(self, code: str) -> int:
        return next((n.force_pool for n in self.nations if n.nation == code), 0)

    @property
    def years(self) -> float:
        return self.duration_months / 12


def deployable_pool(nations: NationTable, code: str, f: Factors, protect: bool) -> float:
    land = nations.get(code, "land_forces")
    pool = float(land or 0) * f.v("capacity.deployable_share")
    if protect:
        pool -= nations.earmarked(code)
    return max(0.0, pool)


def pool_range(central_pool: float, requirement: Requirement | None, f: Factors, n_rot: int, seed: int) -> Range:
    """The force pool's 10th and 90th percentile: the requirement's Monte Carlo draws of the deployed
    force times draws of the default multiplier (dwell ratio from its range), scaled so the median
    case is the central pool the nations' own multipliers give."""
    if requirement is None or not requirement.samples or requirement.deployed.central <= 0:
        return Range.point(central_pool)
    dwell = f["rotation.dwell_ratio"]
    draws = np.array(requirement.samples)
    z = np.random.default_rng(seed + 1).standard_normal(draws.size)
    d = np.where(z >= 0, dwell.value + z * (dwell.high - dwell.value) / Z90, dwell.value + z * (dwell.value - dwell.low) / Z90)
    mult = np.minimum(1.0 + np.maximum(d, 0.0), n_rot)
    ratio = draws * mult / (requirement.deployed.central * multiplier(None, dwell.value, n_rot))
    lo, hi = np.percentile(ratio, [10, 90])
    return Range.of(float(round(min(central_pool, central_pool * lo))), central_pool,
                    float(round(max(central_pool, central_pool * hi))))


def sustain(allocation: Allocation, nations: NationTable, scenario: Scenario, f: Factors,
            requirement: Requirement | None = None) -> Rotation:
    months_n, rot_m = scenario.duration_months, scenario.rotation_months
    n_rot = rotations(months_n, rot_m)
    seed = scenario.seed
    default = default_multiplier(f, n_rot)
    protect = scenario.coalition.eastern_flank == FlankPolicy.PROTECT
    ground_caps = set(domain.ground_capabilities())
    ground_by: dict[str, int] = {}
    for a in allocation.assignment:
        if a.capability in ground_caps and a.units:
            ground_by[a.nation] = ground_by.get(a.nation, 0) + int(a.troops)

    # every nation's multiplier, contributing or not, worked out once here
    multipliers: dict[str, float] = {}
    for code in nations.codes:
        own = nations.get(code, "rotation_multiplier")
        multipliers[code] = multiplier(float(own) if own is not None else None, f.v("rotation.dwell_ratio"), n_rot)

    records: list[NationSustainment] = []
    unsustainable: list[Unsustainable] = []
    for na in allocation.nations:
        if na.troops_deployed <= 0:
            continue
        ground = ground_by.get(na.nation, 0)
        mult = multipliers[na.nation]
        pool = deployable_pool(nations, na.nation, f, protect)
        until = None
        if ground > 0:
            # rotation k (1-based) needs ground x min(k, multiplier) distinct troops
            for k in range(1, n_rot + 1):
                if ground * min(k, mult) > pool + 1e-9:
                    until = (k - 1) * rot_m
                    unsustainable.append(Unsustainable(
                        nation=na.nation, from_month=until + 1, rotation=k, needed=round(ground * min(k, mult)),
                        deployable_pool=round(pool), ground=ground, multiplier_then=min(k, mult),
                        shortfall=round(ground - pool / min(k, mult))))
                    break
        records.append(NationSustainment(
            nation=na.nation, troops=na.troops_deployed, ground=ground, multiplier=mult,
            force_pool=round(na.troops_deployed * mult), pool_needed=round(ground * mult),
            deployable_pool=round(pool), sustainable_until=until))

    required = allocation.required_troops
    months: list[Month] = []
    for m in range(1, months_n + 1):
        k = (m - 1) // rot_m + 1
        by_nation: dict[str, int] = {}
        for r in records:
            troops = r.troops
            if r.sustainable_until is not None and m > r.sustainable_until:
                kept = math.floor(r.deployable_pool / min(k, r.multiplier)) if r.ground else 0
                troops = r.troops - r.ground + min(r.ground, kept)
            by_nation[r.nation] = troops
        deployed = sum(by_nation.values())
        months.append(Month(month=m, rotation=k, deployed=deployed, by_nation=by_nation, gap=max(0, required - deployed)))

    gap = allocation.gap_troops
    national = sum(r.force_pool for r in records)
    central_pool = float(round(national + gap * default.central))
    force_pool = pool_range(central_pool, requirement, f, n_rot, seed)
    return Rotation(rotations=n_rot, rotation_months=rot_m, duration_months=months_n, default_multiplier=default,
                    nations=records, unsustainable=unsustainable, months=months, gap_troops=gap,
                    force_pool=force_pool, protect_flank=protect, multipliers=multipliers)


__all__ = ["Rotation", "NationSustainment", "Unsustainable", "Month", "sustain", "multiplier", "rotations",
           "default_multiplier", "deployable_pool"]
