"""`spreadsheets.get?includeGridData=true`: the cells of the requested ranges as GridData.

Each cell is a CellData with what the emulator knows of it: `userEnteredValue` and
`formattedValue` (as FORMATTED_VALUE renders it), `note`, `dataValidation` and
`userEnteredFormat`. Empty cells are `{}`; a range's rows stop at its last row holding
something, and each row's cells at its last cell holding something (Google leaves trailing
empties out too). `startRow`/`startColumn` are left out when 0, as in Google's answers. Row and
column metadata carry the default sizes (21 and 100 pixels). Callers normally narrow the answer
with `fields=sheets(data(rowData(values(note))))`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from emulator import cells, ranges
from emulator.shapes import ApiError
from emulator.state import Tab


def areas(tabs: Mapping[str, Tab], texts: list[str]) -> dict[str, list[ranges.Box | None]]:
    """The requested ranges per tab title (None = the whole tab)."""
    found: dict[str, list[ranges.Box | None]] = {}
    for text in texts:
        try:
            a1 = ranges.parse(text, list(tabs))
            info = tabs[a1.title].info
            box = ranges.resolve(a1, info.rows, info.cols) if a1.start else None
        except ranges.RangeError as error:
            raise ApiError(400, error.message) from None
        found.setdefault(a1.title, []).append(box)
    return found


def _value(raw: object) -> dict[str, Any]:
    if isinstance(raw, bool):
        return {"boolValue": raw}
    if isinstance(raw, int | float):
        return {"numberValue": raw}
    return {"stringValue": str(raw)}


def cell_data(tab: Tab, row: int, col: int) -> dict[str, Any]:
    """One CellData (0-based position): only the keys that have something."""
    data: dict[str, Any] = {}
    raw = tab.value(row, col)
    if not cells.is_empty(raw):
        data["userEnteredValue"] = _value(raw)
        data["formattedValue"] = str(cells.render(raw))
    fmt = tab.formats.get((row, col))
    if fmt:
        data["userEnteredFormat"] = fmt
    rule = tab.validation(row, col)
    if rule:
        data["dataValidation"] = rule
    if (row, col) in tab.notes:
        data["note"] = tab.notes[(row, col)]
    return data


def _trimmed(line: list[dict[str, Any]]) -> list[dict[str, Any]]:
    end = len(line)
    while end and not line[end - 1]:
        end -= 1
    return line[:end]


def grid_data(tab: Tab, box: ranges.Box | None) -> dict[str, Any]:
    """GridData of `box` (1-based, inclusive) or of the whole tab."""
    box = box or ranges.Box(1, 1, tab.info.rows, tab.info.cols)
    lines = [
        _trimmed([cell_data(tab, row, col) for col in range(box.col1 - 1, box.col2)])
        for row in range(box.row1 - 1, box.row2)
    ]
    while lines and not lines[-1]:
        lines.pop()
    data: dict[str, Any] = {}
    if box.row1 > 1:
        data["startRow"] = box.row1 - 1
    if box.col1 > 1:
        data["startColumn"] = box.col1 - 1
    data["rowData"] = [{"values": line} if line else {} for line in lines]
    data["rowMetadata"] = [{"pixelSize": 21} for _ in range(box.row2 - box.row1 + 1)]
    data["columnMetadata"] = [{"pixelSize": 100} for _ in range(box.col2 - box.col1 + 1)]
    return data
