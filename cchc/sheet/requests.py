"""Sheets API v4 `batchUpdate` requests, as plain dicts (checked against Google's schema in tests).

Only these kinds are ever sent: `addSheet`, `appendDimension`, `updateSheetProperties` (frozen
rows), `updateCells` (header cells of empty columns, the `Kiểm tra` tab, `[CCHC]` notes),
`setDataValidation` and `addProtectedRange` (warning only). None deletes or moves anything.
"""

from __future__ import annotations

import zlib
from typing import Any

from cchc.sheet.rules import ColumnRule
from cchc.vocab.schema import MAX_DAYS

Request = dict[str, Any]
NEW_TAB_ROWS, NEW_TAB_COLS = 1000, 26  # what Google gives a new tab


def new_sheet_id(title: str, taken: set[int]) -> int:
    """A stable id for a tab we create (derived from its title), unused in the spreadsheet."""
    sheet_id = zlib.crc32(title.encode()) & 0x7FFFFFFF
    while sheet_id in taken:
        sheet_id = (sheet_id + 1) & 0x7FFFFFFF
    taken.add(sheet_id)
    return sheet_id


def quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def add_sheet(sheet_id: int, title: str, cols: int, frozen: int = 1) -> Request:
    grid = {"rowCount": NEW_TAB_ROWS, "columnCount": max(cols, NEW_TAB_COLS), "frozenRowCount": frozen}
    return {"addSheet": {"properties": {"sheetId": sheet_id, "title": title, "gridProperties": grid}}}


def append_columns(sheet_id: int, count: int) -> Request:
    return {"appendDimension": {"sheetId": sheet_id, "dimension": "COLUMNS", "length": count}}


def append_rows(sheet_id: int, count: int) -> Request:
    return {"appendDimension": {"sheetId": sheet_id, "dimension": "ROWS", "length": count}}


def freeze_rows(sheet_id: int, rows: int) -> Request:
    properties = {"sheetId": sheet_id, "gridProperties": {"frozenRowCount": rows}}
    return {"updateSheetProperties": {"properties": properties, "fields": "gridProperties.frozenRowCount"}}


def text_cell(text: str, bold: bool = False, link: str | None = None) -> dict[str, Any]:
    cell: dict[str, Any] = {"userEnteredValue": {"stringValue": text}}
    text_format: dict[str, Any] = {}
    if bold:
        text_format["bold"] = True
    if link:
        text_format["link"] = {"uri": link}
    if text_format:
        cell["userEnteredFormat"] = {"textFormat": text_format}
    return cell


def write_cells(sheet_id: int, row: int, col: int, lines: list[list[dict[str, Any]]], fields: str) -> Request:
    """Cells from (row, col), 0-based: only `fields` of those cells change."""
    start = {"sheetId": sheet_id, "rowIndex": row, "columnIndex": col}
    rows = [{"values": line} for line in lines]
    return {"updateCells": {"start": start, "rows": rows, "fields": fields}}


def replace_tab(sheet_id: int, lines: list[list[dict[str, Any]]]) -> Request:
    """The whole tab's values and links replaced by `lines` (the rest of the tab is cleared)."""
    rows = [{"values": line} for line in lines]
    fields = "userEnteredValue,userEnteredFormat.textFormat"
    return {"updateCells": {"range": {"sheetId": sheet_id}, "rows": rows, "fields": fields}}


def set_note(sheet_id: int, row: int, col: int, note: str) -> Request:
    """A note on one cell (0-based); an empty note removes it. The cell's value is untouched."""
    return write_cells(sheet_id, row, col, [[{"note": note}]], "note")


def protect_row(sheet_id: int, row: int, description: str) -> Request:
    """A warning-only protection on one row (0-based): editing it asks for confirmation."""
    grid = {"sheetId": sheet_id, "startRowIndex": row, "endRowIndex": row + 1}
    protected = {"range": grid, "description": description, "warningOnly": True}
    return {"addProtectedRange": {"protectedRange": protected}}


def protect_tab(sheet_id: int, description: str) -> Request:
    protected = {"range": {"sheetId": sheet_id}, "description": description, "warningOnly": True}
    return {"addProtectedRange": {"protectedRange": protected}}


def validation_rule(rule: ColumnRule, lookup: str | None = None) -> dict[str, Any]:
    """The DataValidationRule for a column rule; `lookup` is the range of codes (`'Đơn vị'!$A$2:$A`)."""
    if rule.kind == "date":
        condition: dict[str, Any] = {"type": "DATE_IS_VALID"}
    elif rule.kind == "percent":
        condition = {
            "type": "NUMBER_BETWEEN",
            "values": [{"userEnteredValue": "0"}, {"userEnteredValue": "100"}],
        }
    elif rule.kind == "days":
        condition = {
            "type": "NUMBER_BETWEEN",
            "values": [{"userEnteredValue": "1"}, {"userEnteredValue": str(MAX_DAYS)}],
        }
    elif rule.kind == "count":
        condition = {"type": "NUMBER_GREATER_THAN_EQ", "values": [{"userEnteredValue": "0"}]}
    elif rule.kind == "lookup":
        condition = {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": f"={lookup}"}]}
    else:
        condition = {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": v} for v in rule.values]}
    body: dict[str, Any] = {"condition": condition, "inputMessage": rule.message, "strict": rule.strict}
    if rule.kind in ("list", "lookup"):
        body["showCustomUi"] = True
    return body


def same_rule(found: dict[str, Any] | None, wanted: dict[str, Any]) -> bool:
    """Whether a cell's rule as Google reports it is the rule `sheet init` would set."""

    def key(rule: dict[str, Any]) -> tuple[object, ...]:
        condition = rule.get("condition", {})
        values = tuple(v.get("userEnteredValue") for v in condition.get("values", []))
        flags = (bool(rule.get("strict")), bool(rule.get("showCustomUi")), rule.get("inputMessage", ""))
        return (condition.get("type"), values, *flags)

    return found is not None and key(found) == key(wanted)


def set_validation(sheet_id: int, first_row: int, col: int, rule: dict[str, Any]) -> Request:
    """A rule on a column from `first_row` (0-based) to the bottom of the tab."""
    grid = {
        "sheetId": sheet_id,
        "startRowIndex": first_row,
        "startColumnIndex": col,
        "endColumnIndex": col + 1,
    }
    return {"setDataValidation": {"range": grid, "rule": rule}}
