from __future__ import annotations

import pandas as pd
import pytest

from peaceforce import catalog
from peaceforce.calibration import calibrate, threat_multipliers
from peaceforce.factors import builtin


def test_stored_factors_equal_what_calibration_computes():
    """The densities in planning_factors.csv are the calibration's output, not hand-picked."""
    f = builtin()
    threat = {t: f.v(f"threat.{t}") for t in ("low", "high")}
    found = calibrate(catalog.missions(), f.v("calibration.interval"), threat)
    assert {c.key for c in found} == {"density.interpose", "density.stabilize"}
    for c in found:
        stored = f[c.key]
        assert (stored.value, stored.low, stored.high) == pytest.approx((c.value, c.low, c.high), rel=1e-3), c.key


def test_threat_contrast_from_one_line_at_two_levels():
    frame = pd.DataFrame([
        {"name": "A", "role": "interpose", "threat": "high", "line_km": 100, "troops": 4000},
        {"name": "A", "role": "interpose", "threat": "low", "line_km": 100, "troops": 1000},
    ])
    mult, how = threat_multipliers(frame)
    assert mult["high"] / mult["low"] == pytest.approx(4.0)
    assert mult["high"] * mult["low"] == pytest.approx(1.0)  # medium at the geometric midpoint
    assert "midpoint" in how


def test_density_is_geometric_mean_and_range_widens_with_spread():
    tight = pd.DataFrame([
        {"name": f"M{i}", "role": "interpose", "threat": "medium", "line_km": 100, "troops": t}
        for i, t in enumerate((1000, 1100, 900))])
    wide = tight.assign(troops=[100, 1000, 10000])
    ct = {c.key: c for c in calibrate(tight)}["density.interpose"]
    cw = {c.key: c for c in calibrate(wide)}["density.interpose"]
    assert cw.value == pytest.approx(10.0, rel=1e-3)
    assert cw.high / cw.low > ct.high / ct.low > 1


def test_budget_driven_rows_are_not_a_threat_effect():
    """UNFICYP's strength fell with its funding, not its threat: those rows give no threat contrast."""
    missions = catalog.missions()
    assert set(missions.loc[missions["driver"] == "budget", "name"]) == {"UNFICYP"}
    mult, how = threat_multipliers(missions)
    assert how.startswith("no mission observed at two threat levels")


def test_each_role_gets_its_own_spread_and_a_lone_mission_says_so():
    frame = pd.DataFrame([
        {"name": f"I{i}", "role": "interpose", "threat": "medium", "line_km": 100, "troops": t}
        for i, t in enumerate((1000, 1100, 900))] + [
        {"name": "S", "role": "stabilize", "threat": "medium", "population": 1_000_000, "troops": 10_000}])
    out = {c.key: c for c in calibrate(frame, 0.8, {"low": 0.7, "high": 1.5})}
    tight = out["density.interpose"]
    assert tight.high / tight.low < 1.5  # three missions within 10% of each other: a narrow range
    assert "ONE mission only" in out["density.stabilize"].note
