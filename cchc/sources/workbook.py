"""Source adapter: an .xlsx workbook, checked against the reading limits, then read with python-calamine."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from cchc.sources.base import RawSource, RawTab
from cchc.sources.cell_issues import cell_issues
from cchc.sources.table_extent import table_grid
from cchc.sources.xlsx_guard import inspect_workbook, unreadable
from cchc.sources.xlsx_scan import SheetScan
from cchc.vocab.issues import Issue


def _as_percent_text(value: object) -> object:
    if isinstance(value, float) and math.isfinite(value):
        return f"{value * 100:g}%"
    return value


def _apply_percent(rows: list[list[Any]], cells: set[tuple[int, int]]) -> None:
    for row, col in cells:
        if row <= len(rows) and col < len(rows[row - 1]):
            rows[row - 1][col] = _as_percent_text(rows[row - 1][col])


def _apply_errors(rows: list[list[Any]], errors: dict[tuple[int, int], str]) -> None:
    """calamine reads a formula error as empty; the user sees its text (`#REF!`), so do we."""
    for (row, col), text in errors.items():
        if row <= len(rows) and col < len(rows[row - 1]):
            rows[row - 1][col] = text


def _formula_text(raw: object) -> str:
    return f"ô chứa lỗi công thức «{raw}». Hãy sửa công thức, hoặc gõ thẳng giá trị vào ô."


def _formula_errors(title: str, scan: SheetScan, rows: int, cols: int) -> list[Issue]:
    """An error per formula error cell kept in the table (a stray one is reported as stray)."""
    kept = sorted((row, col) for row, col in scan.errors if row <= rows and col < cols)
    return cell_issues(
        title, "cell.formula_error", [(r, c, scan.errors[r, c]) for r, c in kept], _formula_text
    )


def _read_tab(book: CalamineWorkbook, name: str, scan: SheetScan) -> tuple[RawTab, list[Issue]]:
    rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)  # the sheet's range is freed here
    _apply_percent(rows, scan.percents)
    _apply_errors(rows, scan.errors)
    grid, issues = table_grid(name, rows)
    return RawTab(name, grid), issues + _formula_errors(name, scan, *grid.shape)


def read_workbook(path: Path) -> RawSource:
    """Read every sheet of a workbook within the limits (limits.py), cells as the user sees them.

    Percent-formatted cells come as `N%`, formula errors as their text (`#REF!`, reported);
    stray cells far outside a tab's table are reported and left out.
    """
    scans = inspect_workbook(path)
    tabs: list[RawTab] = []
    issues: list[Issue] = []
    try:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            tab, found = _read_tab(book, name, scans.get(name, SheetScan()))
            tabs.append(tab)
            issues.extend(found)
    except (CalamineError, OSError, ValueError) as error:
        raise unreadable(path, type(error).__name__) from None
    return RawSource("xlsx", str(path), tuple(tabs), datetime.now().astimezone(), tuple(issues))
