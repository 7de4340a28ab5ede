"""The real sign-in flow in a browser: `streamlit run app.py` with `[auth]` against a local OIDC provider.

oidc-provider-mock runs on a free loopback port and accepts any client; on its authorize page the
typed subject becomes the signed-in email. One app server (and one provider) is shared by every test;
each test signs in from a fresh browser context. See docs/access.md, "Notes for implementers".

Set CCHC_REQUIRE_BROWSER=1 (CI does) to make a missing Chromium or oidc-provider-mock a failure.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import secrets
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.access import access_tables, auth_table
from tests.support.browser import (
    MENU,
    REQUIRE_BROWSER,
    WAIT,
    choose,
    dashboard,
    free_port,
    heading,
    missing,
    new_page,
    no_exception,
    open_from_menu,
    settled,
)
from tests.support.signin import HALFWAY, TEST_SECRETS, provider, provider_installed, sign_in

CLIENT_SECRET = f"client-secret-{secrets.token_urlsafe(24)}"
COOKIE_SECRET = f"cookie-secret-{secrets.token_urlsafe(24)}"
CONTACT = "chị Hân, Bộ phận Pháp chế, Văn phòng Sở (0254 3 123 456)"
DIRECTOR = "giamdoc@sokhcn.gov.vn"
UNIT_USER = "tttk@sokhcn.gov.vn"
STRANGER = "nguoi.la@gmail.com"
TTTK = "Trung tâm Thông tin và Thống kê KHCN (TTTK)"

pytestmark = pytest.mark.browser


def _auth(port: int, oidc: str) -> str:
    """The `[auth]` table of a dashboard on `port` that signs in at the provider `oidc`."""
    return auth_table(
        redirect_uri=f"http://127.0.0.1:{port}/oauth2callback",
        provider=oidc,
        cookie_secret=COOKIE_SECRET,
        client_secret=CLIENT_SECRET,
    )


@pytest.fixture(scope="module")
def oidc(browser, tmp_path_factory) -> Iterator[str]:
    """oidc-provider-mock on a free loopback port."""
    if not provider_installed():
        missing("oidc-provider-mock is not installed (pip install -r requirements-dev.txt)", REQUIRE_BROWSER)
    with provider(tmp_path_factory.mktemp("oidc") / "oidc.log") as url:
        yield url


class App:
    """The running dashboard: its address, its working folder and the files it writes."""

    def __init__(self, url: str, cwd: Path) -> None:
        self.url = url
        self.cwd = cwd
        self.audit_log = cwd / "data" / "audit.jsonl"
        self.log = cwd / "streamlit.out"  # its output and errors

    def server_output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def audit_lines(self) -> list[str]:
        if not self.audit_log.exists():
            return []
        return self.audit_log.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def app(browser, oidc, tmp_path_factory) -> Iterator[App]:
    """`streamlit run app.py` in a folder whose .streamlit/secrets.toml has [auth] and [cchc.access]."""
    cwd = tmp_path_factory.mktemp("cwd")
    port = free_port()
    (cwd / ".streamlit").mkdir()
    secrets = _auth(port, oidc) + access_tables({DIRECTOR: "director", UNIT_USER: "unit:TTTK"}, CONTACT)
    (cwd / ".streamlit" / "secrets.toml").write_text(secrets, encoding="utf-8")
    with _serve(cwd, port) as served:
        yield served


@contextmanager
def _serve(cwd: Path, port: int, extra: Mapping[str, str] | None = None) -> Iterator[App]:
    """`streamlit run app.py` on `port` in `cwd` (whose .streamlit/secrets.toml is written), until the
    block ends: no CCHC_SOURCE nor any other machine setting, its data in `cwd`, and the `extra` ones."""
    served = App(f"http://127.0.0.1:{port}", cwd)
    env = {
        "CCHC_AUDIT_LOG": str(served.audit_log),
        "CCHC_SNAPSHOTS": str(cwd / "snapshots"),
        "CCHC_CACHE_DIR": str(cwd / "cache"),
        **(extra or {}),
    }
    with dashboard(cwd, env, served.log, port):
        yield served


@pytest.fixture(scope="module")
def html_seen() -> dict[str, str]:
    """The HTML of every page visited in this module ("who page" → HTML), for the leak check."""
    return {}


@pytest.fixture
def page(browser):
    with new_page(browser) as page:
        yield page


def signed_in_as(page, email: str, label: str) -> None:
    """The sidebar says who is signed in, with the role."""
    caption = page.get_by_test_id("stSidebar").get_by_text(re.compile(rf"Đăng nhập: {re.escape(email)}"))
    caption.wait_for(timeout=WAIT)
    assert label in caption.inner_text()


def sign_out(page, oidc: str) -> None:
    """Press Đăng xuất; the provider's end-session page needs one click, then it returns to the app."""
    page.get_by_role("button", name="Đăng xuất").first.click(timeout=WAIT)
    page.wait_for_url(f"{oidc}/oauth2/end_session**", timeout=WAIT)
    page.get_by_role("button", name="End session").click()
    page.get_by_role("button", name="Đăng nhập").wait_for(timeout=WAIT)


