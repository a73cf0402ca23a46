"""The sweep's dimensions: the `uncertain:` block resolved against its scenario, and a sample's scenario.

Each dimension maps a point u in [0, 1) of the unit cube (what the samplers give) to a value, and a
row of values to the scenario that sample plans. A planning factor over its own range is drawn exactly
as the plan's own Monte Carlo draws it (uncertainty.at); factors that share a random stream there (the
enabler shares, one judgement split in parts; the levels of one ladder) share one dimension here,
stored as its percentile. By default the dimensions are every factor with a range that the plan reads
under any of the listed choices (each tried alone): what no plan reads cannot move an answer, and
each idle dimension would cost a Sobol design (N x (D + 2) plans) N more plans.
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np

from .. import uncertainty
from ..errors import InputError
from ..factors import Factor, Factors, unit_bounds
from ..scenario import Scenario, load_scenario
from .space import NUMERIC, Between, Choices, family

#: the solver's time in a plan that only finds which factors are read
DISCOVERY_SECONDS = 1.0
#: u is kept this far inside (0, 1) before a normal score is taken (0 and 1 have none)
U_EDGE = 1e-9


@dataclass(frozen=True)
class Dim:
    """One dimension of the design: its input name, store column, kind and how it maps u."""

    name: str
    column: str
    #: number, integer, choice (text), flag (true/false) or percentile (a group of factors)
    kind: str
    spec: Between | Choices | None = None
    #: planning factors drawn on their own range (spec None)
    keys: tuple[str, ...] = ()

    def values(self, u: np.ndarray, f: Factors) -> list[Any]:
        """The dimension's values at the points u (one per sample)."""
        u = np.asarray(u, dtype=float)
        spec = self.spec
        if isinstance(spec, Choices):
            w = np.asarray(spec.weights if spec.weights is not None else [1.0] * len(spec.choices), dtype=float)
            edges = np.cumsum(w) / w.sum()
            idx = np.minimum(np.searchsorted(edges, u, side="right"), len(spec.choices) - 1)
            return [spec.choices[i] for i in idx]
        if isinstance(spec, Between):
            x = _between(spec, u)
        elif self.kind == "percentile":
            return [float(v) for v in u]
        else:
            x = uncertainty.at(f, self.keys[0], normal_score(u))
        return [int(round(v)) for v in x] if self.kind == "integer" else [float(v) for v in x]

    def describe(self, f: Factors) -> str:
        """The dimension in words for the page and the terminal: its range or choices."""
        spec = self.spec
        if isinstance(spec, Choices):
            return "one of " + ", ".join(str(c).lower() if isinstance(c, bool) else str(c) for c in spec.choices)
        if isinstance(spec, Between):
            how = {"uniform": "", "loguniform": " (log-uniform)",
                   "triangular": f" (triangular, mode {_fmt(spec.mode or 0)})"}
            return f"{_fmt(spec.low)} to {_fmt(spec.high)}{how[spec.dist]}"
        if self.kind == "percentile":
            return "percentile of the factors' own ranges, drawn together: " + ", ".join(self.keys)
        fac = f[self.keys[0]]
        return (f"its own range: {_fmt(fac.low)}, {_fmt(fac.value)}, {_fmt(fac.high)} as 10th, 50th, 90th "
                f"percentile ({fac.unit})")


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:g}"


def normal_score(u: np.ndarray) -> np.ndarray:
    from scipy.special import ndtri

    return ndtri(np.clip(np.asarray(u, dtype=float), U_EDGE, 1 - U_EDGE))


def _between(spec: Between, u: np.ndarray) -> np.ndarray:
    lo, hi = spec.low, spec.high
    if hi == lo:
        return np.full(u.shape, lo)
    if spec.dist == "loguniform":
        return np.exp(math.log(lo) + u * (math.log(hi) - math.log(lo)))
    if spec.dist == "triangular":
        c = (spec.mode - lo) / (hi - lo)
        left = lo + np.sqrt(u * (hi - lo) * (spec.mode - lo))
        right = hi - np.sqrt((1 - u) * (hi - lo) * (hi - spec.mode))
        return np.where(u < c, left, right)
    return lo + u * (hi - lo)


