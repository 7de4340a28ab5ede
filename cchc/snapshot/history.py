"""Snapshot history (issue #6): a folder of dated snapshots, listed, and compared two at a time.

Each export into the history folder gets its own subfolder, named by `snapshot_name`
`<as_of>_<created_at>` (e.g. `2017-06-14_20170614T083000`, in Việt Nam time), so sorting
the names sorts by as-of date, then by when the snapshot was taken; `list_snapshots` lists them
in that order, newest first, each with why it was taken (`cchc.snapshot.purpose`: a report's, or
saved) and its moment in Việt Nam time, marked when a file was altered after its export; a folder named
like one whose manifest is missing or unreadable is listed too, marked, with what its name tells
(the as-of date and the moment taken) and nothing else. A comparison
reads each snapshot's `status.csv` and `progress.csv` (`read_tables`, through `cchc.sources.snapshot`,
which opens every snapshot file and checks it against the manifest) and is otherwise pure
(`compare_tables`): assignments whose risk changed, and progress rows new, edited or deleted since
the older snapshot, paired as `cchc.snapshot.history_rows` explains. Rows edited, deleted or
added with a date on or before the older snapshot's as-of date mean a unit rewrote history after
that report was made.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath

import pandas as pd

from cchc.snapshot.history_rows import ROW_COLUMNS, as_dates, comparable, edits, pair_rows
from cchc.snapshot.purpose import SAVED, Purpose, in_vietnam, purpose_of
from cchc.sources.base import RawSource, RawTab, SourceError
from cchc.sources.snapshot import (
    MANIFEST,
    Manifest,
    SnapshotFiles,
    altered_file,
    manifest_damage,
    name_as_of,
    open_manifest,
    read_files,
)
from cchc.validate.table import locate_tabs, read_table
from cchc.vocab.schema import PROGRESS
from cchc.vocab.terms import VIETNAM
from cchc.vocab.values import raw_text

_TIME = re.compile(rb":\d\d:")  # a time with seconds, as form timestamps and date-time cells have
RISK_CHANGE_COLUMNS = [
    "task_id",
    "unit",
    "role",
    "risk_before",
    "risk_after",
    "state_before",
    "state_after",
    "percent_before",
    "percent_after",
]


@dataclass(frozen=True)
class SnapshotInfo:
    """One snapshot of the history folder, as its manifest describes it."""

    path: Path
    as_of: date
    created_at: datetime
    source_kind: str
    source_name: str
    title: str | None
    year: int | None
    rows: dict[str, int]
    raw_tabs: dict[str, str]
    altered: str | None = None  # the first file changed, removed, added or unreadable since the export
    damage: str | None = None  # how it was: "đã bị sửa", "bị xoá", "không đọc được"…
    purpose: Purpose = SAVED  # why it was taken: for a report, or saved

    @property
    def name(self) -> str:
        """The snapshot's folder name."""
        return self.path.name


@dataclass(frozen=True)
class RowChanges:
    """What changed in the progress rows from an older table to a newer one.

    `new_rows`, `deleted_rows`: `row`, the progress fields, `stamp` (a form's timestamp, else '').
    `edited_rows`: one line per changed cell: `row_before`, `row_after`, `task_id`, `unit`, `date`,
    `reporter`, `stamp` (the newer row's), `field`, `before`, `after`. Dates are `datetime.date`,
    other cells text.
    """

    new_rows: pd.DataFrame
    edited_rows: pd.DataFrame
    deleted_rows: pd.DataFrame
    unchanged: int

    @property
    def edited_count(self) -> int:
        """How many progress rows were edited."""
        return int(self.edited_rows["row_after"].nunique())


@dataclass(frozen=True, kw_only=True)
class Comparison(RowChanges):
    """What changed from an older snapshot to a newer one: the rows (`RowChanges`, `new_rows` with
    `backdated`: dated on or before `older_as_of`) and `risk_changes`: RISK_CHANGE_COLUMNS (None
    where an assignment exists on one side only)."""

    older_as_of: date
    risk_changes: pd.DataFrame


