"""Run ``kg serve`` as a real process on a free loopback port (tests, benchmarks, screenshots).

>>> # with ServeProcess(["--data", "data.nq"]) as server: urlopen(server.url + "/sparql?...")
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port on ``host`` that nothing listens on right now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_until_answers(url: str, process: subprocess.Popen, timeout: float, name: str,
                       log=lambda: "") -> None:
    """Poll ``url`` until the server started as ``process`` answers with a status below 500;
    RuntimeError (with ``log()``) if it exits first or stays silent for ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}:\n{log()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError as exc:
            if exc.code < 500:  # it answers, if not on that path
                return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{name} did not answer within {timeout:.0f} s:\n{log()}")
        time.sleep(0.1)


def stop_process(process: subprocess.Popen | None, timeout: float = 15) -> None:
    """Terminate a server process, killing it if it does not exit within ``timeout``."""
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


class ServeProcess:
    """``kg serve ARGS --port <free>``; ``url`` is its base URL once started."""

    def __init__(self, args: list[str] | None = None, *, env: dict[str, str] | None = None,
                 home: Path | str | None = None, startup: float = 120) -> None:
        self.args = list(args or [])
        self.env = dict(os.environ if env is None else env)
        if home is not None:
            self.env["PHARMAKG_HOME"] = str(home)
        self.startup = startup
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.stderr_path: Path | None = None

    def start(self) -> ServeProcess:
        kg = Path(sys.executable).with_name("kg")
        command = [str(kg)] if kg.exists() else [sys.executable, "-m", "kg"]
        import tempfile

        fd, name = tempfile.mkstemp(prefix="kg-serve-", suffix=".log")
        self.stderr_path = Path(name)
        self.process = subprocess.Popen(command + ["serve", "--port", str(self.port)] + self.args,
                                        env=self.env, stdout=fd, stderr=fd,
                                        stdin=subprocess.DEVNULL, start_new_session=True)
        os.close(fd)
        try:
            wait_until_answers(self.url + "/health", self.process, self.startup, "kg serve",
                               self.log)
        except RuntimeError:
            self.stop()
            raise
        return self

    def log(self) -> str:
        if self.stderr_path and self.stderr_path.exists():
            return self.stderr_path.read_text(errors="replace")
        return ""

    def stop(self) -> None:
        stop_process(self.process)
        if self.stderr_path is not None:
            self.stderr_path.unlink(missing_ok=True)

    def __enter__(self) -> ServeProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
