"""Pages and the graph view in headless Chromium against a real `jkg serve`: drawn, highlighted, clickable."""

from __future__ import annotations

import io
import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from PIL import Image
from playwright.sync_api import Page

from tests.browser import chromium
from tests.conftest import ROOT
from tests.serving import running_server


@pytest.fixture(scope="module")
def server(bundled_out: Path) -> Iterator[str]:
    with running_server(bundled_out) as url:
        yield url


@pytest.fixture(scope="module")
def browser_page(server: str) -> Iterator[tuple[Page, list[str]]]:
    """One page; every request it makes outside the server is recorded (the server must work offline)."""
    outside: list[str] = []
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on(
            "request",
            lambda r: None if r.url.startswith(server) or r.url.startswith("data:") else outside.append(r.url),
        )
        yield page, outside


def network_size(server: str, query: str | None = None) -> tuple[int, int]:
    url = server + "/-/graph.cyjs" + ("?query=" + quote(query) if query else "")
    with urllib.request.urlopen(url) as r:
        elements = json.load(r)["elements"]
    return len(elements["nodes"]), len(elements["edges"])


def colours_in(png: bytes) -> int:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return len(image.getcolors(maxcolors=image.width * image.height) or [])


def test_graph_view_draws_the_network(server: str, browser_page: tuple[Page, list[str]]) -> None:
    page, outside = browser_page
    page.goto(server + "/-/graph")
    page.wait_for_selector("body[data-graph-state='drawn']", timeout=30_000)
    nodes, edges = network_size(server)
    assert page.get_attribute("#status", "data-nodes") == str(nodes)
    assert page.get_attribute("#status", "data-edges") == str(edges)
    assert page.evaluate("window.jkgGraph.nodes().length") == nodes
    shot = page.locator("#cy").screenshot()
    assert colours_in(shot) > 20, "the canvas looks blank"
    assert outside == [], f"the page must work offline, but asked for {outside}"


def test_graph_view_filters_by_type_and_finds_a_node(server: str, browser_page: tuple[Page, list[str]]) -> None:
    page, _ = browser_page
    page.goto(server + "/-/graph")
    page.wait_for_selector("body[data-graph-state='drawn']", timeout=30_000)
    total = int(page.get_attribute("#status", "data-nodes") or 0)
    projects = page.evaluate("window.jkgGraph.nodes('[type = \"Project\"]').length")
    assert projects == 47
    page.locator("#types input[value='Project']").uncheck()
    assert int(page.get_attribute("#status", "data-nodes") or 0) == total - projects
    page.locator("#types input[value='Project']").check()
    page.fill("#find", "内閣府")
    assert page.evaluate("window.jkgGraph.nodes('.found').map(n => n.data('label'))") == ["内閣府"]


def test_clicking_a_node_opens_its_page(server: str, browser_page: tuple[Page, list[str]]) -> None:
    page, _ = browser_page
    page.goto(server + "/-/graph")
    page.wait_for_selector("body[data-graph-state='drawn']", timeout=30_000)
    position = page.evaluate(
        """() => { const n = window.jkgGraph.nodes().filter(n => n.data('label') === '内閣府')[0];
                   const box = document.getElementById('cy').getBoundingClientRect();
                   const p = n.renderedPosition(); return { x: box.left + p.x, y: box.top + p.y }; }"""
    )
    with page.expect_navigation():
        page.mouse.click(position["x"], position["y"])
    assert page.url == server + "/doc/org/cabinet-office"
    assert page.inner_text("h1") == "内閣府"


def test_graph_view_starts_from_a_construct(server: str, browser_page: tuple[Page, list[str]]) -> None:
    page, _ = browser_page
    query = (ROOT / "queries" / "06-everything-about-one-project.rq").read_text(encoding="utf-8")
    page.goto(server + "/-/graph")
    page.wait_for_selector("body[data-graph-state='drawn']", timeout=30_000)
    page.fill("#query", query)
    with page.expect_navigation():
        page.click("#query-form button[type='submit']")
    page.wait_for_selector("body[data-graph-state='drawn']", timeout=30_000)
    nodes, _edges = network_size(server, query)
    assert page.get_attribute("#status", "data-nodes") == str(nodes)
    assert "/-/graph.gexf?query=" in (page.get_attribute("#downloads a[data-format='gexf']", "href") or "")


