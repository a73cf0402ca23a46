"""The report as one self-contained HTML file, and the same content as Markdown.

The HTML carries its CSS and every chart inline (SVG rendered from the charts' Vega-Lite
specifications), loads nothing and runs no script, so it opens the same on an air-gapped machine, in a
mail attachment and on paper. Both formats are rendered from `content.build`, so they say the same
thing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from .. import __version__
from ..plan import SCHEMA_VERSION
from . import charts as charts_mod
from . import content
from .labels import num
from .map import render_map
from .style import no_raw_html

TEMPLATES = Path(__file__).with_name("templates")


def md_cell(value: object) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, line breaks folded."""
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def css_string(value: object) -> Markup:
    """Text safe inside a double-quoted CSS string in a <style> block: backslash, quote, angle brackets
    and line breaks as CSS escapes, so no title can close the string or the style element."""
    text = str(value)
    for ch, esc in (("\\", "\\5C "), ('"', "\\22 "), ("<", "\\3C "), (">", "\\3E "), ("\n", " "), ("\r", " ")):
        text = text.replace(ch, esc)
    return Markup(text)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=lambda name: bool(name) and name.endswith(".html.j2"),
        undefined=jinja2.StrictUndefined,  # a misspelt field fails the render instead of printing nothing
        trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True,
    )
    env.filters["md"] = md_cell
    env.filters["css_string"] = css_string
    env.filters["num"] = num
    return env


def render_html(plan, charts: dict[str, str] | None = None) -> str:
    """The whole report: summary, map, requirement, allocation and gaps, rotation, cost, flank, mandate,
    incidents, conditions, and the appendix of sources. Every table sits in its own scroll box, so a
    wide one scrolls there on a phone and never widens the page. `charts`: the charts already rendered
    by charts.render_soon (the CLI's way), else rendered here."""
    html = environment().get_template("report.html.j2").render(
        c=content.build(plan), plan=plan, charts=charts if charts is not None else charts_mod.render_all(plan), map=render_map(plan),
        version=__version__, schema=SCHEMA_VERSION)
    return _TABLE.sub(r'<div class="scroll"><table\1', html).replace("</table>", "</table></div>")


_TABLE = re.compile(r"<table(\s|>)")


def render_markdown(plan) -> str:
    """The same content as Markdown tables (no charts; the map is summarised as its sector leads)."""
    text = environment().get_template("report.md.j2").render(c=content.build(plan), plan=plan)
    lines = [ln.rstrip() for ln in text.splitlines()]
    out: list[str] = []
    for ln in lines:  # at most one blank line in a row: templates leave some behind
        if ln or (out and out[-1]):
            out.append(ln)
    return no_raw_html("\n".join(out).strip() + "\n")
