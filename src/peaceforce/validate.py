"""Backtest: size historical missions and published Ukraine estimates, compare with the model's range.

For the built-in calibration set each mission is predicted with factors calibrated WITHOUT it
(leave-one-out), so the error shown is out-of-sample; a mission that is the only one of its role
cannot be predicted that way and is skipped with that reason.
"""

from __future__ import annotations

import math
from statistics import median
from typing import Any

import pandas as pd

from . import catalog
from .calibration import calibrate, why_unsizable, _num
from .factors import Factors, builtin
from .scenario import load_scenario
from .sizing import Range, size
from .theatre import Sector, Theatre, load_theatre

MISSION_COLUMNS = ("name", "role", "threat", "line_km", "area_km2", "population", "host_army", "troops")


def _recalibrated(base: Factors, frame: pd.DataFrame) -> Factors:
    interval = base.v("calibration.interval")
    new = {c.key: c for c in calibrate(frame, interval)}
    # a role calibrated on nothing (all its missions left out) must not keep its old density
    return Factors(new.get(key, f) for key, f in base.items() if key in new or not key.startswith("density."))


def predict_mission(row: pd.Series, f: Factors) -> Range:
    """A mission as a one-sector theatre, sized by the same code as a plan; all providers count."""
    sector = Sector(id="zone", name=str(row["name"]), kind="line", length_km=_num(row.get("line_km")) or 0.0,
                    population=_num(row.get("population")), covered_by=[row["role"]])
    theatre = Theatre(name="mission", sectors=[sector])
    host = _num(row.get("host_army")) or 0
    adversary = _num(row.get("adversary_army"))
    scenario = load_scenario({"name": str(row["name"]), "role": row["role"], "threat": row["threat"],
                              "host_army": int(host), "adversary_army": None if adversary is None else int(adversary),
                              "us_backstop": "none", "duration_months": 12})
    req = size(scenario, theatre, f)
    total = Range.zero()
    for r in req.by_provider.values():
        total = total + r
    return total


def validate_missions(frame: pd.DataFrame | None = None) -> dict[str, Any]:
    builtin_set = frame is None
    data = catalog.missions() if builtin_set else frame
    missing = [c for c in ("name", "role", "threat", "troops") if c not in data.columns]
    if missing:
        from .errors import InputError

        raise InputError("--missions", ", ".join(data.columns), f"a CSV with columns {', '.join(MISSION_COLUMNS)} (missing: {', '.join(missing)})")
    base = builtin()
    rows, skipped = [], []
    for idx, row in data.iterrows():
        name = str(row["name"]) + (f" ({row['years']})" if "years" in row and isinstance(row.get("years"), str) else "")
        actual = _num(row.get("troops"))
        reason = why_unsizable(row) or (None if actual and actual > 0 else "no troop strength to compare with")
        if reason:
            skipped.append({"name": name, "reason": reason})
            continue
        f = base
        if builtin_set:
            rest = data.drop(index=idx)
            if not any((rest["role"] == row["role"]) & rest.apply(lambda r: why_unsizable(r) is None, axis=1)):
                skipped.append({"name": name, "reason": f"the only sizable {row['role']} mission: cannot be predicted out of sample"})
                continue
            f = _recalibrated(base, rest)
        pred = predict_mission(row, f)
        rows.append({"name": name, "role": row["role"], "threat": row["threat"],
                     "predicted": {k: round(v) for k, v in pred.to_dict().items()},
                     "actual": int(actual), "abs_log_error": round(abs(math.log(pred.central / actual)), 3),
                     "inside": bool(pred.low <= actual <= pred.high)})
    if not rows:
        from .errors import InputError

        why = "; ".join(f"{sk['name']}: {sk['reason']}" for sk in skipped[:3]) or "the file has no rows"
        raise InputError("--missions", f"{len(skipped)} row(s), none sizable", f"at least one sizable mission ({why})")
    summary = {
        "method": "leave-one-out on the built-in calibration set" if builtin_set else "built-in calibration applied to a user set",
        "sized": len(rows),
        "median_abs_log_error": round(median(r["abs_log_error"] for r in rows), 3) if rows else None,
        "inside_range_share": round(sum(r["inside"] for r in rows) / len(rows), 3) if rows else None,
        "skipped": skipped,
    }
    return {"missions": rows, "summary": summary}


def validate_published() -> dict[str, Any]:
    """Each published estimate against the model run with the role and backstop it assumed."""
    table = catalog.published()
    theatre = load_theatre("ukraine")
    base = builtin()
    rows = []
    for _, r in table.iterrows():
        spec = {"name": str(r["who"]), "role": r["role"], "threat": r.get("threat") if isinstance(r.get("threat"), str) else "medium",
                "us_backstop": r["us_backstop"] if isinstance(r.get("us_backstop"), str) else "none",
                "host_army": int(_num(r.get("host_army")) or theatre.host_army or 0)}
        req = size(load_scenario(spec), theatre, base)
        d = req.deployed
        low, high = float(r["low"]), float(r["high"])
        mid = math.sqrt(low * high)
        rows.append({"id": r["id"], "who": r["who"], "when": r.get("when"), "role": r["role"],
                     "us_backstop": spec["us_backstop"], "published": {"low": low, "high": high},
                     "predicted": {k: round(v) for k, v in d.to_dict().items()},
                     "inside": bool(d.low <= mid <= d.high),
                     "published_over_central": round(mid / d.central, 2) if d.central else None,
                     "overlap": bool(low <= d.high and high >= d.low),
                     "source": r.get("source")})
    n = len(rows)
    return {"estimates": rows, "summary": {
        "inside_share": round(sum(x["inside"] for x in rows) / n, 3) if n else None,
        "overlap_share": round(sum(x["overlap"] for x in rows) / n, 3) if n else None,
        "within_factor_2_share": round(sum(0.5 <= (x["published_over_central"] or 0) <= 2 for x in rows) / n, 3) if n else None,
        "median_published_over_central": round(median(x["published_over_central"] or 0 for x in rows), 2) if n else None,
        "rule": "inside: the geometric middle of the published range lies within the model's low-high range"}}
