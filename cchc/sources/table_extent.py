"""Keep a tab's table and drop stray cells far outside it (`cell.outside_table`).

A value typed far to the right of or below the table (by a slip of the mouse, or left over)
would widen every row of the grid, and every check and export, to reach it. The table runs
from the first filled column (row) to the last one reached without skipping more than
COLUMN_GAP empty columns (ROW_GAP rows), and never past MAX_COLUMNS. Rows have no cap here: a
workbook past MAX_ROWS is refused before it is read (xlsx_guard), and a 1M-row CSV is a plan.

Every reader cuts its tabs here: an .xlsx sheet, a CSV file, a Google Sheet tab. Only the
first MAX_COLUMNS columns are ever held as a grid; cells beyond are only looked at, so a CSV
line reaching column XFD costs its own length, not 16,384 columns for every line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from cchc.sources.cell_issues import Cell, cell_issues
from cchc.sources.limits import COLUMN_GAP, MAX_CELL_ISSUES, MAX_COLUMNS, ROW_GAP
from cchc.vocab.issues import Issue
from cchc.vocab.text import shorten
from cchc.vocab.values import as_text


def _table_end(used: np.ndarray, gap: int, limit: int) -> int:
    """One past the last used index of the table (0 when nothing is used)."""
    if not len(used):
        return 0
    # the table stops before the first index past the limit or after a gap wider than `gap`
    stops = np.flatnonzero((used[1:] >= limit) | (np.diff(used) - 1 > gap))
    last = used[stops[0]] if len(stops) else used[-1]
    return min(int(last) + 1, limit)


def _outside_text(raw: object) -> str:
    return (
        f"ô có dữ liệu «{shorten(as_text(raw), 40)}» nằm ngoài bảng (cách bảng hơn {COLUMN_GAP} cột hoặc "
        f"{ROW_GAP} dòng trống, hay quá {MAX_COLUMNS} cột) nên bị bỏ qua. Hãy xóa ô này, hoặc "
        "chuyển dữ liệu vào trong bảng."
    )


def _from_rows(rows: Sequence[Sequence[Any]]) -> tuple[np.ndarray, list[Cell]]:
    """Ragged rows as a grid of their first MAX_COLUMNS columns, and the filled cells beyond."""
    width = min(max((len(r) for r in rows), default=0), MAX_COLUMNS)
    cells = np.empty((len(rows), width), dtype=object)
    cells[:] = ""
    far: list[Cell] = []
    for index, row in enumerate(rows):
        cells[index, : min(len(row), width)] = row[:width]
        if len(row) > width:
            rest = np.array(row[width:], dtype=object)
            far.extend((index + 1, width + int(c), rest[c]) for c in np.flatnonzero(rest != ""))
    return cells, far


def _from_frame(frame: pd.DataFrame) -> tuple[np.ndarray, list[Cell]]:
    """A parsed grid (rows in order) cut the same way."""
    values = frame.to_numpy(dtype=object)
    wide = values[:, MAX_COLUMNS:]
    far = [(int(r) + 1, MAX_COLUMNS + int(c), wide[r, c]) for r, c in np.argwhere(wide != "")]
    return values[:, :MAX_COLUMNS], far


def _strays(title: str, cells: np.ndarray, far: list[Cell], rows: int, cols: int) -> list[Issue]:
    outside = cells != ""
    outside[:rows, :cols] = False
    where = np.argwhere(outside)
    if not len(where) and not far:
        return []
    near = [(int(r) + 1, int(c), cells[r, c]) for r, c in where[:MAX_CELL_ISSUES]]
    shown = sorted(near + far[:MAX_CELL_ISSUES], key=lambda cell: (cell[0], cell[1]))[:MAX_CELL_ISSUES]
    total = len(where) + len(far)
    return cell_issues(title, "cell.outside_table", shown, _outside_text, total=total, warn=True)


def _whole_table(frame: pd.DataFrame) -> pd.DataFrame | None:
    """A parsed grid with no stray cell (the usual case), kept as parsed: its text columns stay fast
    and small (an object copy of a 1M-row tab costs ~600 MB)."""
    if frame.shape[1] > MAX_COLUMNS or frame.empty:
        return None
    filled = np.column_stack([frame[c].ne("").fillna(True).to_numpy(dtype=bool) for c in frame.columns])
    last_col = _table_end(np.flatnonzero(filled.any(axis=0)), COLUMN_GAP, MAX_COLUMNS)
    last_row = _table_end(np.flatnonzero(filled[:, :last_col].any(axis=1)), ROW_GAP, len(filled))
    if filled[last_row:].any() or filled[:, last_col:].any():
        return None  # stray cells: the general path reports them
    table = frame.iloc[:last_row, :last_col]  # only empty rows and columns are cut
    return table.set_axis(pd.RangeIndex(1, last_row + 1), axis=0)


def table_grid(title: str, rows: Sequence[Sequence[Any]] | pd.DataFrame) -> tuple[pd.DataFrame, list[Issue]]:
    """The tab's grid cut to its table (rows numbered from 1), and an issue per stray cell.

    `rows` are a tab's rows (ragged, as a reader gives them) or a parsed grid.
    """
    whole = _whole_table(rows) if isinstance(rows, pd.DataFrame) else None
    if whole is not None:
        return whole, []
    cells, far = _from_frame(rows) if isinstance(rows, pd.DataFrame) else _from_rows(rows)
    filled = cells != ""
    last_col = _table_end(np.flatnonzero(filled.any(axis=0)), COLUMN_GAP, MAX_COLUMNS)
    last_row = _table_end(np.flatnonzero(filled[:, :last_col].any(axis=1)), ROW_GAP, len(filled))
    issues = _strays(title, cells, far, last_row, last_col)
    frame = pd.DataFrame(cells[:last_row, :last_col], columns=range(last_col), dtype=object)
    frame.index = pd.RangeIndex(1, last_row + 1)
    return frame, issues
