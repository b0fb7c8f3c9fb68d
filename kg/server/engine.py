"""The query engine behind the HTTP front end: a pool of worker processes, each holding the dataset.

Why processes: a pyoxigraph query cannot be cancelled from Python, so a time limit enforced with
threads would answer 503 while the query kept burning a core. A worker past its deadline is
killed and replaced; the client gets 503. Processes also let queries use both cores while the
front end (asyncio) keeps serving.

The front end talks to an idle worker over a pipe and waits for the answer with the event loop's
``add_reader``, so waiting costs no thread. Requests wait for a free worker; that wait counts
against the same deadline.

Read-only service: every worker loads the dataset into its own in-memory store (the pharmakg
graph is a few MB). With updates enabled there is one worker over a writable on-disk store in a
temporary folder, so every query sees every update and a worker killed on a timeout restarts on
the committed state (an update in flight when killed is rolled back: updates are transactional).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from kg.server.framing import recv_message, send_message, frame, FrameReader


class EngineTimeout(Exception):
    """The request passed its deadline (waiting for a worker or running)."""


class EngineUnavailable(Exception):
    """No worker could be started."""


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen
    conn: socket.socket
    size: int = 0
    #: the request in flight: its answer arrives through the event loop's reader on ``conn``
    pending: asyncio.Future | None = None
    reader: FrameReader = field(default_factory=FrameReader)
    loop: asyncio.AbstractEventLoop | None = None  # the loop ``conn`` is registered with

    def on_readable(self) -> None:
        """Read what the worker sent; complete ``pending`` once the answer is whole."""
        pending = self.pending
        try:
            while True:
                chunk = self.conn.recv(1 << 20)
                if not chunk:
                    raise EOFError("connection closed")
                message = self.reader.feed(chunk)
                if message is not FrameReader.INCOMPLETE:
                    self.pending = None
                    if pending is not None and not pending.done():
                        pending.set_result(message)
                    return
        except BlockingIOError:
            return
        except (EOFError, OSError) as exc:
            self.unregister()
            self.pending = None
            if pending is not None and not pending.done():
                pending.set_exception(EngineUnavailable(f"query worker died: {exc}"))

    def register(self, loop: asyncio.AbstractEventLoop) -> None:
        """Watch ``conn`` from ``loop`` (once per worker, not once per request)."""
        if self.loop is not loop:
            self.unregister()
            loop.add_reader(self.conn.fileno(), self.on_readable)
            self.loop = loop

    def unregister(self) -> None:
        if self.loop is not None:
            try:
                self.loop.remove_reader(self.conn.fileno())
            except (ValueError, OSError, RuntimeError):  # closed socket or loop
                pass
            self.loop = None


class Engine:
    """A pool of query workers over one dataset ``spec`` (see :func:`worker.open_dataset`)."""

    def __init__(self, spec: dict, *, workers: int | None = None, writable: bool = False) -> None:
        self.writable = writable
        self._tmp = None
        if writable:
            self._tmp = tempfile.mkdtemp(prefix="pharmakg-serve-")
            spec = dict(spec, disk=os.path.join(self._tmp, "store"))
            workers = 1
        self.spec = spec
        self.size = workers or max(1, min(4, os.cpu_count() or 1))
        self._idle: deque[_Worker] = deque()
        self._waiters: deque[asyncio.Future] = deque()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self.triples = 0
        self.restarts = 0

    # -- lifecycle ------------------------------------------------------------------------
    def _spawn(self) -> _Worker:
        """Start one worker: ``python -m kg.server.worker FD`` over a socket pair (a plain
        subprocess, so callers need no ``if __name__ == "__main__"`` guard and no fork of a
        threaded process happens)."""
        parent, child = socket.socketpair()
        env = dict(os.environ)
        env.setdefault("PYTHONUNBUFFERED", "1")
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "kg.server.worker", str(child.fileno())],
                pass_fds=(child.fileno(),), env=env, stdin=subprocess.DEVNULL,
                close_fds=True, start_new_session=True)
        finally:
            child.close()
        try:
            parent.settimeout(120)
            send_message(parent, self.spec)
            kind, info = recv_message(parent)
        except (EOFError, OSError) as exc:
            process.kill()
            parent.close()
            raise EngineUnavailable(f"a query worker failed to start: {exc}") from None
        if kind != "ready":
            process.kill()
            parent.close()
            raise EngineUnavailable(f"a query worker could not open the dataset: {info}")
        parent.setblocking(False)
        w = _Worker(process, parent, info)
        with self._lock:
            self._all.append(w)
        self.triples = info
        return w

    def start(self) -> None:
        """Start the workers (blocking; call once before serving)."""
        if self._started:
            return
        self._started = True
        first = self._spawn()  # one first: a writable store is loaded by its first worker
        rest = []
        if self.size > 1:
            threads = [threading.Thread(target=lambda: rest.append(self._spawn()))
                       for _ in range(self.size - 1)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        self._idle.extend([first, *rest])
        if len(self._idle) < self.size:
            raise EngineUnavailable("some query workers did not start")

    def pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._all]

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers, self._all = self._all, []
        for w in workers:
            w.unregister()
            try:
                w.conn.close()
            except OSError:
                pass
        for w in workers:
            try:
                w.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                w.process.kill()
                w.process.wait(timeout=2)
        self._idle.clear()
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    # -- dispatch -------------------------------------------------------------------------
    def _release(self, w: _Worker) -> None:
        if self._closed:
            return
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(w)
                return
        self._idle.append(w)

    def _replace(self, dead: _Worker, loop: asyncio.AbstractEventLoop) -> None:
        """Kill a worker and start its replacement in the background."""
        with self._lock:
            if dead in self._all:
                self._all.remove(dead)
        try:
            dead.process.kill()
        except OSError:
            pass
        dead.unregister()
        try:
            dead.conn.close()
        except OSError:
            pass
        self.restarts += 1

        def restart() -> None:
            try:
                dead.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            for attempt in range(3):
                if self._closed:
                    return
                try:
                    fresh = self._spawn()
                except EngineUnavailable:
                    time.sleep(0.5 * (attempt + 1))
                    continue
                if self._closed:
                    fresh.process.kill()
                    return
                loop.call_soon_threadsafe(self._release, fresh)
                return

        threading.Thread(target=restart, daemon=True, name="pharmakg-worker-restart").start()

    async def _acquire(self, loop: asyncio.AbstractEventLoop, deadline: float,
                       timeout: float) -> _Worker:
        """An idle worker, or wait for one until ``deadline``. A worker that died while idle
        (killed from outside, out of memory) is replaced, and the request waits for a live one."""
        while self._idle:
            w = self._idle.popleft()
            if w.process.poll() is None:
                return w
            self._replace(w, loop)
        waiter = loop.create_future()
        self._waiters.append(waiter)

        def expire() -> None:
            if not waiter.done():
                waiter.set_exception(EngineTimeout(
                    f"no query worker became free within {timeout:g} s"))

        timer = loop.call_at(deadline, expire)
        try:
            return await waiter
        except asyncio.CancelledError:
            # the client went away; a worker handed over meanwhile goes back to the pool
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                self._release(waiter.result())
            raise
        finally:
            timer.cancel()

    async def run(self, op: str, payload: dict, timeout: float) -> tuple:
        """Run one request on a worker; raises :class:`EngineTimeout` past ``timeout`` seconds."""
        if not self._started:
            await asyncio.get_running_loop().run_in_executor(None, self.start)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        w = await self._acquire(loop, deadline, timeout)
        answer = loop.create_future()
        w.pending = answer
        try:
            w.register(loop)
            await loop.sock_sendall(w.conn, frame((op, payload)))
        except (OSError, ValueError) as exc:
            w.pending = None
            self._replace(w, loop)
            raise EngineUnavailable(f"query worker unavailable: {exc}") from None

        def expire() -> None:
            if not answer.done():
                answer.set_exception(EngineTimeout(
                    f"the query ran longer than {timeout:g} s and was stopped"))

        timer = loop.call_at(deadline, expire)
        try:
            result = await answer
        except BaseException:
            # timed out, worker died, or cancelled (client went away): the worker's state is
            # unknown (it may still be running the query), so it is killed and replaced
            w.pending = None
            self._replace(w, loop)
            raise
        finally:
            timer.cancel()
        self._release(w)
        return result
