"""«Gửi nhắc việc» on Việc cần làm (SPEC §12): a director previews every reminder the command would
send today, then sends them; the sending is audited, and the sent-log keeps a unit from getting
the same items again within the reminder interval of the plan's settings (one log, shared with
the command line's reminders).
"""

from __future__ import annotations

import hashlib

import streamlit as st

from cchc.access import audit
from cchc.assess.schedule import default_as_of
from cchc.assess.status import Status, assess
from cchc.config import now, today
from cchc.remind import Batch, Outcome, SentLogFolderError, deliver, prepare
from cchc.remind.settings import SmtpConfigError
from ui.frame import Context
from ui.text import literal


def _checksum(subjects: list[str]) -> str:
    return hashlib.sha256("\n".join(subjects).encode("utf-8")).hexdigest()


def panel(ctx: Context, status: Status) -> None:
    """The preview of every due reminder, and the button that sends them (directors only)."""
    # the messages of today, as the timer would send them, whatever date the pages are looking at
    status = assess(status.plan, default_as_of(status.plan.year, today()))
    batch = prepare(status, ctx.config.remind, today())
    due, days = batch.due, batch.days
    st.subheader("Gửi nhắc việc qua email")
    again = f"; {batch.held} thư khác đã gửi trong {days} ngày qua nên không gửi lại" if batch.held else ""
    st.caption(
        f"Mỗi đơn vị có việc cần làm nhận một thư (việc cần cập nhật, ô cần sửa, báo cáo của đơn vị sắp "
        f"đến hạn); Lãnh đạo Sở nhận thư tổng hợp. Hôm nay có {len(due)} thư cần gửi{again}."
    )
    if batch.unreachable:
        names = literal(", ".join(batch.unreachable))
        st.warning(
            f"Không gửi được cho {names}: đơn vị chưa có email trong trang tính «Đơn vị».",
            icon=":material/mail_lock:",
        )
    for reminder in due:
        with st.expander(literal(f"{reminder.to} · {reminder.subject}")):
            st.html(reminder.html)
    # a second click finds the messages of the first in the sent-log: they are not due any more
    if due and st.button(
        f"Gửi {len(due)} thư nhắc việc", icon=":material/send:", key="remind_send", type="primary"
    ):
        _send(ctx, batch)  # the batch previewed above: prepared once


def _send(ctx: Context, batch: Batch) -> None:
    try:
        smtp = ctx.config.smtp()
    except SmtpConfigError:
        st.error(
            "Chưa cấu hình máy chủ gửi thư, nên chưa gửi được. Người quản trị cần khai báo máy chủ thư "
            "trong cấu hình của chương trình (xem hướng dẫn cài đặt)."
        )
        return
    try:
        with st.spinner("Đang gửi thư…"):
            # the system box shows when reminders last ran, from here as from the timer; a run log
            # that cannot be written loses nothing: the sends are in the sent-log and the audit log
            outcome = deliver(batch, smtp, now)
    except SentLogFolderError:
        st.error("Chưa gửi được: máy chủ không ghi được nhật ký gửi thư. Hãy báo người quản trị.")
        return
    _audit(ctx, outcome)
    if outcome.sent:
        st.success(f"Đã gửi {len(outcome.sent)} thư nhắc việc.")
    for reminder, _ in outcome.failed:  # the reason names settings: it is for the administrator's log
        st.error(f"Chưa gửi được thư cho {literal(reminder.to)}. Lần gửi sau sẽ gửi lại.")
    if outcome.failed:
        st.caption("Nếu thư vẫn không gửi được, hãy báo người quản trị kiểm tra máy chủ thư.")


def _audit(ctx: Context, outcome: Outcome) -> None:
    access = ctx.access
    audit.record(
        ctx.config.audit_log,
        who=access.email,
        what=audit.reminded_what(len(outcome.sent), len(outcome.failed)),
        snapshot_id="",
        sha256=_checksum([r.subject for r in outcome.sent]),
        at=now(),
        role=access.role,
        unit=access.export_unit,
    )
