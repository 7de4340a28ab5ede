"""«Bảng tổng hợp»: the plan at an as-of date as an office workbook for a clerk (SPEC §10).

Vietnamese words only, real dates and numbers, the pages' risk colours; the same status always
gives the same bytes (the only time inside is one derived from the as-of date). The sheets are
built in `office_sheets` and `office_frames`, written and saved by `office_cells`.
"""

from __future__ import annotations

import re
from datetime import date

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from cchc.access.roles import canonical_unit
from cchc.assess.status import Status
from cchc.present import office_frames, office_sheets
from cchc.present.office_cells import book_bytes, write_tables

SHEETS = ("Tổng quan", "Nhiệm vụ", "Phần việc", "Tham gia", "Kết quả đơn vị", "Sản phẩm", "Lỗi dữ liệu")
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def summary_book_name(as_of: date, unit: str | None = None) -> str:
    """The workbook's file name: `Bang-tong-hop_2017-06-14.xlsx` (and the unit's code after the date)."""
    suffix = f"_{re.sub(r'[^A-Za-z0-9-]', '', unit)}" if unit else ""
    return f"Bang-tong-hop_{as_of:%Y-%m-%d}{suffix}.xlsx"


def summary_book(status: Status, unit: str | None = None) -> bytes:
    """«Bảng tổng hợp» (.xlsx) of `status`; with `unit`, only that unit's parts, contributions, results
    and the issues of its rows, and the tasks (with their outputs) it leads or supports."""
    code = (canonical_unit(unit, status.plan.units.units) or unit.strip()) if unit else None
    book = Workbook()
    book.remove(book.active)
    office_sheets.overview(book.create_sheet(SHEETS[0]), status, code)
    sheets = [
        [office_sheets.tasks(status, code)],
        [office_sheets.parts(status, code)],
        [office_sheets.contributions(status, code)],
        [office_sheets.scorecards(status, code)],
        office_frames.outputs(status, code),
        [office_frames.issues(status, code)],
    ]
    for title, tables in zip(SHEETS[1:], sheets, strict=True):
        sheet = book.create_sheet(title)
        write_tables(sheet, tables, 1)
        sheet.freeze_panes = "A2"
        first = tables[0]
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(first.headers))}{len(first.rows) + 1}"
    return book_bytes(book, status.as_of)
