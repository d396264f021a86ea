"""What the sheets hold, in headless Chromium against a real `jkg serve` over the fixture lists of 三鷹市: the
money columns and the direction facet of /projects, the money chart and indicator table of a project's page, a
施策's page, and the compare view's money."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser import chromium
from tests.serving import running_server


@pytest.fixture(scope="module")
def server(figures_out: Path) -> Iterator[str]:
    with running_server(figures_out) as url:
        yield url


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[Page]:
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        yield context.new_page()


def test_the_most_expensive_projects_that_the_evaluation_says_to_cut(server: str, page: Page) -> None:
    page.goto(server + "/projects?lang=ja")
    with page.expect_navigation():
        page.locator("section[data-facet='direction'] a[data-value='direction-reduce']").click()
    with page.expect_navigation():
        page.click("th a[data-sort='budget']")
    with page.expect_navigation():
        page.click("th a[data-sort='budget']")  # again: the most expensive first
    assert page.get_attribute("th[aria-sort]", "aria-sort") == "descending"
    assert page.locator("td[data-column='budget']").all_inner_texts() == ["1,200,000", "300,000"]
    assert page.locator("td[data-column='direction']").all_inner_texts() == ["縮小", "取組みの一部廃止"]
    assert "今後の方向性: 縮小" in page.locator("#active-filters").inner_text()
