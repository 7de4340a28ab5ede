"""What the two browser test modules share: the system Chromium, its flags, ports and waiting.

Set CCHC_REQUIRE_BROWSER=1 (CI does) to make a missing Chromium a failure instead of a skip. It is
read here, when the modules are collected: the autouse `isolated` fixture removes every CCHC_
variable before each test runs.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request

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


def wait_ok(url: str, process: subprocess.Popen, limit: float = 60) -> None:
    """Poll `url` until it answers 200; fail early if the server process has exited."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer")


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
