"""Length-prefixed pickle messages between the server and its query workers."""

from __future__ import annotations

import pickle
import socket
import struct

_HEADER = struct.Struct("!Q")


def frame(obj: object) -> bytes:
    data = pickle.dumps(obj, protocol=5)
    return _HEADER.pack(len(data)) + data


def send_message(sock: socket.socket, obj: object) -> None:
    sock.sendall(frame(obj))


def _recv_exactly(sock: socket.socket, n: int) -> bytes:
    parts, got = [], 0
    while got < n:
        chunk = sock.recv(min(n - got, 1 << 20))
        if not chunk:
            raise EOFError("connection closed")
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def recv_message(sock: socket.socket) -> object:
    (size,) = _HEADER.unpack(_recv_exactly(sock, _HEADER.size))
    return pickle.loads(_recv_exactly(sock, size))


class FrameReader:
    """Incremental decoder for a non-blocking socket: feed chunks, get a message when whole."""

    INCOMPLETE = object()

    def __init__(self) -> None:
        self._buf = bytearray()
        self._need: int | None = None

    def feed(self, chunk: bytes) -> object:
        self._buf += chunk
        if self._need is None:
            if len(self._buf) < _HEADER.size:
                return self.INCOMPLETE
            (self._need,) = _HEADER.unpack_from(self._buf)
            del self._buf[:_HEADER.size]
        if len(self._buf) < self._need:
            return self.INCOMPLETE
        data = bytes(self._buf[:self._need])
        del self._buf[:self._need]
        self._need = None
        return pickle.loads(data)
