"""A1 notation, the one way the product names a cell or a tab in a range: `B7`, `'Tiến độ'!A1:L9`."""

from __future__ import annotations

import re

_CELL = re.compile(r"([A-Z]+)([0-9]+)")


def column_letter(index: int) -> str:
    """Spreadsheet column letters of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str | bytes) -> int:
    """The 0-based column index of spreadsheet column letters (A → 0, AA → 26; bytes as in sheet XML)."""
    text = letters.decode("ascii") if isinstance(letters, bytes) else letters
    number = 0
    for letter in text.upper():
        number = number * 26 + ord(letter) - 64
    return number - 1


def cell(row: int, index: int) -> str:
    """A cell's address from its 1-based row and 0-based column: (7, 1) → `B7`."""
    return f"{column_letter(index)}{row}"


def position(cell: str) -> tuple[int, int]:
    """0-based row and column of an A1 cell (`D12` → (11, 3)); ValueError for anything else."""
    match = _CELL.fullmatch(cell)
    if match is None:
        raise ValueError(cell)
    return int(match[2]) - 1, column_index(match[1])


def quoted_tab(title: str) -> str:
    """A tab title as a range of its own, quoted the Sheets way (`'Tiến độ'`, `'It''s'`)."""
    return "'" + title.replace("'", "''") + "'"
