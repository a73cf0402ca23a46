"""peaceforce: plan a multinational peace force: size it, source it, check its conditions."""

from .scenario import Scenario, load_scenario

__version__ = "0.1.0"


def plan(scenario, **kwargs):
    """Run the whole pipeline on a scenario (a Scenario, a dict or a path to a YAML file)."""
    from .plan import plan as _plan

    return _plan(scenario, **kwargs)


__all__ = ["Scenario", "load_scenario", "plan", "__version__"]
