"""Progress rows of two snapshots paired up: unchanged (even if moved), edited, new, deleted.

The sheet row number is no identity: inserting or deleting a row, or sorting the tab, renumbers
every row below. Rows are paired in three passes, each only among rows still unpaired:

1. **Same content**: every field but the row number equal (after normalizing text, dates and
   numbers) → unchanged, wherever the row went. Identical duplicates pair in sheet order.
2. **Same assignment and day**: equal (task, unit, date) → the same row with other cells edited.
   Several in one group pair in sheet order.
3. **Same place**: each unpaired row is placed by the nearest paired row above it (its anchor)
   and how many unpaired rows lie between them; rows at the same place in both snapshots that
   still share their task or their unit are one row whose date, task or unit was edited.

Whatever is left is deleted (older only) or new (newer only). A row whose key cell turned
invalid leaves `progress.csv` (only valid rows are kept), so it shows as deleted; a row fixed
later shows as new.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from cchc.validate.progress import COLUMNS

FIELDS = tuple(c for c in COLUMNS if c != "row")  # a progress.csv row, without its sheet row number
NUMBERS = ("percent", "count", "attendance")  # `45` and `45.0` are the same value
KEY = ["task_id", "unit", "date"]
ROW_COLUMNS = ["row", *FIELDS, "stamp"]
EDIT_COLUMNS = ["row_before", "row_after", "task_id", "unit", "date", "reporter", "stamp", "field"]
EDIT_COLUMNS += ["before", "after"]


def _text(value: object) -> str:
    """A cell as comparable text: '' for empty, ISO for dates, no `.0` on whole numbers."""
    if isinstance(value, str):
        return value.strip()
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _number(text: str) -> str:
    """Numbers compare by value (`40`, `40.0` and `40,0` are the same)."""
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() else str(number)


def _clean(column: pd.Series, number: bool) -> np.ndarray:
    """A column as comparable text, cleaning each distinct value once (plain text: vectorized)."""
    if isinstance(column.dtype, pd.StringDtype) and not number:
        return column.fillna("").str.strip().to_numpy(dtype=object)
    positions, distinct = pd.factorize(column, use_na_sentinel=False)
    texts = [_number(_text(value)) if number else _text(value) for value in distinct]
    return np.array(texts, dtype=object)[positions]


def normalize(progress: pd.DataFrame, fields: tuple[str, ...] = FIELDS) -> pd.DataFrame:
    """Progress rows as text (row number as int), sorted by sheet row; columns not in `fields` empty."""
    columns: dict[str, Any] = {"row": progress["row"].astype(int).to_numpy()}
    for name in (*FIELDS, "stamp"):
        kept = name in progress and (name in fields or name == "stamp")
        columns[name] = _clean(progress[name], name in NUMBERS) if kept else ""
    return pd.DataFrame(columns, columns=ROW_COLUMNS).sort_values("row", kind="stable", ignore_index=True)


def comparable(older: pd.DataFrame, newer: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both sides normalized on the fields both snapshots have: a column added by a newer version
    of the program is not an edit of every row."""
    shared = tuple(name for name in FIELDS if name in older and name in newer)
    return normalize(older, shared), normalize(newer, shared)


def _pair_on(older: pd.DataFrame, newer: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    """Pairs (positions `old`, `new`) of unpaired rows equal on `on`, the k-th with the k-th."""
    sides = []
    for frame, name in ((older, "old"), (newer, "new")):
        rows = frame.loc[frame["pair"] < 0, on].assign(**{name: lambda f: f.index})
        sides.append(rows.assign(nth=rows.groupby(on, sort=False).cumcount()))
    return sides[0].merge(sides[1], on=[*on, "nth"])[["old", "new"]]


def _record(older: pd.DataFrame, newer: pd.DataFrame, pairs: pd.DataFrame) -> None:
    """Mark paired rows with the pair's number, counting on from those paired before."""
    start = int(max(older["pair"].max(), -1)) + 1
    numbers = range(start, start + len(pairs))
    older.loc[pairs["old"].to_numpy(), "pair"] = list(numbers)
    newer.loc[pairs["new"].to_numpy(), "pair"] = list(numbers)


def _places(frame: pd.DataFrame) -> pd.DataFrame:
    """Where each unpaired row sits: its nearest paired row above, and its rank after it."""
    anchor = frame["pair"].where(frame["pair"] >= 0).ffill().fillna(-1).astype(int)
    rows = frame.assign(anchor=anchor)[frame["pair"] < 0]
    return rows.assign(nth=rows.groupby("anchor").cumcount())


def _pair_by_place(older: pd.DataFrame, newer: pd.DataFrame) -> pd.DataFrame:
    """Pairs of unpaired rows at the same place that share their task or their unit."""
    old = _places(older).assign(old=lambda f: f.index)
    new = _places(newer).assign(new=lambda f: f.index)
    both = old.merge(new, on=["anchor", "nth"], suffixes=("_o", "_n"))
    alike = (both["task_id_o"] == both["task_id_n"]) | (both["unit_o"] == both["unit_n"])
    return both.loc[alike, ["old", "new"]]


def pair_rows(older: pd.DataFrame, newer: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both normalized sides with a `pair` column (-1: unpaired) and `same` (paired unchanged)."""
    older = older.assign(pair=-1)
    newer = newer.assign(pair=-1)
    _record(older, newer, _pair_on(older, newer, list(FIELDS)))
    unchanged = int((older["pair"] >= 0).sum())
    _record(older, newer, _pair_on(older, newer, KEY))
    _record(older, newer, _pair_by_place(older, newer))
    same = older["pair"].between(0, unchanged - 1)
    return older.assign(same=same), newer.assign(same=newer["pair"].between(0, unchanged - 1))


def edits(older: pd.DataFrame, newer: pd.DataFrame) -> pd.DataFrame:
    """One line per changed cell of each row paired but not unchanged (newer's who and when)."""
    before = older[(older["pair"] >= 0) & ~older["same"]].set_index("pair")
    after = newer[(newer["pair"] >= 0) & ~newer["same"]].set_index("pair").loc[before.index]
    context = after[["row", "task_id", "unit", "date", "reporter", "stamp"]].rename(
        columns={"row": "row_after"}
    )
    context = context.assign(row_before=before["row"])
    lines = []
    for name in FIELDS:
        changed = before[name] != after[name]
        lines.append(
            context[changed].assign(
                field=name, before=before.loc[changed, name], after=after.loc[changed, name]
            )
        )
    frame = pd.concat(lines, ignore_index=True)
    order = frame["field"].map({name: i for i, name in enumerate(FIELDS)})
    frame = frame.assign(_order=order).sort_values(["row_after", "_order"], kind="stable")
    return as_dates(frame[EDIT_COLUMNS].reset_index(drop=True))


def as_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """The `date` column as `datetime.date` (None when empty)."""
    days = pd.to_datetime(frame["date"], format="%Y-%m-%d", errors="coerce")
    return frame.assign(date=pd.Series([None if pd.isna(d) else d.date() for d in days], frame.index, object))
