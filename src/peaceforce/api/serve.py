"""`peaceforce serve`: uvicorn on a socket bound here, so the address printed is the one listened on
(port 0 picks a free port and prints it) and a port in use is one clear line, not a traceback."""

from __future__ import annotations

import socket
from typing import Callable

from ..errors import InputError
from .settings import Settings


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (IPv6 when the host is an IPv6 address)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family, backlog=128)
    except OSError as exc:
        where = "peaceforce serve"
        if isinstance(exc, socket.gaierror) or exc.errno in (99, 49):  # unknown or not-local address
            raise InputError("--host", host, f"an address of this machine ({exc.strerror or exc})", where) from None
        raise InputError("--port", port, f"a free port on {host} ({exc.strerror or exc})", where) from None


def url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def serve(host: str, port: int, say: Callable[[str], None] = print, settings: Settings | None = None) -> bool:
    """Bind, say where, and serve until interrupted (the workers start before the first request is read).
    False when the server could not start (uvicorn has logged why: e.g. a worker that failed to start)."""
    import uvicorn

    from .app import create_app

    settings = settings or Settings.from_env()
    sock = bind(host, port)
    address = url(sock)
    say(f"peaceforce API listening on {address} (schema: {address}/api/openapi.json; "
        f"{settings.workers} workers starting; Ctrl-C stops)")
    config = uvicorn.Config(create_app(settings), log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
    return server.started


__all__ = ["serve", "bind", "url"]
