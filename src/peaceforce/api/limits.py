"""The request body limit: a declared Content-Length over the limit is refused before the body is read,
and a body sent without one (chunked) is counted as it arrives and refused once it passes the limit."""

from __future__ import annotations

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .problems import fault


def _too_large(limit: int) -> str:
    return f"request body larger than {limit:,} bytes (a scenario or a mandate is a few kB)"


class BodyLimit:
    """ASGI middleware. The 413 for a body without a length is raised while the route reads the body,
    inside FastAPI's exception handling, which answers it like any HTTPException."""

    def __init__(self, app: ASGIApp, max_body: int):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_body
            except ValueError:
                too_big = False  # the server (h11) refuses a malformed length itself
            if too_big:
                await fault(413, _too_large(self.max_body))(scope, receive, send)
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise HTTPException(413, _too_large(self.max_body))
            return message

        await self.app(scope, counted, send)


__all__ = ["BodyLimit"]
