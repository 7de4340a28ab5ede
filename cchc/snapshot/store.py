"""The folder of dated snapshots: every full export (CLI without --out, the dashboard's zip,
every report) lands here, each in its own folder named by its as-of date and the moment taken."""

from __future__ import annotations

import errno
from datetime import datetime
from pathlib import Path
from typing import Any

from cchc.assess.status import Status
from cchc.snapshot.export import ExportError, export_snapshot
from cchc.snapshot.history import snapshot_name
from cchc.sources.base import RawTab

_TRIES = 50


def take_snapshot(
    status: Status, raw_tabs: tuple[RawTab, ...], root: Path, now: datetime
) -> tuple[Path, dict[str, Any]]:
    """Export `status` into a new dated folder under `root`; its path and manifest.

    Two snapshots taken in the same second (a double click, two directors) get `-2`, `-3`…;
    the atomic rename of the export decides which name each one gets.
    """
    base = snapshot_name(status.as_of, now)
    for attempt in range(1, _TRIES + 1):
        folder = root / (base if attempt == 1 else f"{base}-{attempt}")
        if folder.exists():
            continue
        try:
            return folder, export_snapshot(status, raw_tabs, folder, created_at=now)
        except ExportError:
            continue  # taken between our look and the export's
        except OSError as error:
            if error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                raise
    raise ExportError(f"Không tạo được thư mục bản chụp mới trong «{root}». Hãy thử lại.")
