"""The whole pipeline: plan(scenario) -> Plan, one object that every output is rendered from."""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import catalog, citations, domain
from . import factors as factors_mod
from .conditions import Board, board
from .cost import Cost, cost, rates
from .errors import InputError
from .factors import Factors
from .flank import Flank, flank
from .generation import TIME_LIMIT, Allocation, allocate
from .incidents import IncidentResult, simulate
from .mandate import Finding, Mandate, MandateCheck, check, known_nations, load_mandate
from .nations import NationTable, load_nations
from .outputs import dump_json, write_outputs  # noqa: F401  (write_outputs: re-exported for callers)
from .posture import Posture, posture
from .records import Record
from .risk import RiskRange, risk_ranges
from .rotation import Rotation, sustain
from .scenario import Scenario, load_scenario
from .sizing import DRAWS, Requirement, size
from .theatre import Theatre, load_theatre
from .vocab import ForceOption, IncidentType, LegalBasis, Measure, SectorKind
from .whatif import WhatWouldChange, what_would_change

#: plan.json's shape; goes up whenever a path users read changes meaning or moves
SCHEMA_VERSION = 2


class SectorSummary(Record):
    id: str
    name: str
    kind: SectorKind
    length_km: float
    covered: bool


class TheatreSummary(Record):
    name: str
    title: str
    sectors: list[SectorSummary]


class MandateSection(Record):
    name: str
    legal_basis: LegalBasis | None
    clear: bool
    score: float
    threshold: float
    findings: list[Finding]
    clarity: dict[IncidentType, float]


class SourceEntry(Record):
    key: str
    #: publisher or author, title, date and address or document reference; or an assumption with its reasoning
    source: str
    #: the figure itself where it is one number (None: a text, a table or a policy)
    value: float | None = None
    unit: str = ""
    #: the figure where it is a word (a nation's stance, its parliament's rule)
    value_text: str | None = None
    #: the web addresses in the source, to follow (citations.links); nothing is fetched
    links: list[str] = []
    #: document references a reader can look up without an address (citations.documents)
    documents: list[str] = []


#: the nation figures the appendix lists: the key's field -> (value column, unit, source column)
NATION_SOURCES = {
    "land_forces": ("land_forces", "troops", "land_forces_source"),
    "stance": ("stance", "", "stance_source"),
    "gdp": ("gdp_busd", "US$ bn", "gdp_source"),
    "population": ("population", "people", "population_source"),
    "nato_cost_share": ("nato_cost_share_pct", "%", "nato_cost_share_source"),
    "parliament": ("parliament_rule", "", "parliament_source"),
}


def _incident_notes() -> dict[str, str]:
    """The built-in incident rates' and chain parameters' notes by key (data/incident_rates.csv, escalation.csv):
    where an assumption's reasoning is kept."""
    from .incident_params import default_params

    params = default_params()
    return {p.key: p.note for p in list(params.rates.values()) + list(params.chain.values())}


def _with_reasoning(source: str, note: str) -> str:
    """A source with its assumption's reasoning beside it: a bare marker ('ASSUMPTION', 'definition') takes the
    note as its reasoning; a sourced figure that the note says is partly assumed keeps that note too."""
    src, note = source.strip(), note.strip()
    if not note or note in src:
        return src
    if src.rstrip(":").lower() in ("assumption", "definition"):
        return f"{src.rstrip(':')}: {note}"
    if "assumption" in note.lower():
        return f"{src}; {note}"
    return src


