"""One progress row from the dashboard's update page (SPEC §12): checked as a sheet row, then appended.

`check_update` places the row under the `Tiến độ` tab of the read source, exactly as the sheet
would hold it, and validates the whole plan again with the reading rules of §3–§4: the row's
issues are the ones a unit typing it into the sheet would get. `append_update` adds it: one
`values.append` for a Google Sheet, an atomic append for a CSV folder; other sources are
read-only. Columns are placed by the tab's own header row, read again just before writing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TypeVar

import pandas as pd

from cchc.sheet.append_google import post_append, progress_tab
from cchc.sources.base import RawSource, RawTab, SourceError
from cchc.sources.csv_folder import append_line, read_csv_folder, tab_file
from cchc.sources.spec import GoogleAccess, SourceSpec
from cchc.validate.plan import load_plan
from cchc.validate.table import Table, locate_tabs, read_table
from cchc.vocab.issues import ERROR
from cchc.vocab.labels import STATE_NAMES, vn_number
from cchc.vocab.schema import PROGRESS
from cchc.vocab.text import first_upper

T = TypeVar("T")
READ_ONLY = {
    "sample": "Đây là dữ liệu mẫu đi kèm chương trình, chỉ để xem: không ghi thêm được dòng nào.",
    "xlsx": "Nguồn dữ liệu là một tệp .xlsx, chỉ để đọc: hãy cập nhật trong tệp đó.",
    "snapshot": "Nguồn dữ liệu là một bản chốt số liệu, chỉ để đọc: bản chốt không bao giờ được sửa.",
}
DATE_FIELDS = ("date", "completed_on")
NUMBER_FIELDS = ("count", "attendance")
_FIELD_OF = {  # an issue code's first part → the form field it is shown on
    "date": "date",
    "task": "task",
    "unit": "unit",
    "state": "state",
    "percent": "percent",
    "count": "count",
    "channel": "channel",
    "measure": "measure",
    "attendance": "attendance",
    "link": "evidence",
    "completion": "completed_on",
    "progress": "result",
}


@dataclass(frozen=True)
class Update:
    """One progress row as the form gives it; `state` is a state key (`in_progress`…)."""

    day: date
    task_id: str
    unit: str
    state: str
    reporter: str
    percent: float | None = None
    result: str = ""
    channel: str | None = None
    measure: str | None = None
    count: int | None = None
    attendance: int | None = None
    evidence: str = ""
    completed_on: date | None = None
    note: str = ""

    def cells(self) -> dict[str, str]:
        """Field key → the cell's text as a unit would type it (dates dd/mm/yyyy, `50,5`)."""
        texts = {
            "date": f"{self.day:%d/%m/%Y}",
            "task": self.task_id,
            "unit": self.unit,
            "state": STATE_NAMES[self.state],
            "percent": vn_number(self.percent) if self.percent is not None else "",
            "result": self.result.strip(),
            "channel": self.channel or "",
            "count": "" if self.count is None else str(self.count),
            "evidence": self.evidence.strip(),
            "note": self.note.strip(),
            "reporter": self.reporter,
            "completed_on": f"{self.completed_on:%d/%m/%Y}" if self.completed_on else "",
            "measure": self.measure or "",
            "attendance": "" if self.attendance is None else str(self.attendance),
        }
        return {key: text for key, text in texts.items() if text}

    def entered(self) -> dict[str, str | int]:
        """Field key → what a Google Sheet is sent with USER_ENTERED: dates as ISO (read as dates in
        every locale), the percent as `50%` (right in a %-formatted column too), counts as numbers,
        and text after an apostrophe, so that it stays text exactly as typed (`=…`, `1/2`, `001`)."""
        dates = {"date": self.day, "completed_on": self.completed_on}
        sent: dict[str, str | int] = {}
        for key, text in self.cells().items():
            if key in DATE_FIELDS:
                sent[key] = f"{dates[key]:%Y-%m-%d}"
            elif key == "percent" and self.percent is not None:
                sent[key] = f"{self.percent:g}%"
            elif key in NUMBER_FIELDS:
                sent[key] = int(text)
            else:
                sent[key] = f"'{text}"
        return sent


@dataclass(frozen=True)
class Checked:
    """The row's problems: error messages by form field (nothing may be written while any), warnings."""

    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    contribution: bool = False  # the unit is neither lead nor support of the task

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Appended:
    """Where the row went (its sheet row when known) and the cells written, in the tab's column order."""

    row: int | None
    line: list[str]


def read_only(kind: str) -> str | None:
    """Why a source of this kind cannot take a row, in words; None when it can (Google Sheet, CSV)."""
    if kind in ("gsheet", "csv"):
        return None
    return READ_ONLY.get(kind, "Nguồn dữ liệu này chỉ để đọc: không ghi thêm được dòng nào.")


