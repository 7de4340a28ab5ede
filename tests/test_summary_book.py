"""«Bảng tổng hợp» (present.office_book): the office workbook a clerk opens, read back with openpyxl."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from streamlit.runtime.secrets import secrets_singleton
from streamlit.testing.v1 import AppTest

import ui.data
from cchc.assess.status import Status, assess
from cchc.present import part_counts, summary_book_name, task_counts
from cchc.present.office_book import summary_book
from cchc.sources import SAMPLE, open_source
from cchc.validate.plan import load_plan
from cchc.vocab.labels import RISK_COLORS, RISK_LABELS, ROLE_LABELS, SEVERITY_LABELS, STATE_NAMES
from cchc.vocab.terms import SEVERITY, Risk, Role
from tests.support.access import SECRETS
from tests.support.app import APP
from tests.support.plans import (
    AS_OF,
    PROGRESS_HEADER,
    PROGRESS_HEADER_REV2,
    TASKS,
    plan_tabs,
    progress_row,
    raw_source,
)

JUNE_14 = date(2017, 6, 14)
SHEETS = ["Tổng quan", "Nhiệm vụ", "Phần việc", "Tham gia", "Kết quả đơn vị", "Sản phẩm", "Lỗi dữ liệu"]
HEADERS = {
    "Nhiệm vụ": [
        "STT",
        "Nội dung",
        "Thời gian",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Bắt đầu",
        "Hạn",
        "Tình trạng",
    ],
    "Phần việc": [
        "Nhiệm vụ",
        "Nội dung",
        "Đơn vị",
        "Phần việc",
        "Trạng thái",
        "Tiến độ",
        "Cập nhật gần nhất",
        "Ngày hoàn thành",
        "Tình trạng",
        "Vì sao",
    ],
    "Tham gia": ["Nhiệm vụ", "Nội dung", "Đơn vị", "Số dòng", "Cập nhật gần nhất"],
    "Kết quả đơn vị": [
        "Mã đơn vị",
        "Đơn vị",
        "Phần việc",
        *(RISK_LABELS[r] for r in SEVERITY),
        "Đúng hạn",
        "Tỷ lệ đúng hạn",
        "Tham gia (nhiệm vụ)",
        "Cập nhật gần nhất",
        "Số ngày từ lần cập nhật cuối",
    ],
    "Sản phẩm": ["Nhiệm vụ", "Kênh", "Đơn vị tính", "Đơn vị chủ trì", "Đơn vị phối hợp", "Đơn vị tham gia"],
    "Lỗi dữ liệu": ["Mức", "Trang tính", "Ô", "Cột", "Đơn vị", "Vấn đề và cách sửa", "Giá trị"],
}
DARK = {"overdue", "paused", "on_track", "done_on_time"}  # white text on these, as on the pages


@pytest.fixture(scope="module")
def status() -> Status:
    return assess(load_plan(open_source(SAMPLE), 2017), JUNE_14)


@pytest.fixture(scope="module")
def book(status: Status) -> Workbook:
    return open_book(summary_book(status))


def messy_status() -> Status:
    """A small plan with a bit of everything: done late, overdue, paused, a half percent, a support
    unit, a contribution, a target, bad cells, text that looks like a formula and a control character
    (a workbook refuses it)."""
    tasks = [*TASKS, ["3", '=HYPERLINK("http://x") Tọa\x07 đàm', "Quý 2/2017", "PC", "", "", "", "5"]]
    progress = [
        progress_row("05/04/2017", 1, "TTTK", "Hoàn thành", "100", completed_on="02/04/2017"),
        progress_row("15/03/2017", 1, "VP", "Đang thực hiện", "50,5"),
        progress_row("01/10/2017", 2, "PC", "Đang thực hiện", channel="Trang TTĐT", count="3"),
        progress_row("02/10/2017", 2, "TTTK", "Đang thực hiện", channel="Trang TTĐT", count="4"),
        progress_row("03/10/2017", 2, "VP", "Không phát sinh"),
        progress_row("31/02/2017", 1, "TTTK"),
        progress_row("04/10/2017", 2, "XYZ"),
        progress_row("05/06/2017", 3, "PC", "Tạm dừng", note="Chờ ý kiến"),
        progress_row("06/06/2017", 3, "PC", "Đang thực hiện", "=2+3"),
    ]
    tabs = plan_tabs(progress=progress, tasks=tasks)
    tabs["Tiến độ"][0] = PROGRESS_HEADER + PROGRESS_HEADER_REV2
    return assess(load_plan(raw_source(tabs), 2017), AS_OF)


def open_book(data: bytes) -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def rows(sheet: Worksheet) -> list[dict[str, object]]:
    """A table sheet's rows under its header (up to the first empty row), by header."""
    header = [c.value for c in sheet[1]]
    found = []
    for values in sheet.iter_rows(min_row=2, values_only=True):
        if all(v is None for v in values):
            break
        found.append(dict(zip(header, values, strict=False)))
    return found


