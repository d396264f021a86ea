"""The faceted lists, their downloads and charts, and the compare view in headless Chromium against a real
`jkg serve`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from jkg.etl.build import ReadOptions, build
from tests.browser import chromium, wait_until
from tests.conftest import BASE, TESTS
from tests.serving import running_server


@pytest.fixture(scope="module")
def server(bundled_out: Path) -> Iterator[str]:
    with running_server(bundled_out) as url:
        yield url


@pytest.fixture(scope="module")
def browser_page(server: str) -> Iterator[tuple[Page, list[str]]]:
    outside: list[str] = []
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page = context.new_page()
        page.on(
            "request",
            lambda r: (
                None if r.url.startswith(server) or r.url.startswith(("data:", "blob:")) else outside.append(r.url)
            ),
        )
        yield page, outside


def total(page: Page) -> int:
    return int(page.get_attribute("#row-count", "data-total") or -1)


def test_facets_narrow_the_rows_and_chips_undo_them(server: str, browser_page: tuple[Page, list[str]]) -> None:
    page, outside = browser_page
    page.goto(server + "/projects")
    assert total(page) == 47
    link = page.locator("section[data-facet='division'] li a").first
    expected = int(link.locator("xpath=../span[@class='count']").inner_text())
    with page.expect_navigation():
        link.click()
    assert "division=" in page.url and total(page) == expected
    assert page.locator("#rows tbody tr").count() == expected
    with page.expect_navigation():
        page.locator("#active-filters a.chip").first.click()
    assert total(page) == 47
    assert outside == []


def test_clicking_a_header_sorts(server: str, browser_page: tuple[Page, list[str]]) -> None:
    page, _ = browser_page
    page.goto(server + "/projects")
    with page.expect_navigation():
        page.click("th a[data-sort='partners']")
    with page.expect_navigation():
        page.click("th a[data-sort='partners']")  # again: descending
    assert page.get_attribute("th[aria-sort]", "aria-sort") == "descending"
    counts = [int(t) for t in page.locator("td[data-column='partners']").all_inner_texts()]
    assert counts == sorted(counts, reverse=True)


def test_a_download_shows_its_progress_and_holds_the_rows(server: str, browser_page: tuple[Page, list[str]]) -> None:
    page, _ = browser_page
    page.goto(server + "/projects?q=事業")
    rows = total(page)
    with page.expect_download() as waiting:
        page.click("a[data-download='csv']")
    page.wait_for_selector("#download-progress[data-state='done']")
    assert page.is_visible("#download-progress")
    assert page.get_attribute("#download-progress", "data-rows") == str(rows)
    assert re.search(rf"{rows} / {rows}|{rows} rows", page.inner_text("#download-progress"))
    download = waiting.value
    assert download.suggested_filename == "jimujigyo-kg-projects.csv"
    body = Path(download.path()).read_bytes()
    assert body.startswith(b"\xef\xbb\xbf") and body.count(b"\r\n") == rows + 1


def test_show_the_sparql_loads_the_views_query_into_the_editor(
    server: str, browser_page: tuple[Page, list[str]]
) -> None:
    page, _ = browser_page
    page.goto(server + "/projects?division=org/planning-management-div")
    rows = total(page)
    with page.expect_navigation():
        page.click("#show-sparql")
    wait_until(page, "window.jkgYasgui && jkgYasgui.getTab().getYasr().results")
    query = page.evaluate("jkgYasgui.getTab().getYasqe().getValue()")
    assert "# Projects by year" in query and "planning-management-div" in query
    wait_until(page, f"jkgYasgui.getTab().getYasr().results.getBindings().length === {rows}")


@pytest.mark.parametrize("path", ["/", "/projects", "/partners"])
def test_each_chart_has_a_data_table_with_its_numbers(
    server: str, browser_page: tuple[Page, list[str]], path: str
) -> None:
    page, _ = browser_page
    page.goto(server + path)
    figures = page.locator("figure.chart-figure")
    assert figures.count() >= 1
    for n in range(figures.count()):
        figure = figures.nth(n)
        bars = figure.locator("svg.chart .bar text.value").all_text_contents()  # SVG: text, not innerText
        table = figure.locator("table.chart-data tbody tr td.num").all_inner_texts()
        assert bars and bars == table, figure.get_attribute("id")
        assert figure.locator("svg.chart").get_attribute("role") == "img"
        labels = figure.locator("svg.chart .bar > title").all_text_contents()
        cells = figure.locator("table.chart-data tbody tr td:first-child").all_inner_texts()
        assert [label.split(":")[0] for label in labels] == cells[: len(labels)]


def test_a_bar_opens_the_rows_it_counts(server: str, browser_page: tuple[Page, list[str]]) -> None:
    page, _ = browser_page
    page.goto(server + "/projects")
    figure = page.locator("figure#figure-plan")
    count = int(figure.locator("svg .bar text.value").first.text_content() or -1)
    with page.expect_navigation():
        figure.locator("svg a.bar").first.click()
    assert "plan=" in page.url and total(page) == count


@pytest.fixture(scope="module")
def two_year_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("browser-two-years") / "data"
    fixtures = TESTS / "fixtures" / "compare"
    build(
        sorted((fixtures / "lists").glob("*.txt")), out, BASE, options=ReadOptions(crosswalk=fixtures / "crosswalk.csv")
    )
    with running_server(out) as url:
        yield url


def test_the_compare_view_from_a_project_page(two_year_server: str, browser_page: tuple[Page, list[str]]) -> None:
    browser = browser_page[0].context.browser
    assert browser is not None
    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    try:
        page.goto(two_year_server + "/id/lg/082201/project/501")
        with page.expect_navigation():
            page.click("#compare")
        assert page.url.endswith("/compare/years?project=lg%2F082201%2Fproject%2F501")
        changes = page.locator("#changes li")
        assert changes.count() == 4
        assert "企画経営課" in page.inner_text("#changes li[data-row='division']")
        page.click("tr[data-row='overview'] td[data-year='2021'] summary")
        assert "筑波大学" in page.inner_text("tr[data-row='overview'] td[data-year='2021']")
    finally:
        page.close()


def test_a_network_export_shows_its_progress(server: str, browser_page: tuple[Page, list[str]]) -> None:
    page, _ = browser_page
    page.goto(server + "/-/graph")
    page.wait_for_selector("body[data-graph-state='drawn']", timeout=30_000)
    with page.expect_download() as waiting:
        page.click("#downloads a[data-format='gexf']")
    page.wait_for_selector("#download-progress[data-state='done']")
    assert "KB" in page.inner_text("#download-progress")
    body = Path(waiting.value.path()).read_bytes()
    assert body.startswith(b"<?xml") and b"http://gexf.net/1.3" in body
    assert int(page.get_attribute("#download-progress", "data-bytes") or 0) == len(body)
