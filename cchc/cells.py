"""Whole-column cell checks (blank, legacy encoding, overlong), fast on 100,000 rows.

Per-cell Python is what makes validation slow, so each check first looks at a column as a
whole (its distinct values, or all its text joined) and only visits cells that may match.
"""

from __future__ import annotations

import re

import pandas as pd

from cchc.text import looks_legacy
from cchc.values import is_blank

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


def _distinct_texts(column: pd.Series) -> list[str]:
    """The column's text values: distinct ones, unless nearly all differ (free text)."""
    free_text = column.iloc[:1000].nunique() > 500
    if free_text and isinstance(column.dtype, pd.StringDtype) and not column.hasnans:
        return column.to_numpy(dtype=object).tolist()  # all text already: no need to hash it
    return [v for v in pd.unique(column) if isinstance(v, str)]


def suspicious_cells(column: pd.Series) -> tuple[list[int], list[int]]:
    """Rows whose text is overlong, and rows whose text looks typed in a TCVN3/VNI font."""
    texts = _distinct_texts(column)
    if not texts:
        return [], []
    long_values = [v for v in texts if len(v) > LONG_CELL] if max(map(len, texts)) > LONG_CELL else []
    legacy_values: list[str] = []
    if _LEGACY_HINT.search("\n".join(texts)):
        legacy_values = [v for v in texts if looks_legacy(v) and len(v) <= LONG_CELL]
    return _rows_with(column, long_values), _rows_with(column, legacy_values)


def _rows_with(column: pd.Series, values: list[str]) -> list[int]:
    return [int(row) for row in column.index[column.isin(values)]] if values else []
