"""Tiny plans for tests: headers, rows and builders, raw tabs in memory or CSV folders on disk."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import openpyxl

from cchc.sources.base import RawSource, RawTab, grid_from_rows

UNIT_HEADER = ["Mã đơn vị", "Tên đơn vị", "Tên khác", "Người phụ trách", "Email"]
TASK_HEADER = [
    "Mã nhiệm vụ",
    "Nội dung",
    "Thời gian",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Hình thức",
    "Hạn hoàn thành",
    "Chỉ tiêu",
]
# Revision 2's optional columns, right of the ones above (the small plan has none of them)
TASK_HEADER_REV2 = ["Ngày bắt đầu", "Chu kỳ cập nhật"]
PROGRESS_HEADER = [
    "Ngày cập nhật",
    "Mã nhiệm vụ",
    "Đơn vị",
    "Trạng thái",
    "Tiến độ (%)",
    "Kết quả",
    "Kênh",
    "Số lượng",
    "Minh chứng",
    "Ghi chú",
    "Người cập nhật",
]
PROGRESS_HEADER_REV2 = ["Ngày hoàn thành", "Đơn vị tính", "Số người tham dự"]
UNITS = [
    ["TTTK", "Trung tâm Thông tin và Thống kê KHCN", "Trung tâm Thông tin", "Lê Văn A", ""],
    ["PC", "Bộ phận Pháp chế", "Pháp chế", "Trần Thị B", ""],
    ["VP", "Văn phòng Sở", "", "Nguyễn Văn C", ""],
]
TASKS = [
    ["1", "Tuyên truyền kế hoạch CCHC", "Quý 1/2017", "TTTK", "VP", "", "", ""],
    ["2", "Cập nhật thủ tục hành chính", "Thường xuyên", "TTTK", "PC", "", "", "12"],
]

Rows = list[list[object]]
# SPEC §8: an assignment's fields, in order (spelled out here, apart from cchc/serialize.py, on purpose)
# SPEC §5: the risk values, worst first (spelled out here too, apart from cchc/vocab/terms.py)
RISKS = [
    "overdue",
    "stale",
    "paused",
    "at_risk",
    "done_late",
    "not_started",
    "upcoming",
    "on_track",
    "done_on_time",
]
# SPEC §8: a report's fields, in order
REPORT_FIELDS = [
    "kind",
    "due",
    "last_day",
    "period_start",
    "period_end",
    "days_left",
    "unit_deadline",
    "sent",
    "late",
]
ASSIGNMENT_FIELDS = [
    "task_id",
    "unit",
    "role",
    "due",
    "ongoing",
    "state",
    "percent",
    "last_update",
    "completed_on",
    "risk",
]


def progress_row(
    day: str, task: object, unit: str, state: str = "Đang thực hiện", percent: object = "", **extra: object
) -> list[object]:
    """One `Tiến độ` row in canonical column order."""
    row: list[object] = [day, task, unit, state, percent, "", "", "", "", "", ""]
    columns = {"result": 5, "channel": 6, "count": 7, "evidence": 8, "note": 9, "reporter": 10}
    columns |= {"completed_on": 11, "measure": 12, "attendance": 13}  # under PROGRESS_HEADER_REV2
    if set(extra) & {"completed_on", "measure", "attendance"}:
        row += ["", "", ""]
    for key, value in extra.items():
        row[columns[key]] = value
    return row


def raw_source(tabs: dict[str, Rows]) -> RawSource:
    """A source from tab title → rows (first row usually the header)."""
    raw = tuple(RawTab(title, grid_from_rows(rows)) for title, rows in tabs.items())
    return RawSource("test", "test", raw, datetime(2017, 10, 1, 8, 0))


def plan_tabs(
    progress: Rows | None = None,
    tasks: Rows | None = None,
    units: Rows | None = None,
    settings: Rows | None = None,
) -> dict[str, Rows]:
    """A small valid plan's tabs, with any part replaced."""
    return {
        "Cấu hình": [["Khóa", "Giá trị"], ["nam", "2017"], *(settings or [])],
        "Đơn vị": [UNIT_HEADER, *(UNITS if units is None else units)],
        "Nhiệm vụ": [TASK_HEADER, *(TASKS if tasks is None else tasks)],
        "Tiến độ": [PROGRESS_HEADER, *(progress or [])],
    }


def write_csv_folder(folder: Path, tabs: dict[str, Rows]) -> Path:
    """Write tabs as a CSV folder source (UTF-8, one file per tab)."""
    folder.mkdir(parents=True, exist_ok=True)
    for title, rows in tabs.items():
        with (folder / f"{title}.csv").open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    return folder


AS_OF = date(2017, 10, 15)


def write_workbook(
    path: Path, tabs: dict[str, Rows], formats: dict[tuple[str, str], str] | None = None
) -> Path:
    """Write tabs as an .xlsx workbook (values typed as given; `formats` sets number formats by cell)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in tabs.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    for (title, cell), number_format in (formats or {}).items():
        book[title][cell].number_format = number_format
    book.save(path)
    return path
