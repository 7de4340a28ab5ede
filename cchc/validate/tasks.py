"""The `Nhiệm vụ` tab: plan tasks, their due dates and their lead and support units."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from cchc.validate.progress_rules import RULES
from cchc.validate.table import Table
from cchc.validate.units import LOOSE, Directory
from cchc.vocab.issues import Issue
from cchc.vocab.values import as_text, parse_count, parse_date, parse_timeframe, task_key

_YEAR = re.compile(r"\b(19[9]\d|20\d\d)\b")


@dataclass(frozen=True)
class Task:
    """One task of the plan; `due` is None for an ongoing task (or an unusable timeframe)."""

    task_id: str
    key: str
    content: str
    timeframe: str
    due: date | None
    ongoing: bool
    leads: tuple[str, ...]
    supports: tuple[str, ...]
    form: str
    target: int | None
    row: int

    @property
    def units(self) -> tuple[str, ...]:
        """Every unit the plan assigns to this task: leads, then supports."""
        return (*self.leads, *self.supports)


def infer_year(table: Table | None) -> int | None:
    """The year most task timeframes name."""
    if table is None:
        return None
    years = Counter(y for v in table.rows["timeframe"] for y in _YEAR.findall(as_text(v)))
    return int(years.most_common(1)[0][0]) if years else None


def resolve_units(
    table: Table, key: str, row: int, raw: object, units: Directory
) -> tuple[tuple[str, ...], list[Issue]]:
    """Unit codes named in a cell, with an issue for each name that is unknown or loose."""
    codes: list[str] = []
    issues: list[Issue] = []
    place = table.place(key)
    for part in units.split(as_text(raw)):
        code, how = units.match(part)
        if code is None:
            issues.append(place.issue("unit.unknown", row, raw, RULES["unit.unknown"].text(part, units)))
            continue
        if how == LOOSE:
            text = RULES["unit.loose_match"].text(part, units)
            issues.append(place.issue("unit.loose_match", row, raw, text, warn=True))
        if code not in codes:
            codes.append(code)
    return tuple(codes), issues


_TIMEFRAME_HINT = (
    "Hãy ghi ví dụ «Quý 1/2017», «Tháng 3/2017», «6 tháng đầu năm», «Năm 2017», «Thường xuyên» "
    "hoặc một ngày dd/mm/yyyy."
)


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


def _target(table: Table, row: int, raw: object) -> tuple[int | None, list[Issue]]:
    target, code = parse_count(raw)
    if not code:
        return target, []
    text = "chỉ tiêu phải là một số nguyên không âm (số sản phẩm cả năm), ví dụ 24."
    return None, [table.place("target").issue("target.invalid", row, raw, text)]


def _task(table: Table, row: int, rec: Any, units: Directory, year: int) -> tuple[Task, list[Issue]]:
    due, ongoing, issues = _timeframe(table, row, rec, year)
    leads, found = resolve_units(table, "leads", row, rec.leads, units)
    issues += found
    supports, found = resolve_units(table, "supports", row, rec.supports, units)
    issues += found
    if not as_text(rec.leads):
        text = "nhiệm vụ chưa có đơn vị chủ trì. Hãy ghi mã hoặc tên đơn vị chủ trì."
        issues.append(table.place("leads").issue("task.no_lead", row, rec.leads, text))
    target, found = _target(table, row, rec.target)
    task = Task(
        task_id=as_text(rec.task_id),
        key=task_key(rec.task_id),
        content=as_text(rec.content),
        timeframe=as_text(rec.timeframe),
        due=due,
        ongoing=ongoing,
        leads=leads,
        supports=tuple(s for s in supports if s not in leads),
        form=as_text(rec.form),
        target=target,
        row=row,
    )
    return task, issues + found


def read_tasks(table: Table | None, units: Directory, year: int) -> tuple[list[Task], list[Issue]]:
    """Read the plan's tasks in plan order; a row without an id or with a repeated id is left out."""
    tasks: dict[str, Task] = {}
    issues: list[Issue] = []
    if table is None:
        return [], issues
    for row, rec in zip(table.rows.index, table.rows.itertuples(index=False), strict=True):
        row = int(row)
        place = table.place("task_id")
        if not as_text(rec.task_id):
            text = (
                "dòng nhiệm vụ thiếu «Mã nhiệm vụ» nên không theo dõi được. "
                "Hãy ghi số thứ tự (STT) của nhiệm vụ."
            )
            issues.append(place.issue("task.missing_id", row, rec.task_id, text))
            continue
        key = task_key(rec.task_id)
        if key in tasks:
            text = (
                f"mã nhiệm vụ «{as_text(rec.task_id)}» trùng với dòng {tasks[key].row}; "
                "dòng này bị bỏ qua. Hãy đánh lại mã."
            )
            issues.append(place.issue("task.duplicate_id", row, rec.task_id, text))
            continue
        task, found = _task(table, row, rec, units, year)
        tasks[key] = task
        issues += found
    return list(tasks.values()), issues
