"""The report as an A4 PDF, printed by a headless Chromium from the same HTML (its print stylesheet:
running head, date, page x of y, printed contents).

I/O at the edge: the HTML goes to a private temporary directory, Chromium prints it there, and the
PDF comes back as bytes for the all-or-nothing writer. Nothing is downloaded; without a Chromium the
caller gets one line saying what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError

#: names a Chromium goes by on Debian, other Linux distributions and macOS installs
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_S = 120


def find_chromium() -> str | None:
    """PEACEFORCE_CHROMIUM if set, else the first Chromium on PATH."""
    given = os.environ.get("PEACEFORCE_CHROMIUM")
    if given:
        return given if Path(given).is_file() else None
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


def require_chromium() -> str:
    """The Chromium to print with, or the one line that says what to install."""
    browser = find_chromium()
    if browser is None:
        raise InputError("--format", "pdf", "only where a headless Chromium is installed (Debian: apt install "
                         "chromium; or set PEACEFORCE_CHROMIUM to its path)", "peaceforce plan")
    return browser


def html_to_pdf(html: str) -> bytes:
    browser = require_chromium()
    with tempfile.TemporaryDirectory(prefix="peaceforce-pdf-") as tmp:
        page, pdf = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer",
               "--disable-extensions", f"--user-data-dir={tmp}/profile", f"--print-to-pdf={pdf}", page.as_uri()]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise InputError("--format", "pdf", f"a Chromium that prints ({browser}: {type(exc).__name__})",
                             "peaceforce plan") from None
        if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            raise InputError("--format", "pdf", f"a Chromium that prints ({browser} exited {done.returncode})",
                             "peaceforce plan")
        data = pdf.read_bytes()
        if not data.startswith(b"%PDF-"):
            raise InputError("--format", "pdf", f"a Chromium that prints PDF ({browser} wrote something else)",
                             "peaceforce plan")
        return data
