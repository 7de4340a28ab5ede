"""`sheet init` and `sheet check` against the loopback Sheets API emulator (gspread's real HTTP path)."""

from __future__ import annotations

from datetime import datetime

import pytest
import requests

from cchc.cli.main import main
from cchc.config import VIETNAM
from cchc.sheet.check import NOTE_PREFIX
from cchc.sources import SAMPLE, gsheet
from emulator import Emulator
from tests.support.plans import (
    PROGRESS_HEADER,
    PROGRESS_HEADER_REV2,
    plan_tabs,
    progress_row,
)

TEMPLATE_TABS = ["Cấu hình", "Đơn vị", "Nhiệm vụ", "Tiến độ", "Báo cáo", "Báo cáo đã gửi"]


@pytest.fixture(autouse=True)
def google_env(monkeypatch, tmp_path):
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(gsheet, "RETRY_DELAYS", (0.01, 0.01, 0.01))


def _serve(monkeypatch, emu: Emulator) -> str:
    emu.start()
    monkeypatch.setenv("CCHC_SHEETS_ENDPOINT", emu.base_url)
    return f"gsheet:{emu.spreadsheet_id}"


@pytest.fixture
def blank(monkeypatch):
    emu = Emulator.blank()
    yield emu, _serve(monkeypatch, emu)
    emu.stop()


@pytest.fixture
def sample(monkeypatch):
    emu = Emulator.from_source(SAMPLE)
    yield emu, _serve(monkeypatch, emu)
    emu.stop()


def _sheets(emu: Emulator, **params: object) -> list[dict]:
    url = f"{emu.base_url}/v4/spreadsheets/{emu.spreadsheet_id}"
    return requests.get(url, params=params, timeout=5).json()["sheets"]


def _grid_cells(emu: Emulator, title: str, fields: str) -> list[list[dict]]:
    params = {
        "includeGridData": "true",
        "ranges": f"'{title}'",
        "fields": f"sheets(data(rowData(values({fields}))))",
    }
    rows = _sheets(emu, **params)[0]["data"][0].get("rowData", [])
    return [row.get("values", []) for row in rows]


def _grids(emu: Emulator) -> dict[str, list[list[str]]]:
    return {title: emu.grid(title) for title in emu.book.tabs}


def _typed(emu: Emulator, title: str, rows: list[list[object]], first_row: int = 1) -> None:
    """What a clerk types into the sheet in the browser (not through the API)."""
    tab = emu.book.tabs[title]
    for r, line in enumerate(rows):
        for c, value in enumerate(line):
            tab.put(first_row - 1 + r, c, value)


# sheet init ------------------------------------------------------------------------------------


def test_init_sets_up_an_empty_spreadsheet_in_one_batch_update(blank, capsys):
    emu, source = blank
    assert main(["sheet", "init", source]) == 0
    assert [w.path.rsplit(":", 1)[-1] for w in emu.writes()] == ["batchUpdate"]
    sheets = {s["properties"]["title"]: s for s in _sheets(emu)}
    assert list(sheets) == ["Trang tính1", *TEMPLATE_TABS]  # nothing of the user's is removed
    assert emu.grid("Tiến độ") == [PROGRESS_HEADER + PROGRESS_HEADER_REV2]
    for title in TEMPLATE_TABS:
        assert sheets[title]["properties"]["gridProperties"]["frozenRowCount"] == 1
        (guard,) = sheets[title]["protectedRanges"]
        assert guard["warningOnly"] is True and (
            guard["range"]["startRowIndex"],
            guard["range"]["endRowIndex"],
        ) == (0, 1)
    assert "addSheet ×6" in capsys.readouterr().out


