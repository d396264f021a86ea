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


def test_a_projects_page_draws_its_money_by_year_with_the_numbers_beside(server: str, page: Page) -> None:
    page.goto(server + "/doc/lg/132047/project/201?lang=ja")
    chart = page.locator("svg#chart-money")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 60
    assert chart.locator("a.bar").count() == 4  # 当初予算 and 決算 of FY2023 and FY2024
    assert page.locator("#data-money tbody tr").count() == 4  # the same numbers as a table
    assert page.locator("#money-table tr[data-kind='amount-settled'] td").all_inner_texts() == ["950,000", "1,100,000"]
    assert page.locator("#indicator-table tr[data-met='no'] td").first.inner_text() == "訓練参加者数"
    with page.expect_navigation():
        chart.locator("a.bar").first.click()  # a bar opens the sheet that gives the amount
    assert page.url.endswith("/doc/lg/132047/project/201/2023")


def test_a_measures_page_lists_its_projects_with_their_budget(server: str, page: Page) -> None:
    page.goto(server + "/doc/lg/132047/policy/comprehensive-plan/2/2-1?lang=ja")
    assert page.locator("nav.breadcrumb").inner_text().startswith("2 安全なまち")
    assert page.locator("#policy-budget-total").inner_text() == "3,600,000"
    assert page.locator("#policy-sheets tbody tr").count() == 6
    assert page.locator("svg#chart-policy-budget").is_visible()
    with page.expect_navigation():
        page.click("#policy-list")  # the faceted list of every year under it, to filter and download
    assert page.url.endswith("/projects?policy=lg%2F132047%2Fpolicy%2Fcomprehensive-plan%2F2%2F2-1")
    assert int(page.get_attribute("#row-count", "data-total") or 0) == 8  # 6 in FY2024, 2 in FY2023


def test_compare_years_shows_the_money_change(server: str, page: Page) -> None:
    page.goto(server + "/doc/lg/132047/project/201?lang=ja")
    with page.expect_navigation():
        page.click("#compare")
    row = page.locator("#years tr[data-row='amount-initial-budget']")
    assert row.get_attribute("class") == "changed-row"
    assert row.locator("td").all_inner_texts() == ["1,000,000 円 (2023)", "1,200,000 円 (2024)"]
    assert "1,000,000 円 (2023) → 1,200,000 円 (2024)" in page.locator("#changes").inner_text()
