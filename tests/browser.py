"""Headless Debian Chromium driven by Playwright (no browser download: the system's /usr/bin/chromium)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def chromium() -> Iterator[Browser]:
    if CHROMIUM is None:
        pytest.fail("Debian's chromium is needed for browser tests: apt-get install chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_until(page: Page, expression: str, timeout: float = 30.0) -> None:
    """Poll a JavaScript expression until it is truthy. (Playwright's wait_for_function evaluates its predicate
    with eval, which the pages' Content-Security-Policy forbids; evaluate() itself is not affected.)"""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(100)
