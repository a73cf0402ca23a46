"""The memo's tiny document model and its two renderings: Markdown and self-contained HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from typing import Any

from .style import BAD, OK

FORMATS = ("md", "html")

# ---------------------------------------------------------------- a tiny document model

@dataclass
class Doc:
    """Blocks rendered to Markdown or HTML; **bold** inside text is the only markup."""

    lang: str
    blocks: list[tuple[str, Any]] = field(default_factory=list)

    def h1(self, text: str) -> None:
        self.blocks.append(("h1", text))

    def h2(self, text: str) -> None:
        self.blocks.append(("h2", text))

    def p(self, text: str) -> None:
        self.blocks.append(("p", text))

    def note(self, text: str) -> None:
        self.blocks.append(("note", text))

    def ul(self, items: list[str]) -> None:
        if items:
            self.blocks.append(("ul", list(items)))

    def table(self, head: list[str], rows: list[list[str]]) -> None:
        if rows:
            self.blocks.append(("table", (head, rows)))

    def verdict(self, verdict: str, word: str, text: str) -> None:
        """The boxed verdict: `verdict` a Verdict value (go, conditional, no_go, not_asked), `word` it in
        the memo's language."""
        self.blocks.append(("verdict", (verdict, word, text)))


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(doc: Doc) -> str:
    out: list[str] = []
    for kind, payload in doc.blocks:
        if kind == "h1":
            out += [f"# {payload}", ""]
        elif kind == "h2":
            out += [f"## {payload}", ""]
        elif kind in ("p", "note"):
            out += [payload if kind == "p" else f"*{payload}*", ""]
        elif kind == "ul":
            out += [f"- {item}" for item in payload] + [""]
        elif kind == "table":
            head, rows = payload
            out.append("| " + " | ".join(_md_cell(h) for h in head) + " |")
            out.append("|" + "---|" * len(head))
            out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
            out.append("")
        elif kind == "verdict":
            _, word, text = payload
            out += [f"> **{word}** — {text}", ""]
    return "\n".join(out).rstrip() + "\n"


_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> str:
    return _BOLD.sub(r"<b>\1</b>", escape(str(text)))


CSS = f"""
body {{ font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; color: #1d2733; line-height: 1.5;
       max-width: 820px; margin: 0 auto; padding: 28px; }}
h1 {{ font-size: 1.5rem; border-bottom: 3px solid #1f5f99; padding-bottom: 6px; }}
h2 {{ font-size: 1.12rem; margin-top: 26px; border-bottom: 1px solid #d5dbe1; padding-bottom: 3px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.88rem; margin: 8px 0 14px; }}
th, td {{ border-bottom: 1px solid #d5dbe1; padding: 4px 6px; text-align: left; vertical-align: top; }}
th {{ background: #f4f6f8; }}
.note {{ color: #5b6673; font-size: 0.86rem; }}
.verdict {{ border-left: 8px solid; border-radius: 4px; padding: 10px 14px; margin: 12px 0; }}
.verdict.go {{ border-color: {OK}; background: #e8f5e9; }}
.verdict.nogo {{ border-color: {BAD}; background: #fdecea; }}
.verdict.no_go {{ border-color: {BAD}; background: #fdecea; }}
.verdict.conditional {{ border-color: #b26a00; background: #fff4e0; }}
.verdict.not_asked {{ border-color: #4a6a8a; background: #eef2f7; }}
.verdict b.word {{ font-size: 1.2rem; }}
@media print {{ body {{ padding: 0; font-size: 10.5pt; }} @page {{ size: A4; margin: 18mm 16mm; }}
  h2 {{ break-after: avoid; }} table, .verdict {{ break-inside: avoid; }}
  .verdict {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }} }}
"""


def to_html(doc: Doc, title: str) -> str:
    body: list[str] = []
    for kind, payload in doc.blocks:
        if kind == "h1":
            body.append(f"<h1>{_inline(payload)}</h1>")
        elif kind == "h2":
            body.append(f"<h2>{_inline(payload)}</h2>")
        elif kind == "p":
            body.append(f"<p>{_inline(payload)}</p>")
        elif kind == "note":
            body.append(f'<p class="note">{_inline(payload)}</p>')
        elif kind == "ul":
            body.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in payload) + "</ul>")
        elif kind == "table":
            head, rows = payload
            body.append("<table><thead><tr>" + "".join(f"<th>{_inline(h)}</th>" for h in head) + "</tr></thead><tbody>"
                        + "".join("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>" for row in rows)
                        + "</tbody></table>")
        elif kind == "verdict":
            verdict, word, text = payload
            body.append(f'<div class="verdict {escape(verdict)}"><b class="word">{escape(word)}</b> '
                        f"— {_inline(text)}</div>")
    return (f'<!DOCTYPE html>\n<html lang="{doc.lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<link rel="icon" href="data:,">\n'
            f'<title>{escape(title)}</title>\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")
