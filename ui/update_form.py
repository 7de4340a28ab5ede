"""The form of «Cập nhật tiến độ»: one progress row per submit, checked before anything is written.

A double click never writes twice. Each drawing of the form carries a token (its widgets' keys
end with it); the submit's callback takes the token out of the session before the row is
written, so a second click of the same form finds it gone and does nothing. The callback only
checks the row and marks it pending; the run that follows draws the form with its button
disabled, writes, records the audit entry and drops the cached read, then draws a fresh form
under a new token. After a refused row the token stays, and so do the values typed.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import streamlit as st

from cchc.access import audit
from cchc.config import now
from cchc.sheet.append import Appended, Checked, Update, append_update, check_update
from cchc.sources import GoogleAccess, RawSource, SourceError, SourceSpec
from cchc.vocab.labels import STATE_NAMES
from cchc.vocab.schema import CHANNELS, MEASURES
from ui.data import load
from ui.text import literal

TOKEN = "update_token"
PENDING = "update_pending"
PENDING_SECONDS = 60  # a pending row is written by the run right after the click, or never
NOT_WRITTEN = "Dòng tiến độ trước chưa được ghi vào bảng tính; hãy nhập và gửi lại."
PROBLEMS = "update_problems"
OUTCOME = "update_outcome"


@dataclass(frozen=True)
class Target:
    """Everything the form writes with: the unit, who, where, and the read it checks against."""

    unit: str
    unit_name: str
    reporter: str
    who: str | None
    role: str
    spec: SourceSpec
    kind: str
    google: GoogleAccess
    audit_log: Path
    raw: RawSource
    year: int
    today: date
    tasks: dict[str, str] = field(default_factory=dict)  # task id → label, its own parts first


@dataclass(frozen=True)
class Outcome:
    """What the last submit did, shown above the next form."""

    ok: bool
    message: str
    warnings: tuple[str, ...] = ()


def _key(name: str, token: str) -> str:
    return f"upd_{name}_{token}"


def _number(value: object) -> int | None:
    return None if value is None else int(str(value).split(".")[0])


def _update(target: Target, token: str) -> Update:
    """The row the form's widgets hold now."""
    state = st.session_state

    def value(name: str) -> object:
        return state.get(_key(name, token))

    percent, completed = value("percent"), value("completed_on")
    return Update(
        day=target.today,
        task_id=str(value("task") or ""),
        unit=target.unit,
        state=str(value("state") or "in_progress"),
        reporter=target.reporter,
        percent=float(str(percent)) if percent is not None else None,
        result=str(value("result") or ""),
        channel=str(value("channel")) if value("channel") else None,
        measure=str(value("measure")) if value("measure") else None,
        count=_number(value("count")),
        attendance=_number(value("attendance")),
        evidence=str(value("evidence") or ""),
        completed_on=completed if isinstance(completed, date) else None,
        note=str(value("note") or ""),
    )


def _submitted(target: Target, token: str) -> None:
    """The submit's callback: check the row; when it is good, take the token and mark the row pending."""
    state = st.session_state
    if state.get(TOKEN) != token or PENDING in state:
        return  # a second click of a form already sent: nothing more to write
    state.pop(OUTCOME, None)
    update = _update(target, token)
    checked = check_update(target.raw, update, target.year)
    state[PROBLEMS] = (token, checked)
    if checked.ok:
        del state[TOKEN]  # consumed before anything is written
        state[PENDING] = (token, update, time.monotonic())


def _problems(checked: Checked | None, name: str) -> None:
    for text in checked.errors.get(name, []) if checked else []:
        st.error(literal(text), icon=":material/error:")


def _count(label: str, name: str, token: str, checked: Checked | None, placeholder: str) -> None:
    """A whole-number field, empty until typed (empty is not 0), with its errors."""
    st.number_input(label, min_value=0, value=None, step=1, key=_key(name, token), placeholder=placeholder)
    _problems(checked, name)


def _fields(target: Target, token: str, checked: Checked | None) -> None:
    """The form's fields, one under another (a phone shows one column), each with its errors:
    the task, its state and what was done, then `_output_fields`."""
    tasks = list(target.tasks)
    st.selectbox(
        "Nhiệm vụ",
        tasks,
        key=_key("task", token),
        format_func=target.tasks.__getitem__,
        index=0 if tasks else None,
    )
    _problems(checked, "task")
    states = list(STATE_NAMES)
    st.selectbox(
        "Trạng thái",
        states,
        index=states.index("in_progress"),
        key=_key("state", token),
        format_func=STATE_NAMES.__getitem__,
    )
    _problems(checked, "state")
    st.number_input(
        "Tiến độ (%)",
        min_value=0.0,
        max_value=100.0,
        value=None,
        step=5.0,
        format="%g",
        key=_key("percent", token),
        placeholder="Để trống nếu không báo phần trăm",
    )
    _problems(checked, "percent")
    st.text_area(
        "Kết quả", key=_key("result", token), height=100, placeholder="Những gì đã làm trong lần này"
    )
    _problems(checked, "result")
    _output_fields(target, token, checked)


