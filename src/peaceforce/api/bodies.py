"""JSON bodies read strictly: an object that names a key twice is refused, not read as its last value.

A scenario posted with `"role": "observe"` and, further down, `"role": "deter"` would otherwise plan
the second silently; the sender meant one of them. The route class swaps in a request whose json()
refuses duplicates; FastAPI answers the JSONDecodeError as invalid JSON (422, the key named).
"""

from __future__ import annotations

import json
from typing import Any, Callable

from fastapi import Request
from fastapi.routing import APIRoute


def _once(doc: bytes) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                text = doc.decode("utf-8", errors="replace")
                raise json.JSONDecodeError(f"the key {key!r} twice in one object", text,
                                           max(0, text.rfind(json.dumps(key))))
            out[key] = value
        return out
    return hook


class _StrictRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            self._json = json.loads(body, object_pairs_hook=_once(body))
        return self._json


class StrictJSON(APIRoute):
    """The API's routes: as FastAPI's, with JSON bodies read by _StrictRequest."""

    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()

        async def strict(request: Request):
            return await handler(_StrictRequest(request.scope, request.receive))
        return strict


__all__ = ["StrictJSON"]
