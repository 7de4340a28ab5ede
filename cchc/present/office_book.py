"""«Bảng tổng hợp»: the plan at an as-of date as an office workbook for a clerk (SPEC §10).

Vietnamese words only, real dates and numbers, the pages' risk colours; the same status always
gives the same bytes (the only time inside is one derived from the as-of date).
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from cchc.access.roles import canonical_unit
from cchc.assess.schedule import Report
from cchc.assess.status import Status
from cchc.present.deadline_views import outputs_table, targets_table
from cchc.present.quality import issues_table
from cchc.present.views import NO_ROW, Counts, part_counts, phrase, short, task_count_note, task_counts
from cchc.vocab.labels import REPORT_LABELS, RISK_COLORS, RISK_LABELS, ROLE_LABELS, STATE_NAMES
from cchc.vocab.terms import SEVERITY, Role

SHEETS = ("Tổng quan", "Nhiệm vụ", "Phần việc", "Tham gia", "Kết quả đơn vị", "Sản phẩm", "Lỗi dữ liệu")
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RISK_COLUMN = "Tình trạng"

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")  # the sheet template's header colour
_RISK_FILLS = {
    RISK_LABELS[r]: PatternFill("solid", fgColor=f"FF{c.lstrip('#').upper()}") for r, c in RISK_COLORS.items()
}
_DARK = {"overdue", "paused", "on_track", "done_on_time"}  # white text on these, as ui/fmt.py does
_RISK_FONTS = {RISK_LABELS[r]: Font(color="FFFFFF" if r in _DARK else "000000") for r in RISK_COLORS}
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
    _overview(book.create_sheet(SHEETS[0]), status, code)
    sheets = [
        [_tasks(status, code)],
        [_parts(status, code)],
        [_contributions(status, code)],
        [_scorecards(status, code)],
        _outputs(status, code),
        [_issues(status, code)],
    ]
    for title, tables in zip(SHEETS[1:], sheets, strict=True):
        sheet = book.create_sheet(title)
        _write(sheet, tables, 1)
        sheet.freeze_panes = "A2"
        first = tables[0]
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(first.headers))}{len(first.rows) + 1}"
    return _save(book, status.as_of)


def _names(status: Status) -> dict[str, str]:
    return {code: u.name for code, u in status.plan.units.units.items()}


def _task_no(task_id: str) -> str | int:
    """A task's number as a number when it is one (Excel flags numbers kept as text)."""
    return int(task_id) if task_id.isdigit() else task_id


def _scope(status: Status, unit: str | None) -> set[str]:
    """The tasks a unit leads or supports (every task without a unit)."""
    return {t.task_id for t in status.plan.tasks if unit is None or unit in t.units}


def _overview(sheet: Worksheet, status: Status, unit: str | None) -> None:
    plan = status.plan
    sheet["A1"] = plan.settings.title or f"Kế hoạch năm {plan.year}"
    sheet["A1"].font = Font(bold=True, size=14)
    facts: list[tuple[str, Value]] = [("Tính đến ngày", status.as_of)]
    if unit:
        facts.append(("Đơn vị", _names(status).get(unit, unit)))
    for row, (label, value) in enumerate(facts, start=2):
        sheet.cell(row, 1, label).font = Font(bold=True)
        _put(sheet.cell(row, 2), value, label)
    tasks = "Nhiệm vụ đơn vị chủ trì" if unit else "Nhiệm vụ"
    note = task_count_note(unit).rstrip(".")
    once = f" ({note[:1].lower()}{note[1:]})"
    parts = "Phần việc của đơn vị" if unit else "Phần việc của các đơn vị"
    tables = [
        _counts(task_counts(status, unit), tasks + once, "Số nhiệm vụ", "Tổng số nhiệm vụ"),
        _counts(part_counts(status, unit), parts, "Số phần việc", "Tổng số phần việc"),
        _reports(status.reports),
    ]
    _write(sheet, tables, len(facts) + 3)