def signed_in_on_overview(
    page, app: App, oidc: str, email: str, label: str, html_seen: dict[str, str]
) -> None:
    """Sign in as `email`: the sidebar names the role `label`, Tổng quan is drawn without an exception."""
    sign_in(page, app.url, oidc, email)
    signed_in_as(page, email, label)
    heading(page, "Tổng quan").wait_for(timeout=WAIT)
    settled(page, html_seen, email)
    no_exception(page)


def unit_filter(page, where: str = "stSidebar") -> str:
    """The value shown in the «Đơn vị» selectbox of the sidebar (or of the main area)."""
    return page.get_by_test_id(where).get_by_role("combobox", name="Đơn vị").input_value()


def test_a_stranger_is_refused_with_who_to_ask_and_can_sign_out(app, oidc, page, html_seen):
    sign_in(page, app.url, oidc, STRANGER)
    page.get_by_text("chưa được cấp quyền").wait_for(timeout=WAIT)
    settled(page, html_seen, STRANGER)
    refusal = page.get_by_test_id("stAlert").inner_text().replace("\u2060", "")  # no mailto link on the email
    assert STRANGER in refusal and CONTACT in refusal
    assert page.get_by_test_id("stAlert").locator("a").count() == 0
    assert heading(page, "Tổng quan").count() == 0
    assert page.get_by_test_id("stSidebarNav").count() == 0
    assert page.get_by_test_id("stMetric").count() == 0
    # a direct link to a page shows the same refusal, not the page
    page.goto(f"{app.url}/export")
    page.get_by_text("chưa được cấp quyền").wait_for(timeout=WAIT)
    settled(page, html_seen, STRANGER)
    assert heading(page, "Xuất dữ liệu").count() == 0
    assert page.get_by_test_id("stDownloadButton").count() == 0
    no_exception(page)
    sign_out(page, oidc)  # a refused visitor can leave to try another account


def test_a_director_opens_every_page_and_sees_the_audit_log(app, oidc, page, html_seen):
    signed_in_on_overview(page, app, oidc, DIRECTOR, "Giám đốc/Phó Giám đốc", html_seen)
    assert unit_filter(page) == "Tất cả đơn vị"
    for entry in MENU:
        open_from_menu(page, entry, html_seen, DIRECTOR)
    page.get_by_role("heading", name="Nhật ký xuất dữ liệu").wait_for(timeout=WAIT)
    assert page.get_by_role("heading", name="Dự thảo báo cáo").count() == 1
    # a direct link opens a new session: the identity cookie keeps the director signed in
    page.goto(f"{app.url}/quality")
    heading(page, "Chất lượng dữ liệu").wait_for(timeout=WAIT)
    settled(page, html_seen, DIRECTOR)
    signed_in_as(page, DIRECTOR, "Giám đốc/Phó Giám đốc")
    no_exception(page)


def test_a_unit_starts_on_its_unit_and_exports_only_its_rows(app, oidc, page, html_seen):
    signed_in_on_overview(page, app, oidc, UNIT_USER, "Đơn vị TTTK", html_seen)
    assert unit_filter(page) == TTTK
    open_from_menu(page, "Chất lượng dữ liệu", html_seen, UNIT_USER)
    assert page.get_by_text("Đơn vị: Trung tâm Thông tin và Thống kê KHCN (chọn ở thanh bên)").count() == 1
    open_from_menu(page, "Việc cần làm", html_seen, UNIT_USER)
    assert unit_filter(page) == TTTK  # still on its unit after moving between pages
    # the page follows the sidebar's one unit selection: this unit's list only
    assert heading(page, "Trung tâm Thông tin và Thống kê KHCN").count() == 1
    open_from_menu(page, "Xuất dữ liệu", html_seen, UNIT_USER)
    assert (
        page.get_by_text(
            "Tài khoản đơn vị chỉ tải được các dòng của Trung tâm Thông tin và Thống kê KHCN"
        ).count()
        == 1
    )
    assert page.get_by_role("heading", name="Nhật ký xuất dữ liệu").count() == 0
    assert page.get_by_role("heading", name="Dự thảo báo cáo").count() == 0


