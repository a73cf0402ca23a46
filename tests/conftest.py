from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DEFAULT = EXAMPLES / "ukraine-reassure.yaml"


def base_spec(**changes):
    spec = {"name": "test", "theatre": "ukraine", "role": "reassure", "threat": "medium",
            "host_army": 800_000, "adversary_army": 700_000, "us_backstop": "intelligence",
            "duration_months": 36, "rotation_months": 6, "mandate": "robust"}
    spec.update(changes)
    return spec


@pytest.fixture
def default_path() -> Path:
    return DEFAULT


@pytest.fixture(scope="session")
def api_server():
    """A real `peaceforce serve` on a free port of 127.0.0.1 (two workers), shared by the API tests."""
    from peaceforce.api.live import LiveServer

    with LiveServer(workers=2, queue=32) as server:
        yield server
