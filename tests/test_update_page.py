"""«Cập nhật tiến độ» under AppTest: who may write, the check before writing, one row per submit."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cchc.config import today
from cchc.sources import SAMPLE_DIR
from tests.support.app import APP, run_as
from tests.support.settings import fresh_reads, signed_in, write_secrets

PAGE = "app_pages/update.py"
UNIT = {"is_logged_in": True, "email": "tttk@sokhcn.gov.vn", "name": "Nguyễn Thị Thu Hà"}
DIRECTOR = {"is_logged_in": True, "email": "GiamDoc@sokhcn.gov.vn"}
SUBMIT = "Ghi dòng tiến độ"


def _secrets(folder: Path, source: str | None, signed: bool = True) -> None:
    table = f'\n[cchc]\nsource = "{source}"\n' if source else ""
    write_secrets(folder, signed_in(table) if signed else table)


@pytest.fixture(autouse=True)
def office(monkeypatch, tmp_path):
    monkeypatch.setenv("CCHC_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "cache"))
    with fresh_reads():
        yield tmp_path


@pytest.fixture
def folder(office) -> Path:
    """The sample copied to tmp as a CSV folder source the page may write to."""
    copy = office / "plan"
    shutil.copytree(SAMPLE_DIR, copy)
    _secrets(office, str(copy))
    return copy


def _open(user: dict[str, object]) -> AppTest:
    at = run_as(user, PAGE)
    assert not at.exception
    return at


def _submit(at: AppTest) -> AppTest:
    next(b for b in at.button if b.label == SUBMIT).click().run()
    assert not at.exception
    return at


def _field(at: AppTest, kind: str, label: str):
    return next(w for w in at.get(kind) if w.label == label)


def _texts(at: AppTest, kind: str) -> list[str]:
    return [str(e.value) for e in at.get(kind)]


def test_the_sample_is_read_only_and_the_page_says_so(office):
    _secrets(office, "sample")
    at = _open(UNIT)
    assert at.title[0].value == "Cập nhật tiến độ"
    assert any("dữ liệu mẫu đi kèm chương trình, chỉ để xem" in t for t in _texts(at, "info"))
    assert not [b for b in at.button if b.label == SUBMIT]


def test_without_sign_in_the_page_is_read_only_and_says_that_updating_needs_sign_in(office, folder):
    _secrets(office, str(folder), signed=False)
    at = _open({"is_logged_in": False})
    assert any("cần đăng nhập" in t for t in _texts(at, "info"))
    assert not [b for b in at.button if b.label == SUBMIT]
    assert any("**Nhiệm vụ " in m for m in _texts(at, "markdown"))  # the parts are still shown


def test_a_unit_writes_for_its_own_unit_only_and_sees_its_parts_first(folder):
    at = _open(UNIT)
    assert not [s for s in at.selectbox if s.label == "Cập nhật cho đơn vị"]
    assert "Phần việc của Trung tâm Thông tin và Thống kê KHCN" in _texts(at, "subheader")
    task = _field(at, "selectbox", "Nhiệm vụ")
    assert task.options[0].startswith("Nhiệm vụ 1 (chủ trì)")
    assert any("(tham gia, không được giao)" in o for o in task.options)
    assert any("Người cập nhật: **Nguyễn Thị Thu Hà**" in c for c in _texts(at, "caption"))


def test_a_director_picks_the_unit_and_is_named_by_email_without_a_name(folder):
    at = _open(DIRECTOR)
    picker = _field(at, "selectbox", "Cập nhật cho đơn vị")
    picker.set_value("VP").run()
    assert "Phần việc của Văn phòng Sở" in _texts(at, "subheader")
    assert any("Người cập nhật: **giamdoc" in c for c in _texts(at, "caption"))


def test_an_impossible_completion_date_is_refused_on_its_field_and_nothing_is_written(folder, office):
    before = (folder / "Tiến độ.csv").read_bytes()
    at = _open(UNIT)
    _field(at, "selectbox", "Trạng thái").set_value("done")
    _field(at, "date_input", "Ngày hoàn thành").set_value(today() + timedelta(days=3))
    _submit(at)
    errors = _texts(at, "error")
    assert any(e.startswith("Chưa ghi: dòng này có 1 lỗi") for e in errors)
    assert any("sau ngày cập nhật" in e for e in errors)
    assert (folder / "Tiến độ.csv").read_bytes() == before
    assert not (office / "audit.jsonl").exists()
    assert _field(at, "selectbox", "Trạng thái").value == "done"  # what was typed stays for correcting


def test_a_good_row_is_appended_once_audited_and_the_form_starts_afresh(folder, office):
    before = (folder / "Tiến độ.csv").read_bytes()
    at = _open(UNIT)
    _field(at, "text_area", "Kết quả").set_value("Đăng 2 tin về CCHC")
    _field(at, "number_input", "Số lượng").set_value(2)
    _field(at, "selectbox", "Kênh").set_value("Trang TTĐT")
    _submit(at)
    assert any(s.startswith("Đã ghi một dòng tiến độ (dòng") for s in _texts(at, "success"))
    data = (folder / "Tiến độ.csv").read_bytes()
    added = data[len(before) :].decode("utf-8")
    assert data.startswith(before) and added.count("\n") == 1
    assert added.startswith(
        f"{today():%d/%m/%Y},1,TTTK,Đang thực hiện,,Đăng 2 tin về CCHC,Trang TTĐT,2,,,Nguyễn Thị Thu Hà"
    )
    entries = [json.loads(line) for line in (office / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(e["who"], e["role"], e["unit"], e["what"].split(":")[:2]) for e in entries] == [
        ("tttk@sokhcn.gov.vn", "unit", "TTTK", ["progress-row", "1"])
    ]
    assert _field(at, "text_area", "Kết quả").value == ""  # a fresh form
    at.run()  # another run (a late second click finds no pending row, no token of that form)
    assert (folder / "Tiến độ.csv").read_bytes() == data


def test_a_second_submit_of_the_same_form_writes_nothing(folder):
    from ui import update_form

    at = _open(UNIT)
    token = at.session_state[update_form.TOKEN]
    _field(at, "text_area", "Kết quả").set_value("Một lần")
    _submit(at)
    data = (folder / "Tiến độ.csv").read_bytes()
    assert at.session_state[update_form.TOKEN] != token  # the token of the sent form was consumed
    assert data.decode("utf-8").count("Một lần") == 1


def test_a_good_row_goes_to_the_google_sheet_in_one_append(office, monkeypatch):
    from cchc.sources import gsheet
    from emulator import Emulator

    monkeypatch.setattr(gsheet, "_CLIENTS", {})
    with Emulator.from_source("sample") as emu:
        monkeypatch.setenv("CCHC_SHEETS_ENDPOINT", emu.base_url)
        _secrets(office, f"gsheet:{emu.spreadsheet_id}")
        rows = len(emu.grid("Tiến độ"))
        at = _open(UNIT)
        _field(at, "text_area", "Kết quả").set_value("Đăng tin")
        _submit(at)
        grid, writes = emu.grid("Tiến độ"), emu.writes()
    assert len(writes) == 1 and writes[0].path.endswith(":append")
    assert len(grid) == rows + 1 and grid[-1][2] == "TTTK" and grid[-1][10] == "Nguyễn Thị Thu Hà"
    assert grid[-1][0] == f"{today():%d/%m/%Y}"
    assert any(s.startswith(f"Đã ghi một dòng tiến độ (dòng {rows + 1}") for s in _texts(at, "success"))


def test_the_page_is_in_the_menu_after_viec_can_lam():
    source = Path(APP).read_text(encoding="utf-8")
    assert (
        source.index('"app_pages/todo.py"') < source.index('"app_pages/update.py"') < source.index("quality,")
    )
    assert date.today()  # the page's dates come from cchc.config.today(), in Việt Nam


def test_a_row_left_pending_is_never_written_later_behind_the_writers_back(folder):
    """A row checked and marked pending, but not written by the run right after the click (the
    person went to another page), is forgotten: reopening the page writes nothing and says so."""
    import time

    from cchc.sheet.append import Update
    from ui import update_form

    before = (folder / "Tiến độ.csv").read_bytes()
    at = _open(UNIT)
    late = Update(day=today(), task_id="1", unit="TTTK", state="in_progress", reporter="Nguyễn Thị Thu Hà")
    at.session_state[update_form.PENDING] = ("cu", late, time.monotonic() - 2 * update_form.PENDING_SECONDS)
    at.run()
    assert not at.exception
    assert (folder / "Tiến độ.csv").read_bytes() == before
    assert update_form.NOT_WRITTEN in _texts(at, "error") + _texts(at, "warning") + _texts(at, "info")
