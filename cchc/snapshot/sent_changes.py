"""Rows changed after a report was sent (SPEC §11 «Sent reports»).

For each report of the Sở for the plan year in `Báo cáo đã gửi` sent by the as-of date (half-year
first), the snapshot it was drafted
from is the latest snapshot taken for that report (its purpose: same kind and year,
`cchc.snapshot.purpose`) on or before `Ngày gửi`, in Việt Nam time. The progress rows dated
inside the report's period in that snapshot are compared with the current plan's rows dated
inside the same period (up to the as-of date: a row dated later is not seen yet), paired as
`cchc.snapshot.history_rows` pairs them: rows added, changed cell by cell, and deleted since.
Only the period's rows are normalized and paired, however long the plan is; and a comparison is
computed once for the same rows and snapshot (the pages ask again on every run, each time with
a fresh copy of the plan), a fingerprint of the period's rows standing for the plan.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from cchc.assess.schedule import reports, sent_report
from cchc.snapshot.history import RowChanges, SnapshotInfo, compare_rows, list_snapshots, read_tables
from cchc.snapshot.purpose import in_vietnam
from cchc.snapshot.serialize import progress_frame
from cchc.sources import SAMPLE_HISTORY
from cchc.sources.base import SourceError
from cchc.validate.plan import Plan
from cchc.validate.reports import SentReport


@dataclass(frozen=True)
class SentChange:
    """A sent report of the Sở, the snapshot it was drafted from, and what changed in its period since.

    `snapshot` is None when no snapshot of that report was taken on or before `Ngày gửi` (nothing
    can be compared); `comparison` is None then, and when that snapshot could not be read
    (`unreadable` says how: «đã bị sửa sau khi xuất», «không đọc được»).
    """

    report: SentReport
    period_start: date
    period_end: date
    snapshot: SnapshotInfo | None
    comparison: RowChanges | None
    unreadable: str | None = None

    @property
    def added(self) -> int:
        """Rows of the period added after the snapshot."""
        return 0 if self.comparison is None else len(self.comparison.new_rows)

    @property
    def changed(self) -> int:
        """Rows of the period changed after the snapshot (each counted once, however many cells)."""
        return 0 if self.comparison is None else self.comparison.edited_count

    @property
    def deleted(self) -> int:
        """Rows of the period in the snapshot that are gone (or moved out of the period) since."""
        return 0 if self.comparison is None else len(self.comparison.deleted_rows)

    @property
    def flagged(self) -> int:
        """Rows added or changed after the report was sent: N of «N dòng số liệu kỳ …»."""
        return self.added + self.changed


_KEPT = 8  # comparisons remembered (a few as-of dates and sources)
_Key = tuple[SentReport, date, date, date, str, datetime, str | None, int]
_computed: OrderedDict[_Key, SentChange] = OrderedDict()
_lock = threading.Lock()


def known_snapshots(root: Path, with_sample: bool) -> list[SnapshotInfo]:
    """The snapshots of the history folder, and the sample's own (when the source is the sample),
    newest as-of date first, as Lịch sử lists them."""
    found = list_snapshots(root)
    if with_sample:
        found = [*found, *list_snapshots(SAMPLE_HISTORY)]
    return sorted(found, key=lambda i: (i.as_of, i.created_at, i.name), reverse=True)


def drafted_from(report: SentReport, snapshots: list[SnapshotInfo]) -> SnapshotInfo | None:
    """The latest snapshot taken for this report on or before its `Ngày gửi` (Việt Nam time)."""
    candidates = [
        info
        for info in snapshots
        if info.purpose.kind == "report"
        and info.purpose.report == report.kind
        and info.purpose.year == report.year
        and in_vietnam(info.created_at).date() <= report.sent_on
    ]
    return max(candidates, key=lambda i: (in_vietnam(i.created_at), i.name), default=None)


def _snapshot_rows(progress: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """A snapshot's `progress.csv` rows (ISO dates as text) dated from `start` to `end`."""
    days = progress["date"].astype(str)
    return progress[days.between(start.isoformat(), end.isoformat())]


def _plan_rows(plan: Plan, start: date, end: date) -> pd.DataFrame:
    """The plan's progress rows dated from `start` to `end`, as validated."""
    rows = plan.progress
    return rows[rows["date"].between(pd.Timestamp(start), pd.Timestamp(end))]


def _unreadable(info: SnapshotInfo) -> str:
    return "đã bị sửa sau khi xuất" if info.altered else "không đọc được"


def _compared(
    sent: SentReport, period: tuple[date, date, date], info: SnapshotInfo, plan: Plan, rows: pd.DataFrame
) -> SentChange:
    """The snapshot's rows dated from `start` to `last` against `rows`, the plan's same rows."""
    start, end, last = period
    try:
        _, _, progress = read_tables(info.path)
    except SourceError:
        return SentChange(sent, start, end, info, None, _unreadable(info))
    older = _snapshot_rows(progress, start, last)
    newer = progress_frame(replace(plan, progress=rows))  # as a snapshot's `progress.csv`
    return SentChange(sent, start, end, info, compare_rows(older, newer))


def _change(
    sent: SentReport, start: date, end: date, info: SnapshotInfo, plan: Plan, last: date
) -> SentChange:
    """What changed in the period (rows dated up to `last`) after `info`, computed once per rows and
    snapshot."""
    rows = _plan_rows(plan, start, last)
    fingerprint = int(pd.util.hash_pandas_object(rows, index=False).sum()) if len(rows) else 0
    key: _Key = (sent, start, end, last, str(info.path), info.created_at, info.altered, fingerprint)
    with _lock:
        if key in _computed:
            _computed.move_to_end(key)
            return _computed[key]
    change = _compared(sent, (start, end, last), info, plan, rows)
    with _lock:
        _computed[key] = change
        while len(_computed) > _KEPT:
            _computed.popitem(last=False)
    return change


def changes_after_sent(plan: Plan, as_of: date, snapshots: list[SnapshotInfo]) -> list[SentChange]:
    """For each report of the Sở of the plan year sent by `as_of` (6 months, then the year), what
    changed in its period after the snapshot it was drafted from."""
    current = plan.up_to(as_of)
    result = []
    for period in reports(plan.settings, plan.year, as_of):
        sent = sent_report(plan.sent_reports, period.kind, plan.year, as_of)
        if sent is None:
            continue
        start, end = period.period_start, period.period_end
        info = drafted_from(sent, snapshots)
        if info is None:
            result.append(SentChange(sent, start, end, None, None))
        else:
            result.append(_change(sent, start, end, info, current, min(end, as_of)))
    return result
