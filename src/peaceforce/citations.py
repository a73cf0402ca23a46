"""What a reader needs to check a figure's source: its addresses and document references, read from the
source text in one place.

The data tables keep each source as one readable text beside its figure (publisher or author, title,
date, then the address or a document reference), so every consumer (appendix, memo, notebook) shows
the same words. This module pulls the parts a reader follows out of that text: web addresses (the
report links them; nothing is fetched) and document references (UN symbols, report numbers, dataset
codes) for sources without an address. `checkable` is the rule the appendix test holds every sourced
row to. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: a web address in a source text; it ends before whitespace, a closing bracket or a quote
_URL = re.compile(r"https?://[^\s<>\"'()\[\]]+")
#: punctuation that closes a sentence rather than belongs to the address
_TRAILING = ".,;:!?"

#: document references a reader can look up without an address (one pattern per kind)
_DOCUMENT = re.compile(
    r"\b(?:"
    r"RR-\d+"                                   # RAND research reports
    r"|WD \d+ - \d{4} - \d+/\d+"                # German Bundestag research service
    r"|BT-Drs\.? ?\d+/\d+"                      # Bundestag printed papers
    r"|S/\d{4,5}(?:/\d+)?"                      # UN Security Council documents
    r"|A/\d{3,}(?:/\d+)?"                       # UN General Assembly documents
    r"|(?:UNSCR|resolution) \d{3,4}"            # Security Council resolutions
    r"|Kamerstuk(?:ken)? \d+"                   # Dutch parliamentary papers
    r"|DCAF (?:OP|Occasional Paper) \d+"        # DCAF occasional papers
    r"|demo_pjan|17-10-0009-01|MS\.MIL\.TOTL\.P1"  # statistical datasets and tables
    r"|ISBN[ :]?[\d-]{10,}"
    r"|doi:\S+"
    r"|data/[\w/.-]+\.(?:csv|yaml|md)"            # the project's own tables, each row with its source
    r")",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19[4-9]\d|20[0-4]\d)\b")


class Part(NamedTuple):
    """A piece of a source text: plain words, or an address to link (`href` set)."""

    text: str
    href: str | None = None


def _clean(url: str) -> str:
    return url.rstrip(_TRAILING)


def links(text: str) -> list[str]:
    """The web addresses in a source text, in order, each once."""
    out: list[str] = []
    for m in _URL.finditer(text or ""):
        url = _clean(m.group(0))
        if url not in out:
            out.append(url)
    return out


def documents(text: str) -> list[str]:
    """The document references in a source text (report numbers, UN symbols, dataset codes), each once."""
    out: list[str] = []
    for m in _DOCUMENT.finditer(text or ""):
        if m.group(0) not in out:
            out.append(m.group(0))
    return out


def dated(text: str) -> bool:
    """Whether the text names a year (a source without a date cannot be checked against its version)."""
    return bool(_YEAR.search(text or ""))


def checkable(text: str) -> bool:
    """A reader can find this source: it is dated and gives an address or a document reference."""
    return dated(text) and bool(links(text) or documents(text))


def parts(text: str) -> list[Part]:
    """The source text cut into plain words and addresses, for a renderer that links the addresses."""
    out: list[Part] = []
    pos = 0
    text = text or ""
    for m in _URL.finditer(text):
        url = _clean(m.group(0))
        if m.start() > pos:
            out.append(Part(text[pos:m.start()]))
        out.append(Part(url, url))
        pos = m.start() + len(url)
    if pos < len(text):
        out.append(Part(text[pos:]))
    return out


__all__ = ["Part", "links", "documents", "dated", "checkable", "parts"]
