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

from cchc.access.roles import canonical_unit
from cchc.assess.status import Status, assess
from cchc.cli import loading
from cchc.cli.arguments import source_command
from cchc.config import Config, now
from cchc.remind.settings import SmtpConfigError, SmtpSettings
from cchc.vocab.errors import ExportError, UsageError
from cchc.vocab.labels import vn_date

if TYPE_CHECKING:  # the mail modules (smtplib, email, the message builders) load only for this command
    from cchc.remind.build import Reminder
    from cchc.remind.run import Batch, DryRun, Outcome

OK, SOME_FAILED, CANNOT_RUN = 0, 1, 2
DRY_RUN_SENDER = "cchc@localhost"


def add_parser(commands: argparse._SubParsersAction, as_of: Callable[[str], date]) -> None:
    remind = source_command(
        commands, "remind", "gửi email nhắc việc cho các đơn vị và bản tổng hợp cho Lãnh đạo Sở"
    )
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
    _, plan, as_of = loading.load(args, config)
    if loading.incomplete(plan, "Không nhắc việc được"):
        return None
    if plan.stale:
        print(f"Cảnh báo: nhắc việc theo lần đọc trước. {plan.stale_reason}", file=sys.stderr)
    return assess(plan, as_of)


def _check_unit(status: Status, unit: str | None) -> str | None:
    """The unit's code as `Đơn vị` writes it (case aside); raise when there is no such unit."""
    if unit is None:
        return None
    code = canonical_unit(unit, status.plan.units.units)
    if code is None:
        listed = ", ".join(sorted(status.plan.units.units))
        raise UsageError(f"Không có đơn vị mã «{unit}» trong trang tính «Đơn vị». Các mã hiện có: {listed}.")
    return code


def _describe(reminder: Reminder) -> str:
    who = reminder.unit or "Lãnh đạo Sở"
    return f"{who} <{reminder.to}> ({len(reminder.items)} mục)"


def _announce(batch: Batch) -> None:
    """Say, before anything is sent, which units cannot be reminded and what the sent-log holds back."""
    for name in batch.unreachable:
        print(f"Không nhắc được {name}: chưa có email trong trang tính «Đơn vị».")
    if batch.held:
        print(f"Bỏ qua {batch.held} thư đã gửi cùng nội dung trong {batch.days} ngày qua.")


def _progress(reminder: Reminder, reason: str | None) -> None:
    if reason is None:
        print(f"Đã gửi: {_describe(reminder)}")
    else:
        print(f"Không gửi được: {_describe(reminder)}: {reason}.", file=sys.stderr)


def _dry_run(folder: Path, config: Config) -> DryRun:
    from cchc.remind.run import DryRun

    try:
        sender = config.smtp().sender
    except SmtpConfigError:
        sender = DRY_RUN_SENDER
    return DryRun(folder, sender)


def _remind(status: Status, config: Config, by: SmtpSettings | DryRun, unit: str | None) -> Outcome:
    """Run the reminders; a folder that cannot be written is an `ExportError` naming the fix."""
    from cchc.remind.run import DryRunFolderError, SentLogFolderError, run_reminders

    try:
        return run_reminders(status, config.remind, by, now, unit, on_due=_announce, on_progress=_progress)
    except DryRunFolderError as error:
        if error.why is None:
            raise ExportError(
                f"«{error.folder}» là một tệp, không phải thư mục. Hãy chọn một thư mục cho --dry-run."
            ) from None
        raise ExportError(f"Không ghi được thư vào «{error.folder}» ({error.why}).") from None
    except SentLogFolderError as error:
        raise ExportError(
            f"Không tạo được thư mục nhật ký gửi «{error.folder}» ({error.why}). "
            "Hãy đặt CCHC_REMIND_LOG hoặc [cchc.remind] sent_log."
        ) from None


def _written(outcome: Outcome, folder: Path) -> int:
    for path, reminder in zip(outcome.written, outcome.batch.due, strict=True):
        print(f"Đã ghi (không gửi): {path.name} – {_describe(reminder)}")
    print(
        f"Chạy thử: {len(outcome.written)} thư ghi vào «{folder}», không gửi thư nào, không ghi nhật ký gửi."
    )
    return OK


def _sent(outcome: Outcome, as_of: date) -> int:
    sent, failed = len(outcome.sent), len(outcome.failed)
    if not outcome.batch.due:
        print(f"Không có thư nào cần gửi (tính đến {vn_date(as_of)}).")
    elif failed:
        print(f"Đã gửi {sent} thư; {failed} thư chưa gửi được, lần chạy sau sẽ gửi lại.", file=sys.stderr)
    else:
        print(f"Đã gửi {sent} thư.")
    if outcome.unrecorded:
        print(
            f"Cảnh báo: không ghi được lần chạy này vào nhật ký nhắc việc ({outcome.unrecorded}).",
            file=sys.stderr,
        )
    return SOME_FAILED if failed else OK


def run(args: argparse.Namespace, config: Config) -> int:
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
    if args.dry_run is not None:
        return _written(_remind(status, config, _dry_run(args.dry_run, config), unit), args.dry_run)
    assert smtp is not None
    return _sent(_remind(status, config, smtp, unit), status.as_of)
