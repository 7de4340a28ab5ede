"""What the browser test modules share: the system Chromium, its flags, ports, servers and waiting.

Set CCHC_REQUIRE_BROWSER=1 (CI does) to make a missing Chromium a failure instead of a skip. It is
read here, when the modules are collected: the autouse `isolated` fixture removes every CCHC_
variable before each test runs.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
REQUIRE_BROWSER = os.environ.get("CCHC_REQUIRE_BROWSER") == "1"
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


def free_port() -> int:
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