def count_tables(sheet: Worksheet) -> list[tuple[list[int], int]]:
    """The overview's count tables: each one's per-risk counts and its total."""
    found, numbers = [], None
    for label, value, *_ in sheet.iter_rows(values_only=True):
        if label == "Tình trạng":
            numbers = []
        elif numbers is not None and isinstance(label, str) and label.startswith("Tổng số"):
            found.append((numbers, value))
            numbers = None
        elif numbers is not None:
            numbers.append(value)
    return found


def test_the_book_has_its_seven_sheets_in_vietnamese(book):
    assert book.sheetnames == SHEETS


@pytest.mark.parametrize("title", list(HEADERS))
def test_each_table_has_a_bold_frozen_vietnamese_header_row(book, title):
    sheet = book[title]
    assert [c.value for c in sheet[1]] == HEADERS[title]
    assert all(c.font.b for c in sheet[1]) and sheet.freeze_panes == "A2"
    assert all(sheet.column_dimensions[c.column_letter].width >= 8 for c in sheet[1])


def test_long_text_columns_are_wide_and_wrapped(book):
    sheet = book["Nhiệm vụ"]
    assert sheet.column_dimensions["B"].width >= 50 and sheet["B2"].alignment.wrap_text


def test_every_units_part_has_its_row_with_the_pages_words_and_real_dates(book, status):
    names = status.plan.units.names()
    found = rows(book["Phần việc"])
    assert len(found) == len(status.assignments) == 9
    for row, part in zip(found, status.assignments, strict=True):
        assert row["Nhiệm vụ"] == int(part.task_id) and row["Đơn vị"] == names[part.unit]
        assert row["Phần việc"] == ROLE_LABELS[part.role] in ("Chủ trì", "Phối hợp")
        assert row["Trạng thái"] == STATE_NAMES[part.state] and row["Tình trạng"] == RISK_LABELS[part.risk]
        assert row["Cập nhật gần nhất"] == datetime.combine(part.last_update, datetime.min.time())
        done = part.completed_on
        assert row["Ngày hoàn thành"] == (datetime.combine(done, datetime.min.time()) if done else None)
        assert row["Tiến độ"] == (part.percent / 100 if part.percent is not None else None)
    assert [r["Vì sao"] for r in found if r["Tình trạng"] == "Chậm cập nhật"] == [
        "41 ngày chưa có dòng tiến độ mới, từ 04/05/2017 (chu kỳ 30 ngày)."
    ]


def test_dates_are_date_cells_shown_dd_mm_yyyy(book):
    overview = book["Tổng quan"]
    assert overview["B2"].value == datetime(2017, 6, 14) and overview["B2"].number_format == "dd/mm/yyyy"
    for title, column in (("Nhiệm vụ", "F"), ("Phần việc", "G"), ("Tham gia", "E")):
        cells = [c for c in book[title][column][1:] if c.value is not None]
        assert cells and all(c.is_date and c.number_format == "dd/mm/yyyy" for c in cells), title