def _describe(
    folder: Path, manifest: Manifest, altered: str | None = None, damage: str | None = None
) -> SnapshotInfo:
    """A snapshot's description from its manifest."""
    return SnapshotInfo(
        path=folder,
        as_of=manifest.as_of,
        created_at=in_vietnam(manifest.created_at),
        source_kind=str(manifest.source["kind"]),
        source_name=str(manifest.source["name"]),
        title=manifest.title,
        year=manifest.year,
        rows=manifest.rows,
        raw_tabs=manifest.raw_tabs,
        altered=altered,
        damage=damage,
        purpose=purpose_of(folder, manifest),
    )


def _undescribed(folder: Path, as_of: date, damage: str | None) -> SnapshotInfo:
    """A dated snapshot without a readable manifest: only what its folder name tells, marked altered
    (the moment in the name is Việt Nam time, as every snapshot is named)."""
    try:
        taken = datetime.strptime(folder.name[11:26], "%Y%m%dT%H%M%S")
    except ValueError:
        taken = datetime.combine(as_of, time())
    moment = taken.replace(tzinfo=VIETNAM)
    return SnapshotInfo(folder, as_of, moment, "", "", None, None, {}, {}, MANIFEST, damage)


def _info(folder: Path) -> SnapshotInfo | None:
    """A snapshot's description, checked against its files; None for a folder that is no snapshot."""
    manifest, damage = manifest_damage(folder)
    if manifest is None:
        named = name_as_of(folder)
        return None if named is None else _undescribed(folder, named, damage)
    if damage is not None:
        return _describe(folder, manifest, MANIFEST, damage)
    try:
        return _describe(folder, manifest, *(altered_file(folder, manifest) or (None, None)))
    except OSError:  # the folder itself cannot be walked any more
        return _describe(folder, manifest, "thư mục", "không đọc được")


def list_snapshots(folder: Path) -> list[SnapshotInfo]:
    """The snapshots in a history folder, newest as-of date first (then newest taken first)."""
    # Skipped: hidden subfolders (an export being written lives in a hidden staging folder until it
    # is complete) and others neither holding a manifest nor named as a snapshot. Altered ones,
    # and dated ones whose manifest is gone or unreadable, are listed, marked.
    if not folder.is_dir():
        return []
    found = [_info(path) for path in folder.iterdir() if path.is_dir() and not path.name.startswith(".")]
    return sorted((i for i in found if i), key=lambda i: (i.as_of, i.created_at, i.name), reverse=True)


def _progress_file(manifest: Manifest) -> str | None:
    """The raw file of the progress tab, found as validation finds it among the tab titles."""
    files = {title: name for name, title in manifest.raw_tabs.items()}
    titles = tuple(RawTab(title, pd.DataFrame()) for title in files)
    tab = locate_tabs(RawSource("snapshot", "", titles, manifest.created_at))[0].get(PROGRESS.sheet)
    return files[tab.title] if tab is not None else None


def _stamps(files: SnapshotFiles, name: str | None) -> dict[int, str]:
    """By sheet row, date cells that carry a time (a form's timestamp), from the raw progress tab."""
    if name is None or not _TIME.search(files.data[name]):  # most sheets hold no time at all
        return {}
    table = read_table(PROGRESS, RawTab(PurePosixPath(name).stem, files.grid(name)))[0]
    if table is None:
        return {}
    texts = table.rows["date"].map(raw_text).str.strip()
    return {int(row): text for row, text in zip(texts.index.to_numpy(), texts, strict=True) if ":" in text}


