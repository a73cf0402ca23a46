"""Bad input gets one clear message naming the field, the value and what is allowed."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from peaceforce import load_scenario
from peaceforce.errors import InputError

from conftest import EXAMPLES, base_spec


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")))
def test_examples_load(path):
    s = load_scenario(path)
    assert s.name and s.coalition.lead


@pytest.mark.parametrize("change, field, hint", [
    ({"role": "peacemaking"}, "role", "observe"),
    ({"threat": "extreme"}, "threat", "low"),
    ({"us_backstop": "nukes"}, "us_backstop", "intelligence"),
    ({"host_army": -5}, "host_army", ">= 0"),
    ({"host_army": 80_000_000}, "host_army", "<= 5000000"),
    ({"host_army": "many"}, "host_army", "whole number"),
    ({"duration_months": 0}, "duration_months", ">= 1"),
    ({"theatre": "atlantis"}, "theatre", "ukraine"),
    ({"mandate": "strong"}, "mandate", "robust"),
    ({"coalition": {"lead": ["XX"]}}, "coalition.lead", "FR"),
    ({"coalition": {"lead": ["fr"]}}, "coalition.lead", "upper-case"),
    ({"coalition": {"fair_share": "size"}}, "coalition.fair_share", "gdp"),
    ({"coalition": {"colour": "blue"}}, "coalition.colour", "fair_share"),
    ({"parliament": {"NL": "maybe"}}, "parliament.NL", "approved"),
    ({"overrides": {"density.nothing": 3}}, "overrides", "planning-factor key"),
    ({"overrides": {"mix.manoeuvre": 3}}, "overrides.mix.manoeuvre", "a finite number from 0 to 1 (share of ground force)"),
    ({"overrides": {"mix.hq": float("nan")}}, "overrides.mix.hq", "a finite number from 0 to 1"),
    ({"overrides": {"density.interpose": -5}}, "overrides.density.interpose", "from 0 to 2000 (troops per km"),
    ({"troops": 5}, "troops", "no unknown keys"),
])
def test_bad_values_name_field_value_and_allowed(change, field, hint):
    spec = base_spec()
    for k, v in change.items():
        spec[k] = v
    with pytest.raises(InputError) as info:
        load_scenario(spec)
    msg = str(info.value)
    assert msg.startswith(field) or f"{field}:" in msg, msg
    assert hint in msg, msg


def test_missing_file_and_yaml_syntax(tmp_path):
    with pytest.raises(InputError, match="existing YAML file"):
        load_scenario(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nrole: [observe\n")
    with pytest.raises(InputError, match="syntax error at line"):
        load_scenario(bad)
    listy = tmp_path / "list.yaml"
    listy.write_text("- a\n- b\n")
    with pytest.raises(InputError, match="YAML mapping"):
        load_scenario(listy)


KEYS = ["name", "theatre", "role", "threat", "host_army", "adversary_army", "us_backstop",
        "duration_months", "rotation_months", "coalition", "mandate", "parliament", "overrides"]
junk = st.one_of(st.none(), st.booleans(), st.integers(-10**9, 10**9), st.floats(allow_nan=True),
                 st.text(max_size=12), st.lists(st.integers(), max_size=3),
                 st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


@settings(max_examples=150, deadline=None)
@given(key=st.sampled_from(KEYS + ["bogus_key"]), value=junk)
def test_any_junk_value_is_accepted_or_named(key, value):
    spec = base_spec()
    spec[key] = value
    try:
        load_scenario(spec)
    except InputError as exc:
        assert str(exc).split(":")[0].split(".")[0] in (key, "scenario"), str(exc)
        assert "allowed" in str(exc)


def test_yaml_round_trip(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(base_spec(role="deter")))
    assert load_scenario(path).role == "deter"


@pytest.mark.parametrize("data, field, hint", [
    ({"overrides": {"density.interpose": 1e9}}, "overrides.density.interpose", "from 0 to 2000"),
    ({"overrides": {"unit_size.manoeuvre": 650.5}}, "overrides.unit_size.manoeuvre", "whole number"),
    ({"overrides": {"us_share.isr.intelligence": 1.2}}, "overrides.us_share.isr.intelligence", "from 0 to 1"),
    ({"overrides": {"conditions.max_escalation_probability": 2}}, "overrides.conditions.max_escalation_probability",
     "from 0 to 1"),
    ({"coalition": {"lead": ["FR", "FR"]}}, "coalition", "each lead nation once"),
    ({"coalition": {"lead": ["US"]}}, "coalition", "US provides the US backstop"),
])
def test_silent_nonsense_is_now_refused(data, field, hint):
    """Values that used to plan happily (3 trillion troops, a share of 1.2, half a soldier, a repeated
    or a backstop lead) are input errors naming the field and what is allowed."""
    with pytest.raises(InputError) as err:
        load_scenario({"name": "t", **data})
    assert err.value.field == field and hint in str(err.value)
