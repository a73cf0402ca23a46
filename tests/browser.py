"""What the browser tests in tests/ share: a directory served over real HTTP on 127.0.0.1, and Debian's
headless Chromium through Playwright's client (never a downloaded browser; a missing one fails the test
with what to do, because a skipped browser test would let a broken page pass CI)."""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep pytest's output for failures
        pass


@contextmanager
def static_server(directory: Path) -> Iterator[str]:
    """`directory` behind a threading HTTP server on an ephemeral loopback port; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def chromium(p):
    """Debian's chromium launched headless by Playwright `p`, or the test fails saying how to get it."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: this test needs Debian's chromium package (apt-get install -y "
                    "chromium; scripts/test installs it). Never use a downloaded browser.", pytrace=False)
    return p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)


def playwright():
    """Playwright's sync entry point, or the test fails saying how to install it."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra installs it
        pytest.fail("the Python package 'playwright' is missing: run scripts/test (pip install playwright; "
                    "never 'playwright install')", pytrace=False)
    return sync_playwright()
