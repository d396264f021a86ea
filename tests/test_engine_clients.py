"""The real-client and no-outbound tests (tests/test_clients.py, tests/test_no_outbound.py), every one of them,
against a real `jkg serve --engine` process answering from a real Virtuoso and a real Oxigraph server. The Oxigraph
server runs SERVICE (it has no switch to turn it off), so a smuggled SERVICE that got past the guard and the check
would reach the listener."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import tests.test_clients as clients
import tests.test_no_outbound as no_outbound
from tests import engines
from tests.enginefixtures import oxigraph, publish, store, virtuoso
from tests.serving import running_server

__all__ = ["oxigraph", "store", "virtuoso"]  # fixtures

for _module in (clients, no_outbound):
    for _name, _test in vars(_module).items():
        if _name.startswith("test_"):
            globals()[_name] = _test


@pytest.fixture(scope="module")
def server(store: engines.Store, bundled_out: Path) -> Iterator[str]:
    publish(store, bundled_out)
    with running_server(bundled_out, "--engine", store.query_url) as url:
        yield url
