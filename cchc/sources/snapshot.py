"""Snapshot folders written by `cchc export`: the one place that knows their manifest and escaping
rule, and the one that opens their files.

Every read checks the folder against the manifest's SHA-256 map first (each file hashed once, from
the very bytes then parsed): a file changed, removed or added after the export makes the snapshot
worthless as evidence, so reading it fails with `snapshot.tampered` naming the file. So does a
folder shaped like a snapshot (`is_snapshot`) whose manifest was deleted or cannot be read.

The manifest's own fields are checked where something else records them: a dated snapshot's folder
name (`snapshot_name`) starts with its as-of date, which must be the manifest's. No exported file
records the as-of date, and the folder name's moment is not the manifest's `created_at` when a
snapshot is exported into a named folder by hand, so neither is checked further. A manifest
rewritten consistently (fields edited, SHA-256 recomputed for edited files) cannot be detected
without a signature, which snapshots do not carry.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from cchc.sources.base import RawSource, RawTab, SourceError
from cchc.sources.csv_parse import parse_csv
from cchc.vocab.text import FORMULA_START

MANIFEST = "manifest.json"
RAW = "raw"
# How an escaped cell starts; a value typed as '=… or ''… is escaped too, so reading strips exactly one.
_ESCAPED = tuple("'" + c for c in (*FORMULA_START, "'"))
_TO_ESCAPE = FORMULA_START + _ESCAPED
_UNPARSABLE = (ValueError, csv.Error)  # UnicodeDecodeError and pandas' ParserError are ValueErrors
# Every name `snapshot_name` gives, with the `-2`, `-3`… of snapshots taken in the same second.
NAME_PATTERN = r"\d{4}-\d{2}-\d{2}_\d{8}T\d{6}(?:-\d+)?"
_EXPORT_ONLY = ("status.csv", "issues.csv")  # tables an export writes and no sheet has as a tab


def neutralize(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (undone on read)."""
    if isinstance(value, str) and value.startswith(_TO_ESCAPE):
        return "'" + value
    return value


def unescape(column: pd.Series) -> pd.Series:
    """A column of snapshot text without the apostrophe `neutralize` added."""
    return column.where(~column.str.startswith(_ESCAPED), column.str[1:])


def file_sha256(data: bytes) -> str:
    """The hex SHA-256 the manifest records for a file's bytes."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Manifest:
    """A snapshot's `manifest.json`: what it was taken from, its files' row counts and SHA-256."""

    as_of: date
    created_at: datetime
    source: dict[str, Any]  # serialize.source_record: kind, name, read_at, stale, stale_reason
    title: str | None
    year: int | None
    rows: dict[str, int]
    raw_tabs: dict[str, str]  # raw file name → tab title
    unit: str | None
    sha256: dict[str, str]
    purpose: dict[str, Any] | None = None  # why it was taken (`cchc.snapshot.purpose`); None: not said

    def to_json(self) -> dict[str, Any]:
        """The manifest as written into `manifest.json`."""
        written = {
            "as_of": self.as_of.isoformat(),
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "source": self.source,
            "plan": {"title": self.title, "year": self.year},
            "rows": self.rows,
            "raw_tabs": self.raw_tabs,
            "unit": self.unit,
            "sha256": self.sha256,
        }
        return written if self.purpose is None else written | {"purpose": self.purpose}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        """Parse a manifest; KeyError, TypeError or ValueError when it is not one."""
        source, plan = dict(data["source"]), data.get("plan") or {}
        _ = source["kind"], source["name"], datetime.fromisoformat(source["read_at"])
        manifest = cls(
            as_of=date.fromisoformat(data["as_of"]),
            created_at=datetime.fromisoformat(data["created_at"]),
            source=source,
            title=plan.get("title"),
            year=plan.get("year"),
            rows={str(name): int(count) for name, count in data["rows"].items()},
            raw_tabs={str(name): str(title) for name, title in data["raw_tabs"].items()},
            unit=data.get("unit"),
            sha256={str(name): str(digest) for name, digest in data["sha256"].items()},
            purpose=data["purpose"] if isinstance(data.get("purpose"), dict) else None,
        )
        if not manifest.raw_tabs.keys() <= manifest.sha256.keys():
            raise ValueError("a raw tab without its SHA-256")
        return manifest

    @property
    def read_at(self) -> datetime:
        """When the snapshot's source was read."""
        return datetime.fromisoformat(self.source["read_at"])


