"""Which source a user named: the sample, a Google Sheet (`gsheet:<id>` or its URL), or a path.

Parsed once, in the shells, into a `SourceSpec` that is passed down (no gspread import here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cchc.vocab.errors import SourceError

_URL = re.compile(r"docs\.google\.com/spreadsheets/d/([A-Za-z0-9_-]+)")
_ID = re.compile(r"^[A-Za-z0-9_-]{10,}$")
SAMPLE = "sample"


@dataclass(frozen=True)
class SourceSpec:
    """A parsed source: its kind, where it is (a path or the text given) and a Google Sheet's id."""

    kind: Literal["sample", "gsheet", "path"]
    location: str
    sheet_id: str | None = None

    @property
    def text(self) -> str:
        """The source as the sidebar and the snapshot name it: `sample`, `gsheet:<id>` or the path."""
        return f"gsheet:{self.sheet_id}" if self.sheet_id else self.location


@dataclass(frozen=True)
class GoogleAccess:
    """How to reach Google, as the shells' configuration found it (nothing here reads the environment).

    `endpoint` sends every request to another base URL (the loopback emulator); `key_file` is the
    service-account JSON file, else `service_account` the `[gcp_service_account]` table as JSON text.
    """

    endpoint: str | None = None
    key_file: str | None = None
    service_account: str | None = None
    cache_dir: Path | None = None  # where the last good read of each sheet is kept; None keeps none


def cell_link(key: str, gid: int | None, cell: str | None) -> str | None:
    """A link that opens the sheet at one cell."""
    if gid is None:
        return None
    link = f"https://docs.google.com/spreadsheets/d/{key}/edit#gid={gid}"
    return f"{link}&range={cell}" if cell else link


def spreadsheet_id(spec: str) -> str | None:
    """The spreadsheet id of `gsheet:<id>` or of a sheet's URL; None for other sources."""
    if spec.startswith("gsheet:"):
        found = spec.removeprefix("gsheet:").strip()
        return found if _ID.match(found) else None
    match = _URL.search(spec)
    return match[1] if match else None


def parse_source(text: str) -> SourceSpec:
    """The source named by `text`; `gsheet:` with no valid id keeps no id (reading it says why)."""
    if text == SAMPLE:
        return SourceSpec("sample", SAMPLE)
    key = spreadsheet_id(text)
    if key or text.startswith("gsheet:"):
        return SourceSpec("gsheet", text, key)
    return SourceSpec("path", text)


def invalid_id(spec: SourceSpec) -> SourceError:
    """Why a `gsheet:` source without a valid spreadsheet id cannot be read."""
    return SourceError(
        "gsheet.invalid_id",
        f"«{spec.location}» không phải mã bảng tính Google hợp lệ. Hãy dán cả đường dẫn của bảng tính, hoặc "
        "gsheet:<mã> với mã là phần giữa /d/ và /edit trong đường dẫn.",
    )
