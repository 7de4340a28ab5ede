"""`sheet init`, decided without IO: from what a spreadsheet holds to the requests that set it up.

For each template tab (SPEC §2): create it when it is missing (headers in row 1, frozen), or
write headers into an existing tab that is still empty; in a tab that has a header row, add the
missing columns' headers in the first empty columns to the right. Then freeze the header row,
protect it with a warning, and set each column's data validation (`cchc.sheet.rules`).
Anything already in place is left alone, so a second run plans no request at all. A header row
that cannot be read safely (none in the first 5 rows, a column named twice, a column to add
whose cells below already hold data) is a conflict: the whole run stops and nothing is sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import pandas as pd

from cchc.sheet import requests as req
from cchc.sheet.rules import LOOKUP_TABS, rules_for
from cchc.sources.base import RawSource, RawTab
from cchc.validate.cells import blank
from cchc.validate.table import Table, locate_tabs, read_table
from cchc.vocab.a1 import column_letter
from cchc.vocab.schema import CHECK_TAB, FORM_TABS, SETTINGS, SETTINGS_KEYS, TABS, TabSpec
from cchc.vocab.text import loose_key

_FORM_KEYS = {loose_key(name) for name in FORM_TABS}
HEADER_NOTE = "CCHC: dòng tiêu đề (đổi tên cột làm chương trình không đọc được dữ liệu)"


@dataclass(frozen=True)
class SheetTab:
    """What `sheet init` needs to know of one existing tab."""

    title: str
    sheet_id: int
    rows: int
    cols: int
    frozen: int
    grid: pd.DataFrame  # text as shown, index = 1-based sheet rows
    rules: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)  # 0-based cell → rule
    protected: tuple[dict[str, Any], ...] = ()  # GridRanges of the tab's protected ranges


@dataclass(frozen=True)
class Placed:
    """Where a template tab is (or will be): its id, title, header row (1-based), columns (0-based)."""

    spec: TabSpec
    sheet_id: int
    title: str
    header_row: int
    columns: dict[str, int]
    rows: int


@dataclass
class InitPlan:
    """The requests to send (in order), a line per change for the user, or the conflicts."""

    requests: list[req.Request] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    def add(self, request: req.Request, change: str) -> None:
        self.requests.append(request)
        self.changes.append(change)


def _header_cells(names: list[str]) -> list[list[dict[str, Any]]]:
    return [[req.text_cell(name, bold=True) for name in names]]


def _settings_rows() -> list[list[dict[str, Any]]]:
    """A new `Cấu hình` tab lists every key with its default and meaning, ready to fill in."""
    return [
        [req.text_cell(s.key), req.text_cell(s.default or ""), req.text_cell(s.meaning)]
        for s in SETTINGS_KEYS
    ]


def _fresh(spec: TabSpec, sheet_id: int, title: str, plan: InitPlan, size: tuple[int, int]) -> Placed:
    """Headers (and, for `Cấu hình`, every key) written into a new or empty tab, grown to fit first."""
    names = [f.header for f in spec.fields] + (["Ý nghĩa"] if spec is SETTINGS else [])
    lines = _header_cells(names) + (_settings_rows() if spec is SETTINGS else [])
    rows, cols = size
    if cols < len(names):
        plan.add(
            req.append_columns(sheet_id, len(names) - cols),
            f"Thêm {len(names) - cols} cột vào trang tính «{title}».",
        )
    if rows < req.NEW_TAB_ROWS:
        more, rows = req.NEW_TAB_ROWS - rows, req.NEW_TAB_ROWS
        plan.add(req.append_rows(sheet_id, more), f"Thêm {more} dòng trống vào trang tính «{title}».")
    cells = "userEnteredValue,userEnteredFormat.textFormat.bold"
    plan.add(
        req.write_cells(sheet_id, 0, 0, lines, cells),
        f"Ghi dòng tiêu đề vào trang tính «{title}»: {', '.join(names)}.",
    )
    return Placed(spec, sheet_id, title, 1, {f.key: i for i, f in enumerate(spec.fields)}, rows)


def _create(spec: TabSpec, taken: set[int], plan: InitPlan) -> Placed:
    sheet_id = req.new_sheet_id(spec.title, taken)
    plan.add(req.add_sheet(sheet_id, spec.title, len(spec.fields) + 1), f"Tạo trang tính «{spec.title}».")
    return _fresh(spec, sheet_id, spec.title, plan, (req.NEW_TAB_ROWS, req.NEW_TAB_COLS))


def _add_headers(
    tab: SheetTab, header_row: int, columns: dict[str, int], spec: TabSpec, plan: InitPlan
) -> None:
    """Headers for the template columns a tab lacks, in the first empty columns to the right."""
    missing = [f for f in spec.fields if f.key not in columns]
    if not missing:
        return
    header = pd.Series(list(tab.grid.loc[header_row]))
    start = max((i for i, empty in enumerate(blank(header)) if not empty), default=-1) + 1
    for col, spec_field in enumerate(missing, start=start):
        if col < tab.grid.shape[1] and not blank(tab.grid[col]).all():
            letter = column_letter(col)
            plan.conflicts.append(
                f"Trang tính «{tab.title}»: cần thêm cột «{spec_field.header}» ở cột {letter}, "
                f"nhưng cột {letter} "
                "đã có dữ liệu mà không có tiêu đề. Hãy đặt tiêu đề cho cột đó hoặc chuyển dữ liệu đi."
            )
        columns[spec_field.key] = col
    more = start + len(missing) - tab.cols
    if more > 0:
        plan.add(req.append_columns(tab.sheet_id, more), f"Thêm {more} cột vào trang tính «{tab.title}».")
    names = [f.header for f in missing]
    cells = "userEnteredValue,userEnteredFormat.textFormat.bold"
    request = req.write_cells(tab.sheet_id, header_row - 1, start, _header_cells(names), cells)
    where = f"{column_letter(start)}{header_row}"
    plan.add(request, f"Thêm tiêu đề {', '.join(names)} vào trang tính «{tab.title}» từ ô {where}.")


def _renamed(tab: SheetTab, table: Table, plan: InitPlan) -> None:
    """A required column missing over existing rows is a conflict: adding an empty one would orphan them."""
    lacking = [f.header for f in table.spec.fields if f.required and f.key not in table.columns]
    if not lacking or table.rows.empty:
        return
    header = list(tab.grid.loc[table.header_row])
    known = set(table.columns.values())
    others = [str(v).strip() for i, v in enumerate(header) if i not in known and str(v).strip()]
    unread = f" Các tiêu đề chưa nhận ra: {', '.join(f'«{o}»' for o in others)}." if others else ""
    names = ", ".join(f"«{h}»" for h in lacking)
    plan.conflicts.append(
        f"Trang tính «{tab.title}» đã có dữ liệu nhưng thiếu cột bắt buộc {names}.{unread} "
        "Hãy đổi tên cột đó theo mẫu (ví dụ «Mã NV» thành «Mã nhiệm vụ») rồi chạy lại."
    )


def _extend(spec: TabSpec, tab: SheetTab, plan: InitPlan) -> Placed | None:
    """An existing tab with content: its header row, plus headers for the missing columns."""
    table, issues = read_table(spec, RawTab(tab.title, tab.grid, tab.sheet_id))
    if table is None:
        if spec.required:  # an optional tab of the user's own that bears the name is left alone
            text = f"Trang tính «{tab.title}» có dữ liệu nhưng không có dòng tiêu đề trong 5 dòng đầu."
            plan.conflicts.append(text)
        return None
    for issue in issues:
        if issue.code == "header.duplicate":
            plan.conflicts.append(f"Trang tính «{tab.title}», ô {issue.cell}: {issue.text}")
    _renamed(tab, table, plan)
    columns = dict(table.columns)
    _add_headers(tab, table.header_row, columns, spec, plan)
    return Placed(spec, tab.sheet_id, tab.title, table.header_row, columns, tab.rows)


def _empty(grid: pd.DataFrame) -> bool:
    return all(blank(grid[col]).all() for col in grid.columns)


def _place(spec: TabSpec, tab: SheetTab | None, taken: set[int], plan: InitPlan) -> Placed | None:
    if tab is None:
        return _create(spec, taken, plan)
    if _empty(tab.grid):
        return _fresh(spec, tab.sheet_id, tab.title, plan, (tab.rows, tab.cols))
    return _extend(spec, tab, plan)


def _covers(grid: dict[str, Any], row: int) -> bool:
    """Whether a protected GridRange holds the whole of row `row` (0-based)."""
    top, bottom = grid.get("startRowIndex", 0), grid.get("endRowIndex")
    return top <= row and (bottom is None or row < bottom) and "startColumnIndex" not in grid


def _frame(placed: Placed, tab: SheetTab | None, plan: InitPlan) -> Placed:
    """Freeze and protect the header row where it is not yet; room for data rows below it."""
    if placed.rows < req.NEW_TAB_ROWS:
        more = req.NEW_TAB_ROWS - placed.rows
        said = f"Thêm {more} dòng trống vào trang tính «{placed.title}»."
        plan.add(req.append_rows(placed.sheet_id, more), said)
        placed = replace(placed, rows=req.NEW_TAB_ROWS)
    frozen = tab.frozen if tab is not None else 1
    if frozen < placed.header_row:
        plan.add(
            req.freeze_rows(placed.sheet_id, placed.header_row),
            f"Cố định dòng tiêu đề trang tính «{placed.title}».",
        )
    guarded = tab is not None and any(_covers(g, placed.header_row - 1) for g in tab.protected)
    if not guarded:
        plan.add(
            req.protect_row(placed.sheet_id, placed.header_row - 1, HEADER_NOTE),
            f"Bảo vệ dòng tiêu đề trang tính «{placed.title}» (chỉ cảnh báo khi sửa).",
        )
    return placed


def _lookup(placed: dict[str, Placed], target: tuple[str, ...]) -> str | None:
    spec = LOOKUP_TABS[target[0]]
    where = placed.get(spec.sheet)
    if where is None:
        return None
    letter = column_letter(where.columns[target[1]])
    return f"{req.quoted(where.title)}!${letter}${where.header_row + 1}:${letter}"


def _validate(placed: Placed, tab: SheetTab | None, everything: dict[str, Placed], plan: InitPlan) -> None:
    """Set each column rule whose first and last data cells do not already carry it."""
    first, last = placed.header_row, placed.rows - 1
    for rule in rules_for(placed.spec):
        lookup = _lookup(everything, rule.values) if rule.kind == "lookup" else None
        if rule.kind == "lookup" and lookup is None:
            continue
        wanted = req.validation_rule(rule, lookup)
        col = placed.columns[rule.field]
        found = tab.rules if tab is not None else {}
        if req.same_rule(found.get((first, col)), wanted) and req.same_rule(found.get((last, col)), wanted):
            continue
        header = next(f.header for f in placed.spec.fields if f.key == rule.field)
        letter = column_letter(col)
        plan.add(
            req.set_validation(placed.sheet_id, first, col, wanted),
            f"Kiểm tra dữ liệu cột «{header}» trang tính «{placed.title}» ({letter}{first + 1}:{letter}).",
        )


def plan_init(tabs: list[SheetTab], read_at: datetime) -> InitPlan:
    """The requests that set a spreadsheet up (none when it already is), or its conflicts."""
    plan = InitPlan()
    raw = tuple(RawTab(t.title, t.grid, t.sheet_id) for t in tabs if t.title != CHECK_TAB)
    found, _ = locate_tabs(RawSource("gsheet", "", raw, read_at))
    by_title = {t.title: t for t in tabs}
    taken = {t.sheet_id for t in tabs}
    placed: dict[str, Placed] = {}
    for spec in TABS:
        tab = by_title[found[spec.sheet].title] if spec.sheet in found else None
        if tab is not None and loose_key(tab.title) in _FORM_KEYS:
            continue  # a Google Form writes that tab: its columns are the form's questions
        where = _place(spec, tab, taken, plan)
        if where is not None:
            placed[spec.sheet] = _frame(where, tab, plan)
    for sheet, where in placed.items():
        _validate(where, by_title.get(where.title) if sheet in found else None, placed, plan)
    if plan.conflicts:
        return InitPlan(conflicts=plan.conflicts)
    return plan
