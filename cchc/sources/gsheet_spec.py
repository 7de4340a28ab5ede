"""Which sources name a Google Sheet: `gsheet:<id>` or the sheet's URL (no gspread import here)."""

from __future__ import annotations

import re

_URL = re.compile(r"docs\.google\.com/spreadsheets/d/([A-Za-z0-9_-]+)")
_ID = re.compile(r"^[A-Za-z0-9_-]{10,}$")


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
