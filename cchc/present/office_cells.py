"""How «Bảng tổng hợp» is written: its tables into sheets cell by cell, then its bytes, fixed by
the as-of date."""

from __future__ import annotations

import io
import math
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from cchc.vocab.labels import DARK_RISKS, RISK_COLORS, RISK_LABELS

RISK_COLUMN = "Tình trạng"

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")  # the sheet template's header colour
_RISK_FILLS = {
    RISK_LABELS[r]: PatternFill("solid", fgColor=f"FF{c.lstrip('#').upper()}") for r, c in RISK_COLORS.items()
}
_RISK_FONTS = {RISK_LABELS[r]: Font(color="FFFFFF" if r in DARK_RISKS else "000000") for r in RISK_COLORS}
_WRAP = Alignment(wrap_text=True, vertical="top")
# A column looks the same on every sheet, by its header: its width, long text wrapped, and percents
# (a value 0–100, written as a number with a % format).
_WRAPPED = {
    "Nội dung",
    "Vì sao",
    "Vấn đề và cách sửa",
    "Giá trị",
    "Đơn vị",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
}
_WIDTHS = dict.fromkeys(_WRAPPED | {"Báo cáo", "Ghi chú", RISK_COLUMN}, 30)
_WIDTHS |= {"Nội dung": 55, "Vì sao": 55, "Vấn đề và cách sửa": 80, "Kênh": 22, "Cột": 20, "STT": 8, "Ô": 8}
_PERCENTS = {"Tiến độ", "Tỷ lệ đúng hạn", "Đạt"}


@dataclass(frozen=True)
class Link:
    """A cell's text that opens `url` (an issue's cell in the Google Sheet)."""

    text: str
    url: str


Value = str | int | float | date | Link | None


@dataclass
class Table:
    """Rows under one bold header row; `title` above it; `total`: the last row is the others' sum."""

    headers: list[str]
    rows: list[list[Value]] = field(default_factory=list)
    title: str = ""
    total: bool = False


def task_no(task_id: str) -> str | int:
    """A task's number as a number when it is one (Excel flags numbers kept as text)."""
    return int(task_id) if task_id.isdigit() else task_id


def write_tables(sheet: Worksheet, tables: list[Table], row: int) -> None:
    """Each table from `row` down, a blank row between two; each column as wide as its widest use."""
    for table in tables:
        if table.title:
            sheet.cell(row, 1, table.title).font = Font(bold=True)
            row += 1
        _write_headers(sheet, table.headers, row)
        for values in table.rows:
            row += 1
            for col, (header, value) in enumerate(zip(table.headers, values, strict=True), start=1):
                put(sheet.cell(row, col), value, header)
        if table.total:
            for cell in sheet[row]:
                cell.font = Font(bold=True)
        row += 2


def _write_headers(sheet: Worksheet, headers: list[str], row: int) -> None:
    """A table's bold header row; each column widened to what its header needs."""
    for col, header in enumerate(headers, start=1):
        cell = sheet.cell(row, col, header)
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
        if header in _RISK_FILLS:  # a scorecard's count per risk: its header in the risk's colour
            cell.font, cell.fill = Font(bold=True, color=_RISK_FONTS[header].color), _RISK_FILLS[header]
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        width = sheet.column_dimensions[cell.column_letter]
        width.width = max(width.width or 0, _WIDTHS.get(header, 14))


def put(cell: Cell, value: Value, header: str) -> None:
    """One cell: text never read as a formula, dates and percents with their formats, risk colours."""
    link = value if isinstance(value, Link) else None
    if isinstance(value, Link):
        value = value.text
    plain = _plain(value)
    shown = "dd/mm/yyyy" if isinstance(plain, date) else ""
    if header in _PERCENTS and isinstance(plain, int | float):
        shown = "0%" if float(plain).is_integer() else "0.0%"
        plain = _plain(plain / 100)
    cell.value = plain
    if isinstance(plain, str) and cell.data_type == "f":
        cell.data_type = "s"  # text typed as «=…» never runs in Excel
    if shown:
        cell.number_format = shown
    if header in _WRAPPED:
        cell.alignment = _WRAP
    if link:
        cell.hyperlink, cell.style = link.url, "Hyperlink"
    if header == RISK_COLUMN and isinstance(plain, str) and plain in _RISK_FILLS:
        cell.fill, cell.font = _RISK_FILLS[plain], _RISK_FONTS[plain]


def _plain(value: str | int | float | date | None) -> str | int | float | date | None:
    """Empty for missing, whole numbers as integers, text without the characters a workbook refuses."""
    if isinstance(value, float):
        return None if math.isnan(value) else int(value) if value.is_integer() else value
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value).strip() or None
    return value


def book_bytes(book: Workbook, as_of: date) -> bytes:
    """The workbook's bytes, every time inside it (properties, zip entries) set from `as_of`."""
    moment = datetime.combine(as_of, time())
    book.properties.created = book.properties.modified = moment
    book.properties.creator, book.properties.title = "", f"Bảng tổng hợp tính đến {as_of:%d/%m/%Y}"
    first = io.BytesIO()
    with zipfile.ZipFile(first, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # not `book.save`: it stamps `modified` with the clock
    fixed = io.BytesIO()
    with zipfile.ZipFile(first) as written, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in written.infolist():
            stamped = zipfile.ZipInfo(entry.filename, moment.timetuple()[:6])
            stamped.compress_type, stamped.external_attr = zipfile.ZIP_DEFLATED, entry.external_attr
            archive.writestr(stamped, written.read(entry))
    return fixed.getvalue()
