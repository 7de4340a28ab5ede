"""The dashboard in a real browser: headless Chromium through Playwright, against `streamlit run`.

Set CCHC_REQUIRE_BROWSER=1 (CI does) to make a missing Chromium a failure instead of a skip.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from cchc.access.audit import read_log
from cchc.snapshot.history import list_snapshots
from tests.support.app import ROOT
from tests.support.browser import MENU, choose, dashboard, new_page

SHOTS = ROOT / ".screenshots"
# page path → (text that must appear, test id of the last element the page draws)
PAGES = {
    "": ("Cần chú ý ngay", "stVegaLiteChart"),
    "units": ("Kết quả thực hiện của đơn vị", "stDataFrame"),
    "deadlines": ("Sản phẩm tuyên truyền", "stDataFrame"),
    "todo": ("Ô cần sửa trong bảng tính", "stMarkdown"),
    "quality": ("8 lỗi, 9 cảnh báo", "stDataFrame"),
    "history": ("Lưu bản chốt số liệu bây giờ", "stButton"),
    "export": ("Tải bản chốt số liệu", "stDownloadButton"),
}

pytestmark = pytest.mark.browser


@contextmanager
def _serve(cwd: Path) -> Iterator[str]:
    """`streamlit run app.py` on a free loopback port, in `cwd` (no secrets there), until the block ends:
    its address. No CCHC_SOURCE nor any other machine setting, its data in `cwd` (not $HOME), its output
    in `cwd`/streamlit.out."""
    env = {"CCHC_AUDIT_LOG": str(cwd / "audit.jsonl"), "CCHC_SNAPSHOTS": str(cwd / "lich-su")}
    with dashboard(cwd, env, cwd / "streamlit.out") as url:
        yield url


@pytest.fixture(scope="module")
def server_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("cwd")


@pytest.fixture(scope="module")
def server(server_dir):
    with _serve(server_dir) as url:
        yield url


@pytest.fixture
def page(browser):
    with new_page(browser) as page:
        yield page


def open_page(page, url: str, path: str):
    text, last = PAGES[path]
    page.goto(f"{url}/{path}")
    page.get_by_text(text).first.wait_for(timeout=30_000)
    page.get_by_test_id(last).first.wait_for(timeout=30_000)
    return page


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_renders_its_content_without_an_exception(server, page, path):
    open_page(page, server, path)
    assert page.get_by_test_id("stException").count() == 0
    assert page.get_by_text("Traceback").count() == 0
    assert page.get_by_test_id("stSidebarNav").get_by_text("Chất lượng dữ liệu").count() == 1
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{path or 'overview'}.png"), full_page=True)


def _set_as_of(page, digits: str) -> None:
    """Type a date (ddmmyyyy) into the sidebar's as-of field and wait for the page to follow it."""
    day = page.get_by_test_id("stSidebar").get_by_role("spinbutton", name="day, Tính đến ngày")
    day.click()
    page.keyboard.type(digits)
    page.keyboard.press("Enter")  # applies the date (as leaving the field does)
    page.get_by_text(f"tính đến {digits[:2]}/{digits[2:4]}/{digits[4:]}").first.wait_for(timeout=30_000)
    _settled(page)


def _settled(page) -> None:
    """Wait until the script run is over: no element of the previous run is left on the page."""
    page.wait_for_function(
        "() => !document.querySelector('[data-stale=\"true\"]')"
        " && !document.querySelector('[data-testid=\"stStatusWidget\"] button')",
        timeout=30_000,
    )
    page.wait_for_timeout(500)


def _counts(page, key: str) -> dict[str, int]:
    """The metrics of one headline group: label → value, the total first."""
    group = page.locator(f".st-key-{key}").get_by_test_id("stMetric")
    return {
        group.nth(i).get_by_test_id("stMetricLabel").inner_text(): int(
            group.nth(i).get_by_test_id("stMetricValue").inner_text()
        )
        for i in range(group.count())
    }


