"""Snapshot export (SPEC §9): frozen CSVs with a manifest, written atomically."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import stat
import tempfile
import time
import zipfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from cchc.access.roles import unit_tables
from cchc.assess.status import Status
from cchc.snapshot import serialize
from cchc.snapshot.purpose import SAVED, Purpose, in_vietnam
from cchc.sources.base import RawTab
from cchc.sources.snapshot import MANIFEST, RAW, Manifest, file_sha256, neutralize
from cchc.vocab.errors import ExportError
from cchc.vocab.terms import VIETNAM
from cchc.vocab.values import raw_text

# An export takes seconds: a staging folder untouched for an hour belongs to an export that died.
STALE_AFTER = 3600
_RANDOM = r"[a-z0-9_]{8}"  # what tempfile.mkdtemp appends to the staging prefix


def csv_bytes(frame: pd.DataFrame, header: bool = True) -> bytes:
    """A table as snapshot CSV: UTF-8 with BOM, CRLF, formulas neutralized."""
    text: str = frame.map(neutralize).to_csv(index=False, header=header, lineterminator="\r\n")
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def _write_csv(frame: pd.DataFrame, path: Path, header: bool = True) -> int:
    path.write_bytes(csv_bytes(frame, header))
    return len(frame)


def _raw_frame(tab: RawTab) -> pd.DataFrame:
    """A tab's cells as text exactly as read (numbers, dates and empties written as a sheet shows them)."""
    return tab.grid.map(raw_text)


def _raw_name(title: str, used: set[str]) -> str:
    name = "".join(ch if ch.isalnum() or ch in " -_()" else "_" for ch in title).strip() or "tab"
    while name.lower() in used:
        name += "_"
    used.add(name.lower())
    return f"{name}.csv"


def snapshot_tables(status: Status, unit: str | None = None) -> dict[str, pd.DataFrame]:
    """The snapshot's normalized tables, by file name; with `unit`, only that unit's rows."""
    plan = status.plan
    tables = {
        "settings.csv": serialize.settings_frame(plan),
        "tasks.csv": serialize.tasks_frame(plan),
        "units.csv": serialize.units_frame(plan),
        "progress.csv": serialize.progress_frame(plan),
        "status.csv": serialize.assignments_frame(status, serialize.STATUS_FIELDS),
        "issues.csv": serialize.issues_frame(plan),
    }
    return unit_tables(tables, unit, plan.issue_units) if unit else tables


def _write_all(
    status: Status, raw_tabs: tuple[RawTab, ...], folder: Path, created_at: datetime, unit: str | None
) -> Manifest:
    rows: dict[str, int] = {}
    for name, frame in snapshot_tables(status, unit).items():
        rows[name] = _write_csv(frame, folder / name)
    (folder / RAW).mkdir()
    used: set[str] = set()
    titles: dict[str, str] = {}
    for tab in raw_tabs:
        name = f"{RAW}/{_raw_name(tab.title, used)}"
        titles[name] = tab.title
        rows[name] = _write_csv(_raw_frame(tab), folder / name, header=False)
    return Manifest(
        as_of=status.as_of,
        created_at=created_at,
        source=serialize.source_record(status.plan),
        title=status.plan.settings.title or None,
        year=status.plan.year,
        rows=rows,
        raw_tabs=titles,
        unit=unit,
        sha256={name: file_sha256((folder / name).read_bytes()) for name in sorted(rows)},
    )


def check_target(out: Path) -> None:
    """Refuse a target that holds files: a snapshot is never overwritten."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportError(
            f"Thư mục «{out}» đã có dữ liệu; bản chốt số liệu không bao giờ ghi đè. "
            "Hãy chọn một thư mục mới hoặc thư mục trống."
        )


def _staging_prefix(name: str) -> str:
    """A target's staging folder: hidden (listings skip it), named after the target."""
    return f".{name}."


def _is_stale(path: Path, limit: float) -> bool:
    info = path.lstat()  # a symlink is never followed, let alone removed
    return stat.S_ISDIR(info.st_mode) and info.st_mtime < limit


def remove_stale_staging(parent: Path, names: str, now: float | None = None) -> list[Path]:
    """Remove the staging folders in `parent` of exports that died (`names`: a regex of target names)."""
    pattern = re.compile(rf"\.(?:{names})\.{_RANDOM}")  # `_staging_prefix` + mkdtemp's suffix
    limit = (time.time() if now is None else now) - STALE_AFTER
    removed: list[Path] = []
    with contextlib.suppress(OSError):  # tidying up never stops an export
        for path in parent.iterdir():
            if pattern.fullmatch(path.name) and _is_stale(path, limit):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


def export_snapshot(
    status: Status,
    raw_tabs: tuple[RawTab, ...],
    out: Path,
    created_at: datetime | None = None,
    unit: str | None = None,
    purpose: Purpose = SAVED,
) -> dict[str, Any]:
    """Write the snapshot into `out` (new or empty) atomically; return the manifest.

    With `unit`, only that unit's rows, and no `raw/` (the tabs as read hold every unit's rows).
    `created_at` (default: now) is recorded in Việt Nam time; `purpose` says why it was taken.
    """
    check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(out.parent, re.escape(out.name))
    staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(out.name), dir=out.parent))
    try:
        moment = in_vietnam(created_at or datetime.now(VIETNAM))
        written = _write_all(status, () if unit else raw_tabs, staging, moment, unit)
        manifest = replace(written, purpose=purpose.to_json()).to_json()
        text = json.dumps(manifest, ensure_ascii=False, indent=2)
        (staging / MANIFEST).write_text(text + "\n", encoding="utf-8")
        staging.chmod(0o755)  # mkdtemp makes it private; a snapshot is meant to be shared
        if out.exists():
            out.rmdir()
        os.rename(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def zip_folder(folder: Path) -> bytes:
    """A snapshot folder as the bytes of a zip archive (paths relative to the folder)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


def snapshot_zip(status: Status, raw_tabs: tuple[RawTab, ...], unit: str | None = None) -> bytes:
    """The same snapshot as `export` (or one unit's part of it), as the bytes of a zip archive."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "snapshot"
        export_snapshot(status, raw_tabs, folder, unit=unit)
        return zip_folder(folder)
