"""`--format pdf`: the report printed to A4 by the installed headless Chromium, or one clear line
where there is none (and nothing written)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "examples" / "ukraine-reassure.yaml"


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "peaceforce", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=600)


def test_pdf_is_printed_with_its_pages(tmp_path):
    out = tmp_path / "out"
    done = run("plan", str(DEFAULT), "--out", str(out), "--format", "pdf", "--runs", "300")
    assert done.returncode == 0, done.stderr
    pdf = (out / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 10 <= pages <= 60, pages
    assert sorted(p.name for p in out.iterdir()) == ["report.pdf"]  # only what was asked for


def test_pdf_without_chromium_is_one_line_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    done = run("plan", str(DEFAULT), "--out", str(out), "--format", "pdf", "--format", "json",
               env={"PEACEFORCE_CHROMIUM": str(tmp_path / "no-such-browser")})
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "--format" in lines[0] and "pdf" in lines[0] and "Chromium" in lines[0], done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_a_browser_that_writes_no_pdf_is_refused(tmp_path):
    fake = tmp_path / "fake-chromium"
    fake.write_text("#!/bin/sh\nfor a in \"$@\"; do case $a in --print-to-pdf=*) echo 'not a pdf' > \"${a#--print-to-pdf=}\";; "
                    "esac; done\nexit 0\n")
    fake.chmod(0o755)
    out = tmp_path / "out"
    done = run("plan", str(DEFAULT), "--out", str(out), "--format", "pdf", "--runs", "50",
               env={"PEACEFORCE_CHROMIUM": str(fake)})
    assert done.returncode == 2 and "wrote something else" in done.stderr, done.stderr
    assert not out.exists()


def test_an_unwritable_out_is_refused_before_planning(tmp_path):
    """The place to write is checked first: a file in the way of the directory gives its line at once
    (nothing is planned: the summary is never printed)."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    done = run("plan", str(DEFAULT), "--out", str(blocker / "out"), "--format", "pdf")
    assert done.returncode == 2 and "--out" in done.stderr and "Coalition deployed" not in done.stdout, done.stderr
