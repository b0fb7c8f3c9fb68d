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
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


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
        deadline = time.time() + self.startup
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kg serve exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=2) as r:
                    if r.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"kg serve did not answer within {self.startup} s:\n{self.log()}")

    def log(self) -> str:
        if self.stderr_path and self.stderr_path.exists():
            return self.stderr_path.read_text(errors="replace")
        return ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.stderr_path is not None:
            self.stderr_path.unlink(missing_ok=True)

    def __enter__(self) -> ServeProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
