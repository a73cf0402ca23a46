"""plan.json's JSON Schema, generated from the records it serialises (never written by hand).

`python -m peaceforce.schema` rewrites schemas/plan.schema.json; a test fails when the committed file
differs from what the models give, so the file, the schema and the code cannot drift apart.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from .plan import PlanDocument

ID = "https://github.com/peaceforce/peaceforce/schemas/plan.schema.json"


def plan_schema() -> dict[str, Any]:
    schema = PlanDocument.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": ID,
            "title": "peaceforce plan.json", **{k: v for k, v in schema.items() if k != "title"}}


def text() -> str:
    return json.dumps(plan_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else Path(__file__).resolve().parents[2] / "schemas" / "plan.schema.json"
    target.write_text(text(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
