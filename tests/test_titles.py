"""Readers see titles, not keys: every planning factor and escalation parameter has one, and every key
the report names as a driver or a source reads as words (report/titles.py)."""

from __future__ import annotations

import csv
import re

import pytest

import peaceforce
from peaceforce import catalog, factors
from peaceforce.factors import Factor
from peaceforce.incident_params import CHAIN_KEYS, default_params, load_params
from peaceforce.mandate import INCIDENT_TYPES
from peaceforce.report.titles import ENABLER_ALL, humanize, rate_title, title
from peaceforce.vocab import THREATS

from conftest import DEFAULT

SNAKE = re.compile(r"[A-Za-z0-9]_[A-Za-z0-9]")          # air_defence, per_km
DOTTED = re.compile(r"[A-Za-z_]\w*\.[A-Za-z_]\w*")      # formation.brigade, rate.x


def raw_code(text: str) -> str | None:
    """What in a title would show a reader a code, or None."""
    if not text.strip():
        return "empty"
    for pattern in (SNAKE, DOTTED):
        m = pattern.search(text)
        if m:
            return m.group(0)
    if "*" in text:
        return "*"
    return None


def _rows(name: str) -> list[dict[str, str]]:
    with open(catalog.data_path(f"{name}.csv"), newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("name", ["planning_factors", "escalation"])
def test_every_row_has_a_readable_title(name):
    rows = _rows(name)
    assert list(rows[0])[:2] == ["key", "title"]
    titles = {}
    for r in rows:
        t = r["title"]
        assert raw_code(t) is None, f"{name}: {r['key']}: {t!r} ({raw_code(t)})"
        assert t == t.strip() and t[0].isupper() and len(t) <= 72, f"{r['key']}: {t!r}"
        titles.setdefault(t, []).append(r["key"])
    assert not {t: ks for t, ks in titles.items() if len(ks) > 1}, "two rows share a title"


def test_loaders_carry_the_titles():
    f = factors.builtin()
    assert all(x.title for x in f.values())
    assert f["density.interpose"].title == "Troops per km of buffer zone (interposition)"
    chain = default_params().chain
    assert set(chain) == set(CHAIN_KEYS) and all(p.title for p in chain.values())
    assert chain["steps.major_combat"].title == "Escalation steps that make major combat"
    # a parameter replaced in the risk ranges keeps its title
    assert default_params().with_values(live_months=3).chain["live_months"].title == chain["live_months"].title
    # overrides keep it too
    assert f.with_overrides({"rotation.dwell_ratio": 3})["rotation.dwell_ratio"].title == f["rotation.dwell_ratio"].title
    # the table's titles are what title() returns
    assert title("deterrence.air") == chain["deterrence.air"].title
    assert title("training.trainees.medium") == "Trainees a year (medium option)"


def test_factor_positional_construction_still_works():
    x = Factor("k.x", 1.0, 0.5, 2.0, "multiplier", "assumption", "a note")
    assert (x.note, x.title) == ("a note", "")
    assert Factor("k.y", 1.0, 1.0, 1.0, "multiplier", "assumption").title == ""


def _without_titles(table: str, path):
    """The built-in table written to `path` as a user's table from before the title column."""
    rows = _rows(table)
    cols = [c for c in rows[0] if c != "title"]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        w.writerows({c: r[c] for c in cols} for r in rows)
    return path


def test_a_factor_table_without_titles_still_loads(tmp_path):
    """A user's factor table from before the title column (or with blank titles) loads as before."""
    path = _without_titles("planning_factors", tmp_path / "factors.csv")
    frame = catalog.read_csv(path, "planning factors", ("key", "value", "low", "high", "unit", "source", "note"))
    loaded = factors.from_rows(frame.to_dict("records"), str(path))
    assert set(loaded) == set(factors.builtin())
    assert all(f.title == "" for f in loaded.values())
    assert loaded.v("density.interpose") == factors.builtin().v("density.interpose")
    # a blank title is allowed too
    blank = factors.from_rows([dict(frame.iloc[0].to_dict(), title=None)], "rows")
    assert next(iter(blank.values())).title == ""
    # and title() still words such a key
    assert raw_code(title("some_user.factor_key")) is None


def test_escalation_table_without_titles_still_loads(tmp_path):
    path = _without_titles("escalation", tmp_path / "escalation.csv")
    params = load_params(chain_path=path)
    assert all(p.title == "" for p in params.chain.values())
    assert {k: p.value for k, p in params.chain.items()} == {k: p.value for k, p in default_params().chain.items()}


def test_rate_titles():
    assert rate_title("drone_strike", "medium") == "Rate of drone strikes (medium threat)"
    assert title("rate.major_offensive") == "Rate of major offensives"
    assert title("incidents.rate.attack_on_civilians.high") == "Rate of attacks on civilians (high threat)"
    assert title("rate.indirect_fire.low").count("(") == 1
    for incident in INCIDENT_TYPES:
        for threat in THREATS:
            t = title(f"rate.{incident}.{threat}")
            assert t.startswith("Rate of ") and f"{threat} threat" in t and raw_code(t) is None, t


def test_special_keys_and_fallback():
    assert title("enabler.*") == ENABLER_ALL == "Enabler ratios (all)"
    assert title("formation.brigade") == "Strength of a brigade"
    assert title("formation.ad_battery") == "Strength of an air-defence battery"
    assert title("steps.major_combat") == "Escalation steps that make major combat"
    assert title("reach_km.drone_strike") == "How far armed drones reach from the line"
    assert title("nations.FR.land_forces") == "France: land forces"
    assert humanize("brand_new.thing_x") == "Brand new thing x"
    for key in ("brand_new.thing_x", "formation.no_such_unit", "rate.no_such_incident", "x.*", "nations.ZZ.some_col",
                "theatre.elsewhere.sector_1.length_km", "cost_rates.new_rate.new_ship", "", "a..b__c"):
        t = title(key)
        assert raw_code(t) is None and t != key, (key, t)


@pytest.fixture(scope="module")
def default_plan():
    p = peaceforce.plan(str(DEFAULT), runs=50)
    p.compute_risk()
    return p


def test_no_raw_code_in_what_the_report_names(default_plan):
    p = default_plan
    keys = [d.key for d in p.requirement.drivers] + [d.key for d in p.risk.drivers] + [s["key"] for s in p.sources()]
    assert p.requirement.drivers and p.risk.drivers and len(keys) > 50
    bad = {k: title(k) for k in keys if raw_code(title(k)) is not None or title(k) == k}
    assert not bad, bad
    # keys that have a specific title are not merely humanized
    humanized = [k for k in keys if title(k) == humanize(k)]
    assert not humanized, humanized