def test_percents_are_numbers_with_a_percent_format():
    book = open_book(summary_book(messy_status()))
    parts = {(r["Nhiệm vụ"], r["Đơn vị"]): r for r in rows(book["Phần việc"])}
    assert parts[(1, "Văn phòng Sở")]["Tiến độ"] == 0.505
    assert parts[(1, "Trung tâm Thông tin và Thống kê KHCN")]["Tiến độ"] == 1
    formats = {c.value: c.number_format for c in book["Phần việc"]["F"][1:] if c.value is not None}
    assert formats == {0.505: "0.0%", 1: "0%"}
    card = next(r for r in rows(book["Kết quả đơn vị"]) if r["Mã đơn vị"] == "TTTK")
    assert (card["Đúng hạn"], card["Tỷ lệ đúng hạn"]) == ("0/1", 0)  # done late: 0 of 1 on time


def test_the_overview_counts_add_up_to_their_totals_and_match_the_status(book, status):
    (tasks, task_total), (parts, part_total) = count_tables(book["Tổng quan"])
    assert sum(tasks) == task_total == task_counts(status).total == 7
    assert sum(parts) == part_total == part_counts(status).total == 9
    assert tasks == [task_counts(status).by_risk[r] for r in SEVERITY]
    assert parts == [part_counts(status).by_risk[r] for r in SEVERITY]


def test_the_overview_lists_the_reports_with_their_last_day_and_what_was_sent(book):
    sheet = book["Tổng quan"]
    found = {
        row[0]: row
        for row in sheet.iter_rows(values_only=True)
        if row[0] in ("Báo cáo 6 tháng", "Báo cáo năm")
    }
    half, annual = found["Báo cáo 6 tháng"], found["Báo cáo năm"]
    assert half[3:7] == (datetime(2017, 6, 14), "112/BC-SKHCN", datetime(2017, 6, 13), "Đã gửi")
    assert annual[3:7] == (datetime(2017, 12, 14), None, None, "Chưa gửi, còn 183 ngày")


def test_the_risk_cells_wear_the_pages_colours(book):
    by_label = {RISK_LABELS[r]: r for r in RISK_COLORS}
    cells = [
        cell
        for sheet in book
        for column in sheet.iter_cols()
        for cell in column
        if cell.value in by_label and any(c.value == "Tình trạng" for c in column[: cell.row - 1])
    ]
    assert len(cells) > 20
    for cell in cells:
        risk = by_label[cell.value]
        assert cell.fill.fgColor.rgb[-6:] == RISK_COLORS[risk].lstrip("#").upper()
        assert cell.font.color.rgb[-6:] == ("FFFFFF" if risk in DARK else "000000")


def test_the_scorecards_write_on_time_as_numerator_and_divisor(book, status):
    cards = {r["Mã đơn vị"]: r for r in rows(book["Kết quả đơn vị"])}
    assert list(cards) == [c.unit for c in status.units]
    tttk = cards["TTTK"]
    assert (tttk["Đúng hạn"], tttk["Tỷ lệ đúng hạn"], tttk["Phần việc"]) == ("1/1", 1, 6)
    assert cards["PC"]["Đúng hạn"] is None and cards["CCTC"]["Cập nhật gần nhất"] is None
    for card in cards.values():
        assert sum(card[RISK_LABELS[r]] for r in SEVERITY) == card["Phần việc"]


def test_outputs_keep_lead_support_and_contributions_apart_and_targets_follow():
    book = open_book(summary_book(messy_status()))
    sheet = book["Sản phẩm"]
    assert rows(sheet) == [
        {
            "Nhiệm vụ": 2,
            "Kênh": "Trang TTĐT",
            "Đơn vị tính": "tin, bài",
            "Đơn vị chủ trì": 4,
            "Đơn vị phối hợp": 3,
            "Đơn vị tham gia": 0,
        }
    ]
    values = list(sheet.iter_rows(values_only=True))
    at = next(i for i, row in enumerate(values) if row[0] == "Nhiệm vụ" and row[2] == "Đã thực hiện")
    assert values[at][:5] == ("Nhiệm vụ", "Đơn vị tính", "Đã thực hiện", "Chỉ tiêu", "Đạt")
    assert values[at + 1][:5] == (2, "tin, bài", 4, 12, 0.333)


