"""What the emulator holds of each tab: its values, and the properties `batchUpdate` can change.

Values are kept as given (see `emulator.cells`); notes, formats and data validation per cell;
validation rules as (range, rule) in the order they were set, so a later rule wins where
ranges overlap, as in a sheet; frozen rows and protected ranges as the metadata reports them.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import Any

from emulator.shapes import SheetInfo

Cell = tuple[int, int]  # 0-based row, column


@dataclass(frozen=True)
class Span:
    """A GridRange resolved to 0-based half-open bounds on one tab."""

    row1: int
    row2: int
    col1: int
    col2: int

    def holds(self, row: int, col: int) -> bool:
        return self.row1 <= row < self.row2 and self.col1 <= col < self.col2


@dataclass
class Tab:
    """One tab: the metadata Google reports for it and what it holds."""

    info: SheetInfo
    rows: list[list[object]]
    frozen_rows: int = 0
    notes: dict[Cell, str] = field(default_factory=dict)
    formats: dict[Cell, dict[str, Any]] = field(default_factory=dict)
    validations: list[tuple[Span, dict[str, Any]]] = field(default_factory=list)
    protected: list[dict[str, Any]] = field(default_factory=list)

    def grow(self, rows: int = 0, cols: int = 0) -> None:
        """Add `rows` rows and `cols` columns at the end of the grid."""
        self.info = replace(self.info, rows=self.info.rows + rows, cols=self.info.cols + cols)

    def value(self, row: int, col: int) -> object:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return ""

    def put(self, row: int, col: int, value: object) -> None:
        while len(self.rows) <= row:
            self.rows.append([])
        line = self.rows[row]
        while len(line) <= col:
            line.append("")
        line[col] = value

    def validation(self, row: int, col: int) -> dict[str, Any] | None:
        """The rule in force on a cell: the last one set over it (None once cleared)."""
        for span, rule in reversed(self.validations):
            if span.holds(row, col):
                return rule or None
        return None

    def clone(self) -> Tab:
        return copy.deepcopy(self)


def properties(tab: Tab) -> dict[str, Any]:
    """SheetProperties as Google reports them (zero frozen rows left out, as Google does)."""
    grid: dict[str, Any] = {"rowCount": tab.info.rows, "columnCount": tab.info.cols}
    if tab.frozen_rows:
        grid["frozenRowCount"] = tab.frozen_rows
    return {
        "sheetId": tab.info.sheet_id,
        "title": tab.info.title,
        "index": tab.info.index,
        "sheetType": "GRID",
        "gridProperties": grid,
    }
