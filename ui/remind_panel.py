"""«Gửi nhắc việc» on Việc cần làm (SPEC §12): a director previews every reminder the command would
send today, then sends them; the sending is audited, and the sent-log keeps a unit from getting
the same items again within the reminder interval of the plan's settings (one log, shared with
the command line's reminders).
"""

from __future__ import annotations

import contextlib
import hashlib
from datetime import date

import streamlit as st

from cchc.access import audit
from cchc.assess.schedule import default_as_of
from cchc.assess.status import Status, assess
from cchc.config import now, today
from cchc.remind import Reminder, build_reminders, due_reminders, send_reminders, unreachable_units
from cchc.remind.sentlog import Run, record_run
from cchc.remind.settings import SmtpConfigError
from ui.frame import Context
from ui.text import literal


def _checksum(subjects: list[str]) -> str:
    return hashlib.sha256("\n".join(subjects).encode("utf-8")).hexdigest()


def panel(ctx: Context, status: Status) -> None:
    """The preview of every due reminder, and the button that sends them (directors only)."""
    settings = ctx.config.remind
    days = status.plan.settings.remind_days
    # the messages of today, as the timer would send them, whatever date the pages are looking at
    status = assess(status.plan, default_as_of(status.plan.year, today()))
    every = build_reminders(status, settings)
    due = due_reminders(every, settings.sent_log, today(), days)
    st.subheader("Gửi nhắc việc qua email")
    held = len(every) - len(due)
    again = f"; {held} thư khác đã gửi trong {days} ngày qua nên không gửi lại" if held else ""
    st.caption(
        f"Mỗi đơn vị có việc cần làm nhận một thư (việc cần cập nhật, ô cần sửa, báo cáo của đơn vị sắp "
        f"đến hạn); Lãnh đạo Sở nhận thư tổng hợp. Hôm nay có {len(due)} thư cần gửi{again}."
    )
    unreachable = unreachable_units(status)
    if unreachable:
        st.warning(
            f"Không gửi được cho {literal(', '.join(unreachable))}: đơn vị chưa có email trong trang tính "
            "«Đơn vị».",
            icon=":material/mail_lock:",
        )
    for reminder in due:
        with st.expander(literal(f"{reminder.to} · {reminder.subject}")):
            st.html(reminder.html)
    # a second click finds the messages of the first in the sent-log: they are not due any more
    if due and st.button(
        f"Gửi {len(due)} thư nhắc việc", icon=":material/send:", key="remind_send", type="primary"
    ):
        _send(ctx, due, days, status.as_of)


def _send(ctx: Context, due: list[Reminder], days: int, as_of: date) -> None:
    try:
        smtp = ctx.config.smtp()
    except SmtpConfigError:
        st.error(
            "Chưa cấu hình máy chủ gửi thư, nên chưa gửi được. Người quản trị cần khai báo máy chủ thư "
            "trong cấu hình của chương trình (xem hướng dẫn cài đặt)."
        )
        return
    log = ctx.config.remind.sent_log
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        st.error("Chưa gửi được: máy chủ không ghi được nhật ký gửi thư. Hãy báo người quản trị.")
        return
    with st.spinner("Đang gửi thư…"):
        result = send_reminders(due, smtp, log, now(), days=days)
    # the system box shows when reminders last ran, from here as from the timer; if this summary
    # cannot be written, the sends themselves are still in the sent-log and the audit log
    with contextlib.suppress(OSError):
        record_run(log, Run(now(), as_of, len(result.sent), len(result.failed), None))
    access = ctx.access
    audit.record(
        ctx.config.audit_log,
        who=access.email,
        what=audit.reminded_what(len(result.sent), len(result.failed)),
        snapshot_id="",
        sha256=_checksum([r.subject for r in result.sent]),
        at=now(),
        role=access.role,
        unit=access.export_unit,
    )
    if result.sent:
        st.success(f"Đã gửi {len(result.sent)} thư nhắc việc.")
    for reminder, _ in result.failed:  # the reason names settings: it is for the administrator's log
        st.error(f"Chưa gửi được thư cho {literal(reminder.to)}. Lần gửi sau sẽ gửi lại.")
    if result.failed:
        st.caption("Nếu thư vẫn không gửi được, hãy báo người quản trị kiểm tra máy chủ thư.")
