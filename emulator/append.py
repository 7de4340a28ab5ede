"""`spreadsheets.values.append`: rows added after the table a range finds, never over it.

`POST …/{id}/values/{range}:append?valueInputOption=…&insertDataOption=…` with a `ValueRange`
body (checked against Google's discovery document, as every body is). As Google documents:
the range is searched for a "table" (here: from the first row of the range holding a value in
the range's columns, the rows that follow without a gap); the values go to the row after it,
starting in the range's first column; with no table they go to the range's first row.
`INSERT_ROWS` inserts new rows there (what was below moves down, the grid grows), `OVERWRITE`
(the default) writes into the rows after the table. `valueInputOption` is required:
`RAW` keeps text as text; `USER_ENTERED` reads text as a `vi_VN` sheet would (`'text` stays
text without the apostrophe, `2017-06-15` and `15/06/2017` become dates, `50%` a percent,
`12` and `30,5` numbers). Formulas are not emulated: `=…` under USER_ENTERED answers 501.
The answer is an `AppendValuesResponse`: `spreadsheetId`, `tableRange` (left out when no table
was found) and `updates` {`spreadsheetId`, `updatedRange`, `updatedRows`, `updatedColumns`,
`updatedCells`}.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from emulator import cells, ranges, schema
from emulator.request import Enum, Query, choice, locate
from emulator.shapes import ApiError
from emulator.state import Span, Tab

INPUT_OPTIONS = ("RAW", "USER_ENTERED")
INSERT_OPTIONS = ("OVERWRITE", "INSERT_ROWS")
_UNSPECIFIED = "INPUT_VALUE_OPTION_UNSPECIFIED"
_INPUT = Enum("ValueInputOption", (_UNSPECIFIED, *INPUT_OPTIONS), None)
_INSERT = Enum("InsertDataOption", INSERT_OPTIONS, "OVERWRITE")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _input_option(query: Query) -> str:
    option = choice(query, "valueInputOption", _INPUT)
    if option == _UNSPECIFIED:  # in the enum, yet refused
        raise ApiError(400, f"Invalid valueInputOption: {_UNSPECIFIED}")
    return option


def _date(text: str) -> date | None:
    iso, day_first = _ISO.fullmatch(text), _DAY_FIRST.fullmatch(text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if day_first:
            return date(int(day_first[3]), int(day_first[2]), int(day_first[1]))
    except ValueError:
        return None
    return None


def _number(text: str, decimal: str) -> float | None:
    plain = text.replace(decimal, ".") if decimal != "." else text
    if not re.fullmatch(r"-?\d+(\.\d+)?", plain):
        return None
    return float(plain)


def entered(value: Any, option: str, locale: str) -> object:
    """What a cell holds after `value` is written with `option` (see the module docstring)."""
    if option == "RAW" or not isinstance(value, str):
        return value
    text = value.strip()
    if value.startswith("'"):
        return value[1:]
    if text.startswith("="):
        raise ApiError(501, "Formulas are not supported by the Sheets API emulator.")
    decimal = "," if locale.startswith("vi") else "."
    day = _date(text)
    if day is not None:
        return day
    if text.endswith("%"):
        number = _number(text[:-1].strip(), decimal)
        return value if number is None else cells.Percent(number / 100)
    number = _number(text, decimal)
    if number is None:
        return value
    return int(number) if number.is_integer() else number


def _filled(tab: Tab, row: int, col1: int, col2: int) -> bool:
    """Whether 0-based `row` holds a value between 0-based columns col1..col2 (inclusive)."""
    return any(not cells.is_empty(tab.value(row, col)) for col in range(col1, col2 + 1))


def _table(tab: Tab, box: ranges.Box) -> tuple[int, int] | None:
    """The 1-based first and last rows of the table the range finds, or None."""
    rows = range(box.row1, box.row2 + 1)
    first = next((r for r in rows if _filled(tab, r - 1, box.col1 - 1, box.col2 - 1)), None)
    if first is None:
        return None
    last = first
    while last < tab.info.rows and _filled(tab, last, box.col1 - 1, box.col2 - 1):
        last += 1
    return first, last


def _insert_rows(tab: Tab, at: int, count: int) -> None:
    """Insert `count` empty rows before 0-based row `at`; what was below moves down."""
    while len(tab.rows) < at:
        tab.rows.append([])
    tab.rows[at:at] = [[] for _ in range(count)]
    tab.notes = {(r + count if r >= at else r, c): n for (r, c), n in tab.notes.items()}
    tab.formats = {(r + count if r >= at else r, c): f for (r, c), f in tab.formats.items()}
    moved = []
    for span, rule in tab.validations:
        row1 = span.row1 + count if span.row1 >= at else span.row1
        row2 = span.row2 + count if span.row2 > at else span.row2
        moved.append((Span(row1, row2, span.col1, span.col2), rule))
    tab.validations = moved
    tab.grow(rows=count)


def append(
    tabs: Mapping[str, Tab], text: str, query: Query, body: Any, spreadsheet_id: str, locale: str
) -> tuple[dict[str, Tab], dict[str, Any]]:
    """The tabs after one `values.append` (the given ones are left as they were) and Google's answer."""
    schema.check_query(query, "values", "append")
    schema.check_body(body, "ValueRange")
    option = _input_option(query)
    insert = choice(query, "insertDataOption", _INSERT)
    if body.get("range") and body["range"] != text:
        message = f"Requested writing within range [{text}], but tried writing to [{body['range']}]"
        raise ApiError(400, message)
    if body.get("majorDimension", "ROWS") != "ROWS":
        raise ApiError(501, "values.append with majorDimension COLUMNS is not supported by the emulator.")
    lines = [[entered(v, option, locale) for v in line] for line in body.get("values", [])]
    work = dict(tabs)
    tab, box, title = locate(work, text)
    tab = work[title] = tab.clone()  # a read in flight never sees half a write
    table = _table(tab, box)
    start = table[1] + 1 if table else box.row1  # 1-based row of the first new line
    width = max((len(line) for line in lines), default=0)
    if insert == "INSERT_ROWS":
        _insert_rows(tab, start - 1, len(lines))
    elif start - 1 + len(lines) > tab.info.rows:
        tab.grow(rows=start - 1 + len(lines) - tab.info.rows)
    if box.col1 - 1 + width > tab.info.cols:
        tab.grow(cols=box.col1 - 1 + width - tab.info.cols)
    for offset, line in enumerate(lines):
        for col, value in enumerate(line):
            tab.put(start - 1 + offset, box.col1 - 1 + col, value)
    written = ranges.Box(start, box.col1, start + max(len(lines), 1) - 1, box.col1 + max(width, 1) - 1)
    updates = {
        "spreadsheetId": spreadsheet_id,
        "updatedRange": ranges.format_range(title, written),
        "updatedRows": len(lines),
        "updatedColumns": width,
        "updatedCells": sum(len(line) for line in lines),
    }
    answer: dict[str, Any] = {"spreadsheetId": spreadsheet_id}
    if table:
        found = ranges.Box(table[0], box.col1, table[1], box.col2)
        answer["tableRange"] = ranges.format_range(title, found)
    answer["updates"] = updates
    return work, answer
