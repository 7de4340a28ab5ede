"""Where units type, what the sheet should accept: one list for the .xlsx template and Google.

Strict rules reject a wrong entry (dates, percents, counts); the others only warn, because a
unit may be written by its name or another name, and a state by a synonym (SPEC §3).
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc.vocab.labels import STATE_NAMES
from cchc.vocab.schema import (
    CHANNELS,
    MAX_DAYS,
    MEASURES,
    PROGRESS,
    REPORT_SECTIONS,
    REPORTS,
    SENT_REPORTS,
    TASKS,
    UNITS,
    TabSpec,
)


@dataclass(frozen=True)
class ColumnRule:
    """A check on one column's data cells.

    `kind`: `date` (a real date), `percent` (a number 0–100), `count` (a whole number ≥ 0),
    `days` (a number of days, 1–366), `list` (one of `values`) or `lookup` (one of the codes in
    column `values[1]` of tab `values[0]`, a template key: `units` or `tasks`).
    """

    tab: TabSpec
    field: str
    kind: str
    message: str
    strict: bool
    values: tuple[str, ...] = ()


_STATES = tuple(STATE_NAMES.values())
_SECTIONS = tuple(REPORT_SECTIONS.values())
_REPORT_UNIT = "Để trống nếu là báo cáo của Sở; nếu không, chọn mã đơn vị có trong trang tính «Đơn vị»."
_TASK_IDS, _UNIT_CODES = ("tasks", "task_id"), ("units", "code")
RULES = (
    ColumnRule(PROGRESS, "date", "date", "Hãy nhập một ngày, dạng dd/mm/yyyy.", True),
    ColumnRule(
        PROGRESS, "task", "lookup", "Hãy chọn mã nhiệm vụ có trong trang tính «Nhiệm vụ».", False, _TASK_IDS
    ),
    ColumnRule(
        PROGRESS, "unit", "lookup", "Hãy chọn mã đơn vị có trong trang tính «Đơn vị».", False, _UNIT_CODES
    ),
    ColumnRule(PROGRESS, "state", "list", "Hãy chọn một trạng thái trong danh sách.", False, _STATES),
    ColumnRule(PROGRESS, "percent", "percent", "Tiến độ là một số từ 0 đến 100.", True),
    ColumnRule(PROGRESS, "channel", "list", "Nên chọn một kênh trong danh sách.", False, CHANNELS),
    ColumnRule(PROGRESS, "count", "count", "Số lượng là một số nguyên không âm.", True),
    ColumnRule(PROGRESS, "completed_on", "date", "Ngày thực tế đã xong, dạng dd/mm/yyyy.", True),
    ColumnRule(PROGRESS, "measure", "list", "Nên chọn số lượng đếm gì trong danh sách.", False, MEASURES),
    ColumnRule(PROGRESS, "attendance", "count", "Số người tham dự là một số nguyên không âm.", True),
    ColumnRule(TASKS, "deadline", "date", "Hạn hoàn thành là một ngày, dạng dd/mm/yyyy.", True),
    ColumnRule(TASKS, "target", "count", "Chỉ tiêu là một số nguyên không âm.", True),
    ColumnRule(TASKS, "start", "date", "Ngày bắt đầu là một ngày, dạng dd/mm/yyyy.", True),
    ColumnRule(TASKS, "cycle", "days", f"Chu kỳ cập nhật là số ngày, từ 1 đến {MAX_DAYS}.", True),
    ColumnRule(REPORTS, "unit", "lookup", _REPORT_UNIT, False, _UNIT_CODES),
    ColumnRule(REPORTS, "section", "list", "Hãy chọn một mục của báo cáo trong danh sách.", False, _SECTIONS),
    ColumnRule(SENT_REPORTS, "unit", "lookup", _REPORT_UNIT, False, _UNIT_CODES),
    ColumnRule(SENT_REPORTS, "sent_on", "date", "Ngày gửi là một ngày, dạng dd/mm/yyyy.", True),
)
LOOKUP_TABS = {"units": UNITS, "tasks": TASKS}


def rules_for(tab: TabSpec) -> tuple[ColumnRule, ...]:
    return tuple(rule for rule in RULES if rule.tab is tab)
