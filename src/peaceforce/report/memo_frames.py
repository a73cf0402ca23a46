"""Each nation's decision frame, read from data/memo/frames.yaml: the document its government lays
before parliament, in which language, and its sections in order with their headings.

A frame names the nations it serves (`nations`), its language (`lang`: the memo's default), the
languages it is written in (its own and English: the English rendering of the same frame), and its
sections: `id` (which part of the memo fills it, memo.SECTIONS) and a heading per language. The
`default` frame serves every nation without a frame of its own.

A frame may have a `without_troops` variant: the document the government writes when the nation sends
nothing (the Netherlands: a Kamerbrief on why it does not take part now, not an artikel 100-brief). It
has its own document name and sections, and its own sentences in the language files under
`frames: <code>/none`, falling back to the frame's.
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
    code: str                   # the frame's key in frames.yaml ('NL', 'default'); a variant's 'NL/none'
    lang: str                   # the language the nation decides in: the memo's default
    langs: tuple[str, ...]      # the languages the frame is written in
    document: dict[str, str]    # what the document is called, per language
    sections: tuple[Section, ...]
    #: the document when the nation sends no troops, if the frame has one of its own
    without_troops: "Frame | None" = None
    #: where the language files' frame sentences are looked up, first hit wins
    phrases: tuple[str, ...] = ()

    def for_troops(self, troops: float) -> "Frame":
        """The frame for a nation sending `troops`: its variant without troops when it sends none."""
        return self.without_troops if troops <= 0 and self.without_troops is not None else self

    def headings(self, lang: str) -> list[str]:
        return [s.heading(lang) for s in self.sections]


@lru_cache(maxsize=1)
def frames() -> dict[str, Frame]:
    raw = catalog.read_yaml(catalog.data_path("memo", "frames.yaml"), "memo frames")
    out: dict[str, Frame] = {}
    for key, spec in raw.items():
        langs = tuple(dict.fromkeys([spec["lang"], "en"]))
        if spec["lang"] not in LANGS:
            raise ValueError(f"memo frame {key}: language {spec['lang']!r} is not one of {', '.join(LANGS)}")

        def build(code: str, part: dict, phrases: tuple[str, ...], variant=None) -> Frame:
            return Frame(code=code, lang=spec["lang"], langs=langs,
                         document={lang: part["document"][lang] for lang in langs},
                         sections=tuple(Section(s["id"], {lang: s[lang] for lang in langs}) for s in part["sections"]),
                         without_troops=variant, phrases=phrases)

        none = spec.get("without_troops")
        variant = build(f"{key}/none", none, (f"{key}/none", key)) if none else None
        frame = build(key, spec, (key,), variant)
        for code in spec.get("nations", [key]):
            out[code] = frame
    return out


def frame_for(code: str) -> Frame:
    """The nation's frame, else the general one."""
    table = frames()
    return table.get(code, table["default"])


def variants() -> list[Frame]:
    """Every frame and every frame's variant without troops, once each."""
    out: dict[str, Frame] = {}
    for f in frames().values():
        out[f.code] = f
        if f.without_troops is not None:
            out[f.without_troops.code] = f.without_troops
    return list(out.values())


def memo_languages(code: str) -> tuple[str, ...]:
    """The languages a nation's memo can be written in: its frame's language first, then English."""
    return frame_for(code).langs


__all__ = ["Frame", "Section", "frames", "frame_for", "variants", "memo_languages"]
