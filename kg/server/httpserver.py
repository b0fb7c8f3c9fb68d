"""Running the app under uvicorn, with one socket write per response.

uvicorn writes a response in two parts, the status line and headers, then the body; on the
loopback interface each ``send`` costs about as much as the whole Python side of a small
request (measured with py-spy under ``bench/bench_serve.py``: the two writes were ~30% of the
front end's time). :class:`CoalescingTransport` keeps the writes made during one turn of the
event loop and sends them together at the end of that turn, so a response goes out in one
``send``. Order is kept and nothing waits longer than the current turn; ``close`` sends what is
kept first.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any


class CoalescingTransport:
    """A transport proxy that joins the writes made within one event-loop turn."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._parts: list[bytes] = []
        self._scheduled = False

    def write(self, data: bytes) -> None:
        if not data:
            return
        self._parts.append(bytes(data))
        if not self._scheduled:
            self._scheduled = True
            self._loop.call_soon(self.flush)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._scheduled = False
        if not self._parts:
            return
        data = self._parts[0] if len(self._parts) == 1 else b"".join(self._parts)
        self._parts.clear()
        if not self._transport.is_closing():
            self._transport.write(data)

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + sum(len(p) for p in self._parts)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def abort(self) -> None:
        self._parts.clear()
        self._transport.abort()

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def __getattr__(self, name: str) -> Any:  # everything else: the real transport
        return getattr(self._transport, name)


def protocol_class():
    """uvicorn's httptools protocol with a :class:`CoalescingTransport`, or ``"auto"`` when
    httptools is not installed (uvicorn's pure-Python h11 protocol is then used as is)."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:
        return "auto"

    class CoalescingHttpToolsProtocol(HttpToolsProtocol):
        def connection_made(self, transport) -> None:  # type: ignore[override]
            super().connection_made(CoalescingTransport(transport, self.loop))

    return CoalescingHttpToolsProtocol


def serve(app, sock: socket.socket, *, access_log: bool = False) -> None:
    """Serve ``app`` on the bound socket ``sock`` until SIGINT/SIGTERM."""
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", access_log=access_log,
                            timeout_graceful_shutdown=5, server_header=False,
                            http=protocol_class(),
                            # no X-Forwarded-* trust: the client address is the socket's
                            proxy_headers=False)
    uvicorn.Server(config).run(sockets=[sock])
