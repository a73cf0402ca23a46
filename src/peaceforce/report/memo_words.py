"""The memo's words in its language: phrases, terms, numbers, money and dates.

Everything a memo says comes from one file per language under data/memo/ (en.yaml, nl.yaml, de.yaml,
fr.yaml): `say` holds the sentences (str.format templates, the same keys and placeholders in every
language; a key ending `.one` is the singular form, `.zero` the form for none), `frames` the sentences only one nation's frame
needs (e.g. the Dutch Article 100 procedure, in Dutch and English), `terms` the names of things (nations,
capabilities, incident types, backstop levels, verdicts, checks, places of the built-in theatre),
`format` the number, money and date conventions. The code keeps its identifiers; readers never see them.

Numbers: English 21,362 and 1.00; Dutch and German 21.362 and 1,00; French 21 362 (narrow no-break
space) and 1,00; German and French put a no-break space before the percent sign.
"""

from __future__ import annotations

import math
import string
from datetime import date as Date
from functools import lru_cache
from typing import Any

from .. import catalog

#: the languages a memo can be written in
LANGS = ("en", "nl", "de", "fr")
NBSP, NNBSP = "\u00a0", "\u202f"

#: thousands separator, decimal mark, what goes before the percent sign
NUMBER_STYLE = {"en": (",", ".", ""), "nl": (".", ",", ""), "de": (".", ",", NBSP), "fr": (NNBSP, ",", NBSP)}


def french_spaces(text: str) -> str:
    """French typography: a no-break space before : and %, a narrow one before ; ! ?, inside « »."""
    for plain, fixed in ((" :", NBSP + ":"), (" ;", NNBSP + ";"), (" !", NNBSP + "!"), (" ?", NNBSP + "?"),
                         ("« ", "«" + NBSP), (" »", NBSP + "»"), (" %", NBSP + "%")):
        text = text.replace(plain, fixed)
    return text


@lru_cache(maxsize=None)
def table(lang: str) -> dict[str, Any]:
    """The language's file (data/memo/<lang>.yaml), read once."""
    return catalog.read_yaml(catalog.data_path("memo", f"{lang}.yaml"), f"memo wording ({lang})")


