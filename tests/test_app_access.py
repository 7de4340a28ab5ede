"""The real dashboard behind sign-in, with AppTest's simulated user: who enters and what each role sees."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.runtime.secrets import secrets_singleton
from streamlit.testing.v1 import AppTest

import ui.data
from tests.support.access import CONTACT, SECRETS
from tests.support.app import PAGES, run_as
from tests.support.markdown import shown
from tests.support.signin import HALFWAY, TEST_SECRETS

DIRECTOR = {"is_logged_in": True, "email": "GiamDoc@sokhcn.gov.vn"}
COMPILER = {"is_logged_in": True, "email": "phapche@sokhcn.gov.vn"}
UNIT = {"is_logged_in": True, "email": "tttk@sokhcn.gov.vn"}
STRANGER = {"is_logged_in": True, "email": "nguoi.la@gmail.com"}
SIGNED_OUT = {"is_logged_in": False}


def _write_secrets(folder: Path, text: str) -> None:
    (folder / ".streamlit").mkdir(exist_ok=True)
    (folder / ".streamlit" / "secrets.toml").write_text(text, encoding="utf-8")


@pytest.fixture(autouse=True)
def signed_in_office(monkeypatch, tmp_path):
    """A working folder whose secrets turn sign-in on; Streamlit's parsed secrets forgotten around it."""
    monkeypatch.setenv("CCHC_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("CCHC_SNAPSHOTS", str(tmp_path / "lich-su"))
    _write_secrets(tmp_path, SECRETS)
    secrets_singleton._reset()
    ui.data.load.clear()
    yield tmp_path
    secrets_singleton._reset()
    ui.data.load.clear()


def _texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("title", "markdown", "caption", "error", "info", "warning", "subheader")
        for e in at.get(kind)
    ]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_a_director_sees_every_page(page):
    at = run_as(DIRECTOR, page)
    assert not at.exception and at.title[0].value
    assert "GiamDoc@sokhcn.gov.vn".lower() in " ".join(c.value for c in at.sidebar.caption).lower()


def test_a_director_sees_the_export_audit_log_and_may_draft_reports():
    at = run_as(DIRECTOR, "app_pages/export.py")
    headings = [s.value for s in at.subheader]
    assert "Nhật ký xuất dữ liệu" in headings and "Dự thảo báo cáo" in headings


def test_a_compiler_may_draft_reports_but_does_not_see_the_audit_log():
    at = run_as(COMPILER, "app_pages/export.py")
    headings = [s.value for s in at.subheader]
    assert "Dự thảo báo cáo" in headings and "Nhật ký xuất dữ liệu" not in headings


def test_a_unit_starts_on_its_own_unit_and_may_export_only_its_rows():
    at = run_as(UNIT)
    assert at.sidebar.selectbox[0].value == "TTTK"
    at.switch_page("app_pages/export.py").run()
    assert not at.exception
    assert any("chỉ tải được các dòng của Trung tâm Thông tin và Thống kê KHCN" in i.value for i in at.info)
    headings = [s.value for s in at.subheader]
    assert "Dự thảo báo cáo" not in headings and "Nhật ký xuất dữ liệu" not in headings


def test_a_unit_may_still_look_at_the_whole_plan():
    at = run_as(UNIT)
    at.sidebar.selectbox[0].set_value("").run()
    at.switch_page("app_pages/units.py").run()
    assert at.sidebar.selectbox[0].value == "" and not at.exception


@pytest.mark.parametrize("page", [None, "app_pages/quality.py", "app_pages/export.py"])
def test_a_stranger_is_refused_politely_with_who_to_ask_even_by_direct_link(page):
    at = run_as(STRANGER, page)
    assert not at.exception
    refusal = shown(at.error[0].value)  # the provider's email is shown as text, never as a link
    assert CONTACT in refusal and "nguoi.la@gmail.com" in refusal
    assert [b.label for b in at.button] == ["Đăng xuất"]
    assert "Tổng quan" not in _texts(at) and not at.dataframe


def test_signing_out_leads_back_to_the_sign_in_button():
    at = run_as(DIRECTOR)
    at.sidebar.button(key="logout").click().run()
    at.run()
    assert at.user == {"is_logged_in": False}
    assert [b.label for b in at.button] == ["Đăng nhập"] and not at.sidebar.selectbox


