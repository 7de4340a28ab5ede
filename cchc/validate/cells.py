"""Whole-column cell checks (blank, legacy encoding, overlong), fast on 100,000 rows.

Per-cell Python is what makes validation slow, so each check first looks at a column as a
whole (its distinct values, or all its text joined) and only visits cells that may match.
"""

from __future__ import annotations

import re

import pandas as pd

from cchc.vocab.text import looks_legacy
from cchc.vocab.values import is_blank

LONG_CELL = 5000
_LEGACY_HINT = re.compile(r"[¡-¿ÄÅÆÇËÎÏÐÑÖØÛÜÞßäåæçëîïðñöøûüþÿ]")


def blank(column: pd.Series) -> pd.Series:
    """True where a cell is empty or only whitespace (each distinct value checked once)."""
    blanks = [value for value in pd.unique(column) if is_blank(value)]
    return column.isin(blanks)


def blank_rows(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    """True for rows whose cells in `keys` are all blank (narrowing column by column)."""
    mask = pd.Series(True, index=frame.index)
    for key in keys:
        candidates = mask[mask].index
        if candidates.empty:
            break
        mask.loc[candidates] = blank(frame.loc[candidates, key]).to_numpy()
    return mask


def _as_text(column: pd.Series) -> pd.Series:
    """The column as strings, non-text cells (numbers, dates from a workbook) as ''."""
    if isinstance(column.dtype, pd.StringDtype):
        return column.fillna("") if column.hasnans else column
    return column.map(lambda value: value if isinstance(value, str) else "").astype(str)


def suspicious_cells(column: pd.Series) -> tuple[list[int], list[int]]:
    """Rows whose text is overlong, and rows whose text looks typed in a TCVN3/VNI font."""
    text = _as_text(column)
    too_long = text.str.len() > LONG_CELL
    hinted = text.str.contains(_LEGACY_HINT.pattern, regex=True) & ~too_long
    candidates = text[hinted]
    legacy = [
        int(row) for row, value in zip(candidates.index, candidates, strict=True) if looks_legacy(value)
    ]
    return [int(row) for row in text.index[too_long]], legacy
