"""A1 notation as the Sheets API v4 reads and echoes it.

Accepted: a bare tab name (`Tiến độ`), a quoted one (`'Tiến độ'`, `'It''s'` for a name with
a quote), either followed by `!` and cells: `A1`, `A1:K10`, `A:K`, `A2:K` (to the last row),
`2:5` (whole rows), `$A$1` (the `$` is ignored), lower-case letters. Cells without a tab name
refer to the first tab, as Google does; text that reads as cells is taken as cells before it is
taken as a tab name. The echoed range is clipped to the tab's grid, like Google's
(`'Tab'!A:A` on a 10-row grid answers `'Tab'!A1:A10`); a range that starts outside the grid is
an error. Named ranges and R1C1 notation are not supported ("Unable to parse range").

Seen in gspread's recorded answers: `'Sheet1'` is echoed `Sheet1!…`, a name with spaces is
echoed quoted. Guessed (no recording): names are left unquoted only when they are plain ASCII
identifiers that do not read as a cell, so every Vietnamese name is quoted; the wording of
"exceeds grid limits" is Google's as reported for writes, not seen for a read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_ENDPOINT = re.compile(r"\$?([A-Za-z]{1,3})?\$?([1-9][0-9]{0,7})?")
_PLAIN_TITLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CELL_LIKE = re.compile(r"[A-Za-z]{1,3}[0-9]+|[Rr][0-9]+[Cc][0-9]+")


class RangeError(ValueError):
    """Not a range of this spreadsheet; `message` is Google's wording."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Endpoint:
    """One side of a range: a column (1-based), a row (1-based), or both."""

    col: int | None
    row: int | None


@dataclass(frozen=True)
class A1Range:
    """A parsed range: a tab title and its cells (None = the whole tab)."""

    title: str
    start: Endpoint | None = None
    end: Endpoint | None = None


@dataclass(frozen=True)
class Box:
    """A resolved rectangle, 1-based and inclusive."""

    row1: int
    col1: int
    row2: int
    col2: int


def column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _endpoint(text: str) -> Endpoint | None:
    match = _ENDPOINT.fullmatch(text)
    if not match or not (match[1] or match[2]):
        return None
    return Endpoint(column_number(match[1]) if match[1] else None, int(match[2]) if match[2] else None)


def parse_cells(text: str) -> tuple[Endpoint, Endpoint] | None:
    """`A1`, `A1:K10`, `A:K`, `2:5`, `A2:K` as (start, end); None when it is not cells."""
    first, colon, second = text.partition(":")
    start = _endpoint(first)
    if start is None:
        return None
    if not colon:
        return (start, start) if start.col and start.row else None
    end = _endpoint(second)
    if end is None or (start.col is None) != (end.col is None):
        return None
    if start.row is None and end.row is not None and start.col is not None:
        return None
    return start, end


def _unquote(text: str) -> tuple[str, str]:
    """A quoted title at the start of `text` and what follows it."""
    title, i = [], 1
    while i < len(text):
        if text[i] == "'":
            if text[i + 1 : i + 2] == "'":
                title.append("'")
                i += 2
                continue
            return "".join(title), text[i + 1 :]
        title.append(text[i])
        i += 1
    raise RangeError(f"Unable to parse range: {text}")


def parse(text: str, titles: Sequence[str]) -> A1Range:
    """Read `text` as Google does; raises RangeError when it names no tab of `titles`."""
    if text.startswith("'"):
        title, rest = _unquote(text)
        if rest and not rest.startswith("!"):
            raise RangeError(f"Unable to parse range: {text}")
        cells_text = rest[1:] if rest else None
    else:
        name, bang, cells_text = text.rpartition("!")
        if bang:
            title = name
        else:
            cells = parse_cells(text) if titles else None
            title, cells_text = (titles[0], text) if cells else (text, None)
    if title not in titles:
        raise RangeError(f"Unable to parse range: {text}")
    if cells_text is None:
        return A1Range(title)
    cells = parse_cells(cells_text)
    if cells is None:
        raise RangeError(f"Unable to parse range: {text}")
    return A1Range(title, *cells)


def resolve(a1: A1Range, rows: int, cols: int) -> Box:
    """The rectangle of `a1` on a grid of `rows` × `cols`, clipped to it."""
    start = a1.start or Endpoint(1, 1)
    end = a1.end or Endpoint(cols, rows)
    col1, col2 = sorted((start.col or 1, end.col or cols))
    row1, row2 = sorted((start.row or 1, end.row or rows))
    if row1 > rows or col1 > cols:
        shown = format_range(a1.title, Box(row1, col1, row2, col2), quote_always=True)
        raise RangeError(f"Range ({shown}) exceeds grid limits. Max rows: {rows}, max columns: {cols}")
    return Box(row1, col1, min(row2, rows), min(col2, cols))


def quote_title(title: str, always: bool = False) -> str:
    """The tab name as Google writes it in a range: quoted unless a plain identifier."""
    if not always and _PLAIN_TITLE.fullmatch(title) and not _CELL_LIKE.fullmatch(title):
        return title
    return "'" + title.replace("'", "''") + "'"


def format_range(title: str, box: Box, quote_always: bool = False) -> str:
    """`'Tiến độ'!A1:K296`, or `Sheet1!B2` for a single cell."""
    first = f"{column_letters(box.col1)}{box.row1}"
    last = f"{column_letters(box.col2)}{box.row2}"
    cells = first if first == last else f"{first}:{last}"
    return f"{quote_title(title, quote_always)}!{cells}"
