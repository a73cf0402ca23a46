"""Calibration of the sizing densities and threat multipliers on historical missions.

Reproducible by construction: `calibrate(missions)` is a pure function of the mission table, and
`python -m peaceforce.calibration --write` stores its result in data/planning_factors.csv (a test
checks the stored values still equal what the function returns).
"""

from __future__ import annotations

import math
import sys
from statistics import NormalDist

import numpy as np
import pandas as pd

from .factors import Factor
from .sizing import host_factor
from . import domain
from .vocab import Measure, Role, Threat, values

ROLES = values(Role)
THREATS = values(Threat)


def _per_population(role: object) -> bool:
    return role in ROLES and domain.roles()[Role(role)].measure == Measure.THOUSAND_INHABITANTS


def _num(x: object) -> float | None:
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def measure(row: pd.Series) -> tuple[float, str] | None:
    """A mission's size in the unit its role's density uses."""
    if _per_population(row["role"]):
        pop = _num(row.get("population"))
        return (pop / 1000.0, "population") if pop else None
    line = _num(row.get("line_km"))
    return (line, "line_km") if line else None


def why_unsizable(row: pd.Series) -> str | None:
    if row.get("role") not in ROLES:
        return f"role {row.get('role')!r} is not one of {', '.join(ROLES)}"
    if row.get("threat") not in THREATS:
        return f"threat {row.get('threat')!r} is not one of {', '.join(THREATS)}"
    if measure(row) is None:
        need = "population" if _per_population(row["role"]) else "line_km"
        return f"no {need}: the {row['role']} density is per {'1,000 inhabitants' if need == 'population' else 'km of line'}"
    if domain.roles()[Role(row["role"])].host_factor and (_num(row.get("host_army")) is None or _num(row.get("adversary_army")) is None):
        return "deter needs host_army and adversary_army for the force-ratio host factor"
    return None


def row_host_factor(row: pd.Series) -> float:
    return host_factor(row["role"], _num(row.get("host_army")) or 0.0, _num(row.get("adversary_army")))


def threat_multipliers(frame: pd.DataFrame) -> tuple[dict[str, float], str]:
    """Within-line contrasts: the same role on the same line (equal line_km) at several threat levels.

    Least squares on log density with a fixed effect per mission; medium is the reference. When no
    mission is seen at medium and another level, medium is set at the geometric midpoint of low and
    high (stated in the source text).
    """
    rows = frame[frame.apply(lambda r: why_unsizable(r) is None and not _budget(r), axis=1)].copy()
    rows["logd"] = [math.log(r["troops"] / measure(r)[0]) for _, r in rows.iterrows()]  # type: ignore[index]
    groups = [g for _, g in rows.groupby(["role", "line_km"]) if g["threat"].nunique() > 1]
    if not groups:
        return {"low": 1.0, "medium": 1.0, "high": 1.0}, "no mission observed at two threat levels: multipliers 1"
    has_medium = any("medium" in set(g["threat"]) for g in groups)
    n_g = len(groups)
    eqs, rhs = [], []
    for k, g in enumerate(groups):
        for _, r in g.iterrows():
            x = np.zeros(n_g + 2)
            x[k] = 1
            if r["threat"] == "low":
                x[n_g] = 1
            elif r["threat"] == "high":
                x[n_g + 1] = 1
            eqs.append(x)
            rhs.append(r["logd"])
    if not has_medium:
        x = np.zeros(n_g + 2)
        x[n_g] = x[n_g + 1] = 1000.0  # t_low + t_high = 0: medium at the geometric midpoint
        eqs.append(x)
        rhs.append(0.0)
    sol, *_ = np.linalg.lstsq(np.array(eqs), np.array(rhs), rcond=None)
    names = "; ".join(", ".join(f"{n} ({t})" for n, t in zip(g["name"], g["threat"])) for g in groups)
    how = f"within-line contrast of {names}" + ("" if has_medium else "; medium at the geometric midpoint of low and high (assumption)")
    return {"low": float(math.exp(sol[n_g])), "medium": 1.0, "high": float(math.exp(sol[n_g + 1]))}, how


#: roles whose tasks use a calibrated density (data/tasks.csv: density.<role> in a rate)
CALIBRATED_ROLES = ("interpose", "stabilize")


def _budget(row: pd.Series) -> bool:
    """Rows whose strength was set by money or contributors, not by the threat (missions.csv `driver`)."""
    return str(row.get("driver", "")).strip() == "budget"


