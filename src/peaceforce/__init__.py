"""peaceforce: plan a multinational peace force: size it, source it, check its conditions."""

from .scenario import Scenario, load_scenario
from .plan import Plan, plan  # binds the function over the submodule of the same name

__version__ = "0.1.0"

__all__ = ["Scenario", "Plan", "load_scenario", "plan", "__version__"]
