"""Each example's printed summary, with timings masked, is kept beside it and compared.

`PEACEFORCE_UPDATE_GOLDEN=1 pytest tests/test_golden.py` rewrites them (and the README example) after an intended change;
the README's example output is taken from the default one.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from rich.console import Console

from peaceforce.plan import plan
from peaceforce.summary import render

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.yaml"))
TIMING = re.compile(r"\d+\.\d+ s\b")


def summary_text(path: Path) -> str:
    buffer = io.StringIO()
    # as `peaceforce plan` makes it: the risk ranges and what would change the verdicts included
    render(plan(path).compute_risk().compute_what_if(), Console(file=buffer, width=120, color_system=None,
                                                             force_terminal=False))
    return TIMING.sub("<time> s", buffer.getvalue())


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_summary_matches_golden(example: Path):
    golden = example.with_suffix(".summary.txt")
    got = summary_text(example)
    if os.environ.get("PEACEFORCE_UPDATE_GOLDEN") == "1":
        golden.write_text(got, encoding="utf-8")
    assert golden.exists(), f"no golden summary for {example.name}: run with PEACEFORCE_UPDATE_GOLDEN=1"
    assert got == golden.read_text(encoding="utf-8")


#: the summary lines the README shows, by their first words, and how many lines each takes
README_LINES = (("", 7), ("Burden:", 2), ("Sustainment:", 1), ("Cost:", 2), ("Eastern flank:", 3), ("Mandate:", 1),
                ("Incidents:", 2), ("Conditions:", 2))
README_START = "```text\n$ .venv/bin/peaceforce plan examples/ukraine-reassure.yaml --out out\n"


def _readme_block(golden: list[str]) -> str:
    """The README's example, cut from the default golden (PEACEFORCE_UPDATE_GOLDEN=1 rewrites it)."""
    out: list[str] = []
    for prefix, n in README_LINES:
        i = 0 if not prefix else next(k for k, line in enumerate(golden) if line.startswith(prefix))
        out += golden[i:i + n]
        if not prefix:
            out.append("  ... requirement by capability, where it stands (hubs), allocation by nation, gaps ...")
        elif prefix == "Burden:":
            out.append("  ... what binds ...")
    return README_START + "\n".join(out) + "\n  ... go / no-go by nation ...\n"


def test_readme_example_is_taken_from_the_golden_summary():
    """The README's example output is the default golden's lines, with '...' between the parts shown."""
    root = Path(__file__).resolve().parents[1]
    path = root / "README.md"
    readme = path.read_text(encoding="utf-8")
    golden = (root / "examples" / "ukraine-reassure.summary.txt").read_text(encoding="utf-8").splitlines()
    start = readme.index(README_START)
    end = readme.index("```", start + 7)
    want = _readme_block(golden)
    if os.environ.get("PEACEFORCE_UPDATE_GOLDEN") == "1":
        path.write_text(readme[:start] + want + readme[end:], encoding="utf-8")
        readme = path.read_text(encoding="utf-8")
    assert readme[start:readme.index("```", start + 7)] == want
