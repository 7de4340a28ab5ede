"""Appending one progress row (SPEC §12): the emulator's `values.append`, the CSV folder's atomic
append, read-only sources, and the check a row passes before it is written."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

from cchc.sheet.append import Update, append_update, check_update, read_only
from cchc.sources import SAMPLE_DIR, GoogleAccess, SourceError, open_source, parse_source
from cchc.sources.csv_folder import append_line
from emulator import Emulator, schema
from tests.support.plans import PROGRESS_HEADER, plan_tabs, progress_row, write_csv_folder

ROW = Update(
    day=date(2017, 6, 1),
    task_id="1",
    unit="TTTK",
    state="in_progress",
    reporter="Nguyễn Thị Thu Hà",
    percent=50.5,
    result="=Đăng 2 tin; 1/2 chuyên mục",
    channel="Trang TTĐT",
    count=2,
)


def _append_url(emu: Emulator, target: str) -> str:
    return f"{emu.base_url}/v4/spreadsheets/{emu.spreadsheet_id}/values/{quote(target, safe='')}:append"


@pytest.fixture
def log():
    grid = [
        PROGRESS_HEADER,
        progress_row("03/01/2017", "1", "TTTK"),
        [],
        progress_row("09/01/2017", "2", "PC"),
    ]
    with Emulator({"Tiến độ": grid}) as server:
        yield server


def test_append_bodies_are_checked_against_googles_discovery_document(log):
    assert schema.available()
    target = "'Tiến độ'!A1:K1"
    params = {"valueInputOption": "RAW"}
    unknown = requests.post(_append_url(log, target), params=params, json={"valuez": [["x"]]}, timeout=5)
    assert unknown.status_code == 400 and 'Unknown name "valuez"' in unknown.json()["error"]["message"]
    wrong = requests.post(_append_url(log, target), params=params, json={"values": "x"}, timeout=5)
    assert wrong.status_code == 400 and "list expected" in wrong.json()["error"]["message"]
    bad_option = requests.post(
        _append_url(log, target), params={"valueInputOption": "TYPED"}, json={"values": [["x"]]}, timeout=5
    )
    assert bad_option.status_code == 400
    no_option = requests.post(_append_url(log, target), json={"values": [["x"]]}, timeout=5)
    assert no_option.status_code == 400 and "valueInputOption" in no_option.json()["error"]["message"]
    assert len(log.grid("Tiến độ")) == 4  # nothing written by a refused request


def test_insert_rows_goes_after_the_table_and_never_over_a_row(log):
    params = {"valueInputOption": "USER_ENTERED", "insertDataOption": "INSERT_ROWS"}
    target = "'Tiến độ'!A4:K4"  # the last row: the row lands at the end, after the blank row
    body = {"range": target, "majorDimension": "ROWS", "values": [["2017-06-01", "'01", "50%", 3, "'=x"]]}
    answer = requests.post(_append_url(log, target), params=params, json=body, timeout=5).json()
    assert answer["tableRange"] == "'Tiến độ'!A4:K4"
    assert answer["updates"] | {"spreadsheetId": ""} == {
        "spreadsheetId": "",
        "updatedRange": "'Tiến độ'!A5:E5",
        "updatedRows": 1,
        "updatedColumns": 5,
        "updatedCells": 5,
    }
    grid = log.grid("Tiến độ")
    assert grid[:4] == [PROGRESS_HEADER, grid[1], [], grid[3]] and grid[3][1] == "2"
    assert grid[4] == ["01/06/2017", "01", "50%", "3", "=x"]  # USER_ENTERED, as a vi_VN sheet shows it


def test_a_range_at_the_header_inserts_into_a_gap_and_moves_what_was_below_down(log):
    params = {"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"}
    target = "'Tiến độ'!A1:K1"
    body = {"values": [["15/06/2017", "1"]]}
    answer = requests.post(_append_url(log, target), params=params, json=body, timeout=5).json()
    assert answer["updates"]["updatedRange"] == "'Tiến độ'!A3:B3"
    grid = log.grid("Tiến độ")
    assert grid[2] == ["15/06/2017", "1"] and grid[3] == [] and grid[4][1] == "2"  # inserted, nothing lost


def test_a_row_goes_to_a_google_sheet_in_one_append_at_the_end_in_header_order():
    with Emulator.from_source("sample") as emu:
        before = emu.grid("Tiến độ")
        google = GoogleAccess(endpoint=emu.base_url)
        appended = append_update(parse_source(f"gsheet:{emu.spreadsheet_id}"), "gsheet", google, ROW)
        after = emu.grid("Tiến độ")
        writes = emu.writes()
    assert len(writes) == 1 and writes[0].path.endswith(":append")
    assert writes[0].query["valueInputOption"] == ["USER_ENTERED"]
    assert writes[0].query["insertDataOption"] == ["INSERT_ROWS"]
    assert len(after) == len(before) + 1 and after[:-1] == before
    assert appended.row == len(after)
    assert after[-1][:11] == [
        "01/06/2017",
        "1",
        "TTTK",
        "Đang thực hiện",
        "50,5%",
        "=Đăng 2 tin; 1/2 chuyên mục",  # text stays text: no formula, no date
        "Trang TTĐT",
        "2",
        "",
        "",
        "Nguyễn Thị Thu Hà",
    ]
    assert writes[0].body["values"][0][5].startswith("'")


@pytest.mark.parametrize(
    ("bom", "newline", "separator"), [(b"", b"\n", ","), (b"\xef\xbb\xbf", b"\r\n", ";")]
)
def test_a_csv_append_keeps_every_byte_and_adds_exactly_one_line(tmp_path, bom, newline, separator):
    path = tmp_path / "Tiến độ.csv"
    lines = [separator.join(PROGRESS_HEADER), "03/01/2017" + separator + "1"]
    original = bom + newline.join(line.encode() for line in lines) + newline
    path.write_bytes(original)
    append_line(path, ["01/06/2017", "1", "a, b; «c»", "50,5"])
    data = path.read_bytes()
    assert data.startswith(original)
    added = data[len(original) :]
    assert (
        added.count(newline) == 1 and added.endswith(newline) and b"\r\n" not in added.replace(newline, b"")
    )
    assert added.decode().startswith(f"01/06/2017{separator}1{separator}")
    assert [p.name for p in tmp_path.iterdir()] == ["Tiến độ.csv"]  # no temporary copy left behind


def test_a_csv_without_a_final_newline_gets_one_before_the_new_line(tmp_path):
    path = tmp_path / "Tiến độ.csv"
    path.write_bytes(b"a,b\r\n1,2")
    append_line(path, ["3", "4"])
    assert path.read_bytes() == b"a,b\r\n1,2\r\n3,4\r\n"


def test_a_csv_that_is_not_utf8_is_refused_and_left_as_it_was(tmp_path):
    path = tmp_path / "Tiến độ.csv"
    path.write_bytes("Ngày cập nhật;Mã nhiệm vụ\r\n".encode("cp1258", errors="replace"))
    before = path.read_bytes()
    with pytest.raises(SourceError) as refused:
        append_line(path, ["x"])
    assert refused.value.code == "file.encoding" and path.read_bytes() == before


def test_a_row_appended_to_a_csv_folder_is_read_back_as_a_valid_row(tmp_path):
    folder = write_csv_folder(
        tmp_path / "plan", plan_tabs(progress=[progress_row("03/01/2017", "1", "TTTK")])
    )
    appended = append_update(parse_source(str(folder)), "csv", GoogleAccess(), ROW)
    assert appended.row == 3
    rows = open_source(str(folder)).tabs
    progress = next(t for t in rows if t.title == "Tiến độ").grid
    assert list(progress.loc[3])[:5] == ["01/06/2017", "1", "TTTK", "Đang thực hiện", "50,5"]


@pytest.mark.parametrize("kind", ["sample", "xlsx", "snapshot"])
def test_read_only_sources_are_refused_in_words(tmp_path, kind):
    folder = tmp_path / "plan"
    shutil.copytree(SAMPLE_DIR, folder)
    before = (folder / "Tiến độ.csv").read_bytes()
    assert read_only(kind)
    with pytest.raises(SourceError) as refused:
        append_update(parse_source(str(folder)), kind, GoogleAccess(), ROW)
    assert refused.value.code == "source.read_only" and "chỉ để" in refused.value.message
    assert (folder / "Tiến độ.csv").read_bytes() == before


def test_an_impossible_completion_date_is_an_error_on_its_field_with_the_section_4_message():
    raw = open_source("sample")
    future = Update(
        day=date(2017, 6, 1),
        task_id="1",
        unit="TTTK",
        state="done",
        reporter="Hà",
        completed_on=date(2017, 7, 1),
    )
    checked = check_update(raw, future, 2017)
    assert not checked.ok and list(checked.errors) == ["completed_on"]
    assert checked.errors["completed_on"][0].startswith("Ngày hoàn thành «01/07/2017» sau ngày cập nhật")
    before_year = dataclasses.replace(future, completed_on=date(2016, 1, 1))
    assert "trước năm báo cáo" in check_update(raw, before_year, 2017).errors["completed_on"][0]


def test_a_task_the_unit_has_no_part_in_is_a_contribution_not_an_error():
    checked = check_update(
        open_source("sample"), Update(date(2017, 6, 1), "6", "VP", "in_progress", "Hà"), 2017
    )
    assert checked.ok and checked.contribution


def test_a_filled_field_without_its_column_is_refused(tmp_path):
    checked = check_update(
        open_source(str(write_csv_folder(tmp_path / "plan", plan_tabs()))),
        Update(date(2017, 6, 1), "1", "TTTK", "done", "Hà", attendance=120),
        2017,
    )
    assert "chưa có cột «Số người tham dự»" in checked.errors["attendance"][0]


def test_the_update_row_reads_back_the_same_through_the_reader():
    cells = ROW.cells()
    assert cells["percent"] == "50,5" and cells["date"] == "01/06/2017" and cells["state"] == "Đang thực hiện"
    assert ROW.entered()["date"] == "2017-06-01" and ROW.entered()["count"] == 2


def test_csv_append_path_is_found_whatever_the_file_names_normal_form(tmp_path):
    import unicodedata

    from cchc.sources.csv_folder import tab_file

    (tmp_path / f"{unicodedata.normalize('NFD', 'Tiến độ')}.csv").write_text("x\n", encoding="utf-8")
    found = tab_file(tmp_path, "Tiến độ")
    assert isinstance(found, Path) and found.exists()
