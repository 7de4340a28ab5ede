"""Source adapter: a snapshot folder written by `cchc export`, read back from its `raw/` tabs."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from cchc.sources.base import RawSource, RawTab, SourceError
from cchc.sources.csv_folder import read_csv_folder
from cchc.vocab.text import FORMULA_START

MANIFEST = "manifest.json"
_ESCAPED = tuple("'" + c for c in (*FORMULA_START, "'"))


def is_snapshot(folder: Path) -> bool:
    """True for a folder that holds a snapshot manifest and its raw tabs."""
    return (folder / MANIFEST).is_file() and (folder / "raw").is_dir()


def _unescape(value: object) -> object:
    if isinstance(value, str) and value.startswith(_ESCAPED):
        return value[1:]
    return value


def read_snapshot(folder: Path) -> RawSource:
    """The tabs exactly as they were read when the snapshot was taken."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        titles: dict[str, str] = manifest["raw_tabs"]
        read_at = datetime.fromisoformat(manifest["source"]["read_at"])
    except (OSError, ValueError, KeyError, TypeError):
        raise SourceError(
            "source.unreadable",
            f"Tệp «{MANIFEST}» trong «{folder}» bị hỏng nên không đọc được bản chụp. "
            "Hãy dùng một bản chụp khác hoặc xuất lại.",
        ) from None
    raw = read_csv_folder(folder / "raw", kind="snapshot")
    tabs = tuple(
        RawTab(titles.get(f"raw/{tab.title}.csv", tab.title), tab.grid.map(_unescape)) for tab in raw.tabs
    )
    return replace(raw, name=str(folder), tabs=tabs, read_at=read_at)
