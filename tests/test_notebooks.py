"""The notebooks run top to bottom, offline, without writing into the repository.

Each notebook is copied to a temporary folder and executed there with nbclient (the same kernel
the committed outputs came from), so one ``python -m pytest`` covers them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def _repo_state() -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "notebooks"],
                          cwd=REPO, capture_output=True, text=True).stdout


def test_there_are_at_least_three_notebooks():
    assert len(NOTEBOOKS) >= 3


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(notebook: Path, tmp_path: Path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.setenv("PHARMAKG_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    copy = tmp_path / notebook.name
    shutil.copy(notebook, copy)
    before = _repo_state()
    book = nbformat.read(copy, as_version=4)
    client = nbclient.NotebookClient(book, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    errors = [o for cell in book.cells if cell.cell_type == "code"
              for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    images = [o for cell in book.cells if cell.cell_type == "code" for o in cell.get("outputs", [])
              if "image/png" in o.get("data", {})]
    assert images, "each notebook draws at least one picture"
    assert _repo_state() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == [notebook.name]
