"""`Việc cần làm`: what one unit must update now, worded so a clerk can act on it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from cchc.assess.risk import SEVERITY, Assignment
from cchc.assess.status import Status
from cchc.present.views import short
from cchc.vocab.labels import STATE_NAMES, vn_date, vn_number
from cchc.vocab.terms import Risk

_ADD_ROW = (
    "Thêm một dòng vào trang tính «Tiến độ» (ngày, mã nhiệm vụ, đơn vị, trạng thái, kết quả, minh chứng)."
)


@dataclass(frozen=True)
class Todo:
    """One thing a unit must do, with the task it concerns (its short content) and since when."""

    task_id: str
    risk: str
    title: str
    detail: str
    since: date | None
    task: str = ""


def _overdue(a: Assignment, status: Status) -> Todo:
    late = a.days_late or 0
    state = STATE_NAMES.get(a.state or "", "chưa có thông tin tiến độ")
    pct = f", {vn_number(a.percent)} %" if a.percent is not None else ""
    return Todo(
        a.task_id,
        a.risk,
        f"Nhiệm vụ {a.task_id}: quá hạn {late} ngày (hạn {vn_date(a.due)})",
        f"Hiện tại: {state}{pct}. Nếu đã xong, ghi trạng thái «Hoàn thành» kèm minh chứng; "
        f"nếu chưa, ghi kết quả đạt được và lý do chậm. {_ADD_ROW}",
        a.due,
    )


def _at_risk(a: Assignment, status: Status) -> Todo:
    left = a.days_left or 0
    pct = f"{vn_number(a.percent)} %" if a.percent is not None else "chưa báo cáo phần trăm"
    return Todo(
        a.task_id,
        a.risk,
        f"Nhiệm vụ {a.task_id}: còn {left} ngày đến hạn {vn_date(a.due)}",
        f"Tiến độ hiện tại: {pct}. Cập nhật tiến độ mới nhất và kế hoạch hoàn thành đúng hạn. {_ADD_ROW}",
        a.last_update,
    )


def _stale(a: Assignment, status: Status) -> Todo:
    rule = (
        f"Nhiệm vụ thường xuyên cần có dòng tiến độ mới, không để quá {a.cycle} ngày giữa hai lần; "
        f"nếu trong kỳ không có việc phát sinh, ghi trạng thái «Không phát sinh». {_ADD_ROW}"
    )
    if a.last_update is None:
        return Todo(
            a.task_id, a.risk, f"Nhiệm vụ {a.task_id}: chưa có thông tin tiến độ trong năm", rule, None
        )
    days = a.days_since_update
    return Todo(
        a.task_id,
        a.risk,
        f"Nhiệm vụ {a.task_id}: {days} ngày chưa có dòng tiến độ mới (từ {vn_date(a.last_update)})",
        rule,
        a.last_update,
    )


def _paused(a: Assignment, status: Status) -> Todo:
    return Todo(
        a.task_id,
        a.risk,
        f"Nhiệm vụ {a.task_id}: tạm dừng từ {vn_date(a.since)}",
        "Khi tiếp tục, ghi trạng thái «Đang thực hiện» kèm kết quả; nếu vẫn tạm dừng, ghi rõ lý do "
        f"trong cột Ghi chú để lãnh đạo Sở nắm được. {_ADD_ROW}",
        a.since,
    )


def _not_started(a: Assignment, status: Status) -> Todo:
    due = f" (hạn {vn_date(a.due)})" if a.due else ""
    said = "Chưa có thông tin tiến độ." if a.last_update is None else "Dòng gần nhất ghi «Chưa thực hiện»."
    return Todo(
        a.task_id,
        a.risk,
        f"Nhiệm vụ {a.task_id}: chưa thực hiện{due}",
        f"{said} Khi triển khai, ghi trạng thái «Đang thực hiện». {_ADD_ROW}",
        a.last_update,
    )


_BUILDERS = {
    Risk.OVERDUE: _overdue,
    Risk.AT_RISK: _at_risk,
    Risk.STALE: _stale,
    Risk.PAUSED: _paused,
    Risk.NOT_STARTED: _not_started,
}


def todo_list(status: Status, unit: str) -> list[Todo]:
    """A unit's assignments that need an update now, most urgent first."""
    mine = [a for a in status.assignments if a.unit == unit and a.risk in _BUILDERS]
    mine.sort(key=lambda a: (SEVERITY.index(a.risk), a.task_id))
    contents = {t.task_id: t.content for t in status.tasks}
    return [
        replace(_BUILDERS[a.risk](a, status), task=f"{a.task_id}. {short(contents.get(a.task_id, ''))}")
        for a in mine
    ]


def todo_lists(status: Status, unit: str | None = None) -> dict[str, list[Todo]]:
    """Every unit's list (only `unit`'s when given): units with parts to update first, the one with the
    most urgent part first, then the others, each group in Vietnamese order of names."""
    codes = [unit] if unit is not None else [u.code for u in status.plan.units.ordered()]
    lists = [(code, todo_list(status, code)) for code in codes]
    lists.sort(key=lambda pair: SEVERITY.index(pair[1][0].risk) if pair[1] else len(SEVERITY))
    return dict(lists)