def _counts(counts: Counts, title: str, header: str, total: str) -> Table:
    rows: list[list[Value]] = [[RISK_LABELS[r], counts.by_risk[r]] for r in SEVERITY]
    return Table([RISK_COLUMN, header], [*rows, [total, counts.total]], title, total=True)


def _sent_note(report: Report) -> str:
    if report.sent is not None:
        return "Đã gửi sau hạn" if report.late else "Đã gửi"
    if report.days_left < 0:
        return f"Chưa gửi, đã quá {-report.days_left} ngày"
    return f"Chưa gửi, còn {report.days_left} ngày" if report.days_left else "Chưa gửi, hôm nay là ngày cuối"


def _reports(reports: list[Report]) -> Table:
    headers = ["Báo cáo", "Số liệu từ ngày", "Đến ngày", "Hạn cuối", "Số văn bản", "Ngày gửi", "Ghi chú"]
    rows: list[list[Value]] = []
    for r in reports:
        sent = (r.sent.number, r.sent.date) if r.sent else (None, None)
        rows.append([REPORT_LABELS[r.kind], r.period_start, r.period_end, r.last_day, *sent, _sent_note(r)])
    return Table(headers, rows, "Báo cáo gửi Sở Nội vụ")


def _tasks(status: Status, unit: str | None) -> Table:
    risks = {t.task_id: t.risk for t in status.tasks}
    if unit is not None:  # the tasks a unit leads, each by its own part (as the counts on Tổng quan)
        risks |= {a.task_id: a.risk for a in status.assignments if a.unit == unit and a.role == Role.LEAD}
    names, scope = _names(status), _scope(status, unit)
    headers = ["STT", "Nội dung", "Thời gian", "Đơn vị chủ trì", "Đơn vị phối hợp", "Bắt đầu", "Hạn"]
    rows: list[list[Value]] = []
    for t in (t for t in status.plan.tasks if t.task_id in scope):
        leads, supports = ("; ".join(names.get(u, u) for u in units) for units in (t.leads, t.supports))
        risk = RISK_LABELS[risks[t.task_id]] if t.task_id in risks else None
        rows.append([_task_no(t.task_id), t.content, t.timeframe, leads, supports, t.start, t.due, risk])
    return Table([*headers, RISK_COLUMN], rows)


def _parts(status: Status, unit: str | None) -> Table:
    names, contents = _names(status), {t.task_id: t.content for t in status.tasks}
    headers = ["Nhiệm vụ", "Nội dung", "Đơn vị", "Phần việc", "Trạng thái", "Tiến độ", "Cập nhật gần nhất"]
    rows: list[list[Value]] = [
        [
            _task_no(a.task_id),
            short(contents.get(a.task_id, "")),
            names.get(a.unit, a.unit),
            ROLE_LABELS[a.role],
            STATE_NAMES.get(a.state or "", NO_ROW),
            a.percent,
            a.last_update,
            a.completed_on,
            RISK_LABELS[a.risk],
            phrase(a),
        ]
        for a in status.assignments
        if unit is None or a.unit == unit
    ]
    return Table([*headers, "Ngày hoàn thành", RISK_COLUMN, "Vì sao"], rows)


def _contributions(status: Status, unit: str | None) -> Table:
    names, contents = _names(status), {t.task_id: t.content for t in status.tasks}
    rows: list[list[Value]] = [
        [
            _task_no(c.task_id),
            short(contents.get(c.task_id, "")),
            names.get(c.unit, c.unit),
            c.rows,
            c.last_update,
        ]
        for c in status.contributions
        if unit is None or c.unit == unit
    ]
    return Table(["Nhiệm vụ", "Nội dung", "Đơn vị", "Số dòng", "Cập nhật gần nhất"], rows)


