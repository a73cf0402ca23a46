"""The memo's tiny document model and its two renderings: Markdown and self-contained HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from typing import Any

from .style import BAD, OK, no_raw_html

FORMATS = ("md", "html")

# ---------------------------------------------------------------- a tiny document model


@dataclass
class Doc:
    """Blocks rendered to Markdown or HTML; **bold** inside text is the only markup."""

    lang: str
    blocks: list[tuple[str, Any]] = field(default_factory=list)

    def letterhead(self, left: list[str], right: list[str]) -> None:
        """A parliamentary paper's head: who and which term on the left, its number and date on the right
        (the Bundestag's Drucksache)."""
        self.blocks.append(("letterhead", (list(left), list(right))))

    def sign(self, lines: list[str]) -> None:
        """The signatures that close a letter: the offices that sign it, one a line."""
        if lines:
            self.blocks.append(("sign", list(lines)))

    def kicker(self, text: str) -> None:
        """The kind of document, above the title ('Draft Article 100 letter')."""
        self.blocks.append(("kicker", text))

    def h1(self, text: str) -> None:
        self.blocks.append(("h1", text))

    def meta(self, rows: list[tuple[str, str]]) -> None:
        """The letterhead: date, reference, subject, addressee."""
        self.blocks.append(("meta", list(rows)))

    def h2(self, text: str) -> None:
        self.blocks.append(("h2", text))

    def p(self, text: str) -> None:
        self.blocks.append(("p", text))

    def note(self, text: str) -> None:
        self.blocks.append(("note", text))

    def quote(self, text: str) -> None:
        """A text to be voted on (a motion, a resolution), set off from the memo's own words."""
        self.blocks.append(("quote", text))

    def ul(self, items: list[str]) -> None:
        if items:
            self.blocks.append(("ul", list(items)))

    def table(self, head: list[str], rows: list[list[str]], numeric: tuple[int, ...] = ()) -> None:
        """A table; `numeric` columns are right-aligned."""
        if rows:
            self.blocks.append(("table", (head, rows, numeric)))

    def verdict(self, verdict: str, word: str, text: str) -> None:
        """The boxed verdict: `verdict` a Verdict value (go, conditional, no_go, not_asked), `word` it in
        the memo's language."""
        self.blocks.append(("verdict", (verdict, word, text)))


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(doc: Doc) -> str:
    out: list[str] = []
    for kind, payload in doc.blocks:
        if kind == "letterhead":
            left, right = payload
            out += [f"**{a}** — {b}" + ("  " if i < len(left) - 1 else "") if i == 0 else f"{a} — {b}" +
                    ("  " if i < len(left) - 1 else "") for i, (a, b) in enumerate(zip(left, right))] + [""]
        elif kind == "sign":
            for line in payload:
                out += [line, ""]
        elif kind == "kicker":
            out += [f"*{payload}*", ""]
        elif kind == "h1":
            out += [f"# {payload}", ""]
        elif kind == "meta":
            colon = "\u00a0:" if doc.lang == "fr" else ":"
            out += [f"**{k}{colon}** {v}" + ("  " if i < len(payload) - 1 else "") for i, (k, v) in enumerate(payload)] + [""]
        elif kind == "h2":
            out += [f"## {payload}", ""]
        elif kind in ("p", "note"):
            out += [payload if kind == "p" else f"*{payload}*", ""]
        elif kind == "quote":
            out += [f"> {payload}", ""]
        elif kind == "ul":
            out += [f"- {item}" for item in payload] + [""]
        elif kind == "table":
            head, rows, numeric = payload
            out.append("| " + " | ".join(_md_cell(h) for h in head) + " |")
            out.append("|" + "".join("--:|" if i in numeric else "---|" for i in range(len(head))))
            out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
            out.append("")
        elif kind == "verdict":
            _, word, text = payload
            out += [f"> **{word}** — {text}", ""]
    return no_raw_html("\n".join(out).rstrip() + "\n")


_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> str:
    return _BOLD.sub(r"<b>\1</b>", escape(str(text)))


CSS = f"""
:root {{ --ink: #1d2733; --muted: #5b6673; --rule: #d5dbe1; --accent: #1f4e79; }}
* {{ box-sizing: border-box; }}
body {{ font-family: "DejaVu Serif", "Liberation Serif", Georgia, "Times New Roman", serif; color: var(--ink);
       line-height: 1.55; max-width: 860px; margin: 0 auto; padding: 36px 40px 60px; font-size: 16px;
       hyphens: auto; -webkit-hyphens: auto; overflow-wrap: break-word; }}
.letterhead {{ display: flex; justify-content: space-between; gap: 16px; margin: 0 0 18px; padding-bottom: 8px;
               border-bottom: 1px solid var(--rule); font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
               font-size: .86rem; }}
.letterhead div:first-child {{ font-weight: 600; }}
.letterhead .right {{ text-align: right; }}
.sign {{ margin: 26px 0 10px; }}
.sign p {{ margin: 0 0 22px; }}
.kicker {{ font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; text-transform: uppercase;
          letter-spacing: .08em; font-size: .78rem; color: var(--accent); margin: 0 0 6px; }}
h1 {{ font-size: 1.55rem; line-height: 1.25; margin: 0 0 14px; padding-bottom: 10px; border-bottom: 3px solid var(--accent); }}
h2 {{ font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 1.05rem; margin: 30px 0 8px;
     padding-bottom: 3px; border-bottom: 1px solid var(--rule); color: var(--accent); }}
dl.meta {{ display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 0 0 18px;
          font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: .86rem; }}
dl.meta dt {{ color: var(--muted); }}
dl.meta dd {{ margin: 0; }}
p {{ margin: 0 0 10px; }}
ul {{ margin: 0 0 12px; padding-left: 22px; }}
li {{ margin-bottom: 3px; }}
.table {{ overflow-x: auto; margin: 8px 0 14px; }}
table {{ border-collapse: collapse; width: 100%; font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
        font-size: .82rem; }}
th, td {{ border-bottom: 1px solid var(--rule); padding: 5px 7px; text-align: left; vertical-align: top; }}
th {{ background: #eef2f6; font-weight: 600; }}
td.num, th.num {{ text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }}
.note {{ color: var(--muted); font-size: .86rem; font-style: italic; }}
blockquote {{ margin: 10px 0 14px; padding: 10px 16px; border-left: 4px solid var(--accent); background: #f3f6fa; }}
.verdict {{ border-left: 8px solid; border-radius: 4px; padding: 12px 16px; margin: 14px 0;
           font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: .92rem; }}
.verdict.go {{ border-color: {OK}; background: #e8f5e9; }}
.verdict.no_go {{ border-color: {BAD}; background: #fdecea; }}
.verdict.conditional {{ border-color: #b26a00; background: #fff4e0; }}
.verdict.not_asked {{ border-color: #4a6a8a; background: #eef2f7; }}
.verdict b.word {{ display: block; font-size: 1.1rem; letter-spacing: .04em; margin-bottom: 4px; }}
td b {{ white-space: nowrap; }}
@media (max-width: 600px) {{ body {{ padding: 18px 16px 40px; font-size: 15px; }} h1 {{ font-size: 1.3rem; }}
  dl.meta {{ grid-template-columns: 1fr; }} dl.meta dd {{ margin-bottom: 4px; }}
  table, tbody, tr, td {{ display: block; width: 100%; }} thead {{ display: none; }}
  tr {{ border: 1px solid var(--rule); border-radius: 4px; margin-bottom: 8px; padding: 4px 0; }}
  td, td.num {{ border: 0; padding: 2px 10px; text-align: left; white-space: normal; }}
  td:first-child {{ font-weight: 600; }}
  td[data-label]:not(:first-child)::before {{ content: attr(data-label) ": "; color: var(--muted); }} }}
@media print {{ body {{ padding: 0; font-size: 10.5pt; max-width: none; }} @page {{ size: A4; margin: 18mm 16mm; }}
  h2 {{ break-after: avoid; }} table, .verdict, blockquote {{ break-inside: avoid; }}
  .verdict, th {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }} }}
"""


def _table(payload) -> str:
    """A table; each cell carries its column's heading, so a narrow screen shows the rows as cards."""
    head, rows, numeric = payload
    cls = lambda i: ' class="num"' if i in numeric else ""  # noqa: E731
    label = lambda i: f' data-label="{escape(str(head[i]), quote=True)}"' if i < len(head) else ""  # noqa: E731
    return ('<div class="table"><table><thead><tr>' + "".join(f"<th{cls(i)}>{_inline(h)}</th>" for i, h in enumerate(head))
            + "</tr></thead><tbody>"
            + "".join("<tr>" + "".join(f"<td{cls(i)}{label(i)}>{_inline(c)}</td>" for i, c in enumerate(row)) + "</tr>"
                      for row in rows)
            + "</tbody></table></div>")


def to_html(doc: Doc, title: str) -> str:
    body: list[str] = []
    for kind, payload in doc.blocks:
        if kind == "letterhead":
            left, right = payload
            body.append('<div class="letterhead"><div>' + "<br>".join(_inline(x) for x in left) + '</div><div class="right">'
                        + "<br>".join(_inline(x) for x in right) + "</div></div>")
        elif kind == "sign":
            body.append('<div class="sign">' + "".join(f"<p>{_inline(x)}</p>" for x in payload) + "</div>")
        elif kind == "kicker":
            body.append(f'<p class="kicker">{_inline(payload)}</p>')
        elif kind == "h1":
            body.append(f"<h1>{_inline(payload)}</h1>")
        elif kind == "meta":
            body.append('<dl class="meta">' + "".join(f"<dt>{_inline(k)}</dt><dd>{_inline(v)}</dd>" for k, v in payload)
                        + "</dl>")
        elif kind == "h2":
            body.append(f"<h2>{_inline(payload)}</h2>")
        elif kind == "p":
            body.append(f"<p>{_inline(payload)}</p>")
        elif kind == "note":
            body.append(f'<p class="note">{_inline(payload)}</p>')
        elif kind == "quote":
            body.append(f"<blockquote>{_inline(payload)}</blockquote>")
        elif kind == "ul":
            body.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in payload) + "</ul>")
        elif kind == "table":
            body.append(_table(payload))
        elif kind == "verdict":
            verdict, word, text = payload
            body.append(f'<div class="verdict {escape(verdict)}"><b class="word">{escape(word)}</b>{_inline(text)}</div>')
    return (f'<!DOCTYPE html>\n<html lang="{doc.lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<link rel="icon" href="data:,">\n'
            f'<title>{escape(title)}</title>\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n")
