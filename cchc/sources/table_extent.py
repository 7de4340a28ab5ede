"""Keep a tab's table and drop stray cells far outside it (`cell.outside_table`).

A value typed far to the right of or below the table (by a slip of the mouse, or left over)
would widen every row of the grid, and every check and export, to reach it. The table runs
from the first filled column (row) to the last one reached without skipping more than
COLUMN_GAP empty columns (ROW_GAP rows), and never past MAX_COLUMNS (MAX_ROWS).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from cchc.sources.cell_issues import cell_issues
from cchc.sources.limits import COLUMN_GAP, MAX_CELL_ISSUES, MAX_COLUMNS, MAX_ROWS, ROW_GAP
from cchc.vocab.issues import Issue
from cchc.vocab.text import shorten
from cchc.vocab.values import as_text


def _table_end(used: np.ndarray, gap: int, limit: int) -> int:
    """One past the last used index of the table (0 when nothing is used)."""
    indexes = used.tolist()
    end = indexes[0] + 1 if indexes else 0
    for index in indexes[1:]:
        if index >= limit or index - end > gap:
            break
        end = index + 1
    return min(end, limit)


def _outside_text(raw: object) -> str:
    return (
        f"ô có dữ liệu «{shorten(as_text(raw), 40)}» nằm ngoài bảng (cách bảng hơn {COLUMN_GAP} cột hoặc "
        f"{ROW_GAP} dòng trống, hay quá {MAX_COLUMNS} cột) nên bị bỏ qua. Hãy xóa ô này, hoặc "
        "chuyển dữ liệu vào trong bảng."
    )


def _strays(title: str, cells: np.ndarray, filled: np.ndarray, rows: int, cols: int) -> list[Issue]:
    outside = filled.copy()
    outside[:rows, :cols] = False
    if not outside.any():
        return []
    where = np.argwhere(outside)
    shown = [(int(r) + 1, int(c), cells[r, c]) for r, c in where[:MAX_CELL_ISSUES]]
    return cell_issues(title, "cell.outside_table", shown, _outside_text, total=len(where), warn=True)


def table_grid(title: str, rows: Sequence[Sequence[Any]]) -> tuple[pd.DataFrame, list[Issue]]:
    """The tab's grid cut to its table (rows numbered from 1), and an issue per stray cell."""
    width = max((len(r) for r in rows), default=0)
    cells = np.empty((len(rows), width), dtype=object)
    cells[:] = ""
    for index, row in enumerate(rows):
        cells[index, : len(row)] = row
    filled = cells != ""
    last_col = _table_end(np.flatnonzero(filled.any(axis=0)), COLUMN_GAP, MAX_COLUMNS)
    last_row = _table_end(np.flatnonzero(filled[:, :last_col].any(axis=1)), ROW_GAP, MAX_ROWS)
    issues = _strays(title, cells, filled, last_row, last_col)
    frame = pd.DataFrame(cells[:last_row, :last_col], columns=range(last_col), dtype=object)
    frame.index = pd.RangeIndex(1, last_row + 1)
    return frame, issues
