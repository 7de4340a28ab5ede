"""Text from the sheet is shown as text on every page: no image fetched, no link, no HTML, no formatting.

One `streamlit run app.py` on a CSV folder whose every text cell holds Markdown images and links to a
loopback server that records every request, raw HTML (`<img src=…>`, `<a href=…>`), emphasis and a
`:red[…]` directive. Each page is opened in Chromium; nothing may reach the recorder, no `<img>` or
`<a>` may point at it, and the texts must be readable as typed. Set CCHC_REQUIRE_BROWSER=1 (CI does)
to make a missing Chromium a failure instead of a skip.
"""

from __future__ import annotations

import http.server
import re
import subprocess
import threading
from collections.abc import Iterator

import pytest

from tests.support.browser import MENU, free_port, streamlit_command, wait_ok
from tests.support.isolation import clean_environ
from tests.support.plans import (
    PROGRESS_HEADER,
    TASK_HEADER,
    UNIT_HEADER,
    Rows,
    progress_row,
    write_csv_folder,
)

WAIT = 30_000  # ms
# the CSV folder's own name is data too (the sidebar names the source); a file name holds no "/"
SOURCE_NAME = "nguon ![anh nguon](nguon.png) [lien ket](lienket.html) <b>dam</b> _nghieng_"

pytestmark = pytest.mark.browser


class Recorder(http.server.ThreadingHTTPServer):
    """A loopback web server that answers everything and keeps the path of every request."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                recorder.paths.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.address = f"http://127.0.0.1:{self.server_address[1]}"


def hostile(address: str, tag: str) -> str:
    """A cell that Markdown or HTML would turn into an image fetched from `address`, links and formatting."""
    return (
        f"![{tag}]({address}/{tag}.png) [Đăng nhập lại]({address}/{tag}/login) "
        f"<img src={address}/{tag}-raw.png> <a href={address}/{tag}-a>{tag}</a> **{tag}** :red[{tag}] "
        f"{address}/{tag}-bare"
    )


def plan(address: str) -> dict[str, Rows]:
    """Every text column hostile: plan title, units, task ids and contents, channels, evidence, notes."""
    evil = lambda tag: hostile(address, tag)  # noqa: E731
    u1, t1 = evil("ma-don-vi"), evil("ma-nhiem-vu")
    text = {k: evil(k) for k in ("result", "channel", "evidence", "note", "reporter")}
    return {
        "Cấu hình": [["Khóa", "Giá trị"], ["ten_ke_hoach", evil("ten-ke-hoach")], ["nam", "2017"]],
        "Đơn vị": [
            UNIT_HEADER,
            [u1, evil("ten-don-vi"), evil("ten-khac"), evil("phu-trach"), evil("email")],
            ["PC", evil("ten-don-vi-2"), "", "", ""],
        ],
        "Nhiệm vụ": [
            TASK_HEADER,
            [t1, evil("noi-dung"), "Quý 1/2017", u1, "PC", evil("hinh-thuc"), "", ""],
            ["2", evil("noi-dung-2"), "Thường xuyên", "PC", u1, "", "", "12"],
            [evil("ma-3"), evil("noi-dung-3"), evil("thoi-gian"), "PC", "", "", "", ""],
        ],
        "Tiến độ": [
            PROGRESS_HEADER,
            progress_row("15/02/2017", t1, u1, percent="50", count="1", **text),
            progress_row("01/03/2017", "2", "PC", channel=evil("kenh-2"), evidence=evil("minh-chung-2")),
            progress_row("02/03/2017", t1, u1, evil("trang-thai"), evil("phan-tram"), count=evil("so-luong")),
            progress_row("03/03/2017", evil("nhiem-vu-la"), evil("don-vi-la")),
        ],
    }


@pytest.fixture(scope="module")
def recorder() -> Iterator[Recorder]:
    server = Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def server(browser, recorder, tmp_path_factory) -> Iterator[str]:
    """`streamlit run app.py` on the hostile CSV folder (CCHC_SOURCE), no secrets: open to this test."""
    cwd = tmp_path_factory.mktemp("cwd")
    source = write_csv_folder(cwd / SOURCE_NAME, plan(recorder.address))
    port = free_port()
    env = clean_environ() | {
        "CCHC_SOURCE": str(source),
        "CCHC_AUDIT_LOG": str(cwd / "audit.jsonl"),
        "CCHC_SNAPSHOTS": str(cwd / "lich-su"),
        "CCHC_CACHE_DIR": str(cwd / "cache"),
    }
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    process = subprocess.Popen(streamlit_command(port), cwd=cwd, env=env, **quiet)
    try:
        wait_ok(f"http://127.0.0.1:{port}/_stcore/health", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


def visit(page, entry: str) -> str:
    """Open a page from the sidebar menu, wait until it is drawn with its lazy parts; its text as read."""
    path, title = MENU[entry]
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=entry, exact=True).click(timeout=WAIT)
    page.wait_for_url(re.compile(rf"/{path}(\?.*)?$"), timeout=WAIT)
    page.get_by_role("heading", name=title, exact=True).wait_for(timeout=WAIT)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=WAIT)
    for lazy in ("stDataFrame", "stVegaLiteChart"):
        for element in page.get_by_test_id(lazy).filter(visible=True).all():  # not in a closed expander
            element.wait_for(timeout=WAIT)
    page.wait_for_timeout(300)  # images would have been requested by now
    assert page.get_by_test_id("stException").count() == 0
    return page.locator("body").inner_text().replace("\u2060", "")  # invisible word joiners


def formatted(page) -> list[str]:
    """Emphasis, strike-through or colour made from a cell's `**tag**`, `:red[tag]`: none may exist."""
    tags = re.compile(r"^[a-z0-9-]+$")  # every tag of `hostile`; the page's own bold text has spaces
    found = page.locator("strong, em, del").filter(has_text=tags).all_inner_texts()
    return found + page.locator('[class*="stMarkdownColored"]').all_inner_texts()