def test_a_signed_out_visitor_is_asked_to_sign_in():
    at = run_as(SIGNED_OUT)
    assert not at.exception and [b.label for b in at.button] == ["Đăng nhập"]
    at.button(key="login").click().run()
    assert not at.exception


def test_a_broken_secrets_file_closes_the_dashboard_instead_of_opening_it(signed_in_office):
    _write_secrets(signed_in_office, SECRETS.replace('"tttk@sokhcn.gov.vn" =', "tttk@sokhcn.gov.vn ="))
    secrets_singleton._reset()
    at = run_as(DIRECTOR)
    assert not at.exception
    assert "sai cú pháp" in at.error[0].value and not at.sidebar.selectbox


def test_without_auth_the_dashboard_is_open_as_before(signed_in_office):
    _write_secrets(signed_in_office, '[cchc]\nsource = "sample"\n')
    secrets_singleton._reset()
    at = run_as(STRANGER)
    assert not at.exception and at.title[0].value == "Tổng quan"
    assert not [b for b in at.sidebar.button if b.key == "logout"]


def _only_the_explanation(at: AppTest, fragment: str) -> None:
    """The page holds the title and the administrator's explanation, nothing else: no data, no menu."""
    assert not at.exception
    assert [t.value for t in at.title] == ["Theo dõi tuyên truyền CCHC"] and len(at.error) == 1
    explanation = shown(at.error[0].value)
    for part in (fragment, "[cchc.access]", ".streamlit/secrets.toml", "docs/access.md"):
        assert part in explanation
    assert not [s for s in TEST_SECRETS if s in explanation]
    assert not (at.sidebar.children or at.button or at.selectbox or at.get("download_button"))
    assert not (at.dataframe or at.metric or at.get("vega_lite_chart") or at.subheader or at.markdown)


@pytest.mark.parametrize(("text", "fragment"), list(HALFWAY.values()), ids=list(HALFWAY))
def test_sign_in_set_up_halfway_shows_only_the_administrators_explanation(signed_in_office, text, fragment):
    _write_secrets(signed_in_office, text)
    secrets_singleton._reset()
    _only_the_explanation(run_as(DIRECTOR), fragment)  # even a listed director sees nothing


@pytest.mark.parametrize("page", PAGES)
def test_sign_in_set_up_halfway_closes_every_page_even_by_direct_link(signed_in_office, page):
    text, fragment = HALFWAY["auth-under-cchc"]
    _write_secrets(signed_in_office, text)
    secrets_singleton._reset()
    _only_the_explanation(run_as(SIGNED_OUT, page), fragment)


def test_a_director_is_told_of_access_entries_that_grant_nothing(signed_in_office):
    broken = SECRETS + '"ke.toan@sokhcn.gov.vn" = "accountant"\n"ttud@sokhcn.gov.vn" = "unit:XYZ"\n'
    _write_secrets(signed_in_office, broken)
    secrets_singleton._reset()
    warnings = " ".join(w.value for w in run_as(DIRECTOR).sidebar.warning)
    assert "accountant" in warnings and "XYZ" in warnings
    assert not run_as(UNIT).sidebar.warning


@pytest.mark.parametrize(("user", "offered"), [(COMPILER, True), (UNIT, False)])
def test_only_directors_and_compilers_get_the_write_back_button(signed_in_office, monkeypatch, user, offered):
    from cchc.sources import SAMPLE, gsheet
    from emulator import Emulator

    monkeypatch.setattr(gsheet, "_CLIENTS", {})
    monkeypatch.setenv("CCHC_CACHE_DIR", str(signed_in_office / "cache"))
    with Emulator.from_source(SAMPLE) as emu:
        monkeypatch.setenv("CCHC_SHEETS_ENDPOINT", emu.base_url)
        source = f'\n[cchc]\nsource = "gsheet:{emu.spreadsheet_id}"\nallow_write = true\n'
        _write_secrets(signed_in_office, SECRETS.replace("[cchc.access]", source + "\n[cchc.access]", 1))
        secrets_singleton._reset()
        at = run_as(user, "app_pages/quality.py")
        assert not at.exception
        assert bool([b for b in at.button if b.key == "write_check"]) is offered
