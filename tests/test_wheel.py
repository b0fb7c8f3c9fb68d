"""The built wheel carries the ontology, queries and curated data and works on its own."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out), str(REPO)], check=True, capture_output=True)
    [path] = out.glob("pharmakg-*.whl")
    return path


def test_wheel_ships_resources(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("kg/_resources/ontology/pharmakg.ttl", "kg/_resources/ontology/shapes.ttl",
                     "kg/_resources/data/corpus/documents.yaml",
                     "kg/_resources/data/statements/README.md"):
        assert required in names
    assert any(n.startswith("kg/_resources/queries/") and n.endswith(".rq") for n in names)
    assert any(n.startswith("kg/_resources/data/statements/") and n.endswith(".yaml")
               for n in names)


def test_installed_wheel_builds_from_its_own_resources(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(target), "PHARMAKG_HOME": str(tmp_path / "home")}
    env.pop("PHARMAKG_RESOURCES", None)
    where = subprocess.run([sys.executable, "-c",
                            "import kg, kg.paths; print(kg.__file__); print(kg.paths.resource_root())"],
                           capture_output=True, text=True, env=env, cwd=tmp_path, check=True)
    module_file, root = where.stdout.split()
    assert module_file.startswith(str(target)) and root == str(target / "kg" / "_resources")
    result = subprocess.run([sys.executable, "-m", "kg", "build"], capture_output=True, text=True,
                            env=env, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "built pharmakg" in result.stdout