def test_changing_the_as_of_date_changes_the_numbers(server, page):
    open_page(page, server, "")
    assert "Có nguy cơ chậm tiến độ" not in _counts(page, "part_counts")  # on 31/12/2017 nothing is at risk
    _set_as_of(page, "15032017")
    assert _counts(page, "part_counts")["Có nguy cơ chậm tiến độ"] == 1  # task 1, far behind its pace
    assert page.get_by_test_id("stException").count() == 0


def test_at_the_half_year_cut_off_the_headline_counts_reconcile_with_the_attention_list(server, page):
    open_page(page, server, "")
    _set_as_of(page, "14062017")
    tasks, parts = _counts(page, "task_counts"), _counts(page, "part_counts")
    # each group adds up to its total, and says what it counts
    assert tasks.pop("Tổng số nhiệm vụ") == sum(tasks.values()) == 7
    assert parts.pop("Tổng số phần việc") == sum(parts.values()) == 9
    heading = page.get_by_text(re.compile(r"^Cần chú ý ngay: \d+ phần việc$")).inner_text()
    listed = int(re.search(r"\d+", heading).group())
    states = [row.state for row in _attention_rows(page)]
    assert len(states) == listed == 2
    # the parts counted overdue, stale, paused and at risk are exactly the list's rows, state by state
    for label in ATTENTION_LABELS:
        assert parts.get(label, 0) == states.count(label), label
    assert states == ["Chậm cập nhật", "Tạm dừng"]


