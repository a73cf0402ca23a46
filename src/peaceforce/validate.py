"""Backtest that can fail: past missions out of sample, past tasks by the task rules, published estimates.

Three sets, each with the same statistics (on the log scale, where a factor of 2 is a factor of 2 either
way): the median |ln error| of the central figure, the share of actual figures inside the model's 80%
range, the median high / low ratio of that range (sharpness), and the mean interval score (the width
of the range plus a penalty of 2 / 0.2 per unit of ln the actual lies outside it; lower is better).

- missions: each mission of a calibrated role (data/missions.csv) predicted from densities calibrated
  WITHOUT it (leave-one-out); a role with one mission cannot be, and is skipped with that reason;
- tasks: each past task (data/task_missions.csv: eFP battlegroups per host nation, OSCE monitors per km,
  Interflex trainers per trainee ...) predicted by the rule the task-based roles use, with its range
  from the Monte Carlo over the factors and formation strengths it rests on; a case that is itself the
  source of the factor it tests (`in_sample`) is shown but left out of the statistics;
- published: each published Ukraine estimate against the plan for the role, force option and backstop
  it assumed (data/published.csv).
"""

from __future__ import annotations

import math
from statistics import median
from typing import Any, Callable

import numpy as np
import pandas as pd

from . import catalog, uncertainty
from .calibration import CALIBRATED_ROLES, calibrate, measure, row_host_factor, why_unsizable, _num
from .errors import InputError
from .factors import Factors, builtin
from .records import Range
from .scenario import load_scenario
from .sizing import size
from .theatre import load_theatre

MISSION_COLUMNS = ("name", "role", "threat", "line_km", "area_km2", "population", "host_army", "troops")
#: the range the statistics judge: the central 80% (10th to 90th percentile)
ALPHA = 0.2


# ---------------------------------------------------------------- statistics (pure)


def interval_score(low: float, high: float, actual: float, alpha: float = ALPHA) -> float:
    """Gneiting & Raftery's interval score on ln values: width plus 2/alpha per unit outside."""
    lo, hi, y = math.log(low), math.log(high), math.log(actual)
    return (hi - lo) + (2 / alpha) * max(0.0, lo - y) + (2 / alpha) * max(0.0, y - hi)


