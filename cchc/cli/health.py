"""`python -m cchc health [SOURCE] [--max-age HOURS]`: a monitoring check of the running service.

It reads the source now and prints, first, one summary line (BÌNH THƯỜNG / CẢNH BÁO / LỖI), then
the source, whether this read worked, the last successful read (a Google Sheet's: the last good
read kept on disk) and how long ago, and the last reminder run (from the run log beside the
sent-log). Times are in Asia/Ho_Chi_Minh.

Exit 0 when the source reads now, or fails but its last successful read is at most --max-age hours
old (default 24; the dashboard shows that read meanwhile); exit 1 when it has failed for longer, or
has never been read successfully (a missing or unreadable path, a sheet never read, is exit 1: it
is what the check is for); exit 2 when the check itself cannot run (a wrong command line).
"""

from __future__ import annotations

import argparse
import math
from datetime import timedelta

from cchc import health
from cchc.cli.arguments import source_command
from cchc.config import Config, now
from cchc.snapshot.purpose import vn_time

OK, DOWN, CANNOT_RUN = 0, 1, 2
_SUMMARY = {"ok": "BÌNH THƯỜNG", "degraded": "CẢNH BÁO", "down": "LỖI"}


def _hours(text: str) -> float:
    try:
        hours = float(text.replace(",", "."))
    except ValueError:
        hours = math.nan
    if not math.isfinite(hours) or hours <= 0:
        raise argparse.ArgumentTypeError(f"số giờ «{text}» phải là một số dương, ví dụ 24")
    return hours


def add_parser(commands: argparse._SubParsersAction) -> None:
    sub = source_command(
        commands,
        "health",
        "kiểm tra hoạt động: đọc được nguồn không, lần đọc thành công cuối, lần nhắc việc cuối",
    )
    sub.add_argument(
        "--max-age",
        type=_hours,
        default=24.0,
        metavar="HOURS",
        help="báo lỗi (mã thoát 1) khi không đọc được nguồn lâu hơn số giờ này (mặc định: 24)",
    )


def _number(hours: float) -> str:
    return f"{hours:g}".replace(".", ",")


def _name(reading: health.Reading) -> str:
    return "dữ liệu mẫu" if reading.source.kind == "sample" else reading.source.text


def summary(report: health.Health) -> str:
    """The first line: the verdict and why, for a monitoring check to show as it is."""
    level, age = report.level, report.since_good
    limit = _number(report.max_age.total_seconds() / 3600)
    source = f"nguồn dữ liệu «{_name(report.reading)}»"
    if level == "ok":
        told = f"đọc được {source}"
    elif age is None:
        told = f"không đọc được {source} và chưa có lần đọc thành công nào"
    else:
        within = "chưa quá" if level == "degraded" else "đã quá"
        told = f"không đọc được {source}; lần đọc thành công cuối {health.ago(age)}, {within} {limit} giờ"
    return f"{_SUMMARY[level]}: {told}."


def details(report: health.Health) -> list[str]:
    """The lines under the summary: the source, this read, the last good read, the last reminder run."""
    reading = report.reading
    this = "thành công" if reading.read_now else f"không thành công. {reading.problem or ''}".rstrip()
    return [
        f"Nguồn dữ liệu: {_name(reading)}",
        f"Lần đọc này ({vn_time(report.at)}): {this}",
        health.last_good_words(report),
        health.run_words(report.run),
    ]


def run(args: argparse.Namespace, config: Config) -> int:
    max_age = timedelta(hours=args.max_age)
    report = health.check(config.source, config.google, config.remind.sent_log, now(), max_age)
    print("\n".join([summary(report), *details(report)]))
    return DOWN if report.level == "down" else OK
