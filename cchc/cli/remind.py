"""`python -m cchc remind [SOURCE] [--as-of D] [--dry-run DIR] [--unit CODE]` (SPEC §12).

Exit 0 when every message due went out (or none was due), 1 when some sends failed (they are not
logged, so the next run retries them), 2 when it cannot run at all. A run that reaches the sending
step is recorded in the run log beside the sent-log, even when nothing was due (a dry run is not),
for `python -m cchc health` and the dashboard's «Tình trạng hệ thống».
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cchc.assess.schedule import default_as_of
from cchc.assess.status import Status, assess
from cchc.config import Config, now, today
from cchc.remind.settings import SmtpConfigError, SmtpSettings
from cchc.sources import open_source
from cchc.validate.plan import load_plan
from cchc.vocab.errors import ExportError, UsageError

if TYPE_CHECKING:  # the mail modules (smtplib, email, the message builders) load only for this command
    from cchc.remind.build import Reminder

OK, SOME_FAILED, CANNOT_RUN = 0, 1, 2
DRY_RUN_SENDER = "cchc@localhost"


def add_parser(commands: argparse._SubParsersAction, as_of: Callable[[str], date]) -> None:
    remind = commands.add_parser(
        "remind", help="gửi email nhắc việc cho các đơn vị và bản tổng hợp cho Lãnh đạo Sở"
    )
    remind.add_argument("source", nargs="?", help="nguồn dữ liệu (mặc định: nguồn đang dùng)")
    remind.add_argument(
        "--as-of",
        type=as_of,
        help="tính đến ngày YYYY-MM-DD (mặc định: hôm nay, giới hạn trong năm kế hoạch)",
    )
    remind.add_argument(
        "--dry-run",
        type=Path,
        metavar="DIR",
        help="chỉ ghi từng thư thành tệp .eml vào thư mục này, không gửi",
    )
    remind.add_argument("--unit", help="chỉ nhắc một đơn vị (mã đơn vị, ví dụ TTTK); không gửi bản tổng hợp")


def _status(args: argparse.Namespace, config: Config) -> Status | None:
    plan = load_plan(open_source(config.source, config.google), fallback_year=(args.as_of or today()).year)
    if not plan.complete:
        print(
            "Không nhắc việc được vì nguồn thiếu trang tính hoặc cột bắt buộc "
            "(xem `python -m cchc validate`).",
            file=sys.stderr,
        )
        return None
    if plan.stale:
        print(f"Cảnh báo: nhắc việc theo lần đọc trước. {plan.stale_reason}", file=sys.stderr)
    return assess(plan, args.as_of or default_as_of(plan.year, today()))


def _check_unit(status: Status, unit: str | None) -> str | None:
    """The unit's code as `Đơn vị` writes it (case aside); raise when there is no such unit."""
    if unit is None:
        return None
    codes = {code.casefold(): code for code in status.plan.units.units}
    if unit.casefold() not in codes:
        listed = ", ".join(sorted(status.plan.units.units))
        raise UsageError(f"Không có đơn vị mã «{unit}» trong trang tính «Đơn vị». Các mã hiện có: {listed}.")
    return codes[unit.casefold()]


def _describe(reminder: Reminder) -> str:
    who = reminder.unit or "Lãnh đạo Sở"
    return f"{who} <{reminder.to}> ({len(reminder.items)} mục)"


def _dry_run(folder: Path, due: list[Reminder], config: Config) -> int:
    from cchc.remind.mail import write_eml

    if folder.exists() and not folder.is_dir():
        raise ExportError(f"«{folder}» là một tệp, không phải thư mục. Hãy chọn một thư mục cho --dry-run.")
    try:
        sender = config.smtp().sender
    except SmtpConfigError:
        sender = DRY_RUN_SENDER
    try:
        written = write_eml(due, folder, sender, now())
    except OSError as error:
        raise ExportError(
            f"Không ghi được thư vào «{folder}» ({error.strerror or type(error).__name__})."
        ) from None
    for path, reminder in zip(written, due, strict=True):
        print(f"Đã ghi (không gửi): {path.name} – {_describe(reminder)}")
    print(f"Chạy thử: {len(written)} thư ghi vào «{folder}», không gửi thư nào, không ghi nhật ký gửi.")
    return OK


def _record_run(log: Path, as_of: date, sent: int, failed: int, unit: str | None) -> None:
    """Keep this run in the run log; a log that cannot be written is said, never fatal."""
    from cchc.remind.sentlog import Run, record_run

    try:
        record_run(log, Run(now(), as_of, sent, failed, unit))
    except OSError as error:
        why = error.strerror or type(error).__name__
        print(f"Cảnh báo: không ghi được lần chạy này vào nhật ký nhắc việc ({why}).", file=sys.stderr)


def _send(due: list[Reminder], smtp: SmtpSettings, log: Path, days: int) -> tuple[int, int]:
    from cchc.remind.mail import send_reminders

    def report(reminder: Reminder, reason: str | None) -> None:
        if reason is None:
            print(f"Đã gửi: {_describe(reminder)}")
        else:
            print(f"Không gửi được: {_describe(reminder)}: {reason}.", file=sys.stderr)

    try:
        log.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(
            f"Không tạo được thư mục nhật ký gửi «{log.parent}» ({error.strerror or type(error).__name__}). "
            "Hãy đặt CCHC_REMIND_LOG hoặc [cchc.remind] sent_log."
        ) from None
    result = send_reminders(due, smtp, log, now(), on_progress=report, days=days)
    if result.failed:
        print(
            f"Đã gửi {len(result.sent)} thư; {len(result.failed)} thư chưa gửi được, "
            "lần chạy sau sẽ gửi lại.",
            file=sys.stderr,
        )
    else:
        print(f"Đã gửi {len(result.sent)} thư.")
    return len(result.sent), len(result.failed)


def run(args: argparse.Namespace, config: Config) -> int:
    from cchc.remind.build import build_reminders, unreachable_units
    from cchc.remind.sentlog import due_reminders

    smtp = None
    if args.dry_run is None:
        try:
            smtp = config.smtp()
        except SmtpConfigError as error:
            print(str(error), file=sys.stderr)
            return CANNOT_RUN
    status = _status(args, config)
    if status is None:
        return CANNOT_RUN
    unit = _check_unit(status, args.unit)
    settings = config.remind
    reminders = build_reminders(status, settings, unit)
    for name in unreachable_units(status, unit):
        print(f"Không nhắc được {name}: chưa có email trong trang tính «Đơn vị».")
    due = due_reminders(reminders, settings.sent_log, today(), status.plan.settings.remind_days)
    skipped = len(reminders) - len(due)
    if skipped:
        print(f"Bỏ qua {skipped} thư đã gửi cùng nội dung trong {status.plan.settings.remind_days} ngày qua.")
    if args.dry_run is not None:
        return _dry_run(args.dry_run, due, config)
    sent = failed = 0
    if due:
        assert smtp is not None
        sent, failed = _send(due, smtp, settings.sent_log, status.plan.settings.remind_days)
    else:
        print(f"Không có thư nào cần gửi (tính đến {status.as_of:%d/%m/%Y}).")
    _record_run(settings.sent_log, status.as_of, sent, failed, unit)
    return SOME_FAILED if failed else OK