def test_the_issues_sheet_gives_level_cell_and_fix_without_internal_codes(book, status):
    issues = status.plan.issues
    found = rows(book["Lỗi dữ liệu"])
    assert len(found) == len(issues) == 17
    assert {r["Mức"] for r in found} == {SEVERITY_LABELS["error"], SEVERITY_LABELS["warning"]}
    assert [r["Ô"] for r in found] == [i.cell for i in issues]
    assert all(r["Vấn đề và cách sửa"][0].isupper() or r["Vấn đề và cách sửa"][0] == "«" for r in found)
    codes = {i.code for i in issues}
    assert not [c.value for s in book for row in s.iter_rows() for c in row if c.value in codes]


def test_the_issues_of_a_google_sheet_link_to_their_cells():
    raw = raw_source(plan_tabs(progress=[progress_row("31/02/2017", 1, "TTTK")]))
    key = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
    raw = replace(
        raw, name=f"gsheet:{key}", tabs=tuple(replace(t, gid=i * 11) for i, t in enumerate(raw.tabs))
    )
    book = open_book(summary_book(assess(load_plan(raw, 2017), AS_OF)))
    cell = book["Lỗi dữ liệu"]["C2"]
    assert cell.value == "A2"
    assert cell.hyperlink.target == f"https://docs.google.com/spreadsheets/d/{key}/edit#gid=33&range=A2"


# What a clerk must never read in a cell: the model's codes, Python's and pandas' words, a whole
# number written as a float («100.0»; a float cell holding 100.0 is written as 100 by openpyxl).
CODES = {*(r.value for r in Risk), *(r.value for r in Role), *STATE_NAMES}
NONE_LIKE = {"None", "nan", "NaN", "NaT", "null", "True", "False", "<NA>"}
CODE = re.compile(rf"(?<![\w.])(?:{'|'.join(sorted(CODES))})(?![\w.])")
WHOLE_FLOAT = re.compile(r"(?<![\w,.])\d+\.0(?![\w,.])")


def bad_cells(book: Workbook) -> list[tuple[str, str, object]]:
    bad = []
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                wrong = (
                    isinstance(value, bool)
                    or (isinstance(value, str) and (value.strip() in NONE_LIKE or not value.strip()))
                    or (isinstance(value, str) and bool(CODE.search(value) or WHOLE_FLOAT.search(value)))
                    or cell.data_type == "f"  # no formula: text that looks like one stays text
                )
                if wrong:
                    bad.append((sheet.title, cell.coordinate, value))
    return bad


@pytest.mark.parametrize("messy", [False, True], ids=["sample", "messy"])
def test_no_cell_holds_a_code_a_none_like_word_a_boolean_a_formula_or_a_whole_float(status, messy):
    book = open_book(summary_book(messy_status() if messy else status))
    assert not bad_cells(book)


def test_the_guard_against_bad_cells_catches_them():
    sheet = (book := openpyxl.Workbook()).active
    for value in ["in_progress", "Tình trạng: done_late", "None", "True", True, "100.0", "=1+1", " "]:
        sheet.append([value])
    sheet.append(["lead"])
    assert len(bad_cells(open_book(_saved(book)))) == 9
    fine = openpyxl.Workbook()
    fine.active.append(["Chủ trì", "Hoàn thành", "tin, bài", 0.505, 3, "2/3", "Lê Văn A", "50,5%", "v1.0.2"])
    assert not bad_cells(open_book(_saved(fine)))


