"""`spreadsheets.batchUpdate`: the requests this project sends, applied all or nothing.

Supported: `addSheet`, `updateSheetProperties` (title, frozen rows, grid size), `appendDimension`,
`updateCells` (`userEnteredValue`, `note`, `userEnteredFormat`, `dataValidation`; with `range`,
cells of the range not covered by `rows` are cleared for those fields, as the API documents),
`setDataValidation` (no `rule` clears) and `addProtectedRange`. Like Google, the whole batch
fails when one request is invalid (`Invalid requests[2].addSheet: …`) and nothing is applied;
the answer holds one reply per request (`{}` for those that return nothing). Other request
kinds answer 501.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping
from typing import Any

from emulator import ranges
from emulator.shapes import ApiError, SheetInfo, parse_fields
from emulator.state import Span, Tab, properties

Tabs = dict[str, Tab]
_CELL_FIELDS = ("userEnteredValue", "note", "userEnteredFormat", "dataValidation")


class _Invalid(Exception):
    """One request is invalid: becomes `Invalid requests[i].kind: message`."""


def _by_id(tabs: Tabs, sheet_id: Any) -> Tab:
    for tab in tabs.values():
        if tab.info.sheet_id == (sheet_id or 0):
            return tab
    raise _Invalid(f"No grid with id: {sheet_id or 0}")


def _span(tabs: Tabs, grid: Mapping[str, Any]) -> tuple[Tab, Span]:
    tab = _by_id(tabs, grid.get("sheetId"))
    span = Span(
        grid.get("startRowIndex", 0),
        grid.get("endRowIndex", tab.info.rows),
        grid.get("startColumnIndex", 0),
        grid.get("endColumnIndex", tab.info.cols),
    )
    if span.row2 > tab.info.rows or span.col2 > tab.info.cols or span.row1 < 0 or span.col1 < 0:
        box = ranges.Box(span.row1 + 1, span.col1 + 1, span.row2, span.col2)
        shown = ranges.format_range(tab.info.title, box, quote_always=True)
        raise _Invalid(
            f"Range ({shown}) exceeds grid limits. Max rows: {tab.info.rows}, max columns: {tab.info.cols}"
        )
    return tab, span


def _add_sheet(tabs: Tabs, request: dict[str, Any]) -> dict[str, Any]:
    props = request.get("properties", {})
    title = props.get("title") or f"Trang tính{len(tabs) + 1}"
    if any(name.casefold() == title.casefold() for name in tabs):
        raise _Invalid(f'A sheet with the name "{title}" already exists. Please enter another name.')
    sheet_id = props.get("sheetId", zlib.crc32(title.encode()) & 0x7FFFFFFF)
    if any(tab.info.sheet_id == sheet_id for tab in tabs.values()):
        raise _Invalid(f"A sheet with the id {sheet_id} already exists.")
    grid = props.get("gridProperties", {})
    info = SheetInfo(sheet_id, title, len(tabs), grid.get("rowCount", 1000), grid.get("columnCount", 26))
    tab = Tab(info, [], frozen_rows=grid.get("frozenRowCount", 0))
    tabs[title] = tab
    return {"addSheet": {"properties": properties(tab)}}


def _update_sheet_properties(tabs: Tabs, request: dict[str, Any]) -> dict[str, Any]:
    props = request.get("properties", {})
    tab = _by_id(tabs, props.get("sheetId"))
    fields = request.get("fields", "")
    if not fields:
        raise _Invalid("At least one field must be updated with 'fields'.")
    grid = props.get("gridProperties", {})
    for name in (part.strip() for part in fields.split(",")):
        if name == "gridProperties.frozenRowCount":
            tab.frozen_rows = grid.get("frozenRowCount", 0)
        elif name in ("gridProperties.rowCount", "gridProperties.columnCount"):
            key = name.split(".")[1]
            tab.grow(
                rows=grid.get(key, 0) - tab.info.rows if key == "rowCount" else 0,
                cols=grid.get(key, 0) - tab.info.cols if key == "columnCount" else 0,
            )
        else:
            raise ApiError(501, f"updateSheetProperties of '{name}' is not supported by the emulator.")
    return {}


def _append_dimension(tabs: Tabs, request: dict[str, Any]) -> dict[str, Any]:
    tab = _by_id(tabs, request.get("sheetId"))
    length = request.get("length", 0)
    if length < 1:
        raise _Invalid("length must be at least 1.")
    if request.get("dimension") == "ROWS":
        tab.grow(rows=length)
    elif request.get("dimension") == "COLUMNS":
        tab.grow(cols=length)
    else:
        raise _Invalid("dimension must be ROWS or COLUMNS.")
    return {}


def _set_cell(tab: Tab, row: int, col: int, cell: Mapping[str, Any], fields: set[str]) -> None:
    if "userEnteredValue" in fields:
        entered = cell.get("userEnteredValue", {})
        tab.put(row, col, next(iter(entered.values()), "") if entered else "")
    for name, store in (("note", tab.notes), ("userEnteredFormat", tab.formats)):
        if name in fields:
            if cell.get(name):
                store[(row, col)] = cell[name]
            else:
                store.pop((row, col), None)
    if "dataValidation" in fields:
        tab.validations.append((Span(row, row + 1, col, col + 1), cell.get("dataValidation", {})))


def _cell_fields(text: str) -> set[str]:
    if not text:
        raise _Invalid("At least one field must be updated with 'fields'.")
    names = set(parse_fields(text))
    names = set(_CELL_FIELDS) if "*" in names else names
    unknown = names - set(_CELL_FIELDS)
    if unknown:
        raise ApiError(501, f"updateCells of {sorted(unknown)} is not supported by the emulator.")
    return names


def _update_cells(tabs: Tabs, request: dict[str, Any]) -> dict[str, Any]:
    fields = _cell_fields(request.get("fields", ""))
    rows = request.get("rows", [])
    if ("start" in request) == ("range" in request):
        raise _Invalid("Exactly one of 'start' or 'range' must be set.")
    if "start" in request:
        start = request["start"]
        height, width = len(rows), max((len(r.get("values", [])) for r in rows), default=0)
        row1, col1 = start.get("rowIndex", 0), start.get("columnIndex", 0)
        grid = {
            "sheetId": start.get("sheetId", 0),
            "startRowIndex": row1,
            "endRowIndex": row1 + height,
            "startColumnIndex": col1,
            "endColumnIndex": col1 + width,
        }
        tab, span = _span(tabs, grid)
    else:
        tab, span = _span(tabs, request["range"])
    for row in range(span.row1, span.row2):
        given = rows[row - span.row1].get("values", []) if row - span.row1 < len(rows) else []
        for col in range(span.col1, span.col2):
            _set_cell(tab, row, col, given[col - span.col1] if col - span.col1 < len(given) else {}, fields)
    return {}


def _set_data_validation(tabs: Tabs, request: dict[str, Any]) -> dict[str, Any]:
    tab, span = _span(tabs, request.get("range", {}))
    tab.validations.append((span, request.get("rule", {})))
    return {}


def _add_protected_range(tabs: Tabs, request: dict[str, Any]) -> dict[str, Any]:
    wanted = dict(request.get("protectedRange", {}))
    tab, _span_checked = _span(tabs, wanted.get("range", {}))
    taken = {p["protectedRangeId"] for t in tabs.values() for p in t.protected}
    wanted.setdefault("protectedRangeId", max(taken, default=1000000) + 1)
    wanted["range"] = {"sheetId": tab.info.sheet_id, **wanted.get("range", {})}
    wanted["requestingUserCanEdit"] = True
    tab.protected.append(wanted)
    return {"addProtectedRange": {"protectedRange": wanted}}


_HANDLERS: dict[str, Callable[[Tabs, dict[str, Any]], dict[str, Any]]] = {
    "addSheet": _add_sheet,
    "updateSheetProperties": _update_sheet_properties,
    "appendDimension": _append_dimension,
    "updateCells": _update_cells,
    "setDataValidation": _set_data_validation,
    "addProtectedRange": _add_protected_range,
}


def apply(tabs: Mapping[str, Tab], requests: list[dict[str, Any]]) -> tuple[Tabs, list[dict[str, Any]]]:
    """The tabs after every request, and the replies; nothing changes when one request fails."""
    work = {title: tab.clone() for title, tab in tabs.items()}
    replies = []
    for index, request in enumerate(requests):
        if len(request) != 1:
            raise ApiError(400, f"Invalid requests[{index}]: exactly one kind of request must be set.")
        kind, inner = next(iter(request.items()))
        handler = _HANDLERS.get(kind)
        if handler is None:
            raise ApiError(501, f"The request '{kind}' is not supported by the Sheets API emulator.")
        try:
            replies.append(handler(work, inner))
        except _Invalid as error:
            raise ApiError(400, f"Invalid requests[{index}].{kind}: {error}") from None
    return work, replies