def calibrate(frame: pd.DataFrame, interval: float = 0.8, threat: dict[str, float] | None = None) -> list[Factor]:
    """Densities per calibrated role: geometric mean of threat- and host-normalised mission densities.

    Threat multipliers come from within-line contrasts where the data hold one (budget-driven rows
    excluded); otherwise the stated ones (`threat`, assumptions in planning_factors.csv) normalise the
    densities and no threat factor is written. Each density's range is the central `interval` of a
    log-normal whose spread is the role's own leave-one-out error (every mission predicted from the
    others); a role with a single mission borrows the pooled leave-one-out error of the others and says so.
    """
    found, how = threat_multipliers(frame)
    calibrated_threat = not how.startswith("no mission")
    mult = found if calibrated_threat or threat is None else {"medium": 1.0, **threat}
    out = [Factor(f"threat.{t}", round(mult[t], 4), round(mult[t], 4), round(mult[t], 4), "multiplier",
                  f"calibrated: {how} (data/missions.csv)", "reference level: medium = 1")
           for t in ("low", "high")] if calibrated_threat else []
    rows = frame[frame.apply(lambda r: why_unsizable(r) is None, axis=1)]
    logs: dict[str, list[tuple[str, float]]] = {}
    for _, r in rows.iterrows():
        amount, _ = measure(r)  # type: ignore[misc]
        d = r["troops"] / (amount * mult[r["threat"]] * row_host_factor(r))
        logs.setdefault(r["role"], []).append((f"{r['name']} ({r.get('years', '')})", math.log(d)))
    loo: dict[str, list[float]] = {}
    for role, vals in logs.items():
        xs = [v for _, v in vals]
        if len(xs) >= 2:
            loo[role] = [x - float(np.mean(xs[:i] + xs[i + 1:])) for i, x in enumerate(xs)]
    z = NormalDist().inv_cdf(0.5 + interval / 2)
    pooled = [e for es in loo.values() for e in es]
    sd_pooled = math.sqrt(sum(e * e for e in pooled) / len(pooled)) if pooled else 1.0
    for role in CALIBRATED_ROLES:
        vals = logs.get(role)
        if not vals:
            continue
        unit = "troops per 1000 inhabitants" if _per_population(role) else "troops per km of covered sector"
        mu = float(np.mean([v for _, v in vals]))
        names = "; ".join(n for n, _ in vals)
        if role in loo:
            sd = math.sqrt(sum(e * e for e in loo[role]) / len(loo[role]))
            spread = f"the role's own leave-one-out error (rms of log error {sd:.2f} over {len(vals)} missions)"
        else:
            sd = sd_pooled
            spread = (f"ONE mission only: the pooled leave-one-out error of the other roles ({sd:.2f}); "
                      "this role is never tested out of sample")
        out.append(Factor(
            f"density.{role}", round(math.exp(mu), 4), round(math.exp(mu - z * sd), 4),
            round(math.exp(mu + z * sd), 4), unit,
            f"calibrated: geometric mean over {len(vals)} mission(s) in data/missions.csv: {names}",
            f"range: central {interval:.0%} of a log-normal with {spread}"))
    return out


def write(path: str | None = None) -> list[Factor]:
    from . import catalog

    target = path or str(catalog.data_path("planning_factors.csv"))
    table = pd.read_csv(target)
    interval = float(table.loc[table.key == "calibration.interval", "value"].iloc[0])
    threat = {t: float(table.loc[table.key == f"threat.{t}", "value"].iloc[0]) for t in ("low", "high")}
    result = calibrate(catalog.missions(), interval, threat)
    for c in result:
        values = {"value": c.value, "low": c.low, "high": c.high, "unit": c.unit, "source": c.source, "note": c.note}
        if (table.key == c.key).any():
            for col, v in values.items():
                table.loc[table.key == c.key, col] = v
        else:
            table = pd.concat([table, pd.DataFrame([{"key": c.key, **values}])], ignore_index=True)
    table.to_csv(target, index=False)
    return result


if __name__ == "__main__":  # pragma: no cover - maintenance command
    if "--write" in sys.argv:
        for c in write():
            print(f"{c.key:22s} {c.value:10.4g}  [{c.low:.4g} - {c.high:.4g}]  {c.source}")
    else:
        print("usage: python -m peaceforce.calibration --write")