def test_init_puts_dropdowns_and_checks_on_the_columns_units_type_in(blank):
    emu, source = blank
    main(["sheet", "init", source])
    first_row = _grid_cells(emu, "Tiến độ", "dataValidation")[1]
    kinds = [cell.get("dataValidation", {}).get("condition", {}).get("type") for cell in first_row]
    assert kinds[:8] == [
        "DATE_IS_VALID",
        "ONE_OF_RANGE",
        "ONE_OF_RANGE",
        "ONE_OF_LIST",
        "NUMBER_BETWEEN",
        None,
        "ONE_OF_LIST",
        "NUMBER_GREATER_THAN_EQ",
    ]
    units = first_row[2]["dataValidation"]
    assert units["condition"]["values"] == [{"userEnteredValue": "='Đơn vị'!$A$2:$A"}]
    assert units["strict"] is False and units["showCustomUi"] is True
    assert first_row[0]["dataValidation"]["strict"] is True
    last_row = _grid_cells(emu, "Tiến độ", "dataValidation")[999]
    assert last_row[3]["dataValidation"]["condition"]["type"] == "ONE_OF_LIST"


def test_a_second_init_sends_no_write(blank, capsys):
    emu, source = blank
    main(["sheet", "init", source])
    writes = len(emu.writes())
    assert main(["sheet", "init", source]) == 0
    assert len(emu.writes()) == writes
    assert "không cần thay đổi" in capsys.readouterr().out


def test_init_on_a_half_set_up_sheet_adds_only_what_is_missing_and_keeps_every_value(monkeypatch):
    tabs = plan_tabs(progress=[progress_row("03/01/2017", "1", "TTTK")])
    del tabs["Cấu hình"]
    tabs["Tiến độ"] = [row[:10] for row in tabs["Tiến độ"]]  # no `Người cập nhật` column yet
    tabs["Nhiệm vụ"] = [["KẾ HOẠCH 2017"], [], *tabs["Nhiệm vụ"]]  # header on row 3
    with Emulator(tabs) as emu:
        source = _serve(monkeypatch, emu)
        before = _grids(emu)
        assert main(["sheet", "init", source]) == 0
        after = _grids(emu)
        sheets = {s["properties"]["title"]: s for s in _sheets(emu)}
    assert after["Tiến độ"][0][10] == "Người cập nhật"
    for title, rows in before.items():
        for r, line in enumerate(rows):
            for c, value in enumerate(line):
                assert after[title][r][c] == value, (title, r, c)
    assert sheets["Nhiệm vụ"]["properties"]["gridProperties"]["frozenRowCount"] == 3
    assert sheets["Nhiệm vụ"]["protectedRanges"][0]["range"]["startRowIndex"] == 2
    assert "Cấu hình" in sheets


def test_task_dropdowns_point_below_a_task_header_that_is_not_on_row_one(monkeypatch):
    tabs = plan_tabs()
    tabs["Nhiệm vụ"] = [["KẾ HOẠCH 2017"], [], *tabs["Nhiệm vụ"]]
    with Emulator(tabs) as emu:
        main(["sheet", "init", _serve(monkeypatch, emu)])
        rule = _grid_cells(emu, "Tiến độ", "dataValidation")[1][1]["dataValidation"]
    assert rule["condition"]["values"] == [{"userEnteredValue": "='Nhiệm vụ'!$A$4:$A"}]


@pytest.mark.parametrize(
    ("progress", "expected"),
    [
        ([[*PROGRESS_HEADER[:3], "Trạng thái", "Trạng thái"]], "Trạng thái"),
        ([["03/01/2017", "1", "TTTK", "Đang thực hiện"]], "không có dòng tiêu đề"),
        ([PROGRESS_HEADER[:10], [*progress_row("03/01/2017", "1", "TTTK")[:10], "x", "lạc cột"]], "cột K"),
    ],
    ids=["duplicate header", "no header row", "data under the column to add"],
)
def test_a_conflicting_header_stops_init_with_no_write(monkeypatch, capsys, progress, expected):
    tabs = plan_tabs()
    tabs["Tiến độ"] = progress
    with Emulator(tabs) as emu:
        assert main(["sheet", "init", _serve(monkeypatch, emu)]) == 1
        assert emu.writes() == []
    out = capsys.readouterr().out
    assert "Không thay đổi gì" in out and "Tiến độ" in out and expected in out