def _saved(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_text_that_looks_like_a_formula_stays_text():
    book = open_book(summary_book(messy_status()))
    cell = book["Nhiệm vụ"]["B4"]
    assert cell.value == '=HYPERLINK("http://x") Tọa đàm' and cell.data_type == "s"
    assert "=2+3" in [r["Giá trị"] for r in rows(book["Lỗi dữ liệu"])]


@pytest.mark.parametrize("unit", ["PC", "pc"])
def test_a_units_book_holds_only_its_parts_contributions_results_and_issues(status, unit):
    book = open_book(summary_book(status, unit))
    name = "Bộ phận Pháp chế"
    assert book["Tổng quan"]["B3"].value == name
    (_, task_total), (_, part_total) = count_tables(book["Tổng quan"])
    assert (task_total, part_total) == (task_counts(status, "PC").total, part_counts(status, "PC").total)
    parts = rows(book["Phần việc"])
    assert [(r["Nhiệm vụ"], r["Phần việc"]) for r in parts] == [(5, "Phối hợp"), (7, "Chủ trì")]
    assert {r["Đơn vị"] for r in parts} == {name}
    assert [r["STT"] for r in rows(book["Nhiệm vụ"])] == [5, 7]
    assert [r["Mã đơn vị"] for r in rows(book["Kết quả đơn vị"])] == ["PC"]
    assert rows(book["Tham gia"]) == []
    issues = rows(book["Lỗi dữ liệu"])
    assert issues and {r["Đơn vị"] for r in issues} == {name}
    assert {r["Nhiệm vụ"] for r in rows(book["Sản phẩm"])} == {5, 7}


def test_a_unit_that_only_contributed_sees_its_contribution_and_no_one_elses(status):
    book = open_book(summary_book(status, "QLCN"))
    assert [(r["Nhiệm vụ"], r["Số dòng"]) for r in rows(book["Tham gia"])] == [(1, 1)]
    assert rows(book["Phần việc"]) == [] and rows(book["Nhiệm vụ"]) == []
    assert {r["Đơn vị"] for r in rows(book["Lỗi dữ liệu"])} <= {
        "Phòng Quản lý Công nghệ và Thị trường công nghệ"
    }


def test_an_unknown_unit_gets_an_empty_book_not_the_whole_plan(status):
    book = open_book(summary_book(status, "KHONGCO"))
    for title in ("Nhiệm vụ", "Phần việc", "Tham gia", "Kết quả đơn vị", "Sản phẩm", "Lỗi dữ liệu"):
        assert rows(book[title]) == [], title


def test_two_builds_of_the_same_status_are_byte_identical(status):
    first = summary_book(status)
    again = summary_book(assess(status.plan, JUNE_14))
    assert first == again
    properties = open_book(first).properties
    assert properties.created == properties.modified == datetime(2017, 6, 14)
    assert summary_book(status, "PC") == summary_book(status, "PC") != first


def test_the_file_name_carries_the_as_of_date_and_the_unit():
    assert summary_book_name(JUNE_14) == "Bang-tong-hop_2017-06-14.xlsx"
    assert summary_book_name(JUNE_14, "PC") == "Bang-tong-hop_2017-06-14_PC.xlsx"


# ---- the «Xuất dữ liệu» page ---------------------------------------------------------------------

EXPORT = "app_pages/export.py"
LABEL = "Tải bảng tổng hợp (Excel)"


def export_page(user: dict[str, object] | None = None, unit: str | None = None) -> AppTest:
    """The export page, as `user` (no sign-in without one), with `unit` chosen in the sidebar."""
    at = AppTest.from_file(APP, default_timeout=30)
    if user:
        at.user = user
    at.run()
    if unit is not None:
        at.sidebar.selectbox[0].set_value(unit).run()
    return at.switch_page(EXPORT).run()


def summary_caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if "cho bộ phận tổng hợp" in c.value)


def test_the_export_page_offers_the_book_for_the_unit_chosen_in_the_sidebar():
    at = export_page()
    assert not at.exception and LABEL in [b.proto.label for b in at.get("download_button")]
    assert summary_caption(at).startswith("Một bảng tính cho bộ phận tổng hợp")  # the whole plan
    at = export_page(unit="PC")
    assert "Một bảng tính của Bộ phận Pháp chế" in summary_caption(at)


@pytest.fixture
def signed_in(monkeypatch, tmp_path):
    """Sign-in turned on (tests.support.access's users); Streamlit's parsed secrets forgotten around it."""
    monkeypatch.setenv("CCHC_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    (tmp_path / ".streamlit").mkdir(exist_ok=True)
    (tmp_path / ".streamlit" / "secrets.toml").write_text(SECRETS, encoding="utf-8")
    secrets_singleton._reset()
    ui.data.load.clear()
    yield
    secrets_singleton._reset()
    ui.data.load.clear()


def test_a_unit_account_gets_only_its_own_units_book_whatever_the_sidebar_shows(signed_in):
    at = export_page({"is_logged_in": True, "email": "tttk@sokhcn.gov.vn"}, unit="")
    assert not at.exception and LABEL in [b.proto.label for b in at.get("download_button")]
    assert "Một bảng tính của Trung tâm Thông tin và Thống kê KHCN" in summary_caption(at)
