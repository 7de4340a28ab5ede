"""The folder of dated snapshots: every full export (CLI without --out, the dashboard's zip,
every report) lands here, each in its own folder named by its as-of date and the moment taken
(Việt Nam time). A report's snapshot (`take_report_snapshot`) is cut at the report's own data
cut-off and says so in its manifest (`cchc.snapshot.purpose`)."""

from __future__ import annotations

import errno
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cchc.assess.schedule import reports
from cchc.assess.status import Status, assess
from cchc.snapshot.export import export_snapshot, remove_stale_staging
from cchc.snapshot.purpose import SAVED, Purpose, in_vietnam, report_purpose
from cchc.sources.base import RawTab
from cchc.sources.snapshot import NAME_PATTERN, snapshot_name
from cchc.validate.plan import Plan
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
    status: Status, raw_tabs: tuple[RawTab, ...], root: Path, now: datetime, purpose: Purpose = SAVED
) -> tuple[Path, dict[str, Any]]:
    """Export `status` into a new dated folder under `root`; its path and manifest.

    The folder is named, and the manifest dated, in Việt Nam time whatever zone `now` is given in.
    Two snapshots taken in the same second (a double click, two directors) get `-2`, `-3`…;
    the atomic rename of the export decides which name each one gets. Staging folders left by
    exports into `root` that died are removed first.
    """
    _check_root(root)
    remove_stale_staging(root, NAME_PATTERN)
    now = in_vietnam(now)
    base = snapshot_name(status.as_of, now)
    for attempt in range(1, _TRIES + 1):
        folder = root / (base if attempt == 1 else f"{base}-{attempt}")
        if folder.exists():
            continue
        try:
            return folder, export_snapshot(status, raw_tabs, folder, created_at=now, purpose=purpose)
        except ExportError:
            continue  # taken between our look and the export's
        except OSError as error:
            if error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                raise
    raise ExportError(f"Không tạo được thư mục bản chốt số liệu mới trong «{root}». Hãy thử lại.")


def report_cutoff(plan: Plan, kind: str, year: int) -> date:
    """The data cut-off of the `kind` report of `year` (`chot_so_lieu_6_thang` / `chot_so_lieu_nam`)."""
    report_purpose(kind, year)  # refuses a kind that is no report to Sở Nội vụ
    return next(r.period_end for r in reports(plan.settings, year, date(year, 1, 1)) if r.kind == kind)


def take_report_snapshot(
    plan: Plan, raw_tabs: tuple[RawTab, ...], root: Path, now: datetime, kind: str, year: int | None = None
) -> tuple[Path, dict[str, Any]]:
    """The snapshot a report is drafted from: the plan at that report's cut-off, marked as the report's."""
    year = year or plan.year
    status = assess(plan, report_cutoff(plan, kind, year))
    return take_snapshot(status, raw_tabs, root, now, report_purpose(kind, year))