def test_dry_run_prints_the_changes_and_sends_nothing(blank, capsys):
    emu, source = blank
    assert main(["sheet", "init", source, "--dry-run"]) == 0
    assert emu.writes() == []
    assert "chạy thử" in capsys.readouterr().out


def test_sheet_commands_refuse_a_source_that_is_not_a_google_sheet(capsys):
    assert main(["sheet", "init", "sample"]) == 2
    assert "chỉ dùng cho Google Sheet" in capsys.readouterr().err


def test_a_sheet_shared_read_only_says_to_share_it_as_editor(blank, capsys):
    emu, source = blank
    emu.fail_always(403, match=":batchUpdate")
    assert main(["sheet", "init", source]) == 2
    assert "Người chỉnh sửa" in capsys.readouterr().err


# sheet check -----------------------------------------------------------------------------------


def _check(source: str, *extra: str) -> int:
    return main(["sheet", "check", source, *extra])


def test_check_writes_every_issue_with_a_link_into_its_own_tab_and_nothing_else(sample, capsys):
    emu, source = sample
    before = _grids(emu)
    assert main(["validate", source, "--format", "json"]) == 1
    capsys.readouterr()
    assert _check(source) == 0
    after = _grids(emu)
    assert {t: g for t, g in after.items() if t != "Kiểm tra"} == before
    rows = after["Kiểm tra"]
    assert rows[0][:4] == ["Thời điểm kiểm tra", "Mức", "Trang tính", "Ô"]
    # one row per issue of `validate` on the sample: 17 (8 errors, 9 warnings, all in «Tiến độ»)
    assert len(rows) == 1 + 17
    links = [row[-1] for row in _grid_cells(emu, "Kiểm tra", "userEnteredFormat")[1:]]
    cell = rows[1][3]
    gid = emu.book.tabs[rows[1][2]].info.sheet_id
    uri = links[0]["userEnteredFormat"]["textFormat"]["link"]["uri"]
    assert uri.endswith(f"/edit#gid={gid}&range={cell}")


def test_check_replaces_its_tab_without_leftover_rows(monkeypatch):
    bad = [progress_row("31/02/2017", "1", "TTTK"), progress_row("03/01/2017", "9", "TTTK")]
    with Emulator(plan_tabs(progress=bad)) as emu:
        source = _serve(monkeypatch, emu)
        _check(source)
        assert len(emu.grid("Kiểm tra")) == 3
        _typed(emu, "Tiến độ", [["03/01/2017", "1"]], first_row=2)
        _typed(emu, "Tiến độ", [["03/01/2017", "1"]], first_row=3)
        _check(source)
        rows = emu.grid("Kiểm tra")
    assert len(rows) == 2 and rows[1][1].startswith("Không có lỗi")
    assert len(rows[1]) == 2  # the old rows' cells are cleared, not left behind


def test_notes_go_on_offending_cells_and_a_users_own_note_is_left_alone(monkeypatch, capsys):
    bad = [progress_row("31/02/2017", "1", "TTTK"), progress_row("03/01/2017", "9", "TTTK")]
    with Emulator(plan_tabs(progress=bad)) as emu:
        source = _serve(monkeypatch, emu)
        emu.book.tabs["Tiến độ"].notes[(2, 1)] = "Chờ phòng KH xác nhận"  # a clerk's note on B3
        assert _check(source, "--notes") == 0
        notes = emu.book.tabs["Tiến độ"].notes
        values = _grids(emu)["Tiến độ"]
    assert notes[(1, 0)].startswith(NOTE_PREFIX) and "31/02/2017" in notes[(1, 0)]
    assert notes[(2, 1)] == "Chờ phòng KH xác nhận"
    assert values[1][0] == "31/02/2017"  # a note is not a value
    assert "1 ô có ghi chú riêng" in capsys.readouterr().out


