"""The service's health for whoever administers it: whether the source reads now, when it last read
successfully, and when reminders last ran (`python -m cchc health`, the dashboard's «Tình trạng hệ
thống»).

A Google Sheet's last successful read is the last good read kept on disk (the one served while
Google fails); another source's is the read just made, when it worked. The source is healthy when
it reads now, or when its last successful read is at most `max_age` old (a short outage, covered
by the last good read); unreadable for longer, or never read successfully, it is down.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

from cchc.remind.sentlog import Run, last_run
from cchc.snapshot.purpose import vn_time
from cchc.sources import GoogleAccess, RawSource, SourceError, SourceSpec, lastgood, open_source

Level = Literal["ok", "degraded", "down"]  # reads now / fails, within max_age / fails for longer
DEFAULT_MAX_AGE = timedelta(hours=24)


@dataclass(frozen=True)
class Reading:
    """What the latest read of the source says: did it work, and when was the last one that did."""

    source: SourceSpec
    read_now: bool  # the latest read worked (not served from the last good read)
    last_good: datetime | None  # aware; None when no read has ever worked (or none is kept)
    problem: str | None = None  # why the latest read failed (Vietnamese)


def kept_read_at(spec: SourceSpec, google: GoogleAccess) -> datetime | None:
    """When the last good read of a Google Sheet kept on disk was made; None for other sources."""
    if spec.kind != "gsheet" or spec.sheet_id is None or google.cache_dir is None:
        return None
    return lastgood.read_time(spec.sheet_id, google.cache_dir)


def reading(
    spec: SourceSpec, google: GoogleAccess, raw: RawSource | None, problem: str | None, read_at: datetime
) -> Reading:
    """The health of one read made at `read_at`: the source it gave (maybe stale) or why it failed."""
    if raw is not None and not raw.stale:
        return Reading(spec, True, read_at)
    if raw is not None:  # served from the last good read, whose time it carries
        return Reading(spec, False, raw.read_at, raw.stale_reason)
    return Reading(spec, False, kept_read_at(spec, google), problem)


def read_source(spec: SourceSpec, google: GoogleAccess, at: datetime) -> Reading:
    """Read the source now (a good Google read is kept on disk, as every read keeps it)."""
    try:
        raw = open_source(spec, google)
    except SourceError as error:
        return reading(spec, google, None, error.message, at)
    return reading(spec, google, raw, None, at)


@dataclass(frozen=True)
class Health:
    """The source's reading and the last reminder run, judged at `at` against `max_age`."""

    reading: Reading
    run: Run | None
    at: datetime
    max_age: timedelta = DEFAULT_MAX_AGE

    @property
    def since_good(self) -> timedelta | None:
        """How long ago the last successful read was; None when there was none."""
        last = self.reading.last_good
        return None if last is None else self.at - last

    @property
    def level(self) -> Level:
        """`ok` when the source reads now, `degraded` when it fails within `max_age`, else `down`."""
        if self.reading.read_now:
            return "ok"
        age = self.since_good
        return "degraded" if age is not None and age <= self.max_age else "down"


def check(
    spec: SourceSpec, google: GoogleAccess, sent_log: Path, at: datetime, max_age: timedelta = DEFAULT_MAX_AGE
) -> Health:
    """Read the source now and find the last reminder run recorded beside `sent_log`."""
    return Health(read_source(spec, google, at), last_run(sent_log), at, max_age)


def ago(delta: timedelta) -> str:
    """How long ago, in Vietnamese: minutes under an hour, hours under two days, then days."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "vừa xong"
    if minutes < 60:
        return f"{minutes} phút trước"
    if minutes < 48 * 60:
        return f"{minutes // 60} giờ trước"
    return f"{minutes // (24 * 60)} ngày trước"


def run_words(run: Run | None, quote: Callable[[str], str] = str) -> str:
    """The last reminder run in one line, as the CLI and the dashboard say it (`quote` shows a unit code)."""
    if run is None:
        return "Chưa chạy nhắc việc"
    only = f", chỉ đơn vị {quote(run.unit)}" if run.unit else ""
    return f"Nhắc việc chạy lần cuối: {vn_time(run.at)} (gửi {run.sent} thư, {run.failed} thư lỗi{only})"


def last_good_words(health: Health) -> str:
    """The last successful read in one line: its time and how long ago, or that there was none."""
    last, age = health.reading.last_good, health.since_good
    if last is None or age is None:
        return "Chưa có lần đọc bảng tính thành công nào"
    return f"Đọc bảng tính thành công lần cuối: {vn_time(last)} ({ago(age)})"
