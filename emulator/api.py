"""From a request to Google's answer: the part of the Sheets API v4 this project uses.

`GET /v4/spreadsheets/{id}` (metadata; with `includeGridData=true`, cell notes, validation and
values of the requested ranges, see `emulator.griddata`), `GET …/{id}/values/{range}`,
`GET …/{id}/values:batchGet?ranges=…`, `POST …/{id}:batchUpdate` (see `emulator.writes`) and
`POST …/{id}/values/{range}:append` (see `emulator.append`).
Anything else under a known spreadsheet answers 501 UNIMPLEMENTED; an unknown spreadsheet id
answers 404 NOT_FOUND whatever the path. Query parameters and request bodies are checked
against Google's discovery document (see `emulator.schema`).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from emulator import append, cells, griddata, ranges, schema, writes
from emulator.request import Enum, Query, choice, last, locate
from emulator.shapes import (
    ApiError,
    SheetInfo,
    apply_fields,
    parse_fields,
    spreadsheet_body,
    value_range_body,
)
from emulator.state import Tab, properties

PREFIX = "/v4/spreadsheets/"
_ENUMS = {
    "majorDimension": Enum("Dimension", ("ROWS", "COLUMNS", "DIMENSION_UNSPECIFIED"), "ROWS"),
    "valueRenderOption": Enum("ValueRenderOption", cells.VALUE_OPTIONS, cells.FORMATTED_VALUE),
    "dateTimeRenderOption": Enum("DateTimeRenderOption", cells.DATE_OPTIONS, cells.SERIAL_NUMBER),
}


@dataclass(frozen=True)
class Options:
    major: str
    value: str
    date: str


def _sheet_id(index: int, title: str, taken: set[int]) -> int:
    """0 for the first tab (as in a new sheet), then a stable id derived from the title."""
    sheet_id = 0 if index == 0 else zlib.crc32(title.encode()) & 0x7FFFFFFF
    while sheet_id in taken:
        sheet_id = (sheet_id + 1) & 0x7FFFFFFF
    taken.add(sheet_id)
    return sheet_id


class Book:
    """The one spreadsheet an emulator serves."""

    def __init__(
        self,
        grids: Mapping[str, Sequence[Sequence[object]]],
        spreadsheet_id: str,
        title: str,
        locale: str,
        time_zone: str,
        min_grid: tuple[int, int] = (1, 1),
    ) -> None:
        self.spreadsheet_id, self.title = spreadsheet_id, title
        self.locale, self.time_zone = locale, time_zone
        self.tabs: dict[str, Tab] = {}
        taken: set[int] = set()
        for index, (name, grid) in enumerate(grids.items()):
            rows = [list(row) for row in grid]
            width = max((len(row) for row in rows), default=0)
            size = (max(len(rows), min_grid[0]), max(width, min_grid[1]))
            self.tabs[name] = Tab(SheetInfo(_sheet_id(index, name, taken), name, index, *size), rows)

    def metadata(self, query: Query) -> dict[str, Any]:
        schema.check_query(query, "get")
        with_data = last(query, "includeGridData", "false").lower() == "true"
        areas = griddata.areas(self.tabs, query.get("ranges", [])) if with_data else {}
        sheets = []
        for tab in self.tabs.values():
            if with_data and areas and tab.info.title not in areas:
                continue
            sheet: dict[str, Any] = {"properties": properties(tab)}
            if with_data:
                sheet["data"] = [griddata.grid_data(tab, box) for box in areas.get(tab.info.title, [None])]
            if tab.protected:
                sheet["protectedRanges"] = tab.protected
            sheets.append(sheet)
        return spreadsheet_body(self.spreadsheet_id, self.title, sheets, self.locale, self.time_zone)

    def batch_update(self, body: Any) -> dict[str, Any]:
        schema.check_body(body, "BatchUpdateSpreadsheetRequest")
        self.tabs, replies = writes.apply(self.tabs, body.get("requests", []))
        return {"spreadsheetId": self.spreadsheet_id, "replies": replies}

    def append(self, text: str, query: Query, body: Any) -> dict[str, Any]:
        self.tabs, answer_body = append.append(self.tabs, text, query, body, self.spreadsheet_id, self.locale)
        return answer_body

    def value_range(self, text: str, options: Options) -> dict[str, Any]:
        tab, box, title = locate(self.tabs, text)
        major = "COLUMNS" if options.major == "COLUMNS" else "ROWS"
        lines = _lines(tab.rows, box, options)
        return value_range_body(ranges.format_range(title, box), major, lines)

    def batch_get(self, query: Query) -> dict[str, Any]:
        options = _options(query)
        body: dict[str, Any] = {"spreadsheetId": self.spreadsheet_id}
        texts = query.get("ranges", [])
        if texts:
            body["valueRanges"] = [self.value_range(text, options) for text in texts]
        return body


def _options(query: Query) -> Options:
    major, value, date = (choice(query, name, enum) for name, enum in _ENUMS.items())
    return Options(major, value, date)


def _trim(lines: list[list[Any]]) -> list[list[Any]]:
    """Trailing empty cells of each line, then trailing empty lines, removed."""
    out = []
    for line in lines:
        end = len(line)
        while end and line[end - 1] == "":
            end -= 1
        out.append(line[:end])
    while out and not out[-1]:
        out.pop()
    return out


def _lines(rows: list[list[object]], box: ranges.Box, options: Options) -> list[list[Any]]:
    render, value, date = cells.render, options.value, options.date
    grid = [
        [cell if type(cell) is str else render(cell, value, date) for cell in row[box.col1 - 1 : box.col2]]
        for row in rows[box.row1 - 1 : box.row2]
    ]
    if options.major == "COLUMNS":
        width = max((len(line) for line in grid), default=0)
        grid = [[line[c] if c < len(line) else "" for line in grid] for c in range(width)]
    return _trim(grid)


def answer(book: Book, method: str, raw_path: str, query: Query, body: Any = None) -> dict[str, Any]:
    """The 200 body for a request, or ApiError. `raw_path` is still percent-encoded."""
    if not raw_path.startswith(PREFIX):
        raise ApiError(404)
    head, slash, tail = raw_path[len(PREFIX) :].partition("/")
    key, colon, verb = head.partition(":")
    if unquote(key) != book.spreadsheet_id:
        raise ApiError(404)
    if method == "POST" and verb == "batchUpdate" and not slash:
        return book.batch_update(body)
    cells_text, _, tail_verb = tail.rpartition(":")
    if method == "POST" and slash and tail_verb == "append" and cells_text.startswith("values/"):
        return book.append(unquote(cells_text[len("values/") :]), query, body)
    if method != "GET" or colon:
        raise ApiError(501)
    if not slash:
        body = book.metadata(query)
    elif tail == "values:batchGet":
        body = book.batch_get(query)
    elif tail.startswith("values/"):  # a GET, so no `:append`/`:clear`; `A1:D5` may come unencoded
        body = book.value_range(unquote(tail[len("values/") :]), _options(query))
    else:
        raise ApiError(501)
    fields = last(query, "fields", "")
    return apply_fields(body, parse_fields(fields)) if fields else body
