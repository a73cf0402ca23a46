"""The whole pipeline: plan(scenario) -> Plan, one object that every output is rendered from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import catalog
from . import factors as factors_mod
from .conditions import Board, board
from .cost import Cost, cost, rates
from .factors import Factors
from .flank import Flank, flank
from .generation import Allocation, allocate, un_mandate_from
from .incidents import IncidentResult, simulate
from .mandate import Mandate, MandateCheck, check, load_mandate
from .nations import NationTable, load_nations
from .outputs import dump_json, write_outputs  # noqa: F401  (write_outputs: re-exported for callers)
from .rotation import Rotation, sustain
from .scenario import Scenario, load_scenario
from .sizing import Requirement, size
from .theatre import Theatre, load_theatre

SCHEMA_VERSION = 1


@dataclass
class Plan:
    scenario: Scenario
    theatre: Theatre
    factors: Factors
    requirement: Requirement
    nations: NationTable
    allocation: Allocation
    rotation: Rotation
    cost: Cost
    flank: Flank
    mandate: Mandate
    mandate_check: MandateCheck
    incidents: IncidentResult
    conditions: Board
    extra_sources: list[dict[str, str]] = field(default_factory=list)

    def sources(self) -> list[dict[str, str]]:
        """Every figure the plan used, once, with its source: the report's appendix."""
        seen: dict[str, str] = {}
        for line in self.requirement.lines:
            for used in line.factors:
                seen.setdefault(str(used["key"]), str(used["source"]))
        for sector in self.theatre.sectors:
            if sector.covers(self.scenario.role):
                seen.setdefault(f"theatre.{self.theatre.name}.{sector.id}.length_km", sector.length_source)
                if self.scenario.role == "stabilize":
                    seen.setdefault(f"theatre.{self.theatre.name}.{sector.id}.population", sector.population_source)
        if self.scenario.role == "deter" and self.scenario.adversary_army is None and self.theatre.adversary_army:
            seen.setdefault(f"theatre.{self.theatre.name}.adversary_army", self.theatre.adversary_army_source)
        for key in ("generation.min_contribution", "capacity.sustainable_share", "capacity.deployable_share",
                    "flank.yardstick_brigades", "flank.yardstick_heavy", "conditions.max_escalation_probability",
                    "conditions.min_filled_share", "rotation.dwell_ratio"):
            seen.setdefault(key, self.factors[key].source)
        seen.setdefault("cost.per_troop_year", self.cost.rates.source)
        for na in self.allocation.nations:
            if na.troops_deployed <= 0 and not na.eligible:
                continue
            for col in ("land_forces", "stance", "gdp", "population", "nato_cost_share", "parliament"):
                src = self.nations.get(na.nation, f"{col}_source")
                if src:
                    seen.setdefault(f"nations.{na.nation}.{col}", str(src))
        for used in self.incidents.sources:
            seen.setdefault(f"incidents.{used.get('key')}", str(used.get("source", "")))
        for item in self.extra_sources:
            seen.setdefault(item["key"], item["source"])
        return [{"key": k, "source": v} for k, v in sorted(seen.items())]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "scenario": self.scenario.public_dict(),
            "theatre": {"name": self.theatre.name, "title": self.theatre.title,
                        "sectors": [{"id": s.id, "name": s.name, "kind": s.kind, "length_km": s.length_km,
                                     "covered": s.covers(self.scenario.role)} for s in self.theatre.sectors]},
            "requirement": self.requirement.to_dict(),
            "allocation": self.allocation.to_dict(),
            "rotation": self.rotation.to_dict(),
            "cost": self.cost.to_dict(),
            "flank": self.flank.to_dict(),
            "mandate": {"name": self.mandate.name, "legal_basis": self.mandate.legal_basis,
                        **self.mandate_check.to_dict()},
            "incidents": self.incidents.to_dict(),
            "conditions": self.conditions.to_dict(),
            "sources": self.sources(),
        }

    def to_json(self) -> str:
        """plan.json text: strict JSON, so a non-finite number is an InputError naming its field."""
        return dump_json(self.to_dict())

    def to_frame(self):
        """The allocation as a table: one row per nation x requirement line."""
        return self.allocation.to_frame()

    def _repr_html_(self) -> str:  # rich view in notebooks
        frame = self.to_frame()
        d = self.requirement.deployed
        head = (f"<h3>{self.scenario.name}</h3><p>Coalition deployed: <b>{d.central:,.0f}</b> "
                f"(range {d.low:,.0f}-{d.high:,.0f}); force pool {self.requirement.force_pool.central:,.0f}</p>")
        return head + frame.to_html(index=False)


def build_theatre(scenario: Scenario) -> Theatre:
    ref = scenario.theatre
    if ref.endswith((".yaml", ".yml")):
        return load_theatre(ref, scenario.resolve(ref))
    return load_theatre(ref)


def plan(scenario: Scenario | dict | str | Path, *, nations_csv: str | Path | None = None,
         runs: int = 2000) -> Plan:
    """Scenario -> Requirement -> Allocation -> Rotation / Cost / Flank -> Mandate, Incidents -> Conditions."""
    table = load_nations(nations_csv)
    scenario = load_scenario(scenario, nation_codes=set(table.codes) if nations_csv else set())
    theatre = build_theatre(scenario)
    f = factors_mod.builtin().with_overrides(scenario.overrides)
    requirement = size(scenario, theatre, f)
    mandate = load_mandate(scenario.mandate, base=scenario.base_dir)
    allocation = allocate(requirement, table, scenario, f, un_mandate=un_mandate_from(mandate.legal_basis))
    rotation = sustain(allocation, table, scenario, f)
    money = cost(allocation, scenario.duration_months, rates(catalog.costs()))
    fl = flank(allocation, table, scenario.coalition.eastern_flank, f)
    mandate_check = check(mandate, allocation.holdings())
    incidents = simulate(mandate, scenario.threat, scenario.us_backstop, scenario.duration_months, runs=runs,
                         seed=scenario.seed, rate_overrides=scenario.incident_rates)
    conditions = board(scenario, table, allocation, rotation, fl, mandate_check, incidents, f, mandate.legal_basis)
    return Plan(scenario, theatre, f, requirement, table, allocation, rotation, money, fl, mandate,
                mandate_check, incidents, conditions)