def _scorecards(status: Status, unit: str | None) -> Table:
    headers = ["Mã đơn vị", "Đơn vị", "Phần việc", *(RISK_LABELS[r] for r in SEVERITY), "Đúng hạn"]
    headers += ["Tỷ lệ đúng hạn", "Tham gia (nhiệm vụ)", "Cập nhật gần nhất", "Số ngày từ lần cập nhật cuối"]
    rows: list[list[Value]] = []
    for card in (c for c in status.units if unit is None or c.unit == unit):
        due = card.on_time_divisor  # the on-time rate is always shown with its numerator and divisor
        rate, on_time = (100 * card.on_time / due, f"{card.on_time}/{due}") if due else (None, None)
        rows.append(
            [
                card.unit,
                card.name,
                card.assignments,
                *(card.counts[r] for r in SEVERITY),
                on_time,
                rate,
                card.contributions,
                card.last_update,
                card.days_since_update,
            ]
        )
    return Table(headers, rows)


def _frame_rows(frame: pd.DataFrame, scope: set[str]) -> list[list[Value]]:
    """A view's rows as plain cells (numpy numbers as Python ones), only the tasks in `scope`."""
    kept = frame[frame["Nhiệm vụ"].isin(scope)].astype(object)
    rows = kept.where(kept.notna(), None).to_numpy().tolist()
    return [[_task_no(row[0]), *(v.item() if hasattr(v, "item") else v for v in row[1:])] for row in rows]


def _outputs(status: Status, unit: str | None) -> list[Table]:
    scope, outputs, targets = _scope(status, unit), outputs_table(status), targets_table(status)
    title = "Chỉ tiêu: sản phẩm của các đơn vị chủ trì, tính theo đơn vị tính chính của nhiệm vụ"
    return [
        Table(list(outputs.columns), _frame_rows(outputs, scope)),
        Table([*targets.columns[:-1], "Đạt"], _frame_rows(targets, scope), title),
    ]


def _issues(status: Status, unit: str | None) -> Table:
    names, issues = _names(status), issues_table(status.plan, unit)
    links = issues["Mở ô"] if "Mở ô" in issues.columns else pd.Series("", index=issues.index)
    headers = ["Mức", "Trang tính", "Ô", "Cột", "Đơn vị", "Vấn đề và cách sửa", "Giá trị"]
    rows: list[list[Value]] = [
        [
            level,
            tab,
            Link(cell, url) if url and cell else cell,
            column,
            names.get(who, who),
            text[:1].upper() + text[1:],
            value,
        ]
        for (level, tab, cell, column, who, text, value), url in zip(
            issues[headers].itertuples(index=False), links, strict=True
        )
    ]
    return Table(headers, rows)


def _write(sheet: Worksheet, tables: list[Table], row: int) -> None:
    """Each table from `row` down, a blank row between two; each column as wide as its widest use."""
    for table in tables:
        if table.title:
            sheet.cell(row, 1, table.title).font = Font(bold=True)
            row += 1
        for col, header in enumerate(table.headers, start=1):
            cell = sheet.cell(row, col, header)
            cell.font, cell.fill = Font(bold=True), _HEADER_FILL
            if header in _RISK_FILLS:  # a scorecard's count per risk: its header in the risk's colour
                cell.font, cell.fill = Font(bold=True, color=_RISK_FONTS[header].color), _RISK_FILLS[header]
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            width = sheet.column_dimensions[cell.column_letter]
            width.width = max(width.width or 0, _WIDTHS.get(header, 14))
        for values in table.rows:
            row += 1
            for col, (header, value) in enumerate(zip(table.headers, values, strict=True), start=1):
                _put(sheet.cell(row, col), value, header)
        if table.total:
            for cell in sheet[row]:
                cell.font = Font(bold=True)
        row += 2


def _put(cell: Cell, value: Value, header: str) -> None:
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


def _save(book: Workbook, as_of: date) -> bytes:
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
