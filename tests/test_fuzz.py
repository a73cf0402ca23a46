"""Fuzzing the scenario space: valid and invalid values for every key and override, plan() and every
output rendered; the only exception allowed is InputError. The strategies live in tests/fuzzing.py;
scripts/fuzz runs them for as long as asked and groups what fails."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from fuzzing import cases, classify, minimize, run_case, to_json

#: slow (about a minute) but part of the normal suite: CI runs it (scripts/test runs every test)
pytestmark = pytest.mark.slow


# Reproducible (derandomize: the same 150 cases on every run) and bounded: Hypothesis' own shrinking
# is left out, as a plan takes ~0.2 s and the HTML report ~2 s it could run for many minutes; a
# failing case is shrunk by fuzzing.minimize within 15 s instead and shown in the failure's notes.
@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=cases(html_every=15))
def test_any_scenario_plans_and_renders_or_is_rejected_with_input_error(case):
    # a case has 'scenario', 'runs', 'memo_nation' and 'html' (the HTML report for ~1 case in 15: slow)
    try:
        run_case(case, timeout=120)
    except Exception as exc:
        small = minimize(case, classify(exc), budget_s=15, timeout=120)
        exc.add_note(f"{classify(exc)}; a smaller case failing the same way: {to_json(small)}")
        raise
