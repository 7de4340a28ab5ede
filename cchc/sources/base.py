"""What every source yields: per tab, the raw grid as the user typed it, with row numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

from cchc.vocab.errors import SourceError
from cchc.vocab.issues import Issue

__all__ = ["RawSource", "RawTab", "SourceError", "grid_from_rows", "text_grid"]


@dataclass(frozen=True)
class RawTab:
    """One tab: columns 0..n-1, index = 1-based sheet row numbers, cells as read ('' empty)."""

    title: str
    grid: pd.DataFrame
    gid: int | None = None  # a Google Sheet tab's id, for links to its cells


@dataclass(frozen=True)
class RawSource:
    """Everything read from a source in one go, plus problems found while reading it."""

    kind: str
    name: str
    tabs: tuple[RawTab, ...]
    read_at: datetime
    issues: tuple[Issue, ...] = field(default=())
    stale: bool = False  # True when a failed read was replaced by the last good one
    stale_reason: str | None = None


def text_grid(rows: Sequence[Sequence[Any]]) -> pd.DataFrame:
    """A grid of text cells (Sheets' formatted values) as pandas strings, fast to validate."""
    return grid_from_rows(rows).astype("str")


def grid_from_rows(rows: Sequence[Sequence[Any]]) -> pd.DataFrame:
    """A grid from ragged rows: padded with '', rows numbered from 1."""
    width = max((len(r) for r in rows), default=0)
    padded = [list(r) + [""] * (width - len(r)) for r in rows]
    frame = pd.DataFrame(padded, columns=range(width), dtype=object)
    frame.index = pd.RangeIndex(1, len(padded) + 1)
    return frame
