"""Grids for the emulator from a source the product can open (CSV folder, .xlsx, `sample`).

Cells come from `cchc.sources.open_source` as read: CSV cells are text, workbook cells keep
their Python types (numbers, dates). The workbook reader turns a percent-formatted number into
the text `50%`; it is turned back into `Percent(0.5)` here so that the emulator answers `50%`
formatted and `0.5` unformatted, as Google would.
"""

from __future__ import annotations

from pathlib import Path

from cchc.sources import open_source
from cchc.sources.xlsx_guard import inspect_workbook
from emulator.cells import Percent

Grid = list[list[object]]


def _as_percent(cell: object) -> object:
    if isinstance(cell, str) and cell.endswith("%"):
        try:
            return Percent(float(cell[:-1]) / 100)
        except ValueError:
            return cell
    return cell


def _retype_percents(rows: Grid, cells: set[tuple[int, int]]) -> None:
    for row, col in cells:
        if row <= len(rows) and col < len(rows[row - 1]):
            rows[row - 1][col] = _as_percent(rows[row - 1][col])


def grids_from_source(spec: str) -> dict[str, Grid]:
    """Each tab's rows, in the source's order; raises `cchc.sources.SourceError`."""
    source = open_source(spec)
    scans = inspect_workbook(Path(spec)) if source.kind == "xlsx" else {}  # the reader's own pass
    percents = {name: scan.percents for name, scan in scans.items()}
    grids: dict[str, Grid] = {}
    for tab in source.tabs:
        rows: Grid = [list(row) for row in tab.grid.itertuples(index=False, name=None)]
        _retype_percents(rows, percents.get(tab.title, set()))
        grids[tab.title] = rows
    return grids
