"""Doctests in ``kg/`` get a private PHARMAKG_HOME, so they never touch the user's build."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def _doctest_home(tmp_path_factory):
    return tmp_path_factory.mktemp("doctest-home")


@pytest.fixture(autouse=True)
def _isolate_doctests(request, monkeypatch, _doctest_home):
    if type(request.node).__name__ == "DoctestItem":
        monkeypatch.setenv("PHARMAKG_HOME", str(_doctest_home))
    yield
