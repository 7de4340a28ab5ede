"""Issues a reader finds in single cells (a formula error, a stray cell, broken bytes)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cchc.sources.limits import MAX_CELL_ISSUES
from cchc.vocab.issues import Issue, Place
from cchc.vocab.schema import sheet_of

Cell = tuple[int, int, object]  # sheet row (1-based), column (0-based), the value as read


def cell_issues(
    title: str,
    code: str,
    cells: Sequence[Cell],
    describe: Callable[[object], str],
    *,
    total: int | None = None,
    warn: bool = False,
) -> list[Issue]:
    """One issue per cell of a template tab (at most MAX_CELL_ISSUES, then a count of the rest).

    Tabs outside the template are not validated at all, so their cells are not reported.
    """
    sheet = sheet_of(title)
    if sheet is None or not cells:
        return []
    shown = cells[:MAX_CELL_ISSUES]
    found = [
        Place(sheet, title, None, col).issue(code, row, raw, describe(raw), warn=warn)
        for row, col, raw in shown
    ]
    rest = (len(cells) if total is None else total) - len(shown)
    if rest > 0:
        text = f"còn {rest} ô khác cùng vấn đề này (chỉ liệt kê {len(shown)} ô đầu)."
        found.append(Place(sheet, title).issue(code, None, "", text, warn=warn))
    return found
