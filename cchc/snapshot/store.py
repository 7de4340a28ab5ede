"""The folder of dated snapshots: every full export (CLI without --out, the dashboard's zip,
every report) lands here, each in its own folder named by its as-of date and the moment taken."""

from __future__ import annotations

import errno
from datetime import datetime
from pathlib import Path
from typing import Any

from cchc.assess.status import Status
from cchc.snapshot.export import export_snapshot, remove_stale_staging
from cchc.sources.base import RawTab
from cchc.sources.snapshot import NAME_PATTERN, snapshot_name
from cchc.vocab.errors import ExportError

_TRIES = 50


def _check_root(root: Path) -> None:
    """Refuse at once a snapshots folder that is a file, or lies under one (a wrong setting)."""
    for path in (root, *root.parents):
        if path.is_dir():
            return
        if path.exists():
            raise ExportError(
                f"Không lưu được bản chốt số liệu vào «{root}»: «{path}» là một tệp, không phải thư mục. "
                "Hãy sửa CCHC_SNAPSHOTS (hoặc `snapshots` trong mục [cchc] của secrets.toml) "
                "thành đường dẫn tới một thư mục.",
                code="snapshots.not_a_folder",
            )


def take_snapshot(
    status: Status, raw_tabs: tuple[RawTab, ...], root: Path, now: datetime
) -> tuple[Path, dict[str, Any]]:
    """Export `status` into a new dated folder under `root`; its path and manifest.

    Two snapshots taken in the same second (a double click, two directors) get `-2`, `-3`…;
    the atomic rename of the export decides which name each one gets. Staging folders left by
    exports into `root` that died are removed first.
    """
    _check_root(root)
    remove_stale_staging(root, NAME_PATTERN)
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
    raise ExportError(f"Không tạo được thư mục bản chốt số liệu mới trong «{root}». Hãy thử lại.")
