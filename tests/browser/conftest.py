"""Headless Chromium for the browser tests (Debian's package: no browser downloads).

Playwright's sync API runs an asyncio loop in the test thread, which makes Django refuse ORM
calls there ("cannot call this from an async context"); the test body's database access is
ordinary synchronous code, so the guard is switched off for these tests only.
"""

from pathlib import Path

import pytest
from django.db import connections

from tests.conftest import _missing

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(autouse=True)
def _allow_orm_beside_playwright_loop(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def chromium(_allow_orm_beside_playwright_loop):
    # Per test, not per session: Playwright's loop would otherwise stay current for every test
    # that runs after this one, and each would need the async-unsafe switch.
    if not CHROMIUM.exists():
        _missing("Chromium (/usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # While Playwright's loop is current, Django keeps the test body's connection in a
        # context variable, not the thread-local slot: close it here or it outlives the test
        # database ("database is being accessed by other users" at teardown).
        connections.close_all()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors, blocked = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Chromium reports what the Content-Security-Policy blocked on the console ("Refused to …").
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
    assert not blocked, f"the Content-Security-Policy blocked part of a page: {blocked}"
