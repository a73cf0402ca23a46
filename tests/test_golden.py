"""Each example's printed summary, with timings masked, is kept beside it and compared.

`PEACEFORCE_UPDATE_GOLDEN=1 pytest tests/test_golden.py` rewrites them after an intended change;
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
    render(plan(path), Console(file=buffer, width=120, color_system=None, force_terminal=False))
    return TIMING.sub("<time> s", buffer.getvalue())


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_summary_matches_golden(example: Path):
    golden = example.with_suffix(".summary.txt")
    got = summary_text(example)
    if os.environ.get("PEACEFORCE_UPDATE_GOLDEN") == "1":
        golden.write_text(got, encoding="utf-8")
    assert golden.exists(), f"no golden summary for {example.name}: run with PEACEFORCE_UPDATE_GOLDEN=1"
    assert got == golden.read_text(encoding="utf-8")


def test_readme_example_is_taken_from_the_golden_summary():
    """Every line of the README's example output (except its '...' elisions) is a line of the default golden."""
    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    start = readme.index("```text\n$ .venv/bin/peaceforce plan examples/ukraine-reassure.yaml")
    block = readme[start:readme.index("```", start + 7)].splitlines()[2:]
    golden = set((root / "examples" / "ukraine-reassure.summary.txt").read_text(encoding="utf-8").splitlines())
    shown = [line for line in block if not line.lstrip().startswith("...")]
    assert len(shown) > 10
    assert [line for line in shown if line not in golden] == []