def _progress_table(source: RawSource) -> tuple[RawTab, Table]:
    """The `Tiến độ` tab and its columns; SourceError when it or its required headers are missing."""
    tab = locate_tabs(source)[0].get("progress")
    table = read_table(PROGRESS, tab)[0] if tab is not None else None
    if tab is None or table is None:
        raise SourceError("tab.missing", "Bảng tính chưa có trang tính «Tiến độ» với dòng tiêu đề.")
    absent = [f.header for f in PROGRESS.fields if f.required and f.key not in table.columns]
    if absent:
        names = ", ".join(f"«{h}»" for h in absent)
        raise SourceError("header.missing", f"Trang tính «{tab.title}» thiếu cột {names}.")
    return tab, table


def _columns_or_raise(table: Table, cells: dict[str, str]) -> None:
    """SourceError (the first missing column's message) when a filled field has no column in the tab."""
    missing = _missing_columns(table, cells)
    if missing:
        raise SourceError("header.missing", next(iter(missing.values()))[0])


def _missing_columns(table: Table, cells: dict[str, str]) -> dict[str, list[str]]:
    """A filled field whose column the tab does not have: it could not be written."""
    headers = {f.key: f.header for f in PROGRESS.fields}
    return {
        key: [
            f"Trang tính «{table.title}» chưa có cột «{headers[key]}», nên không ghi được ô này. "
            "Hãy để trống, hoặc nhờ bộ phận tổng hợp thêm cột đó vào bảng tính."
        ]
        for key in cells
        if key not in table.columns
    }


def line_for(table: Table, width: int, cells: Mapping[str, T]) -> list[T | str]:
    """The row's cells in the tab's column order (other columns empty)."""
    line: list[T | str] = [""] * max(width, *(i + 1 for i in table.columns.values()))
    for key, text in cells.items():
        if key in table.columns:
            line[table.columns[key]] = text
    return line


def _with_row(source: RawSource, tab: RawTab, line: list[str]) -> tuple[RawSource, int]:
    """The source with `line` added under the tab's last row, and the row number it takes."""
    grid = tab.grid
    row = int(grid.index.max()) + 1 if len(grid) else 1
    added = pd.DataFrame([line], index=[row], columns=range(len(line)), dtype=object)
    joined = pd.concat([grid.astype(object), added]).fillna("")
    tabs = tuple(replace(t, grid=joined) if t is tab else t for t in source.tabs)
    return replace(source, tabs=tabs), row


def _field(code: str, column: str | None, table: Table) -> str:
    by_header = {header: key for key, header in table.headers.items()}
    return _FIELD_OF.get(code.split(".")[0]) or by_header.get(column or "", "result")


def check_update(source: RawSource, update: Update, fallback_year: int) -> Checked:
    """The row's issues under the rules of SPEC §3–§4, as if typed under the last row of `Tiến độ`."""
    try:
        tab, table = _progress_table(source)
    except SourceError as error:
        return Checked(errors={"": [error.message]})
    cells = update.cells()
    missing = _missing_columns(table, cells)
    if missing:
        return Checked(errors=missing)
    line = [str(cell) for cell in line_for(table, tab.grid.shape[1], cells)]
    added, row = _with_row(source, tab, line)
    issues = [i for i in load_plan(added, fallback_year).issues if i.sheet == "progress" and i.row == row]
    errors: dict[str, list[str]] = {}
    warnings: dict[str, list[str]] = {}
    for issue in issues:
        if issue.code == "unit.not_assigned":
            continue  # the page says it is a contribution; nothing to fix
        found = errors if issue.severity == ERROR else warnings
        found.setdefault(_field(issue.code, issue.column, table), []).append(first_upper(issue.text))
    contribution = any(i.code == "unit.not_assigned" for i in issues)
    return Checked(errors, warnings, contribution)


def _append_csv(folder: Path, cells: dict[str, str]) -> Appended:
    source = read_csv_folder(folder)
    tab, table = _progress_table(source)
    path = tab_file(folder, tab.title)
    if path is None:
        raise SourceError("source.not_found", f"Không tìm thấy tệp «{tab.title}.csv» trong thư mục nguồn.")
    _columns_or_raise(table, cells)
    line = [str(cell) for cell in line_for(table, tab.grid.shape[1], cells)]
    append_line(path, line)
    return Appended(len(tab.grid) + 1, line)


def _append_google(key: str, google: GoogleAccess, update: Update) -> Appended:
    tab, table = _progress_table(progress_tab(key, google))
    cells = update.cells()
    _columns_or_raise(table, cells)
    width = tab.grid.shape[1]
    last = max(len(tab.grid), table.header_row)  # Google leaves out the empty rows at the end
    row = post_append(key, google, tab.title, last, line_for(table, width, update.entered()))
    return Appended(row, [str(cell) for cell in line_for(table, width, cells)])


def append_update(spec: SourceSpec, kind: str, google: GoogleAccess, update: Update) -> Appended:
    """Add the row to the source's `Tiến độ` (never over another row); SourceError when it cannot."""
    refused = read_only(kind)
    if refused:
        raise SourceError("source.read_only", refused)
    if kind == "csv":
        return _append_csv(Path(spec.location).expanduser(), update.cells())
    if spec.sheet_id is None:
        raise SourceError("source.read_only", READ_ONLY["snapshot"])
    return _append_google(spec.sheet_id, google, update)
