"""Coalition realism (issue 11): who may sail where, who may stand where, small nations' companies in
multinational formations, and co-lead parity. Real HiGHS solves on the built-in data and on small tables."""

from __future__ import annotations

import pandas as pd
import pytest

from peaceforce import catalog, load_scenario
from peaceforce.factors import builtin
from peaceforce.generation import allocate
from peaceforce.nations import NationTable
from peaceforce.plan import plan
from peaceforce.sizing import Range, Requirement, RequirementLine
from peaceforce.report import wording
from peaceforce.vocab import Role

F = builtin()
EXAMPLE = "examples/ukraine-reassure.yaml"


def _maritime(p) -> dict[str, int]:
    return {a.nation: a.units for a in p.allocation.assignment if a.capability == "maritime" and a.units}


@pytest.fixture(scope="module")
def default_plan():
    return plan(EXAMPLE, runs=10)


def test_closed_straits_keep_non_littoral_warships_out_of_the_black_sea(default_plan):
    sea = [ln for ln in default_plan.requirement.lines if ln.place == "sea"]
    assert sea and all(set(ln.littoral) >= {"TR", "RO", "BG"} for ln in sea)
    ships = _maritime(default_plan)
    assert ships, "the mine countermeasures task is filled by someone"
    assert set(ships) <= {"TR", "RO", "BG", "UA", "RU", "GE"}


def test_open_straits_let_others_sail_and_closed_is_the_default():
    spec = load_scenario(EXAMPLE).model_dump(mode="json", exclude_none=True)
    assert spec["coalition"]["straits"] == "closed"
    spec["coalition"]["straits"] = "open"
    spec["coalition"]["exclude"] = sorted(set(spec["coalition"].get("exclude", [])) | {"TR", "RO", "BG"})
    p = plan(spec, runs=10)
    ships = _maritime(p)
    assert ships and not set(ships) & {"TR", "RO", "BG"}


def test_a_nation_that_stays_outside_the_host_fills_only_lines_abroad(default_plan):
    table = default_plan.nations
    assert table.outside_host_only("DE")
    lines = {(ln.task, ln.sector, ln.capability): ln for ln in default_plan.requirement.lines}
    given = [a for a in default_plan.allocation.assignment if a.nation == "DE" and a.units]
    assert given, "Germany still contributes from outside Ukraine"
    assert all(lines[(a.task, a.sector, a.capability)].outside_host for a in given)


def test_co_leads_stay_within_parity_of_each_others_share_of_fair_share(default_plan):
    fr, gb = default_plan.allocation.nation("FR"), default_plan.allocation.nation("GB")
    ratio = (fr.share / fr.fair_share) / (gb.share / gb.fair_share)
    parity = F["generation.co_lead_parity"].value
    assert 1 / parity - 1e-6 <= ratio <= parity + 1e-6


# --------------------------------------------------------------------------------------------
# a battlegroup built of companies around a framework nation

def _table(*rows: dict) -> NationTable:
    base = {"gdp_busd": 100.0, "population": 1_000_000, "nato_cost_share_pct": 1.0, "stance": "willing",
            "requires_us_backstop": "none", "requires_un_mandate": 0}
    return NationTable.from_frames(pd.DataFrame([{**base, "name": r["code"], **r} for r in rows]))


def _battlegroups(n: int) -> Requirement:
    size = 1100
    r = Range.point(n)
    line = RequirementLine(task="hub_garrison", sector="kyiv", place="hub", capability="manoeuvre",
                           provider="coalition", formation="battlegroup", unit_type="battlegroup", unit_size=size,
                           units=r, troops=r.map(lambda u: u * size), criticality=3.0, trace="test", factors=[])
    total = Range.point(n * size)
    return Requirement(role=Role.REASSURE, option="medium", host_army=800_000, adversary_army=700_000,
                       lines=[line], deployed=total, land=total, deployed_median=total.central,
                       by_provider={"coalition": total}, host_factor=1.0, notes=[], drivers=[], draws=1, basis=[])


def _scenario():
    return load_scenario({"name": "t", "us_backstop": "intelligence", "coalition": {"lead": ["FR"]}})


def test_a_nation_whose_largest_fit_is_a_company_gives_companies_but_frames_nothing():
    land = 20_000 / F["capacity.sustainable_share"].value
    table = _table({"code": "FR", "stance": "lead", "land_forces": land, "largest_formation": "brigade",
                    "gdp_busd": 100.0},
                   {"code": "EE", "land_forces": land, "largest_formation": "company", "gdp_busd": 100.0})
    alloc = allocate(_battlegroups(1), table, _scenario(), F)
    given = {a.nation: a for a in alloc.assignment if a.units}
    assert alloc.gaps == []
    assert given["EE"].formation == "company" and given["EE"].units >= 1 and given["EE"].framework == 0
    assert given["FR"].framework == 1 and given["FR"].units >= 4
    assert sum(a.units for a in given.values()) == 7


def test_a_formation_no_one_can_frame_is_a_gap_said_so():
    land = 20_000 / F["capacity.sustainable_share"].value
    table = _table({"code": "FR", "stance": "lead", "land_forces": land, "largest_formation": "company"},
                   {"code": "EE", "land_forces": land, "largest_formation": "company"})
    alloc = allocate(_battlegroups(1), table, _scenario(), F)
    (gap,) = alloc.gaps
    assert gap.unframed == 1 and gap.of_formation == "battlegroup"
    assert wording.gap_units(gap).endswith("no nation to frame 1 battlegroup")


def test_a_sea_sharing_an_id_with_a_hub_is_refused(tmp_path):
    import yaml

    from peaceforce.errors import InputError
    from peaceforce.theatre import load_theatre

    data = yaml.safe_load(catalog.data_path("theatres", "ukraine.yaml").read_text(encoding="utf-8"))
    data["sea"]["id"] = data["hubs"][0]["id"]
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(InputError, match="sea ids"):
        load_theatre(str(path))