class PlanDocument(Record):
    """plan.json: the serialisation of every stage's record (schemas/plan.schema.json is generated from it)."""

    schema_version: int
    scenario: Scenario
    theatre: TheatreSummary
    requirement: Requirement
    allocation: Allocation
    rotation: Rotation
    cost: Cost
    flank: Flank
    mandate: MandateSection
    posture: Posture
    incidents: IncidentResult
    conditions: Board
    #: the risk figures with their assumptions' ranges (None: not computed, e.g. plan() alone)
    risk: RiskRange | None = None
    #: what would change the verdicts, each change planned again (None: not computed, e.g. plan() alone)
    what_if: WhatWouldChange | None = None
    sources: list[SourceEntry]


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
    posture: Posture
    incidents: IncidentResult
    conditions: Board
    extra_sources: list[dict[str, str]] = field(default_factory=list)
    #: filled in by `compute_risk` and `compute_what_if` (the CLI does for its outputs)
    risk: RiskRange | None = None
    what_if: WhatWouldChange | None = None

    def sources(self) -> list[dict[str, Any]]:
        """Every figure the plan used, once, with its value (a number and its unit, or a word) and its
        source, the addresses and document references in that source pulled out for a reader to follow:
        the report's appendix and plan.json's `sources`."""
        seen: dict[str, str] = {}
        vals: dict[str, dict[str, Any]] = {}

        def add(key: str, source: str, value: Any = None, unit: str = "") -> None:
            if key not in seen:
                seen[key] = source
                if isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value):
                    vals[key] = {"value": float(value), "unit": unit}
                elif isinstance(value, str) and value.strip():
                    vals[key] = {"value_text": value.strip()}

        for line in self.requirement.lines:
            for used in line.factors:
                add(used.key, used.source, used.value, used.unit)
        role = self.scenario.role
        name = self.theatre.name
        for sector in self.theatre.sectors:
            if sector.covers(role):
                add(f"theatre.{name}.{sector.id}.length_km", sector.length_source, sector.length_km, "km")
                if domain.roles()[role].measure == Measure.THOUSAND_INHABITANTS:
                    add(f"theatre.{name}.{sector.id}.population", sector.population_source, sector.population, "people")
        if any(line.provider in self.theatre.outside_providers for line in self.requirement.lines):
            add(f"theatre.{name}.outside_providers", self.theatre.outside_providers_source)
        if self.scenario.host_army is None and self.theatre.host_army is not None:
            add(f"theatre.{name}.host_army", self.theatre.host_army_source, self.theatre.host_army, "troops")
        if self.requirement.host_factor != 1.0 and self.scenario.adversary_army is None and self.theatre.adversary_army:
            add(f"theatre.{name}.adversary_army", self.theatre.adversary_army_source, self.theatre.adversary_army, "troops")
        for key in ("generation.min_contribution", "capacity.sustainable_share", "capacity.deployable_share",
                    "flank.yardstick_brigades", "flank.yardstick_heavy", "conditions.max_escalation_probability",
                    "conditions.min_filled_share", "rotation.dwell_ratio", "mandate.clear_threshold",
                    "cost.price_year", "posture.depth_km"):
            add(key, self.factors[key].source, self.factors[key].value, self.factors[key].unit)
        add("cost.per_troop_year", self.cost.source, self.cost.per_troop_year.central, "EUR a troop-year")
        for rate in self.cost.rates:
            add(f"cost_rates.{rate.rate}" + (f".{rate.formation}" if rate.formation else ""), rate.source,
                rate.per.central, rate.unit if "EUR" in rate.unit or "hour" in rate.unit else f"EUR {rate.unit}")
        for na in self.allocation.nations:
            if na.troops_deployed <= 0 and not na.eligible:
                continue
            for field_, (col, unit, src_col) in NATION_SOURCES.items():
                src = self.nations.get(na.nation, src_col)
                if src:
                    add(f"nations.{na.nation}.{field_}", str(src), self.nations.get(na.nation, col), unit)
        notes = _incident_notes()
        for used in self.incidents.sources:
            add(f"incidents.{used.key}", _with_reasoning(used.source, notes.get(used.key, "")), used.value, used.unit)
        for item in self.extra_sources:
            add(item["key"], item["source"])
        return [{"key": k, "source": v, **vals.get(k, {}), "links": citations.links(v),
                 "documents": citations.documents(v)} for k, v in sorted(seen.items())]

    def document(self) -> PlanDocument:
        role = self.scenario.role
        chk = self.mandate_check
        return PlanDocument(
            schema_version=SCHEMA_VERSION, scenario=self.scenario,
            theatre=TheatreSummary(name=self.theatre.name, title=self.theatre.title, sectors=[
                SectorSummary(id=s.id, name=s.name, kind=s.kind, length_km=s.length_km, covered=s.covers(role))
                for s in self.theatre.sectors]),
            requirement=self.requirement, allocation=self.allocation, rotation=self.rotation, cost=self.cost,
            flank=self.flank,
            mandate=MandateSection(name=self.mandate.name, legal_basis=self.mandate.legal_basis, clear=chk.clear,
                                   score=chk.score, threshold=chk.threshold, findings=chk.findings,
                                   clarity=chk.clarity),
            posture=self.posture, incidents=self.incidents, conditions=self.conditions, risk=self.risk, what_if=self.what_if,
            sources=[SourceEntry(**s) for s in self.sources()])

    def compute_risk(self) -> "Plan":
        """The escalation and unanswered share with their assumptions' ranges (risk.py); the board then
        judges escalation on that range."""
        s = self.scenario
        self.risk = risk_ranges(self.mandate, s.threat.value, s.us_backstop.value, s.duration_months, self.factors,
                                seed=s.seed, rate_overrides=s.incident_rates, posture=self.posture)
        self.conditions = board(s, self.allocation, self.rotation, self.flank, self.mandate_check, self.incidents,
                                self.factors, self.risk)
        return self

    def compute_what_if(self, *, nations_csv: str | Path | None = None, runs: int = 2000) -> "Plan":
        """What would change the verdicts (whatif.py): each candidate change planned again (with the
        risk ranges too when this plan has them, so the verdicts compare like with like)."""
        self.what_if = what_would_change(self, nations_csv=nations_csv, runs=runs)
        return self

    def options(self) -> dict[ForceOption, Requirement]:
        """The role's three force options sized side by side (the plan's own option included), as think
        tanks present them; sizing only, no allocation."""
        out = {}
        for opt in ForceOption:
            if opt == self.requirement.option:
                out[opt] = self.requirement
            else:
                sc = self.scenario.model_copy(update={"option": opt})
                out[opt] = size(sc, self.theatre, self.factors, drivers=False)
        return out

    def to_dict(self) -> dict[str, Any]:
        return self.document().model_dump(mode="json")

    def to_json(self) -> str:
        """plan.json text: strict JSON, so a non-finite number is an InputError naming its field."""
        return dump_json(self.to_dict())

    def to_frame(self):
        """The allocation as a table: one row per nation x requirement line."""
        return self.allocation.to_frame()

    def tables(self) -> dict[str, Any]:
        """The plan's tables as pandas frames, for notebooks: requirement lines, allocation, where the
        force stands, the board (a row per nation and one for the coalition), and the sources."""
        import pandas as pd

        req = pd.DataFrame([{"task": ln.task, "sector": ln.sector, "capability": ln.capability.value,
                             "provider": ln.provider.value, "formation": ln.formation, "units": ln.units.central,
                             "troops_low": ln.troops.low, "troops": ln.troops.central, "troops_high": ln.troops.high,
                             "outside_host": ln.outside_host} for ln in self.requirement.lines])
        b = self.conditions
        board = pd.DataFrame(
            [{"nation": "coalition", "verdict": b.coalition.verdict.value, "go": b.coalition.go, "troops": None,
              "fails": ", ".join(k.value for k in b.coalition.failed),
              "open": ", ".join(k.value for k in b.coalition.open_items)}]
            + [{"nation": code, "verdict": n.verdict.value, "go": n.go, "troops": n.troops,
                "fails": ", ".join(k.value for k in n.failed), "open": ", ".join(k.value for k in n.open_items)}
               for code, n in b.nations.items()])
        posture = pd.DataFrame([p.model_dump(mode="json") for p in self.posture.positions])
        return {"requirement": req, "allocation": self.to_frame(), "posture": posture, "board": board,
                "sources": pd.DataFrame(self.sources())}

    def chart(self, name: str):
        """One of the report's charts for a notebook (requirement, sectors, allocation, rotation, cost,
        flank, incidents, escalation): the same Vega-Lite specification, shown live in Jupyter; its
        `.spec` is the specification itself."""
        from .report.charts import SPECS, Chart, specs

        if name not in SPECS:
            raise InputError("chart", name, "one of " + ", ".join(SPECS))
        return Chart(specs(self)[name])

    def _repr_html_(self) -> str:
        """A summary card in Jupyter: the report's first paragraph and its verdict, then the allocation."""
        from html import escape

        from .report.lead import lead  # the report's sentences; imported only when a notebook shows a plan

        d, pool = self.requirement.deployed, self.rotation.force_pool
        card = (f"<div style='border:1px solid #d5dbe1;border-radius:6px;padding:10px 14px;max-width:860px'>"
                f"<h3 style='margin:0 0 6px'>{escape(self.scenario.name)}</h3><p>{escape(lead(self))}</p>"
                f"<p>Force pool {pool.central:,.0f} (range {pool.low:,.0f}–{pool.high:,.0f}); deployed "
                f"{d.central:,.0f}. Tables: <code>plan.tables()</code>; charts: <code>plan.chart('allocation')</code>.</p></div>")
        return card + self.to_frame().query("units > 0").to_html(index=False)