def statistics(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """rows: dicts with predicted {low, central, high} and actual (> 0)."""
    if not rows:
        return {"n": 0, "median_abs_log_error": None, "inside_range_share": None, "median_high_over_low": None,
                "mean_interval_score": None}
    err = [abs(math.log(r["predicted"]["central"] / r["actual"])) for r in rows]
    inside = [r["predicted"]["low"] <= r["actual"] <= r["predicted"]["high"] for r in rows]
    ratio = [r["predicted"]["high"] / r["predicted"]["low"] for r in rows]
    score = [interval_score(r["predicted"]["low"], r["predicted"]["high"], r["actual"]) for r in rows]
    return {"n": len(rows), "median_abs_log_error": round(median(err), 3),
            "inside_range_share": round(sum(inside) / len(rows), 3),
            "median_high_over_low": round(median(ratio), 2), "mean_interval_score": round(float(np.mean(score)), 3)}


def _row(name: str, role: str, pred: Range, actual: float, **extra: Any) -> dict[str, Any]:
    return {"name": name, "role": role, "predicted": {k: round(v) for k, v in pred.to_dict().items()},
            "actual": actual, "abs_log_error": round(abs(math.log(pred.central / actual)), 3),
            "inside": bool(pred.low <= actual <= pred.high), **extra}


# ---------------------------------------------------------------- past missions, leave-one-out


def _recalibrated(base: Factors, frame: pd.DataFrame) -> Factors:
    threat = {t: base.v(f"threat.{t}") for t in ("low", "high")}
    new = {c.key: c for c in calibrate(frame, base.v("calibration.interval"), threat)}
    return Factors(new.get(key, f) for key, f in base.items())


def predict_mission(row: pd.Series, f: Factors) -> Range:
    """The calibrated quantity itself: density x size x threat x host factor, with the density's range."""
    amount, _ = measure(row)  # type: ignore[misc]
    d = f[f"density.{row['role']}"]
    k = amount * f.v(f"threat.{row['threat']}") * row_host_factor(row)
    return Range.of(d.low * k, d.value * k, d.high * k)


def validate_missions(frame: pd.DataFrame | None = None) -> dict[str, Any]:
    builtin_set = frame is None
    data = catalog.missions() if builtin_set else frame
    missing = [c for c in ("name", "role", "threat", "troops") if c not in data.columns]
    if missing:
        raise InputError("--missions", ", ".join(map(str, data.columns)),
                         f"a CSV with columns {', '.join(MISSION_COLUMNS)} (missing: {', '.join(missing)})")
    base = builtin()
    rows, skipped = [], []
    for idx, row in data.iterrows():
        name = str(row["name"]) + (f" ({row['years']})" if "years" in row and isinstance(row.get("years"), str) else "")
        actual = _num(row.get("troops"))
        reason = why_unsizable(row) or (None if actual and actual > 0 else "no troop strength to compare with")
        if reason is None and row["role"] not in CALIBRATED_ROLES:
            reason = f"{row['role']} is sized by tasks, not a calibrated density: see the task set"
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
        rows.append(_row(name, str(row["role"]), predict_mission(row, f), float(actual), threat=row["threat"]))
    if not rows:
        why = "; ".join(f"{sk['name']}: {sk['reason']}" for sk in skipped[:3]) or "the file has no rows"
        raise InputError("--missions", f"{len(skipped)} row(s), none sizable", f"at least one sizable mission ({why})")
    method = "leave-one-out on the built-in calibration set" if builtin_set else "built-in calibration applied to a user set"
    return {"missions": rows, "summary": {"method": method, "sized": len(rows), **statistics(rows), "skipped": skipped}}


# ---------------------------------------------------------------- past tasks, by the task rules


def _task_rule(task: str, count: float) -> tuple[list[str], list[str], Callable[[uncertainty.Draws], np.ndarray]] | None:
    """(factor keys, formations, troops on the draws) of the rule the task-based roles size this task by."""
    rules: dict[str, tuple[list[str], list[str], Callable[[uncertainty.Draws], np.ndarray]]] = {
        "hub_garrison": ([], ["battlegroup"], lambda d: count * d.strengths["battlegroup"]),
        "line_monitoring": (["monitoring.per_km.medium"], [], lambda d: count * d.v("monitoring.per_km.medium")),
        "training": (["training.per_trainer"], [], lambda d: count / d.v("training.per_trainer")),
        "air_policing": ([], ["fighter_detachment"], lambda d: count * d.strengths["fighter_detachment"]),
        "hq": ([], ["force_hq"], lambda d: count * d.strengths["force_hq"]),
        "qrf": (["qrf.medium"], ["brigade"], lambda d: count * d.v("qrf.medium") * d.strengths["brigade"]),
    }
    return rules.get(task)


TASK_COLUMNS = ("name", "years", "role", "threat", "task", "basis", "count", "troops")


def validate_tasks(frame: pd.DataFrame | None = None, draws: int = 2000, seed: int = 20260106) -> dict[str, Any]:
    """Past tasks (built-in data/task_missions.csv, or a user CSV with the same columns) by the task rules."""
    f = builtin()
    data = catalog.table("task_missions") if frame is None else frame
    missing = [c for c in ("name", "task", "count", "troops") if c not in data.columns]
    if missing:
        raise InputError("--missions", ", ".join(map(str, data.columns)),
                         f"a task CSV with columns {', '.join(TASK_COLUMNS)} (missing: {', '.join(missing)})")
    rows, skipped = [], []
    for _, r in data.iterrows():
        name = f"{r['name']}" + (f" ({r['years']})" if isinstance(r.get("years"), str) else "")
        actual, count = _num(r.get("troops")), _num(r.get("count"))
        rule = _task_rule(str(r["task"]), count or 0.0)
        if not actual or not count:
            skipped.append({"name": name, "reason": "no troop figure or count to compare with"})
            continue
        if rule is None:
            skipped.append({"name": name, "reason": f"no task rule for '{r['task']}'"})
            continue
        keys, _, troops = rule
        mid = troops(uncertainty.central(f, keys))
        lo, _, hi = uncertainty.percentiles(troops(uncertainty.sample(f, keys, draws, seed)))
        central = float(mid[0])
        in_sample = str(r.get("in_sample", "") or "").strip()
        rows.append(_row(name, str(r.get("role", "")), Range.of(min(lo, central), central, max(hi, central)),
                         float(actual), task=str(r["task"]), in_sample="" if in_sample == "nan" else in_sample))
    if frame is not None and not rows:
        why = "; ".join(f"{sk['name']}: {sk['reason']}" for sk in skipped[:3]) or "the file has no rows"
        raise InputError("--missions", f"{len(skipped)} row(s), none sizable", f"at least one sizable task ({why})")
    out_of_sample = [x for x in rows if not x["in_sample"]]
    return {"tasks": rows, "summary": {
        "method": "task rules; the statistics count only cases that are not a source of the factor they test",
        "sized": len(rows), **statistics(out_of_sample), "in_sample": len(rows) - len(out_of_sample),
        "skipped": skipped}}


# ---------------------------------------------------------------- published estimates


def validate_published() -> dict[str, Any]:
    """Each published estimate against the model run with the role, option and backstop it assumed."""
    table = catalog.published()
    theatre = load_theatre("ukraine")
    base = builtin()
    rows = []
    for _, r in table.iterrows():
        option = r["option"] if isinstance(r.get("option"), str) else "medium"
        spec = {"name": str(r["who"]), "role": r["role"], "option": option,
                "threat": r.get("threat") if isinstance(r.get("threat"), str) else "medium",
                "us_backstop": r["us_backstop"] if isinstance(r.get("us_backstop"), str) else "none",
                "host_army": int(_num(r.get("host_army")) or theatre.host_army or 0)}
        component = str(r.get("component") or "force")
        if component not in ("force", "land"):
            raise InputError(f"published.{r['id']}.component", component,
                             "force (the whole coalition force) or land (its ground lines only)", "data/published.csv")
        req = size(load_scenario(spec), theatre, base, drivers=False)
        d = req.land if component == "land" else req.deployed
        low, high = float(r["low"]), float(r["high"])
        mid = math.sqrt(low * high)
        rows.append({"id": r["id"], "who": r["who"], "when": r.get("when"), "role": r["role"], "option": option,
                     "component": component,
                     "us_backstop": spec["us_backstop"], "published": {"low": low, "high": high},
                     "predicted": {k: round(v) for k, v in d.to_dict().items()}, "actual": mid,
                     "inside": bool(d.low <= mid <= d.high),
                     "published_over_central": round(mid / d.central, 2) if d.central else None,
                     "overlap": bool(low <= d.high and high >= d.low), "source": r.get("source")})
    n = len(rows)
    ratios = [x["published_over_central"] or 0 for x in rows]
    return {"estimates": rows, "summary": {
        **statistics(rows),
        "within_factor_2_share": round(sum(0.5 <= x <= 2 for x in ratios) / n, 3) if n else None,
        "median_published_over_central": round(median(ratios), 2) if n else None,
        "overlap_share": round(sum(x["overlap"] for x in rows) / n, 3) if n else None,
        "rule": "a published range counts by its geometric middle"}}


TARGETS = {"median_abs_log_error": ("<=", 0.5), "inside_range_share": ("between", (0.7, 0.9)),
           "median_high_over_low": ("<=", 4.0)}
PUBLISHED_TARGETS = {"within_factor_2_share": (">=", 0.6), "median_published_over_central": ("between", (0.67, 1.5))}


def missed(summary: dict[str, Any], targets: dict[str, tuple[str, Any]]) -> list[str]:
    """The targets a set's statistics miss, each as 'name value (target)'."""
    out = []
    for key, (op, bound) in targets.items():
        value = summary.get(key)
        if value is None:
            continue
        ok = (value <= bound if op == "<=" else value >= bound if op == ">=" else bound[0] <= value <= bound[1])
        if not ok:
            want = f"{op} {bound}" if op != "between" else f"{bound[0]}-{bound[1]}"
            out.append(f"{key} {value} (target {want})")
    return out
