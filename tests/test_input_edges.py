"""Input edges a breaker found: invisible characters, pydantic's type tags in field paths, a 0 read as
'none', caveats for nations nobody plans, dates with a time, and a name that is an HTML tag."""

from __future__ import annotations

import pytest
import yaml

import peaceforce
from peaceforce import catalog
from peaceforce.errors import InputError, invisible
from peaceforce.mandate import parse_mandate
from peaceforce.report import render_markdown, render_memo
from peaceforce.report.memo import as_date
from peaceforce.scenario import load_scenario


@pytest.mark.parametrize("name, bad", [("a\u200bb", "U+200B"), ("bell\x07", "U+0007"), ("\u202eevil", "U+202E"),
                                       ("soft\u00adhyphen", "U+00AD")])
def test_a_name_with_invisible_characters_is_refused(name, bad):
    with pytest.raises(InputError) as err:
        load_scenario({"name": name})
    assert err.value.field == "name" and bad in str(err.value)


def test_visible_text_passes():
    assert invisible("Coalition of the willing: Ukraine, 2026 – Noorwegen & België") is None
    assert load_scenario({"name": "  Kyiv 2026  "}).name == "Kyiv 2026"


@pytest.mark.parametrize("include, field", [(5, "coalition.include"), (["FR", 3], "coalition.include.1")])
def test_field_paths_name_the_key_not_its_type(include, field):
    with pytest.raises(InputError) as err:
        load_scenario({"name": "x", "coalition": {"include": include}})
    text = str(err.value)
    assert text.startswith(field + ":") and "literal[" not in text and "list[" not in text, text


def _mandate(**change) -> dict:
    data = yaml.safe_load(catalog.data_path("mandates", "robust.yaml").read_text(encoding="utf-8"))
    data.update(change)
    return data


@pytest.mark.parametrize("key, value", [("backstop_trigger", 0), ("backstop_trigger", ""), ("caveats", 0),
                                        ("caveats", "")])
def test_a_zero_is_not_read_as_none(key, value):
    with pytest.raises(InputError) as err:
        parse_mandate(_mandate(**{key: value}))
    assert err.value.field == key


def test_a_mandate_title_with_invisible_characters_is_refused():
    with pytest.raises(InputError) as err:
        parse_mandate(_mandate(title="robust\u200b"))
    assert err.value.field == "title" and "U+200B" in str(err.value)


def test_a_caveat_for_a_nation_nobody_plans_is_refused(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(_mandate(caveats={"QQ": {"forbid": ["proportionate_fire"]}})), encoding="utf-8")
    with pytest.raises(InputError) as err:
        peaceforce.plan({"name": "x", "mandate": str(path)}, runs=10)
    assert err.value.field == "caveats.QQ" and "nation table" in str(err.value)


@pytest.mark.parametrize("text", ["2026-03-01T10:00", "2026-03-01 00:00:00", "20260301", "2026-W09-1", "2026-02-30"])
def test_a_memo_date_is_a_date(text):
    with pytest.raises(InputError) as err:
        as_date(text)
    assert err.value.field == "date"
    assert as_date("2026-03-01").isoformat() == "2026-03-01"


def test_a_name_that_is_a_tag_opens_none_in_markdown():
    p = peaceforce.plan({"name": "<script>alert(1)</script> x"}, runs=10)
    for text in (render_markdown(p), render_memo(p, "NL", fmt="md", date="2026-03-01"),
                 render_memo(p, "GB", fmt="md", date="2026-03-01")):
        assert "<script" not in text and "&lt;script>alert(1)&lt;/script> x" in text
