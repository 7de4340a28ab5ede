"""The export audit log: one JSON line per download, appended and synced, never rewritten."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from cchc.sources.snapshot import file_sha256 as sha256  # the check code of a download, as a manifest's

FILE_NAME = "audit.jsonl"
_LOCK = threading.Lock()  # Streamlit sessions are threads of one process


@dataclass(frozen=True)
class Entry:
    """One download: who (email, or None without sign-in), when, what file, of which snapshot, its SHA-256."""

    at: datetime
    who: str | None
    what: str
    snapshot_id: str
    sha256: str
    role: str | None = None
    unit: str | None = None  # set when the export held only this unit's rows

    def to_json(self) -> str:
        """The entry as one line of the log."""
        record = asdict(self) | {"at": self.at.isoformat(timespec="seconds")}
        return json.dumps(record, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class Log:
    """The entries that could be read, and how many lines could not (a torn or edited line)."""

    entries: list[Entry]
    unreadable: int


def default_path(env: Mapping[str, str]) -> Path:
    """CCHC_AUDIT_LOG, else the user's data folder: kept apart from caches and from the code checkout."""
    configured = env.get("CCHC_AUDIT_LOG")
    if configured:
        return Path(configured)
    data = env.get("XDG_DATA_HOME") or str(Path(env.get("HOME") or Path.home()) / ".local" / "share")
    return Path(data) / "cchc" / FILE_NAME


def _needs_newline(fd: int) -> bool:
    """True when the file ends without a newline (a write cut short): the next entry starts a new line."""
    size = os.fstat(fd).st_size
    return size > 0 and os.pread(fd, 1, size - 1) != b"\n"


def record(
    path: Path,
    *,
    who: str | None,
    what: str,
    snapshot_id: str,
    sha256: str,
    at: datetime,
    role: str | None = None,
    unit: str | None = None,
) -> Entry:
    """Append one entry to the log (O_APPEND, then fsync) and return it; earlier lines are never touched."""
    if at.tzinfo is None:
        raise ValueError("audit times must carry their UTC offset")
    entry = Entry(at, who, what, snapshot_id, sha256, role, unit)
    line = entry.to_json().encode("utf-8") + b"\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with _LOCK:
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)  # read: to check the last byte
        try:
            os.write(fd, (b"\n" if _needs_newline(fd) else b"") + line)  # one write: one whole line
            os.fsync(fd)
        finally:
            os.close(fd)
    return entry


def audited(
    build: Callable[[], bytes],
    path: Path,
    *,
    who: str | None,
    what: str,
    snapshot_id: str,
    clock: Callable[[], datetime],
    role: str | None = None,
    unit: str | None = None,
) -> Callable[[], bytes]:
    """A download's deferred `data`: build the bytes, record them, return them (one entry per download).

    Streamlit runs a callable `data` when the button is clicked, outside the script run: `who` is captured
    here, at render time, because `st.user` is not available there.
    """

    def download() -> bytes:
        data = build()
        record(
            path,
            who=who,
            what=what,
            snapshot_id=snapshot_id,
            sha256=sha256(data),
            at=clock(),
            role=role,
            unit=unit,
        )
        return data

    return download


def _entry(line: str) -> Entry | None:
    try:
        data = json.loads(line)
        at = datetime.fromisoformat(data["at"])
        fields = ("who", "what", "snapshot_id", "sha256", "role", "unit")
        values = {k: data.get(k) for k in fields}
        if not all(isinstance(values[k], str) for k in ("what", "snapshot_id", "sha256")):
            return None
        return Entry(at, **values)
    except (ValueError, KeyError, TypeError):
        return None


def read_log(path: Path) -> Log:
    """Every readable entry in order; a missing log is empty, a damaged line is counted and skipped."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return Log([], 0)
    entries: list[Entry] = []
    unreadable = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        entry = _entry(line)
        if entry is None:
            unreadable += 1
        else:
            entries.append(entry)
    return Log(entries, unreadable)


def entries_frame(entries: list[Entry]) -> pd.DataFrame:
    """The log for the export page, newest first, with Vietnamese headers."""
    rows = [
        {
            "Lúc": e.at.strftime("%H:%M:%S %d/%m/%Y"),
            "Người tải": e.who or "(không đăng nhập)",
            "Vai trò": e.role or "",
            "Đơn vị": e.unit or "",
            "Tệp": e.what,
            "Bản chốt số liệu": e.snapshot_id,
            "Mã kiểm tra": e.sha256,
        }
        for e in reversed(entries)
    ]
    return pd.DataFrame(
        rows, columns=["Lúc", "Người tải", "Vai trò", "Đơn vị", "Tệp", "Bản chốt số liệu", "Mã kiểm tra"]
    )
