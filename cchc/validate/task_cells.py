"""The `Nhiệm vụ` cells that set a task's schedule: timeframe, deadline, start, cycle, target.

Each reader returns the value (or its fallback) and the issues of its cell; none raises.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from cchc.validate.table import Table
from cchc.vocab.issues import Issue
from cchc.vocab.schema import MAX_DAYS
from cchc.vocab.values import as_text, parse_count, parse_date, parse_timeframe, period_start

_TIMEFRAME_HINT = (
    "Hãy ghi ví dụ «Quý 1/2017», «Tháng 3/2017», «6 tháng đầu năm», «Năm 2017», «Thường xuyên» "
    "hoặc một ngày dd/mm/yyyy."
)


@dataclass(frozen=True)
class Schedule:
    """When a task is due (None: ongoing, or no usable due date), when its window starts, its cycle."""

    due: date | None
    ongoing: bool
    start: date
    cycle: int | None


def _deadline(table: Table, row: int, rec: Any) -> tuple[date | None, list[Issue]]:
    """`Hạn hoàn thành`, which overrides the timeframe when it is a valid date."""
    if not as_text(rec.deadline):
        return None, []
    deadline, _ = parse_date(rec.deadline)
    if deadline:
        return deadline, []
    text = "hạn hoàn thành không phải ngày hợp lệ nên bị bỏ qua. Hãy ghi dạng dd/mm/yyyy, ví dụ 31/03/2017."
    return None, [table.place("deadline").issue("date.invalid", row, rec.deadline, text)]


def _timeframe(table: Table, row: int, rec: Any, year: int) -> tuple[date | None, bool, list[Issue]]:
    deadline, issues = _deadline(table, row, rec)
    frame, code = parse_timeframe(rec.timeframe, year)
    if code:
        raw = as_text(rec.timeframe)
        what = f"không hiểu thời gian «{raw}»" if raw else "thiếu thời gian thực hiện"
        then = (
            f"nhiệm vụ được theo dõi theo hạn hoàn thành {deadline:%d/%m/%Y}"
            if deadline
            else "nhiệm vụ tạm được theo dõi như nhiệm vụ thường xuyên"
        )
        issues.append(
            table.place("timeframe").issue(code, row, rec.timeframe, f"{what}; {then}. {_TIMEFRAME_HINT}")
        )
    if deadline:
        return deadline, False, issues
    due, ongoing = (frame.due, frame.ongoing) if frame else (None, True)
    return due, ongoing, issues


def _start(table: Table, row: int, rec: Any, year: int, due: date | None) -> tuple[date, list[Issue]]:
    """`Ngày bắt đầu`, or the start `Thời gian` implies; a bad or late one falls back to that.

    A derived start after the due date (`Thời gian` Quý 4, `Hạn hoàn thành` 30/06) gives way to
    1 January: the window must open before the task is due.
    """
    derived = period_start(rec.timeframe, year)
    if due is not None and derived > due:
        derived = date(year, 1, 1)
    if not as_text(rec.start):
        return derived, []
    start, _ = parse_date(rec.start)
    place = table.place("start")
    if start is None:
        text = (
            f"ngày bắt đầu không phải ngày hợp lệ; dùng {derived:%d/%m/%Y} theo cột «Thời gian». "
            "Hãy ghi dạng dd/mm/yyyy, ví dụ 01/07/2017, hoặc để trống."
        )
        return derived, [place.issue("date.invalid", row, rec.start, text)]
    if due is not None and start > due:
        text = (
            f"ngày bắt đầu {start:%d/%m/%Y} sau hạn hoàn thành {due:%d/%m/%Y}; dùng {derived:%d/%m/%Y} "
            "theo cột «Thời gian». Hãy sửa ngày bắt đầu hoặc hạn."
        )
        return derived, [place.issue("start.after_due", row, rec.start, text)]
    return start, []


def _cycle(table: Table, row: int, raw: object) -> tuple[int | None, list[Issue]]:
    """`Chu kỳ cập nhật`: whole days from 1 to 366; empty or bad → the plan's `chu_ky_cap_nhat`."""
    cycle, code = parse_count(raw)
    if not code and (cycle is None or 1 <= cycle <= MAX_DAYS):
        return cycle, []
    text = (
        f"chu kỳ cập nhật phải là số ngày nguyên từ 1 đến {MAX_DAYS}, ví dụ 90; nhiệm vụ dùng chu kỳ "
        "chung (khóa chu_ky_cap_nhat, trang tính «Cấu hình»). Hãy sửa hoặc để trống."
    )
    return None, [table.place("cycle").issue("cycle.invalid", row, raw, text)]


def read_schedule(table: Table, row: int, rec: Any, year: int) -> tuple[Schedule, list[Issue]]:
    """A task's due date (or ongoing), window start and own update cycle, with their issues."""
    due, ongoing, issues = _timeframe(table, row, rec, year)
    start, found = _start(table, row, rec, year, due)
    cycle, more = _cycle(table, row, rec.cycle)
    return Schedule(due, ongoing, start, cycle), issues + found + more


def read_target(table: Table, row: int, raw: object) -> tuple[int | None, list[Issue]]:
    """`Chỉ tiêu`: a whole number of outputs over the year."""
    target, code = parse_count(raw)
    if not code:
        return target, []
    text = "chỉ tiêu phải là một số nguyên không âm (số sản phẩm cả năm), ví dụ 24."
    return None, [table.place("target").issue("target.invalid", row, raw, text)]
