"""The derivation of each requirement line in a reader's words.

plan.json keeps each line's trace as sizing.py writes it, with the planning factors' keys in brackets
and the formations' identifiers, so an analyst can redo it against the data; the report shows the same
derivation with each factor's readable title (titles.py), the formation's name, the task's name and the
hub's kind in words. Pure: a trace in, a sentence out.
"""

from __future__ import annotations

import re

from . import labels as L
from .titles import title

#: "force_hq: " opening a trace: the task
_TASK = re.compile(r"^([a-z0-9_]+): ")
#: a factor's value and key: "1 [hub_air_defence.medium]"
_FACTOR = re.compile(r"(-?\d[\d,]*(?:\.\d+)?(?:e-?\d+)?) \[([A-Za-z0-9_.\-]+)\]")
#: whole formations: "1 x force_hq of 400"
_UNITS = re.compile(r"(\d+) x ([A-Za-z0-9_ ]+?) of (\d+(?:\.\d+)?)")
#: a hub's kind before its distance: "(logistics_node, 193 km"
_HUB_KIND = re.compile(r"\(([a-z_]+)(, [\d,]+ km from hostile ground\)|\))")
#: the lines an enabler supports: "x manoeuvre, air_defence troops supported"
_SUPPORTED = re.compile(r"x ([a-z_]+(?:, [a-z_]+)*) troops supported")
#: a provider's share: "less the us share", "enablers: us share of the line"
_SHARE = re.compile(r"\b(us|host) share\b")


def _factor(m: re.Match) -> str:
    said = title(m.group(2))
    said = re.sub(r" \(([^()]*)\)$", r", \1", said)  # 'Trainees a year (medium option)' -> '..., medium option'
    if not said[:2].isupper() and not said.startswith("Role "):
        said = said[:1].lower() + said[1:]
    value = float(m.group(1).replace(",", ""))
    shown = f"{value:,.0f}" if abs(value) >= 1000 else m.group(1)
    return f"{shown} ({said})"


def _units(m: re.Match) -> str:
    k, form, size = int(m.group(1)), m.group(2), float(m.group(3))
    return f"{k} × {L.plural(L.UNIT_TYPE_EN.get(form, form.replace('_', ' ')), k)} of {size:,.0f}"


def _task(m: re.Match) -> str:
    key = m.group(1)
    return ("Support" if key == "enablers" else L.task(key)) + ": "


def readable(trace: str) -> str:
    """A requirement line's trace (sizing.py) with every identifier said in words."""
    text = _TASK.sub(_task, trace or "", count=1)
    text = _FACTOR.sub(_factor, text)
    text = _UNITS.sub(_units, text)
    text = _HUB_KIND.sub(lambda m: f"({L.label(L.HUB_KIND, m.group(1))}{m.group(2)}", text)
    text = _SUPPORTED.sub(lambda m: "x " + L.join([L.CAPABILITY_SHORT.get(c, c).lower() if c != "isr" else "ISR"
                                                  for c in m.group(1).split(", ")]) + " troops supported", text)
    text = _SHARE.sub(lambda m: "US share" if m.group(1) == "us" else "host nation's share", text)
    return text.replace(" x ", " × ").replace(" / ", " ÷ ")


__all__ = ["readable"]