def test_sheet_page_highlights_mentions_and_they_lead_to_their_pages(
    server: str, browser_page: tuple[Page, list[str]]
) -> None:
    page, outside = browser_page
    page.goto(server + "/id/lg/082201/project/11/2020")  # 303 to /doc/…, HTML for a browser
    assert page.url == server + "/doc/lg/082201/project/11/2020"
    mentions = page.locator("a.mention")
    assert mentions.count() >= 4
    backgrounds = set(mentions.evaluate_all("els => els.map(e => getComputedStyle(e).backgroundColor)"))
    assert "rgba(0, 0, 0, 0)" not in backgrounds and len(backgrounds) >= 3  # highlighted, by kind
    partner = page.locator("a.mention[data-kind='partner']", has_text="内閣府")
    with page.expect_navigation():
        partner.click()
    assert page.url == server + "/doc/org/cabinet-office"
    assert page.locator("h3.unit-group").count() >= 1
    assert page.locator("a[href='/doc/lg/082201/project/11/2020']").count() >= 1
    assert outside == []


def test_search_from_the_home_page(server: str, browser_page: tuple[Page, list[str]]) -> None:
    page, _ = browser_page
    page.goto(server + "/")
    page.fill("#home-search input[name='q']", "オンライン")
    with page.expect_navigation():
        page.press("#home-search input[name='q']", "Enter")
    assert page.locator("#results li").count() >= 3
    assert set(page.locator("#results mark").all_inner_texts()) == {"オンライン"}
    with page.expect_navigation():
        page.locator("#results li a").first.click()
    assert "/doc/" in page.url and "オンライン" in page.inner_text("main")


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("JAXA", "国立研究開発法人宇宙航空研究開発機構"),
        ("Cabinet Office", "内閣府"),
        ("宇宙航空", "国立研究開発法人宇宙航空研究開発機構"),
    ],
)
def test_find_matches_every_label_and_alias(
    server: str, browser_page: tuple[Page, list[str]], typed: str, label: str
) -> None:
    page, _ = browser_page
    page.goto(server + "/-/graph")
    page.wait_for_selector("body[data-graph-state='drawn']", timeout=30_000)
    page.fill("#find", typed)
    assert page.evaluate("window.jkgGraph.nodes('.found').map(n => n.data('label'))") == [label]
    assert page.locator(f"#node-labels option[value='{typed}']").count() == (0 if typed == "宇宙航空" else 1)


def test_a_type_keeps_its_colour_from_one_network_to_the_next(
    server: str, browser_page: tuple[Page, list[str]]
) -> None:
    from jkg.server.colours import TYPE_COLOURS

    page, _ = browser_page
    drawn = "Object.fromEntries(window.jkgGraph.nodes().map(n => [n.data('type'), n.style('background-color')]))"
    page.goto(server + "/-/graph")
    page.wait_for_selector("body[data-graph-state='drawn']", timeout=30_000)
    first = page.evaluate(drawn)
    page.fill("#query", (ROOT / "queries" / "06-everything-about-one-project.rq").read_text(encoding="utf-8"))
    with page.expect_navigation():
        page.click("#query-form button[type='submit']")
    page.wait_for_selector("body[data-graph-state='drawn']", timeout=30_000)
    second = page.evaluate(drawn)
    shared = set(first) & set(second)
    assert {"Project", "Division"} <= shared
    for kind in shared:
        assert first[kind] == second[kind], kind
    for kind in ("Project", "Division"):
        r, g, b = (int(TYPE_COLOURS[kind][i : i + 2], 16) for i in (1, 3, 5))
        assert first[kind] == f"rgb({r},{g},{b})", kind  # the colour of the exports and the charts


def test_search_ands_two_words(server: str, browser_page: tuple[Page, list[str]]) -> None:
    page, _ = browser_page
    page.goto(server + "/")
    page.fill("#home-search input[name='q']", "コロナ オンライン")
    with page.expect_navigation():
        page.press("#home-search input[name='q']", "Enter")
    assert page.locator("#results li").count() >= 1
    for item in page.locator("#results li").all():
        assert set(item.locator("mark").all_inner_texts()) == {"コロナ", "オンライン"}
