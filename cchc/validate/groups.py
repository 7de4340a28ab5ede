"""Fast grouping of many rows by several columns: one integer code per distinct combination.

Sorting or grouping a frame by several text columns costs far more than by one integer; the
duplicate check (`progress`) and the outputs (`cchc.assess.status`) go through these codes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa


def combined_codes(*columns: pd.Series) -> np.ndarray:
    """One int64 code per row; two rows share it exactly when they share every column's value
    (missing values count as one value)."""
    key = np.zeros(len(columns[0]), dtype=np.int64)
    size = 1  # an upper bound of the codes so far
    for column in columns:
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        key = key * (len(uniques) + 1) + codes
        size *= len(uniques) + 1
        if size > 2**40:  # keep the product far from overflowing: renumber the codes so far
            key, seen = pd.factorize(key)
            size = len(seen)
    return key.astype(np.int64)


def close_neighbours(key: np.ndarray, days: np.ndarray, rows: np.ndarray, within: int) -> np.ndarray:
    """For each row, whether another row with the same `key` lies at most `within` days from it.

    `days` are whole day numbers; `rows` break ties so the order is the sheet's.
    """
    order = np.lexsort((rows, days, key))
    same = key[order][1:] == key[order][:-1]
    close = same & (np.diff(days[order]) <= within)
    near_sorted = np.zeros(len(key), dtype=bool)
    near_sorted[1:] |= close
    near_sorted[:-1] |= close
    near = np.empty(len(key), dtype=bool)
    near[order] = near_sorted
    return near


def _utf8(values: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The bytes of a string array and each cell's start in them (one more at the end)."""
    wide = values.type == pa.large_string()
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int64 if wide else np.int32)
    offsets = offsets[values.offset : values.offset + len(values) + 1].astype(np.int64)
    data = np.frombuffer(values.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    return data, offsets - offsets[0]


_DIGITS = np.zeros(256, dtype=np.uint8)
_DIGITS[0x30:0x3A] = np.arange(1, 11)  # byte → 1 + its digit, 0 for any other byte


def digit_signatures(column: pd.Series) -> np.ndarray:
    """A number per cell that depends only on which digits 0-9 it holds (missing cells: none).

    The forgiving key of SPEC §3.1 keeps digits as they are, so cells with equal keys have equal
    signatures: a cheap first test before the key itself. Digits are single bytes in UTF-8, so the
    signature is read straight from an Arrow column's bytes, with no decoding, a slice at a time
    (the per-byte arrays of a million cells would cost hundreds of MB at once).
    """
    values = pa.array(column.astype("string[pyarrow]").fillna(""), type=pa.large_string())
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    parts = [_signatures(values.slice(at, _CHUNK)) for at in range(0, len(values), _CHUNK)]
    return np.concatenate(parts) if parts else np.zeros(0)


_CHUNK = 100_000


def _signatures(values: pa.Array) -> np.ndarray:
    data, offsets = _utf8(values)
    found = _DIGITS[data]
    at = np.flatnonzero(found)
    cell = np.searchsorted(offsets, at, side="right") - 1
    digit = found[at].astype(np.float64)
    cells = len(offsets) - 1
    return np.bincount(cell, weights=digit**3 + digit, minlength=cells) * 64 + np.bincount(
        cell, minlength=cells
    )
