"""The exact extent of a sheet's values, measured the way calamine places cells.

Only sheets the quick scan finds suspect come here (a cell beyond column Z or row 200,000, or
cells written unusually): expat reads every element, so any prefix, attribute order or cell
without `r` is followed. Formatted cells without a value do not count (calamine skips them).

calamine reads an address (`r`) as letters of either case then digits (`xfd7`, `B007`, any
number of letters) and places a cell without one after the previous cell of its row, on the
row of its `<row>` element; a row without `r` follows the previous row. Its arithmetic wraps
past 2^32, so a long address is taken here for what it says and refused, never wrapped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from xml.parsers import expat

from cchc.sources.limits import MAX_CELLS, MAX_ROWS, SHEET_COLUMNS
from cchc.vocab import a1
from cchc.vocab.text import shorten

_CELL = re.compile(r"\$?([A-Za-z]+)\$?(\d+)", re.ASCII)  # `$` is refused by calamine: read, to name the cell
_ROW = re.compile(r"\$?[A-Za-z]*\$?(\d+)", re.ASCII)  # calamine ignores letters in a row's `r`
_FAR = 10**30  # stands for a number too long to read (its cell is out of reach anyway)
_Place = tuple[int, int, str | None]  # row (1-based), column (0-based), the address as written


class Beyond(Exception):
    """A value lies beyond the limits; `cell` is where (A1)."""

    def __init__(self, cell: str) -> None:
        super().__init__(cell)
        self.cell = cell


class Malformed(Exception):
    """The sheet XML cannot be parsed (calamine could not read it either)."""


def _number(digits: str) -> int:
    significant = digits.lstrip("0")
    return int(significant or "0") if len(significant) <= 30 else _FAR


def _column(letters: str) -> int:
    return a1.column_index(letters) if len(letters) <= 20 else _FAR


def _bad_address(ref: str) -> Malformed:
    return Malformed(f"ô có địa chỉ «{shorten(ref, 30)}» không hợp lệ")


def cell_place(ref: str) -> _Place:
    """Where calamine puts a cell whose `r` is `ref` (Malformed where calamine stops with an error)."""
    match = _CELL.fullmatch(ref)
    row = _number(match[2]) if match else 0
    if match is None or row == 0:
        raise _bad_address(ref)
    return row, _column(match[1]), match[1].upper() + match[2].lstrip("0")


class _Extent:
    """Follows rows and cells; raises Beyond at the first value that breaks a limit."""

    def __init__(self) -> None:
        self.row = 1  # the current <row>'s row
        self.col = 0  # where the next cell without `r` goes
        self.at: _Place = (1, 0, None)  # the current cell
        self.rows = 0
        self.cols = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "row":
            self._row(attrs.get("r"))
        elif local == "c":
            self._cell(attrs.get("r"))
        elif local in ("v", "is"):
            self._value()

    def end(self, name: str) -> None:
        if name.rpartition(":")[2] == "row":
            self.row += 1
            self.col = 0

    def _row(self, ref: str | None) -> None:
        if ref is None:
            return
        match = _ROW.fullmatch(ref)
        self.row = _number(match[1]) if match else 0
        if self.row == 0:
            raise Malformed(f"dòng có số «{shorten(ref, 30)}» không hợp lệ")

    def _cell(self, ref: str | None) -> None:
        self.at = (self.row, self.col, None) if ref is None else cell_place(ref)
        self.col = self.at[1] + 1

    def _value(self) -> None:
        row, col, written = self.at
        self.rows = max(self.rows, row)
        self.cols = max(self.cols, col + 1)
        if row > MAX_ROWS or col >= SHEET_COLUMNS or self.rows * self.cols > MAX_CELLS:
            raise Beyond(shorten(written or a1.cell(row, col), 30))


def _no_doctype(*_: object) -> None:
    raise Malformed("DOCTYPE")  # never in a spreadsheet; entity tricks start there


def check_extent(chunks: Iterable[bytes]) -> None:
    """Raise Beyond when a value lies past the limits, Malformed when the XML is broken."""
    extent = _Extent()
    parser = expat.ParserCreate()
    parser.StartElementHandler = extent.start
    parser.EndElementHandler = extent.end
    parser.StartDoctypeDeclHandler = _no_doctype
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise Malformed(str(error)) from None
