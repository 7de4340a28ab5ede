"""The Google Sheet calls of `sheet init` and `sheet check`: what they read, and their one write.

Every write is a single `spreadsheets.batchUpdate`, which Google applies all or nothing. Reads
narrow Google's answer with a field mask, so only what the decision needs travels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from cchc.sheet.layout import SheetTab
from cchc.sources.base import text_grid
from cchc.sources.gsheet import call
from cchc.sources.spec import GoogleAccess
from cchc.vocab.a1 import quoted_tab

T = TypeVar("T")
_LAYOUT_FIELDS = (
    "sheets(properties(sheetId,title,gridProperties),protectedRanges(range,warningOnly),"
    "data(rowData(values(formattedValue,userEnteredValue,dataValidation))))"
)
_TABS_FIELDS = "sheets(properties(sheetId,title,gridProperties))"
_NOTES_FIELDS = "sheets(properties(title),data(startRow,startColumn,rowData(values(note))))"
Notes = dict[tuple[str, int, int], str]  # (tab title, 0-based row, 0-based column) → note


@dataclass(frozen=True)
class TabInfo:
    """A tab's id and size."""

    title: str
    sheet_id: int
    rows: int
    cols: int


def _call(key: str, google: GoogleAccess, action: Callable[[Any], T]) -> T:
    """Run `action(http)` with a client that may write; Google's failures become SourceError."""
    return call(key, google, action, write=True)


def _rows(data: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    rows = data[0].get("rowData", []) if data else []
    return [row.get("values", []) for row in rows]


def _shown(cell: dict[str, Any]) -> str:
    """What a cell holds, for deciding what is empty: a formula that shows nothing is not empty."""
    return str(cell.get("formattedValue") or ("(công thức)" if "userEnteredValue" in cell else ""))


def _sheet_tab(sheet: dict[str, Any]) -> SheetTab:
    props = sheet["properties"]
    grid = props.get("gridProperties", {})
    cells = _rows(sheet.get("data", []))
    rules = {
        (r, c): cell["dataValidation"]
        for r, line in enumerate(cells)
        for c, cell in enumerate(line)
        if "dataValidation" in cell
    }
    return SheetTab(
        title=props["title"],
        sheet_id=props["sheetId"],
        rows=grid.get("rowCount", 0),
        cols=grid.get("columnCount", 0),
        frozen=grid.get("frozenRowCount", 0),
        grid=text_grid([[_shown(cell) for cell in line] for line in cells]),
        rules=rules,
        protected=tuple(p["range"] for p in sheet.get("protectedRanges", []) if "range" in p),
    )


def fetch_layout(key: str, google: GoogleAccess) -> list[SheetTab]:
    """Every tab with its cells as shown, validation rules, frozen rows and protections (1 GET)."""
    params = {"includeGridData": "true", "fields": _LAYOUT_FIELDS}
    answer = _call(key, google, lambda http: http.fetch_sheet_metadata(key, params=params))
    return [_sheet_tab(sheet) for sheet in answer.get("sheets", [])]


def fetch_tabs(key: str, google: GoogleAccess) -> list[TabInfo]:
    """Every tab's title, id and size (1 GET)."""
    answer = _call(key, google, lambda http: http.fetch_sheet_metadata(key, params={"fields": _TABS_FIELDS}))
    found = []
    for sheet in answer.get("sheets", []):
        props, grid = sheet["properties"], sheet["properties"].get("gridProperties", {})
        found.append(
            TabInfo(props["title"], props["sheetId"], grid.get("rowCount", 0), grid.get("columnCount", 0))
        )
    return found


def fetch_notes(key: str, titles: list[str], google: GoogleAccess) -> Notes:
    """Every note on the named tabs (1 GET)."""
    if not titles:
        return {}
    params: dict[str, Any] = {
        "includeGridData": "true",
        "ranges": [quoted_tab(t) for t in titles],
        "fields": _NOTES_FIELDS,
    }
    answer = _call(key, google, lambda http: http.fetch_sheet_metadata(key, params=params))
    notes: Notes = {}
    for sheet in answer.get("sheets", []):
        title = sheet["properties"]["title"]
        for data in sheet.get("data", []):
            top, left = data.get("startRow", 0), data.get("startColumn", 0)
            for r, line in enumerate(_rows([data])):
                for c, cell in enumerate(line):
                    if cell.get("note"):
                        notes[(title, top + r, left + c)] = cell["note"]
    return notes


def send(key: str, batch: list[dict[str, Any]], google: GoogleAccess) -> list[dict[str, Any]]:
    """One `batchUpdate` with every request (Google applies all or none); its replies."""
    if not batch:
        return []
    answer = _call(key, google, lambda http: http.batch_update(key, {"requests": batch}))
    return list(answer.get("replies", []))