def column(name: str, taken: Iterable[str] = ()) -> str:
    """A store column for an input name: `in_` and the name in letters, digits and underscores."""
    base = "in_" + re.sub(r"\W", "_", name.replace("*", "all")).lower()
    out, i, taken = base, 2, set(taken)
    while out in taken:
        out, i = f"{base}_{i}", i + 1
    return out


# ------------------------------------------------------------------ a sample's scenario


def _set(data: dict, path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = data
    for p in parents:
        node = node.setdefault(p, {})
    node[last] = value


def scenario_data(base: dict[str, Any], dims: list[Dim], row: dict[str, Any], f: Factors) -> dict[str, Any]:
    """The scenario (as a dict) that the sample `row` ({column: value}) plans: the base with each value set."""
    data = copy.deepcopy(base)
    for dim in dims:
        value = row[dim.column]
        kind, name = family(dim.name), dim.name
        if kind in ("numeric", "categorical"):
            _set(data, name, int(value) if dim.kind == "integer" or (name in NUMERIC and NUMERIC[name]) else value)
        elif kind == "vote":
            data.setdefault("parliament", {})[name.split(".", 1)[1]] = value
        elif kind == "rate":
            data.setdefault("incident_rates", {})[name.split(".", 1)[1]] = float(value)
        elif kind == "joins":
            _joins(data.setdefault("coalition", {}), name.split(".", 1)[1], bool(value))
        elif dim.kind == "percentile":
            z = normal_score(np.array([float(value)]))
            for key in dim.keys:
                x = float(uncertainty.at(f, key, z)[0])
                data.setdefault("overrides", {})[key] = float(round(x)) if whole(f, key) else x
        else:  # a factor: its own range or the block's
            data.setdefault("overrides", {})[dim.keys[0]] = float(value)
    return data


def _joins(co: dict[str, Any], code: str, joins: bool) -> None:
    """false: the nation is excluded; true: it is not, and a listed `include` lists it."""
    exclude = [c for c in co.get("exclude", []) if c != code]
    include = co.get("include", "willing")
    if joins:
        if isinstance(include, list) and code not in include:
            co["include"] = [*include, code]
    else:
        exclude.append(code)
    co["exclude"] = exclude


def build(base: dict[str, Any], base_dir: str | None, dims: list[Dim], row: dict[str, Any], f: Factors) -> Scenario:
    data = scenario_data(base, dims, row, f)
    sc = load_scenario(data)
    sc._base_dir = base_dir
    return sc


# ------------------------------------------------------------------ resolving the block


class Recorder(Factors):
    """A factor table that notes every key a plan reads (found by lookup or membership)."""

    def __init__(self, factors: Iterable[Factor], seen: set[str]):
        super().__init__(factors)
        self.seen = seen

    def __getitem__(self, key: str) -> Factor:
        out = super().__getitem__(key)
        self.seen.add(key)
        return out

    def __contains__(self, key: object) -> bool:
        found = key in self._f
        if found:
            self.seen.add(str(key))
        return found

    def v(self, key: str) -> float:
        return self[key].value

    def first(self, *keys: str) -> Factor | None:
        for key in keys:
            if key in self:
                return self[key]
        return None

    def with_overrides(self, overrides) -> "Recorder":
        out = Factors.with_overrides(self, overrides)
        return self if out is self else Recorder(out.values(), self.seen)


def factors_read(sc: Scenario) -> set[str]:
    """The planning factors a plan of `sc` reads for a figure. Sizing's reads count only where a
    requirement line used the factor: sizing also looks at other levels of a ladder (to keep a draw
    between them) and at keys of tasks with nowhere to stand, which move no figure."""
    from ..factors import builtin
    from ..plan import plan
    from ..sizing import size

    seen: set[str] = set()
    # which factors are read does not wait on the best allocation: the solver gets a second
    p = plan(sc, runs=1, draws=1, factors=Recorder(builtin().values(), seen), time_limit=DISCOVERY_SECONDS)
    by_sizing: set[str] = set()
    size(p.scenario, p.theatre, Recorder(builtin().values(), by_sizing).with_overrides(sc.overrides), draws=1)
    by_lines = {u.key for ln in p.requirement.lines for u in ln.factors}
    return (seen - by_sizing) | (by_lines & seen)


def _fail(name: str, written: Any, err: InputError, where: str | None) -> InputError:
    """The scenario's refusal of a probed value, said of the input: the value as the block wrote it
    when the refusal is of the input's own field (a range's end before rounding), else the scenario's."""
    return InputError(f"uncertain.{name}", _as_written(written) if err.field == name else err.value, err.allowed, where)


def _as_written(v: Any) -> Any:
    return int(v) if isinstance(v, float) and v.is_integer() else v


def files(sc: Scenario, where: str | None) -> dict[str, Any]:
    """Load the theatre and every mandate the sweep may plan (the scenario's, or each choice of
    `uncertain.mandate`) once, so a missing or bad file is refused before any plan, naming the input;
    returns each mandate's legal basis by its reference."""
    from ..mandate import known_nations, load_mandate
    from ..nations import load_nations
    from ..plan import build_theatre

    try:
        build_theatre(sc)
    except InputError as err:
        why = err.allowed if err.field in ("theatre", "theatre file") else f"a theatre whose {err.field} is {err.allowed}"
        raise InputError("theatre", sc.theatre, why, where) from None
    listed = sc.uncertain.inputs.get("mandate") if sc.uncertain is not None else None
    field, refs = ("uncertain.mandate", list(listed.choices)) if isinstance(listed, Choices) else ("mandate", [sc.mandate])
    bases = {}
    for ref in refs:
        try:
            m = load_mandate(ref, base=sc.base_dir)
            known_nations(m, load_nations(None).codes)
        except InputError as err:
            why = err.allowed if err.field in ("mandate", "mandate file") else f"a mandate whose {err.field} is {err.allowed}"
            raise InputError(field, ref, why, where) from None
        bases[ref] = m.legal_basis
    return bases


def _probe_values(spec: Between | Choices | str) -> list[Any]:
    if isinstance(spec, Between):
        return [spec.low, spec.high] + ([spec.mode] if spec.mode is not None else [])
    if isinstance(spec, Choices):
        return list(spec.choices)
    return []


def resolve(sc: Scenario, where: str | None = None) -> tuple[dict[str, Any], list[Dim]]:
    """(base scenario data, dimensions) for the scenario's `uncertain:` block. Every range end and
    choice is tried on the scenario, so a value it does not admit is an InputError naming the input."""
    from ..factors import builtin
    from . import joins

    block = sc.uncertain
    if block is None:
        raise InputError("uncertain", None, "an uncertain: block in the scenario (docs/sweeps.md)", where)
    base = sc.public_dict()
    f = builtin().with_overrides(sc.overrides)
    dims: list[Dim] = []
    fixed: dict[str, Any] = {}
    for name, spec in block.inputs.items():
        kind = family(name)
        if kind == "factor":
            key = name.split(".", 1)[1]
            if key not in f:
                raise InputError(f"uncertain.{name}", key, "a planning-factor key (data/planning_factors.csv)", where)
            if key in sc.overrides:
                raise InputError(f"uncertain.{name}", key, "a factor the scenario's overrides do not fix", where)
            if spec == "own" and f[key].low == f[key].high:
                raise InputError(f"uncertain.{name}", "own", f"a range of your own ({key} has none)", where)
        if kind == "joins":
            code = name.split(".", 1)[1]
            if code in sc.coalition.lead:
                raise InputError(f"uncertain.{name}", code, "a nation that is not a lead nation", where)
        dim = _dim(name, spec, [d.column for d in dims], f)
        for written in _probe_values(spec):
            v = int(round(written)) if dim.kind == "integer" else written  # as the samples will have it
            try:
                build(base, sc.base_dir, [dim], {dim.column: v}, f)
            except InputError as err:
                raise _fail(name, written, err, where) from None
        if isinstance(spec, Choices) and len(spec.choices) == 1 or isinstance(spec, Between) and spec.low == spec.high:
            fixed[dim.column] = dim.values(np.array([0.5]), f)[0]
            base = scenario_data(base, [dim], fixed, f)
            continue
        dims.append(dim)
    joins.check(sc, base, dims, f, files(sc, where), where)
    if block.factors == "own":
        dims += _own_factors(sc, base, dims, f, set(block.inputs))
    return base, dims


def whole(f: Factors, key: str) -> bool:
    """A factor counted in whole units (troops, stations): a sample's value is rounded, as overrides must be."""
    b = unit_bounds().get(f[key].unit)
    return bool(b and b.whole)


def _dim(name: str, spec: Between | Choices | str, taken: list[str], f: Factors) -> Dim:
    col = column(name, taken)
    key = name.split(".", 1)[1] if family(name) == "factor" else None
    integer = bool(NUMERIC.get(name)) or (key is not None and whole(f, key))
    keys = (key,) if key else ()
    if spec == "own":
        return Dim(name, col, "integer" if integer else "number", None, keys)
    if isinstance(spec, Choices):
        vals = spec.choices
        kind = "flag" if all(isinstance(v, bool) for v in vals) else "choice" if all(isinstance(v, str) for v in vals) \
            else "integer" if integer else "number"
        return Dim(name, col, kind, spec, keys)
    return Dim(name, col, "integer" if integer else "number", spec, keys)


def _own_factors(sc: Scenario, base: dict[str, Any], dims: list[Dim], f: Factors, named: set[str]) -> list[Dim]:
    """Every factor with a range that a plan reads under the base scenario or any one listed choice of a
    scenario field (role, option, threat, backstop, mandate, coalition), one dimension per stream."""
    variants = [base] + [scenario_data(base, [d], {d.column: c}, f)
                         for d in dims if family(d.name) == "categorical" and isinstance(d.spec, Choices)
                         for c in d.spec.choices]
    keys: set[str] = set()
    for data in variants:
        variant = load_scenario(data)
        variant._base_dir = sc.base_dir
        keys |= factors_read(variant)
    listed = {n.split(".", 1)[1] for n in named if family(n) == "factor"}
    keys = {k for k in keys if f[k].low < f[k].high and k not in listed and k not in sc.overrides}
    groups: dict[str, list[str]] = {}
    for k in sorted(keys):
        groups.setdefault(uncertainty.stream(k), []).append(k)
    out: list[Dim] = []
    taken = [d.column for d in dims]
    for stream, members in sorted(groups.items()):
        name = f"factor.{members[0]}" if len(members) == 1 else f"factor.{stream}"
        col = column(name, taken)
        taken.append(col)
        kind = "percentile" if len(members) > 1 else "integer" if whole(f, members[0]) else "number"
        out.append(Dim(name, col, kind, None, tuple(members)))
    return out


def to_json(dims: list[Dim]) -> list[dict[str, Any]]:
    return [{"name": d.name, "column": d.column, "kind": d.kind, "keys": list(d.keys),
             "spec": d.spec.model_dump() if d.spec is not None else None,
             "spec_type": type(d.spec).__name__ if d.spec is not None else None} for d in dims]


def from_json(items: list[dict[str, Any]]) -> list[Dim]:
    types = {"Between": Between, "Choices": Choices}
    return [Dim(i["name"], i["column"], i["kind"],
                types[i["spec_type"]].model_validate(i["spec"]) if i.get("spec_type") else None, tuple(i["keys"]))
            for i in items]


__all__ = ["Dim", "resolve", "build", "scenario_data", "factors_read", "to_json", "from_json", "normal_score"]
