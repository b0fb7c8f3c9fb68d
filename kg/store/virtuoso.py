"""A private OpenLink Virtuoso 7 server for a folder, and its bulk loader.

Virtuoso (Debian ``virtuoso-opensource``) is the store behind Bio2RDF, DBpedia and many large
public endpoints: where a graph no longer fits one process, it is where pharmakg's queries go
(``kg query --endpoint``). This module starts ``virtuoso-t`` with the packaged configuration,
its database files in a folder of your choice and its SQL and HTTP ports on the loopback
interface, so the contract tests and ``bench/bench_virtuoso.py`` run exactly what a Debian user
runs. Loading: small graphs with ``kg push`` (SPARQL Update), large ones with Virtuoso's own bulk
loader (:func:`VirtuosoServer.bulk_load`, ``ld_dir`` + ``rdf_loader_run``), which reads N-Quads
files from disk and keeps their named graphs.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from kg.errors import KGError
from kg.server.process import free_port, stop_process, wait_until_answers

VIRTUOSO_BIN = Path("/usr/bin/virtuoso-t")
VIRTUOSO_ISQL = Path("/usr/bin/isql-vt")
VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


def configure(folder: Path, sql_port: int, http_port: int, *, buffers: int | None = None) -> Path:
    """Write ``folder/virtuoso.ini``: the packaged file with the database in ``folder``, both
    ports bound to 127.0.0.1, ``folder`` readable by the bulk loader and, given ``buffers``
    (8 KiB pages; Virtuoso suggests 85,000 per GiB of memory it may use), a larger cache."""
    if not VIRTUOSO_INI.exists():
        raise KGError(f"{VIRTUOSO_INI} is missing: apt-get install virtuoso-opensource")
    ini = VIRTUOSO_INI.read_text(encoding="utf-8")
    ini = ini.replace("/var/lib/virtuoso-opensource-7/db", str(folder))
    ini = re.sub(r"(?m)^ServerPort\s*=\s*1111\b.*$", f"ServerPort = 127.0.0.1:{sql_port}", ini)
    ini = re.sub(r"(?m)^ServerPort\s*=\s*8890\b.*$", f"ServerPort = 127.0.0.1:{http_port}", ini)
    ini = re.sub(r"(?m)^DirsAllowed\s*=.*$", f"DirsAllowed = ., {folder}", ini)
    if buffers:
        ini = re.sub(r"(?m)^NumberOfBuffers\s*=.*$", f"NumberOfBuffers = {buffers}", ini)
        ini = re.sub(r"(?m)^MaxDirtyBuffers\s*=.*$", f"MaxDirtyBuffers = {buffers * 3 // 4}", ini)
    config = folder / "virtuoso.ini"
    config.write_text(ini, encoding="utf-8")
    return config


class VirtuosoServer:
    """``virtuoso-t`` in the foreground with its database in ``folder``, on free loopback
    ports; SPARQL updates allowed for the anonymous SPARQL user (a private database on
    127.0.0.1 only). Use as a context manager, or call :meth:`stop`."""

    def __init__(self, folder: Path | str, *, buffers: int | None = None,
                 timeout: float = 120.0) -> None:
        for needed in (VIRTUOSO_BIN, VIRTUOSO_ISQL):
            if not needed.exists():
                raise KGError(f"{needed} is missing: apt-get install virtuoso-opensource")
        self.folder = Path(folder).resolve()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.sql_port, self.http_port = free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.http_port}"
        self.query_url = f"{self.base}/sparql"
        config = configure(self.folder, self.sql_port, self.http_port, buffers=buffers)
        self._log = open(self.folder / "console.log", "wb")
        self.process = subprocess.Popen([str(VIRTUOSO_BIN), "+foreground", "+configfile",
                                         str(config)], cwd=self.folder, stdout=self._log,
                                        stderr=subprocess.STDOUT)
        try:
            try:
                wait_until_answers(self.query_url + "?query=ASK%7B%7D", self.process, timeout,
                                   "virtuoso-t", self._console)
            except RuntimeError as exc:
                raise KGError(str(exc)[-2000:]) from None
            self.sql("GRANT SPARQL_UPDATE TO \"SPARQL\"; "
                     "DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 7);")
        except BaseException:
            self.stop()
            raise

    def _console(self) -> str:
        return (self.folder / "console.log").read_text(errors="replace")[-2000:]

    def sql(self, statements: str, *, timeout: float = 3600.0) -> str:
        """Run SQL (``;``-separated) through ``isql-vt`` as ``dba``; its output, or KGError."""
        done = subprocess.run([str(VIRTUOSO_ISQL), f"127.0.0.1:{self.sql_port}", "dba", "dba",
                               f"exec={statements}"], capture_output=True, text=True,
                              timeout=timeout)
        output = done.stdout + done.stderr
        if done.returncode != 0 or re.search(r"(?m)^\*\*\* Error", output):
            raise KGError(f"virtuoso refused SQL: {output.strip()[-2000:]}")
        return output

    def bulk_load(self, nquads: Path | str, *, default_graph: str) -> None:
        """Load an N-Quads (or N-Triples, into ``default_graph``) file with Virtuoso's bulk
        loader. The file must be inside the server's folder (``DirsAllowed``)."""
        path = Path(nquads).resolve()
        if path.parent != self.folder:
            raise KGError(f"{path}: the bulk loader reads files in {self.folder} only")
        self.sql(f"ld_dir('{self.folder}', '{path.name}', '{default_graph}'); "
                 "rdf_loader_run(); checkpoint;")
        errors = self.sql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST "
                          "WHERE ll_error IS NOT NULL;")
        if str(path) in errors:
            raise KGError(f"{path}: the bulk loader failed: {errors.strip()[-2000:]}")

    def memory_bytes(self) -> int:
        """Resident memory of the server process (Linux ``/proc``)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", status)[1]) * 1024

    def stop(self) -> None:
        stop_process(self.process, timeout=60)
        self._log.close()

    def __enter__(self) -> VirtuosoServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
