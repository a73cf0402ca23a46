"""Reports rendered from a Plan: the HTML report with charts and map, its Markdown twin, and the
per-nation decision memo."""

from .html import render_html, render_markdown
from .memo import render_memo

__all__ = ["render_html", "render_markdown", "render_memo"]
