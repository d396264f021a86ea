"""A client's mistake is a 4xx that says what to change, never a 500 "this is a bug". A real server process."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.serving import running_server


@pytest.fixture(scope="module")
def server(bundled_out: Path) -> Iterator[str]:
    with running_server(bundled_out) as url:
        yield url


@pytest.mark.parametrize(
    "path",
    [
        "/search?q=%E5%B8%82%E6%B0%91&page=" + "9" * 30,
        "/search?q=ab%00cd",
        "/projects?q=%00",
        "/doc/org/cabinet-office.html?out=" + "9" * 30,
        "/-/graph.cyjs?max_nodes=" + "9" * 30,
    ],
)
def test_user_errors_are_400(server: str, path: str) -> None:
    conn = http.client.HTTPConnection(urlsplit(server).netloc, timeout=60)
    try:
        conn.request("GET", path, headers={"Accept": "application/json"})
        r = conn.getresponse()
        body = r.read()
    finally:
        conn.close()
    assert r.status == 400, body[:300]
    assert json.loads(body)["error"] == "bad-request" and json.loads(body)["message"]
