"""Source adapter: an .xlsx workbook, read with python-calamine."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from cchc.sources.base import RawSource, RawTab, SourceError, grid_from_rows
from cchc.sources.xlsx_styles import percent_cells


def _as_percent_text(value: object) -> object:
    if isinstance(value, float) and math.isfinite(value):
        return f"{value * 100:g}%"
    return value


def _apply_percent(rows: list[list[Any]], cells: set[tuple[int, int]]) -> None:
    for row, col in cells:
        if row <= len(rows) and col < len(rows[row - 1]):
            rows[row - 1][col] = _as_percent_text(rows[row - 1][col])


def read_workbook(path: Path) -> RawSource:
    """Read every sheet of a workbook; percent-formatted cells come as the user sees them."""
    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = [
            (name, book.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in book.sheet_names
        ]
    except (CalamineError, OSError, ValueError) as error:
        raise SourceError(
            "source.unreadable",
            f"Không mở được «{path.name}» như một bảng tính Excel (.xlsx): {type(error).__name__}. "
            "Hãy kiểm tra tệp có đúng là .xlsx (mở được bằng Excel) hoặc tải lại từ Google Sheets "
            "bằng «Tải xuống → Microsoft Excel (.xlsx)».",
        ) from None
    percents = percent_cells(str(path))
    tabs = []
    for name, rows in sheets:
        _apply_percent(rows, percents.get(name, set()))
        tabs.append(RawTab(name, grid_from_rows(rows)))
    return RawSource("xlsx", str(path), tuple(tabs), datetime.now().astimezone())