def markup_pointing_at(page, address: str) -> list[str]:
    """Every element whose src or href points at `address` or at the source name's relative targets."""
    targets = (address, "nguon.png", "lienket.html")
    selector = ", ".join(f'[{attribute}*="{t}"]' for t in targets for attribute in ("src", "href"))
    return [element.evaluate("e => e.outerHTML") for element in page.locator(selector).all()]


def test_no_page_fetches_links_or_formats_text_from_the_sheet_and_every_text_reads_as_typed(
    server, recorder, browser
):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    seen: dict[str, str] = {}
    page.goto(server)  # one session, every page from its menu
    for entry, (path, _) in MENU.items():
        seen[path] = visit(page, entry)
        assert markup_pointing_at(page, recorder.address) == [], path
        assert formatted(page) == [], path
        if path == "todo":  # an option of a select box is plain text: shown as typed, not escaped
            unit = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Đơn vị").input_value()
    context.close()
    assert recorder.paths == []
    assert [url for url in requested if url.startswith(recorder.address)] == []
    evil = lambda tag: hostile(recorder.address, tag)  # noqa: E731
    assert evil("ten-ke-hoach") in seen[""]  # the plan title, under «Tổng quan»
    assert f"Nhiệm vụ {evil('ma-nhiem-vu')}: quá hạn" in seen["todo"]  # a task id in a to-do title
    assert unit == "Tất cả đơn vị"  # the one unit selection, in the sidebar
    assert evil("ten-don-vi") in seen["todo"] or evil("ten-don-vi-2") in seen["todo"]  # a unit's heading
    assert f"{SOURCE_NAME} (thư mục bảng tính)" in seen["export"]  # the source's name, in the sidebar
    quoted = ("trạng thái «![trang-thai](", "kênh «![kenh-2](")  # of either unit the page may start on
    assert any(quote in seen["todo"] for quote in quoted)  # an issue quoting a cell, among the cells to fix
