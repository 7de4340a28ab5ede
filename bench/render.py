"""Dashboard render times in headless Chromium (`make bench`, after bench.py).

For the bundled sample and a 100k-row plan, the time from navigation to the last element of
Tổng quan (its last element, the weekly trend chart, is drawn), in three situations:
- cold server: the first visit after `streamlit run` starts (Python imports, read, validation);
- first load: a new browser (empty cache) on a running server once the cached read has expired
  (the source is read and validated again): what a director opening the dashboard waits for;
- warm: the as-of date changed in that page (recomputed from the cached read, no new read).
Targets (on first load and warm): sample first load ≤ 3 s and warm ≤ 1 s; 100k first load ≤ 6 s.
A minimal Streamlit page (a title and a metric) is timed the same way, as the floor that the
Streamlit frontend alone costs on this machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright
from synth import ROOT, ensure_source

sys.path.insert(0, str(ROOT))
from tests.support.browser import ARGS, CHROMIUM, free_port  # the same Chromium as the browser tests

TARGETS = {"sample": (3.0, 1.0), "100k": (6.0, None)}
TTL = 3  # seconds the dashboard keeps a read here, so that a "first load" can find it expired


def _start(source: str | None, script: Path = ROOT / "app.py") -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "CCHC_SOURCE"} | {"CCHC_TTL": str(TTL)}
    if source:
        env["CCHC_SOURCE"] = source
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("streamlit did not start")


def _overview_ready(page: Page) -> None:
    page.get_by_text("Diễn biến theo tuần").last.wait_for(timeout=120_000)  # a rerun may show two a moment
    page.get_by_test_id("stVegaLiteChart").nth(1).locator("canvas, svg").first.wait_for(timeout=120_000)


def _open(browser: Browser, url: str) -> tuple[Page, float]:
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    _overview_ready(page)
    return page, time.perf_counter() - start


def _change_as_of(page: Page) -> float:
    page.get_by_test_id("stSidebar").get_by_role("spinbutton", name="day, Tính đến ngày").click()
    start = time.perf_counter()
    page.keyboard.type("15032017")
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    page.get_by_text("tính đến 15/03/2017").first.wait_for(timeout=120_000)  # the caption and the sentence
    _overview_ready(page)
    return time.perf_counter() - start


def _measure(browser: Browser, source: str | None) -> tuple[float, float, float]:
    """Cold server, first load (new browser, expired read), warm (as-of changed)."""
    process, url = _start(source)
    try:
        page, cold = _open(browser, url)
        page.context.close()
        time.sleep(TTL + 1)
        page, first = _open(browser, url)
        warm = _change_as_of(page)
        page.context.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
    return cold, first, warm


def _floor(browser: Browser, folder: Path) -> float:
    """A minimal Streamlit page, opened the same way: the frontend's own cost here."""
    script = folder / "minimal.py"
    script.write_text(
        'import streamlit as st\nst.title("Tổng quan")\nst.metric("Nhiệm vụ", 7)\n', encoding="utf-8"
    )
    process, url = _start(None, script)
    try:
        for _ in range(2):  # the second visit is the one measured: server already warm
            page = browser.new_context().new_page()
            start = time.perf_counter()
            page.goto(url, wait_until="commit")
            page.get_by_test_id("stMetric").wait_for(timeout=60_000)
            elapsed = time.perf_counter() - start
            page.context.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
    return elapsed


def _verdict(first: float, warm: float, targets: tuple[float, float | None]) -> str:
    ok = first <= targets[0] and (targets[1] is None or warm <= targets[1])
    return "PASS" if ok else "FAIL"


def main() -> int:
    cases = {"sample": None, "100k": str(ensure_source("csv", 100_000, regen=False))}
    lines = [
        "| Source | Cold server (s) | First load (s) | Warm, as-of changed (s) | Target | Result |",
        "|---|--:|--:|--:|---|---|",
    ]
    failed = False
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, source in cases.items():
            cold, first, warm = _measure(browser, source)
            limit_first, limit_warm = TARGETS[name]
            result = _verdict(first, warm, TARGETS[name])
            failed |= result == "FAIL"
            target = f"first ≤ {limit_first:g} s" + (f", warm ≤ {limit_warm:g} s" if limit_warm else "")
            lines.append(f"| {name} | {cold:.2f} | {first:.2f} | {warm:.2f} | {target} | {result} |")
        floor = _floor(browser, Path(tmp))
        browser.close()
    lines.append(f"\nA minimal Streamlit page (title and one metric) takes {floor:.2f} s the same way.")
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
