"""The W3C SPARQL 1.1 Protocol and Service Description tests against real ``kg serve`` processes
(see ``protocol_runner.py``; pass counts in ``docs/conformance.md``)."""

from __future__ import annotations

import pytest

import protocol_runner as runner

pytestmark = pytest.mark.slow

CASES = runner.load_cases()  # the suite ships with the tests; a missing file fails collection


@pytest.fixture(scope="module")
def servers():
    s = runner.Servers()
    yield s
    s.close()


@pytest.mark.parametrize("case", [c for c in CASES if c.applies(False)], ids=lambda c: c.id)
def test_read_only(servers, case):
    outcome = servers.run(case, "read-only")
    assert outcome.passed, outcome.error


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_updates_enabled(servers, case):
    outcome = servers.run(case, "update")
    assert outcome.passed, outcome.error


def test_every_manifest_entry_is_run():
    """34 protocol entries + 3 service description entries; only update_* skip read-only."""
    assert len(CASES) == 37
    assert sum(not c.applies(False) for c in CASES) == 7
