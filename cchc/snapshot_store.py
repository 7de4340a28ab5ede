"""The folder of dated snapshots: every export from the dashboard and every report lands here."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from cchc.export import export_snapshot
from cchc.history import snapshot_name
from cchc.sources.base import RawTab
from cchc.status import Status


def take_snapshot(
    status: Status, raw_tabs: tuple[RawTab, ...], root: Path, now: datetime
) -> tuple[Path, dict[str, Any]]:
    """Export `status` into a new dated folder under `root`; its path and manifest."""
    folder = root / snapshot_name(status.as_of, now)
    return folder, export_snapshot(status, raw_tabs, folder, created_at=now)
