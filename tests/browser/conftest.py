"""One live server (the demo company on SQLite) and one Chromium for the whole session."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from dayone.demo.company import DemoLogin, ensure_demo
from dayone.settings import Settings
from dayone.web.app import create_app
from dayone.workspace import Workspace

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@dataclass(frozen=True)
class LiveServer:
    url: str
    login: DemoLogin
    ws: Workspace


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home: Path = tmp_path_factory.mktemp("browser-home")
    ws = Workspace.open(Settings(home=home, secret_key="browser-secret"))
    login = ensure_demo(ws)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(ws), host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start in 20 s")
        time.sleep(0.05)
    yield LiveServer(f"http://127.0.0.1:{port}", login, ws)
    server.should_exit = True
    thread.join(timeout=10)
    ws.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (scripts/test does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def expected_statuses() -> set[int]:
    """Error statuses a test expects its pages to answer (it overrides this fixture)."""
    return set()


WIDE = {"width": 1366, "height": 800}  # a laptop
NARROW = {"width": 390, "height": 844}  # a phone


@pytest.fixture
def viewport() -> dict[str, int]:
    """The tab's size: a laptop's, unless a test asks for another (it overrides this fixture)."""
    return WIDE


@pytest.fixture
def page(browser: Browser, live_server: LiveServer, expected_statuses: set[int],
         viewport: dict[str, int]) -> Iterator[Page]:
    """A fresh tab; the test fails on any console error, uncaught script error or CSP
    violation the pages it opened produced."""
    context = browser.new_context(base_url=live_server.url, viewport=viewport)  # type: ignore[arg-type]
    context.set_default_timeout(10_000)
    tab = context.new_page()
    problems: list[str] = []
    def console(message: ConsoleMessage) -> None:
        expected = any(f"status of {status} " in message.text for status in expected_statuses)
        if message.type == "error" and not (expected and message.text.startswith("Failed to load resource")):
            problems.append(f"console {message.type}: {message.text} ({message.location.get('url')})")

    tab.on("console", console)
    tab.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    tab.on("response", lambda response: problems.append(f"{response.status} on {response.url}")
           if response.status >= 400 and response.status not in expected_statuses else None)
    yield tab
    context.close()
    assert not problems, "the page reported errors:\n" + "\n".join(problems)


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/agenda")  # My week: the home page after sign-in
