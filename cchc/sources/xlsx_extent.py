"""The exact extent of a sheet's values, measured the way calamine places cells.

Only sheets the quick scan finds suspect come here (a cell beyond column Z or row 200,000, or
cells written unusually): expat reads every element, so any prefix, attribute order or cell
without `r` is followed. Formatted cells without a value do not count (calamine skips them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from xml.parsers import expat

from cchc.sources.limits import MAX_CELLS, MAX_ROWS
from cchc.vocab import a1

_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})")


class Beyond(Exception):
    """A value lies beyond the limits; `cell` is where (A1)."""

    def __init__(self, cell: str) -> None:
        super().__init__(cell)
        self.cell = cell


class Malformed(Exception):
    """The sheet XML cannot be parsed (calamine could not read it either)."""


class _Extent:
    """Follows rows and cells; raises Beyond at the first value that breaks a limit."""

    def __init__(self) -> None:
        self.row = 0
        self.col = -1
        self.rows = 0
        self.cols = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "row":
            ref = attrs.get("r", "")
            self.row = int(ref) if ref.isdigit() else self.row + 1
            self.col = -1
        elif local == "c":
            self._place(attrs.get("r", ""))
        elif local in ("v", "is"):
            self._value()

    def _place(self, ref: str) -> None:
        match = _REF.fullmatch(ref)
        if match is None:
            self.col += 1
            return
        self.row = int(match[2])
        self.col = a1.column_index(match[1])

    def _value(self) -> None:
        self.rows = max(self.rows, self.row)
        self.cols = max(self.cols, self.col + 1)
        if self.rows > MAX_ROWS or self.rows * self.cols > MAX_CELLS:
            raise Beyond(a1.cell(self.row, self.col))


def _no_doctype(*_: object) -> None:
    raise Malformed("DOCTYPE")  # never in a spreadsheet; entity tricks start there


def check_extent(chunks: Iterable[bytes]) -> None:
    """Raise Beyond when a value lies past the limits, Malformed when the XML is broken."""
    extent = _Extent()
    parser = expat.ParserCreate()
    parser.StartElementHandler = extent.start
    parser.StartDoctypeDeclHandler = _no_doctype
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise Malformed(str(error)) from None
