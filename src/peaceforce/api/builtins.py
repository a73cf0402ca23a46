"""The built-in scenarios (data/scenarios/*.yaml, shipped in the wheel; examples/ holds the same files for
readers) and the rule that a client names built-ins only.

A client gives a scenario by name, never by path, and a posted scenario's theatre and mandate must be
built-in names: Scenario itself also accepts a .yaml path (resolved against the scenario file or the
working directory, see scenario.py and plan.build_theatre), which on a server would let a client make it
read any file. Such a reference is refused with 422 before anything runs.
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache

from .. import catalog
from ..errors import InputError
from ..scenario import Scenario, load_scenario

SCENARIO_DIR = "scenarios"


def scenario_names() -> list[str]:
    """The built-in scenarios' names: their file stems (e.g. ukraine-reassure)."""
    return sorted(p.stem for p in catalog.data_path(SCENARIO_DIR).glob("*.yaml"))


#: the names as an enum, so the OpenAPI schema lists them and a wrong one is a 422 naming them
ScenarioName = Enum("ScenarioName", {n.replace("-", "_"): n for n in scenario_names()}, type=str)


@lru_cache(maxsize=None)
def builtin_scenario(name: str) -> Scenario:
    """A built-in scenario by name (a frozen model: safe to share). Anything else is an InputError."""
    name = name.value if isinstance(name, Enum) else name
    names = scenario_names()
    if name not in names:
        raise InputError("scenario", name, "one of the built-in scenarios " + ", ".join(names))
    return load_scenario(catalog.data_path(SCENARIO_DIR, f"{name}.yaml"))


def builtin_refs(scenario: Scenario) -> Scenario:
    """The scenario when its theatre and mandate are built-in names; a path is an InputError (422)."""
    theatres, mandates = catalog.builtin_theatres(), catalog.builtin_mandates()
    if scenario.theatre not in theatres:
        raise InputError("theatre", scenario.theatre,
                         f"a built-in theatre ({', '.join(theatres)}); the API reads no files a client names")
    if scenario.mandate not in mandates:
        raise InputError("mandate", scenario.mandate,
                         f"a built-in mandate ({', '.join(mandates)}); the API reads no files a client names")
    return scenario


__all__ = ["ScenarioName", "scenario_names", "builtin_scenario", "builtin_refs"]
