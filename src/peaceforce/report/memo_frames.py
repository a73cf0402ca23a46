"""Each nation's decision frame, read from data/memo/frames.yaml: the document its government lays
before parliament, in which language, and its sections in order with their headings.

A frame names the nations it serves (`nations`), its language (`lang`: the memo's default), the
languages it is written in (its own and English: the English rendering of the same frame), and its
sections: `id` (which part of the memo fills it, memo.SECTIONS) and a heading per language. The
`default` frame serves every nation without a frame of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .. import catalog
from .memo_words import LANGS


@dataclass(frozen=True)
class Section:
    id: str
    headings: dict[str, str]

    def heading(self, lang: str) -> str:
        return self.headings[lang]


@dataclass(frozen=True)
class Frame:
    code: str                   # the frame's key in frames.yaml: a nation code or 'default'
    lang: str                   # the language the nation decides in: the memo's default
    langs: tuple[str, ...]      # the languages the frame is written in
    document: dict[str, str]    # what the document is called, per language
    sections: tuple[Section, ...]

    def headings(self, lang: str) -> list[str]:
        return [s.heading(lang) for s in self.sections]


@lru_cache(maxsize=1)
def frames() -> dict[str, Frame]:
    raw = catalog.read_yaml(catalog.data_path("memo", "frames.yaml"), "memo frames")
    out: dict[str, Frame] = {}
    for key, spec in raw.items():
        langs = tuple(dict.fromkeys([spec["lang"], "en"]))
        sections = tuple(Section(s["id"], {lang: s[lang] for lang in langs}) for s in spec["sections"])
        if spec["lang"] not in LANGS:
            raise ValueError(f"memo frame {key}: language {spec['lang']!r} is not one of {', '.join(LANGS)}")
        frame = Frame(code=key, lang=spec["lang"], langs=langs, document={lang: spec["document"][lang] for lang in langs},
                      sections=sections)
        for code in spec.get("nations", [key]):
            out[code] = frame
    return out


def frame_for(code: str) -> Frame:
    """The nation's frame, else the general one."""
    table = frames()
    return table.get(code, table["default"])


def memo_languages(code: str) -> tuple[str, ...]:
    """The languages a nation's memo can be written in: its frame's language first, then English."""
    return frame_for(code).langs


__all__ = ["Frame", "Section", "frames", "frame_for", "memo_languages"]