def test_sign_out_shows_the_sign_in_button_again(app, oidc, page, html_seen):
    sign_in(page, app.url, oidc, DIRECTOR)
    signed_in_as(page, DIRECTOR, "Giám đốc/Phó Giám đốc")
    settled(page, html_seen, DIRECTOR)
    sign_out(page, oidc)
    settled(page, html_seen, "signed-out")
    assert heading(page, "Tổng quan").count() == 0
    assert not {"_streamlit_user", "_streamlit_user_tokens"} & {c["name"] for c in page.context.cookies()}
    # signed out for good: a direct link shows the sign-in button, not the page
    page.goto(f"{app.url}/export")
    page.get_by_role("button", name="Đăng nhập").wait_for(timeout=WAIT)
    settled(page, html_seen, "signed-out")
    assert heading(page, "Xuất dữ liệu").count() == 0
    assert page.get_by_test_id("stSidebarNav").count() == 0


def _download(page, button) -> tuple[str, bytes]:
    with page.expect_download(timeout=60_000) as download:
        button.click(timeout=WAIT)
    return download.value.suggested_filename, Path(download.value.path()).read_bytes()


def test_two_downloads_leave_two_audit_entries_with_their_checksums(app, oidc, page, html_seen):
    sign_in(page, app.url, oidc, DIRECTOR)
    signed_in_as(page, DIRECTOR, "Giám đốc/Phó Giám đốc")
    page.goto(f"{app.url}/export")
    heading(page, "Xuất dữ liệu").wait_for(timeout=WAIT)
    settled(page, html_seen, DIRECTOR)
    before = app.audit_lines()
    buttons = page.get_by_test_id("stDownloadButton")
    files = [
        _download(page, buttons.filter(has_text="Tải bản chốt số liệu (tệp nén)")),
        _download(page, buttons.filter(has_text=re.compile(r"^Tình trạng từng phần việc"))),
    ]
    after = app.audit_lines()
    assert after[: len(before)] == before  # appended, never rewritten
    entries = [json.loads(line) for line in after[len(before) :]]
    assert [(e["what"], e["sha256"]) for e in entries] == [
        (name, hashlib.sha256(data).hexdigest()) for name, data in files
    ]
    assert [(e["who"], e["role"], e["unit"]) for e in entries] == [(DIRECTOR, "director", None)] * 2
    assert files[0][0].endswith(".zip") and files[1][0].endswith("status.csv")
    with zipfile.ZipFile(io.BytesIO(files[0][1])) as archive:
        texts = [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    for text in [*texts, files[1][1].decode("utf-8"), "\n".join(after)]:
        assert CLIENT_SECRET not in text and COOKIE_SECRET not in text
    # the director sees the new entries in the log on the export page
    from playwright.sync_api import expect

    page.reload()
    page.get_by_role("heading", name="Nhật ký xuất dữ liệu").wait_for(timeout=WAIT)
    settled(page, html_seen, DIRECTOR)
    log_table = page.get_by_test_id("stDataFrame")  # drawn a moment after the run (lazy component)
    log_table.wait_for(timeout=WAIT)
    for name, _ in files:
        expect(log_table).to_contain_text(name, timeout=WAIT)


def test_no_secret_reaches_a_page_or_the_server_log(app, oidc, page, html_seen):
    page.goto(app.url)
    page.get_by_role("button", name="Đăng nhập").wait_for(timeout=WAIT)
    settled(page, html_seen, "signed-out")
    # every page as a director; the pages the tests above already drew are not drawn again
    missing = [e for e in MENU if f"{DIRECTOR} {app.url}/{MENU[e][0]}" not in html_seen]
    if missing:
        sign_in(page, app.url, oidc, DIRECTOR)
        signed_in_as(page, DIRECTOR, "Giám đốc/Phó Giám đốc")
        for entry in missing:
            open_from_menu(page, entry, html_seen, DIRECTOR)
    assert {f"{DIRECTOR} {app.url}/{path}" for path, _ in MENU.values()} <= set(html_seen)
    for where, text in [*html_seen.items(), ("server output", app.server_output())]:
        assert CLIENT_SECRET not in text, where
        assert COOKIE_SECRET not in text, where


# --- Sign-in set up halfway ([cchc.access] without a usable [auth]): every page shows only the explanation.


@pytest.fixture(scope="module")
def halfway_app(browser, tmp_path_factory) -> Iterator[App]:
    """A second dashboard; each test writes its own secrets.toml, which the app reads on every page load."""
    cwd = tmp_path_factory.mktemp("halfway")
    (cwd / ".streamlit").mkdir()
    (cwd / ".streamlit" / "secrets.toml").write_text(HALFWAY["auth-missing"][0], encoding="utf-8")
    with _serve(cwd, free_port()) as served:
        yield served


def only_the_explanation(page, fragment: str) -> None:
    """The title and the administrator's explanation, and nothing else: no data, no menu, no sidebar."""
    page.get_by_text("docs/access.md").wait_for(timeout=WAIT)
    settled(page)
    no_exception(page)
    explanation = page.get_by_test_id("stAlert").inner_text().replace("\u2060", "")
    for part in (fragment, "[cchc.access]", ".streamlit/secrets.toml"):
        assert part in explanation
    assert [h.inner_text() for h in page.get_by_role("heading").all()] == ["Theo dõi tuyên truyền CCHC"]
    for test_id in ("stSidebar", "stSidebarNav", "stMetric", "stDataFrame", "stVegaLiteChart", "stButton"):
        assert page.get_by_test_id(test_id).count() == 0, test_id
    assert page.get_by_test_id("stDownloadButton").count() == 0
    assert not [secret for secret in TEST_SECRETS if secret in page.content()]


@pytest.mark.parametrize(("text", "fragment"), list(HALFWAY.values()), ids=list(HALFWAY))
def test_sign_in_set_up_halfway_shows_every_visitor_only_the_explanation(halfway_app, page, text, fragment):
    (halfway_app.cwd / ".streamlit" / "secrets.toml").write_text(text, encoding="utf-8")
    page.goto(halfway_app.url)
    only_the_explanation(page, fragment)
    page.goto(f"{halfway_app.url}/export")  # a direct link to a page shows the same
    only_the_explanation(page, fragment)
    assert "Traceback" not in halfway_app.server_output()


def test_a_unit_downloads_only_its_own_units_report(app, oidc, page, html_seen):
    import docx

    sign_in(page, app.url, oidc, UNIT_USER)
    signed_in_as(page, UNIT_USER, "Đơn vị TTTK")
    heading(page, "Tổng quan").wait_for(timeout=WAIT)
    settled(page, html_seen, UNIT_USER)
    # the sidebar shows another unit: the report is still this account's own unit's
    choose(page, page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").last, "Văn phòng Sở (VP)")
    settled(page, html_seen, UNIT_USER)
    assert unit_filter(page) == "Văn phòng Sở (VP)"
    open_from_menu(page, "Xuất dữ liệu", html_seen, UNIT_USER)
    heading(page, "Báo cáo của đơn vị").wait_for(timeout=WAIT)
    assert page.get_by_role("heading", name="Dự thảo báo cáo").count() == 0
    assert page.get_by_text("Loại báo cáo").count() == 0
    buttons = page.get_by_test_id("stDownloadButton")
    assert buttons.filter(has_text="Tải báo cáo của tất cả đơn vị (tệp nén)").count() == 0
    assert page.get_by_text(re.compile(r"^Bản dự thảo còn \d+ chỗ trống tô vàng cần điền: ")).count() == 1
    before = app.audit_lines()
    name, data = _download(page, buttons.filter(has_text="Tải dự thảo báo cáo (Word)"))
    assert name == "bao-cao-don-vi-TTTK-6-thang-2017.docx"
    document = docx.Document(io.BytesIO(data))
    head = document.tables[0].rows[0].cells[0].text
    assert "TRUNG TÂM THÔNG TIN VÀ THỐNG KÊ KHCN" in head
    assert "VĂN PHÒNG SỞ" not in head and "BỘ PHẬN PHÁP CHẾ" not in head
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Nhiệm vụ 1 (chủ trì)" in text and "Nhiệm vụ 7 (chủ trì)" not in text
    assert "Văn phòng Sở" not in text.split("Kính gửi")[0]
    entries = [json.loads(line) for line in app.audit_lines()[len(before) :]]
    assert [(e["what"], e["who"], e["role"], e["unit"], e["sha256"]) for e in entries] == [
        (name, UNIT_USER, "unit", "TTTK", hashlib.sha256(data).hexdigest())
    ]
    no_exception(page)


def test_a_unit_updates_progress_once_on_a_double_click_and_sees_it_on_tong_quan(oidc, page, tmp_path):
    """Against the Sheets emulator: a current-year plan whose TTTK part is stale (40 days without a row).
    The unit's user adds a row on «Cập nhật tiến độ» with a double click: one row reaches the sheet,
    with the signed-in name, and the part leaves «Cần chú ý ngay»; an impossible completion date is
    refused in the form with the §4 message and nothing more is written."""
    import contextlib
    import urllib.request
    from datetime import timedelta

    from playwright.sync_api import expect

    from cchc.config import today
    from emulator import Emulator
    from tests.support.plans import PROGRESS_HEADER, PROGRESS_HEADER_REV2, TASK_HEADER, UNIT_HEADER, UNITS

    email, name = "ha.tttk@sokhcn.gov.vn", "Nguyễn Thị Thu Hà"
    day = today()
    grids = {
        "Cấu hình": [["Khóa", "Giá trị"], ["nam", str(day.year)]],
        "Đơn vị": [UNIT_HEADER, *UNITS],
        "Nhiệm vụ": [
            TASK_HEADER,
            ["1", "Đăng tin CCHC trên Trang TTĐT", "Thường xuyên", "TTTK", "", "", "", ""],
        ],
        "Tiến độ": [
            PROGRESS_HEADER + PROGRESS_HEADER_REV2,
            [f"{day - timedelta(days=40):%d/%m/%Y}", "1", "TTTK", "Đang thực hiện", "", "Đăng 1 tin"],
        ],
    }
    claims = json.dumps({"email": email, "email_verified": True, "name": name}).encode()
    request = urllib.request.Request(f"{oidc}/users/{email}", data=claims, method="PUT")
    request.add_header("Content-Type", "application/json")
    urllib.request.urlopen(request, timeout=10).close()  # the provider signs this subject in with a name
    with Emulator(grids) as emu, contextlib.ExitStack() as stack:
        cwd, port = tmp_path / "update-app", free_port()
        (cwd / ".streamlit").mkdir(parents=True)
        source = f'\n[cchc]\nsource = "gsheet:{emu.spreadsheet_id}"\n'
        secrets = _auth(port, oidc) + source + access_tables({email: "unit:TTTK"})
        (cwd / ".streamlit" / "secrets.toml").write_text(secrets, encoding="utf-8")
        served = stack.enter_context(_serve(cwd, port, {"CCHC_SHEETS_ENDPOINT": emu.base_url}))
        rows = len(emu.grid("Tiến độ"))

        sign_in(page, served.url, oidc, email)
        signed_in_as(page, email, "Đơn vị TTTK")
        heading(page, "Cần chú ý ngay: 1 phần việc").wait_for(timeout=WAIT)
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Cập nhật tiến độ", exact=True).click()
        heading(page, "Cập nhật tiến độ").wait_for(timeout=WAIT)
        settled(page)
        no_exception(page)
        form = page.get_by_test_id("stForm")
        expect(form.get_by_role("combobox", name="Nhiệm vụ")).to_have_value(
            re.compile(r"^Nhiệm vụ 1 \(chủ trì\)")
        )
        form.get_by_label("Kết quả").fill("Đăng 2 tin về kết quả CCHC")
        form.get_by_role("button", name="Ghi dòng tiến độ").dblclick()
        page.get_by_text("Đã ghi một dòng tiến độ").wait_for(timeout=WAIT)
        settled(page)
        page.wait_for_timeout(1500)  # a late second run would have written by now
        grid = emu.grid("Tiến độ")
        assert [r.path.endswith(":append") for r in emu.writes()] == [True]
        assert len(grid) == rows + 1
        assert grid[-1][:4] == [f"{day:%d/%m/%Y}", "1", "TTTK", "Đang thực hiện"] and grid[-1][10] == name

        # an impossible completion date (after today's update) is refused on its field
        choose(page, page.get_by_test_id("stSelectbox").filter(has_text="Trạng thái"), "Hoàn thành")
        page.get_by_role("spinbutton", name="day, Ngày hoàn thành").click()
        page.keyboard.type(f"{day + timedelta(days=5):%d%m%Y}")  # day, month, year: each part moves on
        page.keyboard.press("Tab")
        page.get_by_test_id("stForm").get_by_role("button", name="Ghi dòng tiến độ").click()
        page.get_by_text(re.compile("sau ngày cập nhật")).first.wait_for(timeout=WAIT)
        settled(page)
        assert page.get_by_text(re.compile(r"^Chưa ghi: dòng này có 1 lỗi")).count() == 1
        assert len(emu.writes()) == 1 and len(emu.grid("Tiến độ")) == rows + 1

        # the next view reads the sheet again: the part no longer needs attention
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Tổng quan", exact=True).click()
        heading(page, "Cần chú ý ngay: 0 phần việc").wait_for(timeout=WAIT)
        settled(page)
        no_exception(page)
        entries = [json.loads(line) for line in served.audit_lines()]
        assert [(e["who"], e["role"], e["unit"], e["what"]) for e in entries] == [
            (email, "unit", "TTTK", f"progress-row:1:{rows + 1}")
        ]