def read_tables(folder: Path) -> tuple[SnapshotInfo, pd.DataFrame, pd.DataFrame]:
    """A snapshot's description, `status.csv` and `progress.csv` (with form timestamps as `stamp`).

    Raises SourceError: `snapshot.tampered` when a file or the manifest was altered, deleted or
    broken after the export, `snapshot.unreadable` when a table is missing or broken.
    """
    manifest = open_manifest(folder)
    try:
        raw = _progress_file(manifest)
        files = read_files(folder, manifest, keep={"status.csv", "progress.csv", *([raw] if raw else [])})
        status = files.table("status.csv")
        progress = files.table("progress.csv")
        progress = progress.assign(row=progress["row"].astype(int))
        stamps = _stamps(files, raw)
    except (OSError, ValueError, KeyError, UnicodeDecodeError, pd.errors.ParserError):
        raise SourceError(
            "snapshot.unreadable",
            f"Không đọc được bản chốt số liệu «{folder}» (thiếu hoặc hỏng manifest.json, status.csv hay "
            "progress.csv). Hãy chọn bản chốt số liệu khác hoặc xuất lại.",
        ) from None
    info = _describe(folder, manifest)
    return info, status, progress.assign(stamp=[stamps.get(row, "") for row in progress["row"]])


def _blank_to_none(value: object) -> object:
    return None if value is None or value == "" or (isinstance(value, float) and math.isnan(value)) else value


def _status_side(status: pd.DataFrame, suffix: str) -> pd.DataFrame:
    """An assignment table reduced to what a comparison shows (None for an empty cell)."""
    columns = ["role", "risk", "state", "percent"]
    frame = status[["task_id", "unit", *columns]].astype(object).map(_blank_to_none)
    percent = pd.to_numeric(frame["percent"]).astype(object)
    frame = frame.assign(task_id=frame["task_id"].astype(str), unit=frame["unit"].astype(str))
    frame = frame.assign(percent=percent.where(percent.notna(), None), pos=range(len(frame)))
    return frame.rename(columns={c: f"{c}{suffix}" for c in [*columns, "pos"]})


def risk_changes(older: pd.DataFrame, newer: pd.DataFrame) -> pd.DataFrame:
    """Assignments whose risk differs between two assignment tables, in the newer one's order."""
    after, before = _status_side(newer, "_after"), _status_side(older, "_before")
    both = after.merge(before, on=["task_id", "unit"], how="outer")
    both = both.sort_values(["pos_after", "pos_before"], kind="stable", na_position="last")
    both = both.assign(role=both["role_after"].where(both["role_after"].notna(), both["role_before"]))
    changed = both[both["risk_before"].fillna("") != both["risk_after"].fillna("")]
    changed = changed[RISK_CHANGE_COLUMNS].astype(object)
    return changed.where(changed.notna(), None).reset_index(drop=True)


def compare_tables(
    older_status: pd.DataFrame,
    older_progress: pd.DataFrame,
    newer_status: pd.DataFrame,
    newer_progress: pd.DataFrame,
    older_as_of: date,
) -> Comparison:
    """Compare two snapshots' assignment and progress tables (the frames `read_tables` returns)."""
    rows = compare_rows(older_progress, newer_progress)
    added = rows.new_rows
    backdated = pd.Series(
        [day is not None and day <= older_as_of for day in added["date"]], added.index, bool
    )
    return Comparison(
        new_rows=added.assign(backdated=backdated),
        edited_rows=rows.edited_rows,
        deleted_rows=rows.deleted_rows,
        unchanged=rows.unchanged,
        older_as_of=older_as_of,
        risk_changes=risk_changes(older_status, newer_status),
    )


def compare_rows(older_progress: pd.DataFrame, newer_progress: pd.DataFrame) -> RowChanges:
    """The progress rows new, edited and deleted from `older_progress` to `newer_progress` (two
    `progress.csv` tables), paired as `cchc.snapshot.history_rows` pairs them."""
    old, new = pair_rows(*comparable(older_progress, newer_progress))
    return RowChanges(
        new_rows=as_dates(new.loc[new["pair"] < 0, ROW_COLUMNS].reset_index(drop=True)),
        edited_rows=edits(old, new),
        deleted_rows=as_dates(old.loc[old["pair"] < 0, ROW_COLUMNS].reset_index(drop=True)),
        unchanged=int(old["same"].sum()),
    )


def compare(older: Path, newer: Path) -> Comparison:
    """Compare two snapshot folders, the older one first."""
    old_info, old_status, old_progress = read_tables(older)
    _, new_status, new_progress = read_tables(newer)
    return compare_tables(old_status, old_progress, new_status, new_progress, old_info.as_of)