def _output_fields(target: Target, token: str, checked: Checked | None) -> None:
    """What came out of it (channel, measure, counts, evidence), when it was finished, and a note."""
    st.selectbox("Kênh", CHANNELS, index=None, key=_key("channel", token), placeholder="Không ghi")
    _problems(checked, "channel")
    st.selectbox(
        "Đơn vị tính", MEASURES, index=None, key=_key("measure", token), placeholder="Theo kênh (để trống)"
    )
    _problems(checked, "measure")
    _count("Số lượng", "count", token, checked, "Sản phẩm trong lần này")
    _count("Số người tham dự", "attendance", token, checked, "Người dự hội nghị, đối thoại")
    st.text_input("Minh chứng", key=_key("evidence", token), placeholder="https://…")
    _problems(checked, "evidence")
    st.date_input(
        "Ngày hoàn thành",
        value=None,
        min_value=date(target.year - 5, 1, 1),
        max_value=target.today + timedelta(days=3650),
        format="DD/MM/YYYY",
        key=_key("completed_on", token),
        help="Chỉ khi trạng thái là «Hoàn thành» và việc đã xong trước hôm nay.",
    )
    _problems(checked, "completed_on")
    st.text_area("Ghi chú", key=_key("note", token), height=68)
    _problems(checked, "note")


def _outcome() -> None:
    found = st.session_state.get(OUTCOME)
    if isinstance(found, Outcome):
        (st.success if found.ok else st.error)(found.message)
        for text in found.warnings:
            st.warning(literal(text))


def _write(target: Target, token: str, update: Update) -> None:
    """Append the pending row (no Streamlit call between taking it and recording what happened)."""
    state = st.session_state
    with st.spinner("Đang ghi vào bảng tính…"):
        del state[PENDING]
        try:
            appended = append_update(target.spec, target.kind, target.google, update)
        except SourceError as error:
            state[OUTCOME] = Outcome(False, f"Chưa ghi được dòng tiến độ. {literal(error.message)}")
            state[TOKEN] = token  # nothing written: the same form, with what was typed, may be sent again
            return
        state[OUTCOME] = _done(target, update, appended, state.get(PROBLEMS))
        state[TOKEN] = uuid.uuid4().hex  # a fresh, empty form for the next row
        state.pop(PROBLEMS, None)
        _audit(target, update, appended)
        load.clear(target.spec, target.google)  # the next view reads the source again
    st.rerun()


def _done(target: Target, update: Update, appended: Appended, problems: object) -> Outcome:
    where = f" (dòng {appended.row} của trang tính «Tiến độ»)" if appended.row else ""
    label = target.tasks.get(update.task_id, f"Nhiệm vụ {update.task_id}")
    message = f"Đã ghi một dòng tiến độ{where}: {literal(label)}, ngày {update.day:%d/%m/%Y}."
    checked = problems[1] if isinstance(problems, tuple) else None
    warnings = tuple(t for texts in (checked.warnings.values() if checked else []) for t in texts)
    return Outcome(True, message, warnings)


def _audit(target: Target, update: Update, appended: Appended) -> None:
    audit.record(
        target.audit_log,
        who=target.who,
        what=audit.appended_what(update.task_id, appended.row),
        snapshot_id=target.spec.text,
        sha256=audit.cells_sha256(appended.line),
        at=now(),
        role=target.role,
        unit=update.unit,
    )


def _stale_pending(target: Target) -> None:
    """Forget a pending row the page did not write at once (the person went to another page, or
    now looks at another unit): it is never written later, behind their back; the form says so."""
    state = st.session_state
    pending = state.get(PENDING)
    if pending and (time.monotonic() - pending[2] > PENDING_SECONDS or pending[1].unit != target.unit):
        del state[PENDING]
        state[TOKEN] = uuid.uuid4().hex
        state[OUTCOME] = Outcome(False, NOT_WRITTEN)


def form(target: Target) -> None:
    """The outcome of the last submit, then the form; writes the pending row, if any."""
    state = st.session_state
    _stale_pending(target)
    pending = state.get(PENDING)
    token = pending[0] if pending else state.setdefault(TOKEN, uuid.uuid4().hex)
    _outcome()
    problems = state.get(PROBLEMS)
    checked = problems[1] if problems and problems[0] == token else None
    if checked and not checked.ok:
        count = sum(len(texts) for texts in checked.errors.values())
        st.error(
            f"Chưa ghi: dòng này có {count} lỗi, xem ghi chú dưới từng ô. Không có gì được ghi vào bảng tính."
        )
        _problems(checked, "")
    st.caption(
        f"Ngày cập nhật: **{target.today:%d/%m/%Y}** · Người cập nhật: **{literal(target.reporter)}** "
        f"· Đơn vị: **{literal(target.unit_name)}**"
    )
    with st.form(f"update-{token}", border=True):
        _fields(target, token, checked)
        st.form_submit_button(
            "Ghi dòng tiến độ",
            type="primary",
            icon=":material/send:",
            on_click=_submitted,
            args=(target, token),
            disabled=pending is not None,
            width="stretch",
        )
    if pending:
        _write(target, token, pending[1])
