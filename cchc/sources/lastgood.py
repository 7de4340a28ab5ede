"""The last good read of a Google Sheet, kept on disk (written atomically) for when Google fails."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from cchc.sources.base import RawSource, RawTab, SourceError, text_grid
from cchc.vocab.terms import VIETNAM
from cchc.vocab.values import raw_text

# Failures that may pass by themselves: the last good read is served meanwhile. An answer of an
# unexpected shape is among them (Google's glitch); a refused key, a missing sheet or share are not.
TRANSIENT = frozenset({"gsheet.quota", "gsheet.unavailable", "gsheet.unreachable", "gsheet.unexpected"})


def _path(folder: Path, key: str) -> Path:
    return folder / f"{key}.json"


def _rows(tab: RawTab) -> list[list[str]]:
    """A tab's cells as text (a Google read is text already; only other cells are converted)."""
    textual = all(isinstance(dtype, pd.StringDtype) for dtype in tab.grid.dtypes)
    grid = tab.grid if textual else tab.grid.map(raw_text)
    rows: list[list[str]] = grid.values.tolist()
    return rows


def save(source: RawSource, key: str, folder: Path) -> None:
    """Keep this read (cells as text) for later failures; a reader never sees half a file."""
    tabs = [{"title": t.title, "gid": t.gid, "rows": _rows(t)} for t in source.tabs]
    document = {"name": source.name, "read_at": source.read_at.isoformat(), "tabs": tabs}
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{key}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(json.dumps(document, ensure_ascii=False))  # dumps uses the C encoder; dump does not
        os.replace(temporary, _path(folder, key))
    finally:
        Path(temporary).unlink(missing_ok=True)


def _document(key: str, folder: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(_path(folder, key).read_text(encoding="utf-8"))
    return document


def _read_at(document: dict[str, Any]) -> datetime:
    """When the kept read was made; one stored without its offset (older files) is Việt Nam time."""
    read_at = datetime.fromisoformat(document["read_at"])
    return read_at if read_at.tzinfo else read_at.replace(tzinfo=VIETNAM)


def load(key: str, folder: Path) -> RawSource | None:
    """The last good read of a sheet (`read_at` with its offset), or None if there is none or unreadable."""
    try:
        document = _document(key, folder)
        tabs = tuple(RawTab(t["title"], text_grid(t["rows"]), t.get("gid")) for t in document["tabs"])
        return RawSource("gsheet", document["name"], tabs, _read_at(document))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def read_time(key: str, folder: Path) -> datetime | None:
    """When the last good read of a sheet was made (with its offset), or None."""
    try:
        return _read_at(_document(key, folder))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def served_stale(error: SourceError, key: str, folder: Path) -> RawSource:
    """The last good read marked stale with why, or the error when there is no such read."""
    last = load(key, folder) if error.code in TRANSIENT else None
    if last is None:
        raise error
    when = last.read_at.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")
    reason = f"{error.message} Đang hiển thị dữ liệu đọc thành công lần cuối lúc {when}."
    return replace(last, stale=True, stale_reason=reason)
