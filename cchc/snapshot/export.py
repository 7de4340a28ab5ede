"""Snapshot export (SPEC §9): frozen CSVs with a manifest, written atomically."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from cchc.access.roles import unit_tables
from cchc.assess.status import Status
from cchc.snapshot import serialize
from cchc.sources.base import RawTab
from cchc.vocab.text import FORMULA_START
from cchc.vocab.values import raw_text

# A value the user typed as '=… or ''… gets an apostrophe too, so reading strips exactly one.
_ESCAPE = FORMULA_START + tuple("'" + c for c in (*FORMULA_START, "'"))
MANIFEST = "manifest.json"
RAW = "raw"


class ExportError(Exception):
    """The snapshot cannot be written where asked (message in Vietnamese)."""


def neutralize(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_ESCAPE):
        return "'" + value
    return value


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
        "status.csv": serialize.assignments_frame(status),
        "issues.csv": serialize.issues_frame(plan),
    }
    return unit_tables(tables, unit, plan.issue_units) if unit else tables


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_all(
    status: Status, raw_tabs: tuple[RawTab, ...], folder: Path, created_at: datetime, unit: str | None
) -> dict[str, Any]:
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
    files = sorted(rows)
    return {
        "as_of": status.as_of.isoformat(),
        "created_at": created_at.isoformat(timespec="seconds"),
        "source": serialize.source_record(status.plan),
        "plan": {"title": status.plan.settings.title or None, "year": status.plan.year},
        "rows": rows,
        "raw_tabs": titles,
        "unit": unit,
        "sha256": {name: _sha256(folder / name) for name in files},
    }


def check_target(out: Path) -> None:
    """Refuse a target that holds files: a snapshot is never overwritten."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportError(
            f"Thư mục «{out}» đã có dữ liệu; bản chụp không bao giờ ghi đè. "
            "Hãy chọn một thư mục mới hoặc thư mục trống."
        )


def export_snapshot(
    status: Status,
    raw_tabs: tuple[RawTab, ...],
    out: Path,
    created_at: datetime | None = None,
    unit: str | None = None,
) -> dict[str, Any]:
    """Write the snapshot into `out` (new or empty) atomically; return the manifest.

    With `unit`, only that unit's rows, and no `raw/` (the tabs as read hold every unit's rows).
    """
    check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        moment = created_at or datetime.now().astimezone()
        manifest = _write_all(status, () if unit else raw_tabs, staging, moment, unit)
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