def build_theatre(scenario: Scenario) -> Theatre:
    ref = scenario.theatre
    if ref.endswith((".yaml", ".yml")):
        return load_theatre(ref, scenario.resolve(ref))
    return load_theatre(ref)


def plan(scenario: Scenario | dict | str | Path, *, nations_csv: str | Path | None = None,
         runs: int = 2000, option: str | None = None, draws: int = DRAWS, factors: Factors | None = None,
         time_limit: float = TIME_LIMIT) -> Plan:
    """Scenario -> Requirement -> Allocation -> Rotation / Cost / Flank -> Mandate, Posture -> Incidents ->
    Conditions.

    `option` (light, medium, heavy) replaces the scenario's force option. `draws`: the sizing Monte
    Carlo behind the ranges (a sweep, which samples the factors itself, needs only the central case);
    `factors`: the factor table the scenario's overrides go on (default: the built-in one); `time_limit`:
    the allocation solver's, in seconds."""
    table = load_nations(nations_csv)
    scenario = load_scenario(scenario, nation_codes=set(table.codes) if nations_csv else set())
    if option is not None:
        scenario = scenario.model_copy(update={"option": ForceOption(option)})
    theatre = build_theatre(scenario)
    f = (factors if factors is not None else factors_mod.builtin()).with_overrides(scenario.overrides)
    requirement = size(scenario, theatre, f, draws=draws)
    mandate = load_mandate(scenario.mandate, base=scenario.base_dir)
    known_nations(mandate, table.codes)
    allocation = allocate(requirement, table, scenario, f, legal_basis=mandate.legal_basis, time_limit=time_limit)
    rotation = sustain(allocation, table, scenario, f, requirement)
    # the force pools have one owner (rotation); the requirement and each nation carry its figures
    requirement = requirement.model_copy(update={"force_pool": rotation.force_pool,
                                                 "rotation_multiplier": rotation.default_multiplier})
    allocation = allocation.model_copy(update={"nations": [
        n.model_copy(update={"force_pool": rotation.pool_of(n.nation)}) for n in allocation.nations]})
    money = cost(requirement, allocation, rotation, rates(catalog.costs(), f, catalog.table("cost_rates")), f)
    fl = flank(allocation, table, scenario.coalition.eastern_flank, f)
    mandate_check = check(mandate, allocation.holdings(), f)
    stands = posture(requirement, allocation, theatre, f)
    incidents = simulate(mandate, scenario.threat, scenario.us_backstop, scenario.duration_months, runs=runs,
                         seed=scenario.seed, rate_overrides=scenario.incident_rates, posture=stands)
    conditions = board(scenario, allocation, rotation, fl, mandate_check, incidents, f)
    return Plan(scenario, theatre, f, requirement, table, allocation, rotation, money, fl, mandate,
                mandate_check, stands, incidents, conditions)