def snapshot_name(as_of: date, created_at: datetime) -> str:
    """A dated snapshot's folder name: as-of date, then the moment it was taken (sortable)."""
    return f"{as_of.isoformat()}_{created_at:%Y%m%dT%H%M%S}"


def name_as_of(folder: Path) -> date | None:
    """The as-of date a dated snapshot's folder name starts with; None for any other name."""
    if re.fullmatch(NAME_PATTERN, folder.name) is None:
        return None
    try:
        return date.fromisoformat(folder.name[:10])
    except ValueError:
        return None


def is_snapshot(folder: Path) -> bool:
    """True for a folder shaped like an export: a manifest, `raw/`, a table only an export writes,
    or a dated snapshot's name. Without a readable manifest it reads as altered, never as CSV files."""
    return (
        os.path.lexists(folder / MANIFEST)
        or (folder / RAW).is_dir()
        or any((folder / name).is_file() for name in _EXPORT_ONLY)
        or re.fullmatch(NAME_PATTERN, folder.name) is not None
    )


def load_manifest(folder: Path) -> Manifest | None:
    """A folder's manifest; None when there is none or it is broken."""
    try:
        return Manifest.from_json(json.loads((folder / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def tampered(folder: Path, name: str, how: str) -> SourceError:
    """The error for a snapshot whose file `name` was changed, removed or added after the export."""
    why = "" if name == MANIFEST else f" (không khớp SHA-256 trong {MANIFEST})"
    return SourceError(
        "snapshot.tampered",
        f"Bản chốt số liệu «{folder}» đã bị thay đổi sau khi xuất: tệp «{name}» {how}{why}, nên không thể "
        "dùng làm minh chứng. Hãy dùng một bản chốt số liệu khác hoặc xuất lại.",
    )


def manifest_damage(folder: Path) -> tuple[Manifest | None, str | None]:
    """A snapshot's manifest (None when unreadable) and what is wrong with it (None: nothing found):
    deleted, unreadable, or an as-of date other than the one the folder was named with."""
    if not os.path.lexists(folder / MANIFEST):
        return None, "bị xoá"
    manifest = load_manifest(folder)
    if manifest is None:
        return None, "không đọc được"
    named = name_as_of(folder)
    if named is not None and named != manifest.as_of:
        return manifest, (
            f"ghi ngày tính đến {manifest.as_of.isoformat()}, khác ngày {named.isoformat()} trong tên thư mục"
        )
    return manifest, None


def open_manifest(folder: Path) -> Manifest:
    """A snapshot's manifest; SourceError `snapshot.tampered` when it is deleted, unreadable or altered."""
    manifest, damage = manifest_damage(folder)
    if manifest is None or damage is not None:
        raise tampered(folder, MANIFEST, damage or "không đọc được")
    return manifest


def _files(folder: Path) -> dict[str, os.stat_result]:
    """Every file under a snapshot folder but the manifest, by relative POSIX path, with its stat."""
    found = {}
    for top, _, names in os.walk(folder):  # symlinked folders are not followed
        for name in names:
            path = Path(top, name)
            found[path.relative_to(folder).as_posix()] = path.lstat()
    found.pop(MANIFEST, None)
    return found


def _missing_or_extra(names: Collection[str], manifest: Manifest) -> tuple[str, str] | None:
    """The first file the manifest lists but the folder lacks, or the other way round, and how."""
    for name in sorted(manifest.sha256):
        if name not in names:
            return name, "đã bị xoá"
    for name in sorted(set(names) - set(manifest.sha256)):
        return name, "được thêm vào"
    return None


def _verify(
    folder: Path, manifest: Manifest, names: Collection[str], keep: Collection[str]
) -> tuple[dict[str, bytes], tuple[str, str] | None]:
    """The bytes of the files in `keep`, and the first file changed, removed or added (and how)."""
    problem = _missing_or_extra(names, manifest)
    kept = {}
    for name, digest in sorted(manifest.sha256.items()):
        if problem is not None:
            break
        try:
            data = (folder / name).read_bytes()  # hashed and parsed from the same bytes: no second read
        except OSError:
            problem = name, "không đọc được"
            break
        if file_sha256(data) != digest:
            problem = name, "đã bị sửa"
        elif name in keep:
            kept[name] = data
    return kept, problem


@dataclass(frozen=True)
class SnapshotFiles:
    """Files of one snapshot, checked against its manifest, parsed on demand."""

    folder: Path
    manifest: Manifest
    data: dict[str, bytes]  # the verified bytes of the files asked for, by name

    def grid(self, name: str) -> pd.DataFrame:
        """A file as a grid of text as typed (apostrophes undone), rows numbered from 1 as in the sheet."""
        try:
            grid = parse_csv(self.data[name], self.data[name][:65536], ",")  # export always writes commas
        except _UNPARSABLE:
            raise SourceError(
                "snapshot.unreadable",
                f"Tệp «{name}» của bản chốt số liệu «{self.folder}» không đọc được. "
                "Hãy dùng một bản chốt số liệu khác hoặc xuất lại.",
            ) from None
        return grid.apply(unescape) if len(grid) and len(grid.columns) else grid

    def table(self, name: str) -> pd.DataFrame:
        """A table file (header on the first line), cells as text."""
        grid = self.grid(name)
        return (
            grid.iloc[1:].set_axis(list(grid.iloc[0]), axis=1).reset_index(drop=True) if len(grid) else grid
        )


def read_files(folder: Path, manifest: Manifest, keep: Collection[str] = ()) -> SnapshotFiles:
    """Check every file of a snapshot against its manifest, keeping the bytes of those in `keep`.

    Raises SourceError `snapshot.tampered` for the first file changed, removed or added.
    """
    kept, problem = _verify(folder, manifest, _files(folder).keys(), keep)
    if problem is not None:
        raise tampered(folder, *problem)
    return SnapshotFiles(folder, manifest, kept)


# folder → (what its files looked like when checked, the verdict); see `altered_file`
_CHECKED: dict[Path, tuple[object, tuple[str, str] | None]] = {}


def altered_file(folder: Path, manifest: Manifest) -> tuple[str, str] | None:
    """The first file changed, removed, added or unreadable since the export, and how (None: intact).

    The verdict is remembered while no file changes size, inode or times (a write always moves
    the change time), so a page listing many large snapshots hashes each one once.
    """
    files = _files(folder)
    look = (
        manifest.sha256,
        sorted((n, s.st_size, s.st_ino, s.st_mtime_ns, s.st_ctime_ns) for n, s in files.items()),
    )
    seen = _CHECKED.get(folder)
    if seen is not None and seen[0] == look:
        return seen[1]
    verdict = _verify(folder, manifest, files.keys(), ())[1]
    _CHECKED[folder] = (look, verdict)
    return verdict


def read_snapshot(folder: Path) -> RawSource:
    """The tabs exactly as they were read when the snapshot was taken (checked against the manifest)."""
    manifest = open_manifest(folder)
    files = read_files(folder, manifest, keep=manifest.raw_tabs)
    tabs = tuple(RawTab(manifest.raw_tabs[name], files.grid(name)) for name in sorted(manifest.raw_tabs))
    return RawSource("snapshot", str(folder), tabs, manifest.read_at)
