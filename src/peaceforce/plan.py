"""The whole pipeline: plan(scenario) -> Plan, one object that every output is rendered from."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import factors as factors_mod
from .errors import InputError
from .factors import Factors
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
            "sources": self.sources(),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def to_frame(self):
        return self.requirement.to_frame()

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


def plan(scenario: Scenario | dict | str | Path, **_: Any) -> Plan:
    scenario = load_scenario(scenario)
    theatre = build_theatre(scenario)
    f = factors_mod.builtin().with_overrides(scenario.overrides)
    requirement = size(scenario, theatre, f)
    return Plan(scenario, theatre, f, requirement)


def write_outputs(p: Plan, out_dir: Path, files: dict[str, str]) -> list[Path]:
    """Write all files or none: each goes to a temporary name first, then is renamed into place."""
    created = not out_dir.exists()
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("--out", str(out_dir), "a directory (a file of that name exists)")
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp: list[tuple[Path, Path]] = []
    try:
        for name, text in files.items():
            final = out_dir / name
            part = out_dir / f".{name}.part"
            part.write_text(text, encoding="utf-8")
            tmp.append((part, final))
    except OSError as exc:
        for part, _ in tmp:
            part.unlink(missing_ok=True)
        if created:
            try:
                out_dir.rmdir()
            except OSError:
                pass
        raise InputError("--out", str(out_dir), f"a writable directory ({exc})") from None
    for part, final in tmp:
        part.replace(final)
    return [final for _, final in tmp]