def placeholders(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


class Words:
    """Phrases and terms of one language; `frame` (a frame's lookup chain, e.g. ('NL/none', 'NL'), or one
    nation code) picks that frame's own sentences first, the first in the chain before the next."""

    def __init__(self, lang: str, frame: str | tuple[str, ...] | None = None):
        self.lang, self.frame = lang, frame
        data = table(lang)
        self.phrases: dict[str, str] = data["say"]
        chain = (frame,) if isinstance(frame, str) else tuple(frame or ())
        self.framed: dict[str, str] = {}
        for code in reversed(chain):  # the variant's sentences over its frame's
            self.framed.update((data.get("frames") or {}).get(code, {}) or {})
        self.terms: dict[str, Any] = data["terms"]
        self.fmt: dict[str, Any] = data["format"]

    # ---------------------------------------------------------------- phrases

    def has(self, key: str) -> bool:
        return key in self.framed or key in self.phrases

    def template(self, key: str, count: float | None = None) -> str:
        forms = {0: [f"{key}.zero"], 1: [f"{key}.one"]}.get(count, []) if count is not None else []
        for k in forms + [key]:
            if k in self.framed:
                return self.framed[k]
            if k in self.phrases:
                return self.phrases[k]
        raise KeyError(f"memo phrase {key!r} missing in {self.lang}.yaml")

    def say(self, key: str, count: float | None = None, **kw: Any) -> str:
        """The phrase `key` filled in; `count` 1 or 0 picks its singular or zero form where it has one."""
        text = self.template(key, count)
        text = text.format(**kw) if kw or "{" in text else text
        return french_spaces(text) if self.lang == "fr" else text

    # ---------------------------------------------------------------- terms

    def term(self, kind: str, key: Any, default: str | None = None) -> str:
        """A thing's name (kind: capability, incident, backstop, ...); an unknown key shows its default,
        else itself with spaces (never an error: user files may bring their own identifiers)."""
        key = getattr(key, "value", key)
        found = (self.terms.get(kind) or {}).get(key)
        if found is None:
            return default if default is not None else str(key).replace("_", " ")
        return found[0] if isinstance(found, list) else found

    def hostile(self, theatre: str | None) -> str:
        """What a hub's distance is measured to, named for the theatre ('the line of contact or the Russian
        or Belarusian border'): tasks.distances_to_line takes the nearest line or hostile-border sector."""
        said = self.terms.get("hostile_ground") or {}
        return said.get(theatre or "", said.get("any", ""))

    def positions(self, code: str) -> list[str]:
        """What the nation's government has said, dated and sourced, in this language (none: [])."""
        said = list((table(self.lang).get("positions") or {}).get(code) or [])
        return [french_spaces(x) for x in said] if self.lang == "fr" else said

    def has_term(self, kind: str, key: Any) -> bool:
        return getattr(key, "value", key) in (self.terms.get(kind) or {})

    def unit(self, unit_type: str, count: float) -> str:
        """A unit type in singular or plural: [one, many] in the file."""
        found = (self.terms.get("unit") or {}).get(unit_type)
        if found is None:
            return unit_type.replace("_", " ")
        return found[0] if count == 1 or len(found) == 1 else found[1]

    # ---------------------------------------------------------------- nations

    def _nation(self, code: str) -> dict[str, str]:
        found = (self.terms.get("nation") or {}).get(code)
        if isinstance(found, str):
            return {"name": found}
        return dict(found or {})

    def nation_name(self, code: str, fallback: str | None = None) -> str:
        """The nation as a table cell or a list item: 'Verenigd Koninkrijk', 'Royaume-Uni'."""
        return self._nation(code).get("name") or fallback or code

    def nation_short(self, code: str, fallback: str | None = None) -> str:
        """The nation where room is short (a map label): 'UK'; its name where it has no short form."""
        n = self._nation(code)
        return n.get("short") or n.get("name") or fallback or code

    def nation_in(self, code: str, fallback: str | None = None) -> str:
        """The nation inside a sentence, with its article where the language wants one: 'het Verenigd
        Koninkrijk', 'das Vereinigte Königreich', 'la France', 'the Netherlands'."""
        n = self._nation(code)
        return n.get("in") or n.get("name") or fallback or code

    def nation_at(self, code: str, fallback: str | None = None) -> str:
        """Where: 'in Ukraine', 'in der Ukraine', 'en Ukraine'."""
        n = self._nation(code)
        return n.get("at") or self.fmt["at"].format(place=self.nation_in(code, fallback))

    def nation_of(self, code: str, fallback: str | None = None) -> str:
        """Whose: 'the Netherlands'', 'van Nederland', 'Deutschlands', 'de la France'."""
        n = self._nation(code)
        if n.get("of"):
            return n["of"]
        inside = self.nation_in(code, fallback)
        if self.lang == "en":
            return inside + ("'" if inside.endswith("s") else "'s")
        if self.lang == "nl":
            return "van " + inside
        if self.lang == "de":
            return "von " + inside
        for article, contracted in (("le ", "du "), ("les ", "des ")):  # French: de + le = du, de + les = des
            if inside.startswith(article):
                return contracted + inside[len(article):]
        return "de " + inside

    # ---------------------------------------------------------------- numbers, money, dates

    def num(self, x: float | None, digits: int = 0) -> str:
        if x is None or (isinstance(x, float) and not math.isfinite(x)):
            return "–"
        group, point, _ = NUMBER_STYLE[self.lang]
        text = f"{x:,.{digits}f}"
        return text.replace(",", "\0").replace(".", point).replace("\0", group)

    def pct(self, x: float | None, digits: int = 0) -> str:
        """A share as a percentage; one that rounds to 0 or 100 but is neither shows as <1 % / >99 %."""
        if x is None:
            return "–"
        sign = NUMBER_STYLE[self.lang][2] + "%"
        value, step = 100 * x, 10 ** (-digits)
        if 0 < value < 0.5 * step:
            return "<" + self.num(step, digits) + sign
        if 100 - 0.5 * step <= value < 100:
            return ">" + self.num(100 - step, digits) + sign
        return self.num(value, digits) + sign

    def _scale(self, x: float) -> tuple[str, float, int]:
        if abs(x) >= 1e9:
            return "bn", x / 1e9, 2
        if abs(x) >= 1e6:
            return "m", x / 1e6, 0
        return "unit", x, 0

    def money(self, x: float) -> str:
        """Money in euros the way the language writes a budget line: EUR 4.57 bn, € 4,57 miljard, 4,57 Mrd.
        Euro, 4,57 milliards d'euros."""
        scale, value, digits = self._scale(x)
        key = scale + (".one" if abs(value) < 2 and f"{scale}.one" in self.fmt["money"] else "")  # 1,27 milliard
        return self.fmt["money"][key].format(x=self.num(value, digits))

    def money_range(self, low: float, high: float) -> str:
        s_lo, v_lo, d = self._scale(low)
        s_hi, v_hi, _ = self._scale(high)
        if s_lo == s_hi:
            return self.fmt["money"][s_hi].format(x=f"{self.num(v_lo, d)}–{self.num(v_hi, d)}")
        return f"{self.money(low)} – {self.money(high)}"

    def date(self, d: Date) -> str:
        day = self.fmt.get("first_day", "1") if d.day == 1 else str(d.day)
        return self.fmt["date"].format(d=day, month=self.fmt["months"][d.month - 1], y=d.year)

    def month_year(self, text: str | None) -> str:
        """A stance date of the nation table ('2025-02', '2026-01-06') as the language writes it."""
        if not text:
            return ""
        parts = str(text).split("-")
        try:
            nums = [int(x) for x in parts]
        except ValueError:
            return str(text)
        if len(nums) == 3:
            return self.date(Date(*nums))
        if len(nums) == 2 and 1 <= nums[1] <= 12:
            return f"{self.fmt['months'][nums[1] - 1]} {nums[0]}"
        return str(text)

    def bundestag_term(self, d: Date) -> str:
        """The Bundestag's electoral term (Wahlperiode) on a date: the last one whose constituent session
        (terms.bundestag_terms, date -> term) is on or before it."""
        starts = sorted((Date.fromisoformat(str(k)), v) for k, v in (self.terms.get("bundestag_terms") or {}).items())
        return str(next((v for start, v in reversed(starts) if start <= d), starts[0][1] if starts else ""))

    def count(self, n: int) -> str:
        """A small count as a word ('drei', 'three'), as documents write them; larger ones as figures."""
        said = self.terms.get("count") or []
        return said[n] if 0 <= n < len(said) else self.num(n)

    def span(self, months: int) -> str:
        """A duration: '36 months (3 years)'."""
        if months % 12 == 0 and months >= 12:
            return self.say("span.years", count=months // 12, months=self.num(months), years=self.num(months // 12))
        return self.say("span.months", count=months, months=self.num(months))

    @property
    def semi(self) -> str:
        """The separator of a list whose items hold commas: '; ' (French ' ; ')."""
        return (NNBSP + "; ") if self.lang == "fr" else "; "

    def join(self, items: list[str]) -> str:
        """'A, B and C' in the language."""
        items = [i for i in items if i]
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {self.fmt['and']} " + items[-1]


@lru_cache(maxsize=None)
def words(lang: str, frame: str | tuple[str, ...] | None = None) -> Words:
    return Words(lang, frame)


__all__ = ["LANGS", "Words", "words", "table", "placeholders", "NBSP", "NNBSP"]