def test_a_fixed_cell_loses_the_note_we_wrote_and_only_that_note(monkeypatch):
    bad = [progress_row("31/02/2017", "1", "TTTK"), progress_row("30/02/2017", "1", "TTTK")]
    with Emulator(plan_tabs(progress=bad)) as emu:
        source = _serve(monkeypatch, emu)
        _check(source, "--notes")
        emu.book.tabs["Nhiệm vụ"].notes[(1, 1)] = "ghi chú của văn phòng"
        _typed(emu, "Tiến độ", [["28/02/2017"]], first_row=2)
        writes = len(emu.writes())
        _check(source, "--notes")
        notes = {title: dict(tab.notes) for title, tab in emu.book.tabs.items()}
        assert len(emu.writes()) == writes + 1
    assert (1, 0) not in notes["Tiến độ"] and notes["Tiến độ"][(2, 0)].startswith(NOTE_PREFIX)
    assert notes["Nhiệm vụ"] == {(1, 1): "ghi chú của văn phòng"}


def test_the_check_tab_is_not_read_back_as_data(sample):
    emu, source = sample
    _check(source)
    before = len(emu.requests)
    main(["validate", source])
    batch_get = next(r for r in emu.requests[before:] if r.path.endswith("values:batchGet"))
    assert "'Kiểm tra'" not in batch_get.query["ranges"]


def test_a_check_time_is_vietnam_time():
    from cchc.sheet.check import check_lines
    from cchc.validate.plan import load_plan
    from tests.support.plans import raw_source

    plan = load_plan(raw_source(plan_tabs()), 2017)
    lines = check_lines(plan, datetime(2017, 6, 1, 7, 5, tzinfo=VIETNAM))
    assert lines[1][0]["userEnteredValue"]["stringValue"] == "01/06/2017 07:05"


def test_init_grows_an_empty_narrow_tab_before_writing_its_headers(monkeypatch):
    with Emulator({"Tiến độ": []}, min_grid=(5, 3)) as emu:
        assert main(["sheet", "init", _serve(monkeypatch, emu)]) == 0
        assert emu.grid("Tiến độ") == [PROGRESS_HEADER + PROGRESS_HEADER_REV2]
        size = emu.book.tabs["Tiến độ"].info
    assert (size.rows, size.cols) == (1000, 14)


def test_a_renamed_required_column_over_existing_rows_is_a_conflict(monkeypatch, capsys):
    tabs = plan_tabs(progress=[progress_row("03/01/2017", "1", "TTTK")])
    tabs["Tiến độ"][0] = ["Ngày cập nhật", "Mã NV", *PROGRESS_HEADER[2:]]
    with Emulator(tabs) as emu:
        assert main(["sheet", "init", _serve(monkeypatch, emu)]) == 1
        assert emu.writes() == []
    out = capsys.readouterr().out
    assert "thiếu cột bắt buộc «Mã nhiệm vụ»" in out and "«Mã NV»" in out


def test_a_form_responses_tab_is_left_as_the_form_made_it(monkeypatch):
    tabs = plan_tabs()
    del tabs["Tiến độ"]
    tabs["Câu trả lời biểu mẫu 1"] = [["Dấu thời gian", "Mã nhiệm vụ", "Đơn vị", "Trạng thái"]]
    tabs["Câu trả lời biểu mẫu 1"].append(["03/01/2017 08:00:00", "1", "TTTK", "Đang thực hiện"])
    with Emulator(tabs) as emu:
        before = emu.grid("Câu trả lời biểu mẫu 1")
        assert main(["sheet", "init", _serve(monkeypatch, emu)]) == 0
        form = emu.book.tabs["Câu trả lời biểu mẫu 1"]
        assert emu.grid("Câu trả lời biểu mẫu 1") == before
        assert (form.validations, form.protected, form.frozen_rows) == ([], [], 0)
        assert "Tiến độ" not in emu.book.tabs


def test_a_write_google_refuses_is_explained_with_googles_reason(blank, capsys):
    emu, source = blank
    emu.fail_next(400, message="You are trying to edit a protected cell or object.", match=":batchUpdate")
    assert main(["sheet", "init", source]) == 2
    err = capsys.readouterr().err
    assert "Không ghi được [gsheet.rejected]" in err and "protected cell" in err and "Không ô nào" in err
