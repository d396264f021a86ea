"""The query UI in a real browser: YASGUI loads offline, runs an example, shows results."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import chromium, wait_until
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


JAXA = "https://data.jimujigyo-kg.example/id/org/jaxa"


def test_describe_link_opens_its_query_in_a_new_active_tab(server: str) -> None:
    """The resource page's DESCRIBE link: the query is in the editor of a new, active tab, so Run and Share use
    it (the UI used to show its results under example 01 in the only tab)."""
    with chromium() as browser:
        page = browser.new_page()
        page.goto(server + "/doc/org/jaxa")
        with page.expect_navigation():
            page.click("#describe")
        wait_until(page, "jkgYasgui.getTab().getYasr().rootEl.innerText.includes('宇宙航空研究開発機構')")
        assert page.evaluate("jkgYasgui.getTab().getYasqe().getValue()") == f"DESCRIBE <{JAXA}>"
        assert page.locator(".tabsList .tab").count() == 2
        assert "DESCRIBE" in page.inner_text(".tabsList .tab.active")
        with page.expect_request(lambda r: r.url.startswith(server + "/sparql") and r.method == "POST") as sent:
            page.click(".yasqe_queryButton:visible")
        assert "DESCRIBE" in (sent.value.post_data or "")


def test_our_iris_in_results_open_this_servers_pages(server: str) -> None:
    with chromium() as browser:
        page = browser.new_page()
        page.goto(server + "/sparql")
        page.wait_for_selector(".yasqe")
        query = (  # units and agencies, whatever else has a prefLabel (the table shows its first rows only)
            "SELECT ?unit ?type WHERE { VALUES ?type { <https://data.jimujigyo-kg.example/def/jkg#Division> "
            "<https://data.jimujigyo-kg.example/def/jkg#NationalAgency> } "
            "?unit a ?type ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"
        )
        page.evaluate("q => jkgYasgui.getTab().getYasqe().setValue(q)", query)
        page.click(".yasqe_queryButton:visible")
        page.wait_for_selector(".yasr table td a[href*='/org/']", timeout=15_000)
        hrefs = page.eval_on_selector_all(".yasr table td a[href]", "els => els.map(e => e.getAttribute('href'))")
        ours = [h for h in hrefs if "/org/" in h]
        assert ours and all(h.startswith("/doc/") for h in ours), hrefs
        assert "/def/jkg#Division" in hrefs  # the vocabulary's IRIs open its documentation here too
        assert not any("jimujigyo-kg.example/id/" in h for h in hrefs)
        link = page.locator(".yasr table td a[href^='/doc/org/']").first
        with page.context.expect_page() as opened:
            link.click()
        opened.value.wait_for_load_state()
        assert opened.value.url.startswith(server + "/doc/org/")
        assert opened.value.locator("h1").inner_text()