def test_the_snapshot_zip_downloads_with_its_manifest_and_is_kept_in_the_history(server, server_dir, page):
    open_page(page, server, "export")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_test_id("stDownloadButton").filter(has_text="Tải bản chốt số liệu").click()
    data = Path(download.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
    assert {"settings.csv", "tasks.csv", "units.csv", "progress.csv", "status.csv", "issues.csv"} <= names
    assert set(manifest["sha256"]) == names - {"manifest.json"}
    assert manifest["as_of"] == "2017-12-31"
    (kept,) = list_snapshots(server_dir / "lich-su")
    assert json.loads((kept.path / "manifest.json").read_text(encoding="utf-8")) == manifest
    (entry,) = read_log(server_dir / "audit.jsonl").entries
    assert entry.snapshot_id == kept.name and entry.sha256 == hashlib.sha256(data).hexdigest()


def test_a_direct_link_to_a_page_on_a_fresh_server_shows_it_with_its_frame(browser, tmp_path):
    with _serve(tmp_path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        open_page(page, url, "quality")
        assert page.get_by_test_id("stException").count() == 0
        assert page.get_by_test_id("stSidebar").get_by_text("Tính đến ngày").count() == 1
        page.close()


# --- issue #13: the briefing at both widths, clean words on every page, one unit selection ---------

_NOT_WORDS = re.compile(
    r"\b(overdue|stale|paused|at_risk|done_late|not_started|upcoming|on_track|done_on_time|"
    r"lead|support|in_progress|None|nan|NaN|NaT|True|False)\b"
)


def _with_sidebar(page, action) -> None:
    """Do something in the sidebar, opening it first on a phone (where it starts collapsed)."""
    opener = page.get_by_test_id("stExpandSidebarButton")
    if opener.count() and opener.is_visible():
        opener.click()
        page.wait_for_timeout(400)
    action()


def _go(page, name: str, title: str) -> None:
    _with_sidebar(page, lambda: page.get_by_test_id("stSidebarNav").get_by_text(name, exact=True).click())
    page.get_by_role("heading", name=title).first.wait_for(timeout=30_000)
    _settled(page)


def _visible_text(page) -> str:
    """The page's text, with every table's cells (drawn on a canvas, read from its accessible grid)."""
    cells = page.get_by_test_id("stMain").locator("table[role=grid] td, table[role=grid] th")
    return page.get_by_test_id("stMain").inner_text() + "\n" + "\n".join(cells.all_text_contents())


ATTENTION_LABELS = ("Quá hạn", "Chậm cập nhật", "Tạm dừng", "Có nguy cơ chậm tiến độ")


@dataclass(frozen=True)
class AttentionRow:
    """One row of «Cần chú ý ngay» as the browser shows it, and where it sits on screen."""

    state: str
    task: str
    unit: str
    why: str
    left: float
    right: float


def _attention_rows(page) -> list[AttentionRow]:
    """The rows of «Cần chú ý ngay»: the state's badge and the task, the unit and its person, the phrase."""
    rows = page.locator("[class*='st-key-attention_']")
    rows.first.wait_for(timeout=30_000)
    found = []
    for i in range(rows.count()):
        lines = [line.strip() for line in rows.nth(i).inner_text().splitlines() if line.strip()]
        state = next(label for label in ATTENTION_LABELS if lines[0].startswith(label))
        task = lines[0][len(state) :].strip()
        box = rows.nth(i).bounding_box()
        found.append(AttentionRow(state, task, lines[1], lines[-1], box["x"], box["x"] + box["width"]))
    return found


@pytest.mark.parametrize("width", [1440, 390])
@pytest.mark.parametrize("digits", ["14062017", "10122017"])
def test_the_briefing_adds_up_names_each_row_and_every_page_reads_clean(server, browser, width, digits):
    context = browser.new_context(viewport={"width": width, "height": 1000}, locale="vi-VN")
    page = context.new_page()
    try:
        open_page(page, server, "")
        _with_sidebar(page, lambda: _set_as_of(page, digits))
        tasks, parts = _counts(page, "task_counts"), _counts(page, "part_counts")
        assert tasks.pop("Tổng số nhiệm vụ") == sum(tasks.values()) == 7
        assert parts.pop("Tổng số phần việc") == sum(parts.values()) == 9
        heading = page.get_by_text(re.compile(r"^Cần chú ý ngay: \d+ phần việc$")).inner_text()
        rows = _attention_rows(page)
        assert len(rows) == int(re.search(r"\d+", heading).group()) >= 1
        states = [row.state for row in rows]
        for label in ATTENTION_LABELS:  # the list is exactly the parts the counts call urgent
            assert parts.get(label, 0) == states.count(label), label
        for row in rows:  # the task's short content, the unit with its person, the plain phrase
            assert re.match(r"^\d+\. \S", row.task) and row.unit and row.why.endswith("."), row
            assert re.match(r"^.+ \((chủ trì|phối hợp)\)( · .+)?$", row.unit), row.unit
            assert row.left >= 0 and row.right <= width, row  # the whole row, its state first, on screen
        for name, (path, title) in MENU.items():
            _go(page, name, title)
            text = _visible_text(page)
            assert not _NOT_WORDS.search(text), (path, _NOT_WORDS.search(text))
            assert page.get_by_test_id("stException").count() == 0
    finally:
        context.close()


def test_choosing_a_unit_in_the_sidebar_narrows_every_page(server, page):
    open_page(page, server, "")
    _set_as_of(page, "14062017")
    before = {}
    for name, (path, title) in MENU.items():
        _go(page, name, title)
        before[path] = _visible_text(page)
    _go(page, "Tổng quan", "Tổng quan")
    choose(page, page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").last, "Văn phòng Sở (VP)")
    _settled(page)
    assert [row.unit.split(" (")[0] for row in _attention_rows(page)] == ["Văn phòng Sở"]
    for name, (path, title) in MENU.items():
        if path in {"quality", "history", "export"}:
            continue  # these list the whole sheet's issues and snapshots, filtered by their own controls
        _go(page, name, title)
        after = _visible_text(page)
        assert after != before[path], path
        assert "Trung tâm Thông tin và Thống kê KHCN" not in after.split("Nhiệm vụ")[0] or path == ""
