"""No script from a query or a data value runs in the site's origin: the graph view follows only this server's
own pages, JSON inside <script> cannot close or re-open the element, and HTML carries a Content-Security-Policy
without inline script (checked in headless Chromium against a real server)."""

from __future__ import annotations

import json
import shutil
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from playwright.sync_api import ConsoleMessage

from tests.browser import chromium
from tests.conftest import BASE
from tests.serving import running_server

BREAKOUT = "<!--<script>"
CABINET = BASE + "id/org/cabinet-office"
HOSTILE = (
    f"CONSTRUCT {{ <javascript:alert(document.domain)> <http://example.org/p> <{CABINET}> . "
    f"<http://127.0.0.1:9/outside> <http://example.org/p> <{CABINET}> }} WHERE {{}}"
)


@pytest.fixture(scope="module")
def server(bundled_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The bundled build with one hostile literal on the city."""
    data = tmp_path_factory.mktemp("xss") / "data"
    shutil.copytree(bundled_out, data, symlinks=True)
    store = ox.Store(str(data / "current" / "store"))
    city, comment = ox.NamedNode(BASE + "id/lg/082201"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
    store.add(ox.Quad(city, comment, ox.Literal(BREAKOUT + " & ' > </script>"), ox.NamedNode(BASE + "graph/shared")))
    store.flush()
    del store
    with running_server(data) as url:
        yield url


def fetch(url: str, accept: str = "text/html") -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=60) as r:
        return {k.lower(): v for k, v in r.headers.items()}, r.read()


def test_graph_view_follows_only_its_own_pages(server: str) -> None:
    _, body = fetch(server + "/-/graph.cyjs?query=" + quote(HOSTILE), "application/json")
    hrefs = {n["data"]["iri"]: n["data"].get("href") for n in json.loads(body)["elements"]["nodes"]}
    assert hrefs == {
        "javascript:alert(document.domain)": None,
        "http://127.0.0.1:9/outside": None,
        CABINET: "/doc/org/cabinet-office",
    }
    dialogs: list[str] = []
    asked: list[str] = []
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: asked.append(r.url))
        page.goto(server + "/-/graph?query=" + quote(HOSTILE))
        page.wait_for_selector("body[data-graph-state='drawn']", timeout=60_000)

        def click(iri: str) -> None:
            at = page.evaluate(
                """(iri) => { const n = window.jkgGraph.nodes().filter(n => n.data('iri') === iri)[0];
                   const box = document.getElementById('cy').getBoundingClientRect();
                   const p = n.renderedPosition(); return { x: box.left + p.x, y: box.top + p.y }; }""",
                iri,
            )
            page.mouse.click(at["x"], at["y"])

        click("javascript:alert(document.domain)")
        click("http://127.0.0.1:9/outside")
        with page.expect_navigation():  # the clicks before it were handled first, in order
            click(CABINET)
        assert page.url == server + "/doc/org/cabinet-office"
    assert dialogs == []
    assert not [u for u in asked if u.startswith("http://127.0.0.1:9/") or u.startswith("javascript:")]


def test_a_data_value_cannot_break_out_of_embedded_json(server: str) -> None:
    _, body = fetch(server + "/doc/lg/082201")
    assert BREAKOUT.encode() not in body and b"</script> &" not in body
    errors: list[str] = []
    with chromium() as browser:
        page = browser.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server + "/doc/lg/082201")
        assert page.inner_text("h1") == "つくば市", "the page after the JSON-LD must not be swallowed"
        data = page.evaluate("JSON.parse(document.getElementById('jsonld').textContent)")
    assert BREAKOUT in json.dumps(data, ensure_ascii=False)
    assert errors == []


class Scripts(HTMLParser):
    """Every <script> of a page: its src, or its type when it holds data."""

    def __init__(self) -> None:
        super().__init__()
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        data = found.get("type") in {"application/json", "application/ld+json"}
        if tag == "script" and not found.get("src") and not data:
            self.inline.append(str(found))


PAGES = ["/", "/sparql", "/-/graph", "/doc/org/cabinet-office", "/search?q=" + quote("内閣府"), "/data/", "/def/jkg"]


@pytest.mark.parametrize("path", PAGES)
def test_html_has_a_policy_without_inline_script(server: str, path: str) -> None:
    headers, body = fetch(server + path)
    policy = headers["content-security-policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'"]
    assert "frame-ancestors 'none'" in policy and headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    parser = Scripts()
    parser.feed(body.decode("utf-8"))
    assert parser.inline == []


def test_data_answers_are_not_sniffed(server: str) -> None:
    headers, _ = fetch(server + "/sparql?query=" + quote("ASK {}"), "application/sparql-results+json")
    assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/sparql", "/-/graph"])
def test_the_policy_breaks_nothing(server: str, path: str) -> None:
    problems: list[str] = []
    with chromium() as browser:
        page = browser.new_page()
        page.on("console", lambda m: problems.append(m.text) if _is_problem(m) else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(server + path)
        if path == "/sparql":
            page.wait_for_selector(".yasqe")
            page.get_by_role("button", name="課・室ごとの事務事業の数").click()
            page.wait_for_selector(".yasr table td:has-text('企画経営課')", timeout=60_000)
        else:
            page.wait_for_selector("body[data-graph-state='drawn']", timeout=60_000)
    assert problems == []


def _is_problem(message: ConsoleMessage) -> bool:
    if str(message.location.get("url", "")).endswith("/favicon.ico"):
        return False  # the browser's own guess; the site has none
    return message.type == "error" or "Content Security Policy" in message.text
