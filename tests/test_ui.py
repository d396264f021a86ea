"""The query UI in a real browser: YASGUI loads offline, runs an example, shows results."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import chromium
from tests.serving import running_server


@pytest.fixture(scope="module")
def server(bundled_out: Path) -> Iterator[str]:
    with running_server(bundled_out) as url:
        yield url


def test_yasgui_runs_an_example_and_shows_results(server: str) -> None:
    outside: list[str] = []
    with chromium() as browser:
        page = browser.new_page()
        page.on(
            "request",
            lambda r: None if r.url.startswith(server) or r.url.startswith("data:") else outside.append(r.url),
        )
        page.goto(server + "/sparql")
        page.wait_for_selector(".yasqe")
        page.get_by_role("button", name="課・室ごとの事務事業の数").click()
        page.wait_for_selector(".yasr table td:has-text('企画経営課')", timeout=15_000)
        table = (
            page.inner_text(".yasr .dataTable") if page.query_selector(".yasr .dataTable") else page.inner_text(".yasr")
        )
        assert "企画経営課" in table and "23" in table
        assert "科学技術振興課" in table
        assert outside == [], f"the page must work offline, but asked for {outside}"
