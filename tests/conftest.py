"""Fixtures only: every test runs isolated in its own folder; tiny plans built on demand.

Shared constants and builders live in `tests.support`; test modules import them from there,
never from this file or from another test module (tests/test_imports.py checks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cchc.validate.plan import Plan, load_plan
from tests.support.browser import ARGS, CHROMIUM, REQUIRE_BROWSER, missing
from tests.support.isolation import isolate
from tests.support.plans import Rows, plan_tabs, raw_source, write_csv_folder


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """Every test works in its own empty folder, without the machine's CCHC_ settings or Google key.

    The folder is the test's `tmp_path`: no `.streamlit/secrets.toml`, `snapshots/` or audit log of
    the checkout is seen, and no CCHC_ variable (nor GOOGLE_APPLICATION_CREDENTIALS) is set. A test
    (or its own fixture) adds what it needs: a secrets file, one variable.
    """
    yield isolate(monkeypatch, tmp_path)


@pytest.fixture
def make_plan() -> Callable[..., Plan]:
    """Build a validated plan from replaced parts of the small plan."""

    def build(**parts: Rows) -> Plan:
        return load_plan(raw_source(plan_tabs(**parts)), fallback_year=2017)

    return build


@pytest.fixture
def make_csv_source(tmp_path: Path) -> Callable[..., Path]:
    """Write the small plan (with replaced parts) as a CSV folder; return its path."""

    def build(name: str = "plan", **parts: Rows) -> Path:
        return write_csv_folder(tmp_path / name, plan_tabs(**parts))

    return build


@pytest.fixture(scope="module")
def browser():
    """The system Chromium, once per browser test module; missing, it skips (fails under CI's flag)."""
    if not Path(CHROMIUM).exists():
        missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium)", REQUIRE_BROWSER)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()
