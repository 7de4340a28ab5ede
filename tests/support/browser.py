"""What the browser test modules share: the system Chromium, its flags, ports, servers and waiting.

Set CCHC_REQUIRE_BROWSER=1 (CI does) to make a missing Chromium a failure instead of a skip. It is
read here, when the modules are collected: the autouse `isolated` fixture removes every CCHC_
variable before each test runs.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.support.app import ROOT
from tests.support.isolation import clean_environ

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
REQUIRE_BROWSER = os.environ.get("CCHC_REQUIRE_BROWSER") == "1"
WAIT = 30_000  # ms, for any element or navigation
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# sidebar menu entry → (path for a direct link, the page's title)
MENU = {
    "Tổng quan": ("", "Tổng quan"),
    "Theo đơn vị": ("units", "Theo đơn vị"),
    "Thời hạn": ("deadlines", "Thời hạn"),
    "Việc cần làm": ("todo", "Việc cần làm"),
    "Cập nhật tiến độ": ("update", "Cập nhật tiến độ"),
    "Chất lượng dữ liệu": ("quality", "Chất lượng dữ liệu"),
    "Lịch sử": ("history", "Lịch sử bản chốt số liệu"),
    "Xuất dữ liệu": ("export", "Xuất dữ liệu"),
}


def missing(what: str, required: bool, flag: str = "CCHC_REQUIRE_BROWSER") -> None:
    """Skip the test for want of `what`; fail instead when `required` (the CI `flag` is set)."""
    if required:
        pytest.fail(f"{what} but {flag}=1")
    pytest.skip(what)


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def streamlit_command(port: int) -> list[str]:
    """`streamlit run app.py`, headless on the loopback `port`, without usage statistics."""
    return [
        *[sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true"],
        *["--server.port", str(port), "--server.address", "127.0.0.1"],
        *["--browser.gatherUsageStats", "false"],
    ]


def http_status(url: str) -> int:
    """The status `url` answers with (redirects followed; an error status raises HTTPError, an OSError)."""
    with urllib.request.urlopen(url, timeout=2) as answer:
        return int(answer.status)


def wait_ok(
    url: str, process: subprocess.Popen, limit: float = 60, status: Callable[[str], int] = http_status
) -> None:
    """Poll `url` until it answers 200 (as `status` reads it); fail early if the server process has exited."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {process.returncode}")
        try:
            if status(url) == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer")


def stop(process: subprocess.Popen) -> None:
    """End a server this test started, by its own process."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)


@contextmanager
def running(
    command: list[str], log: Path, health: str, status: Callable[[str], int] = http_status, **popen: Any
) -> Iterator[subprocess.Popen]:
    """Start a server (its output in `log`), wait until `health` answers 200, stop it after the block."""
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, **popen)
    try:
        wait_ok(health, process, status=status)
        yield process
    finally:
        stop(process)


@contextmanager
def dashboard(cwd: Path, env: Mapping[str, str], log: Path, port: int | None = None) -> Iterator[str]:
    """`streamlit run app.py` in `cwd` on `port` (a free one when None), its output in `log`, with no
    machine setting but `env` (the server's folders, not $HOME's): its address until the block ends."""
    port = free_port() if port is None else port
    url = f"http://127.0.0.1:{port}"
    environ = clean_environ() | dict(env)
    with running(streamlit_command(port), log, f"{url}/_stcore/health", cwd=cwd, env=environ):
        yield url


@contextmanager
def new_page(browser) -> Iterator[Any]:
    """A page in a new browser context (1400×1000, Vietnamese, downloads accepted), closed after the block."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="vi-VN"
    )
    try:
        yield context.new_page()
    finally:
        context.close()


def choose(page, box, option: str, limit: float = 60) -> None:
    """Open the select box `box` and pick `option`; open it again when a script run closed the list
    before the option showed (a rerun the app started itself may still be drawing the page)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    wanted = page.get_by_role("option", name=option, exact=True)
    deadline = time.monotonic() + limit
    while True:
        box.click()
        try:
            wanted.click(timeout=5000)
            return
        except PlaywrightTimeout:
            if time.monotonic() > deadline:
                raise
            page.keyboard.press("Escape")


def heading(page, title: str):
    """The page's heading `title` (exactly)."""
    return page.get_by_role("heading", name=title, exact=True)


def no_exception(page) -> None:
    """The page shows no exception and no traceback."""
    assert page.get_by_test_id("stException").count() == 0
    assert page.get_by_text("Traceback").count() == 0


def settled(page, html_seen: dict[str, str] | None = None, who: str = "") -> None:
    """Wait until the script run has finished; keep the page's HTML in `html_seen` (for a leak check)
    under "`who` address" when given."""
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=WAIT)
    if html_seen is not None:
        html_seen[f"{who} {page.url}"] = page.content()


def open_from_menu(page, entry: str, html_seen: dict[str, str] | None = None, who: str = "") -> None:
    """Open a page through the sidebar menu (same session, same websocket) and wait until it has been
    drawn, without an exception; its HTML kept as `settled` keeps it."""
    path, title = MENU[entry]
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=entry, exact=True).click(timeout=WAIT)
    heading(page, title).wait_for(timeout=WAIT)
    page.wait_for_url(re.compile(rf"/{path}(\?.*)?$"), timeout=WAIT)
    settled(page, html_seen, who)
    no_exception(page)
