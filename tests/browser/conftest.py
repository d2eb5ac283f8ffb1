"""Headless Chromium against circleup and the forum simulator, both served over real HTTP.

The browser signs in through the simulator's DiscourseConnect provider exactly as it would
through Discourse: circleup (werkzeug, a thread) → the simulator (`sim.serve_in_thread`) →
back to circleup. Webhooks and the worker stay in-process: `live.settle()` delivers the forum's
webhooks into the app and drains the queue in the test's thread, so every test is deterministic.

Chromium is Debian's package at /usr/bin/chromium (`make test` installs it when run as root); the
Playwright driver never downloads a browser. Without it these tests skip and say why.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.webhooks.dashboard.conftest import Site, build_forum, make_site

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"


def pytest_collection_modifyitems(items) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (`make test` installs Debian's chromium when run "
                    "as root; or: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser profile (no cookies) per test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@dataclass
class Live:
    site: Site
    url: str  # circleup, e.g. http://127.0.0.1:41234
    forum_url: str

    def settle(self) -> None:
        self.site.settle()

    def screenshot(self, page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def live(tmp_path) -> Iterator[Live]:
    from werkzeug.serving import make_server

    sim = build_forum("http://127.0.0.1")  # the real address is known once the port is bound
    with sim.serve_in_thread(port=0) as forum_url:
        sim.base_url = forum_url  # before circleup connects: its deliveries name this instance
        # No public_url: the return address comes from the Host the browser used (127.0.0.1:port).
        site = make_site(tmp_path, f"sqlite:///{tmp_path / 'circleup.db'}", f"sqlite:///{tmp_path / 'queue.db'}",
                         sim=sim, public_url=None)
        server = make_server("127.0.0.1", 0, site.app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, name="circleup-http", daemon=True)
        thread.start()
        try:
            yield Live(site=site, url=f"http://127.0.0.1:{server.server_port}", forum_url=forum_url)
        finally:
            server.shutdown()
            thread.join(timeout=5)
            server.server_close()
            site.services.close()
            sim.close()
