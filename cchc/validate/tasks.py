"""The `Nhiệm vụ` tab: plan tasks, their due dates and their lead and support units."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from cchc.validate.progress_rules import RULES
from cchc.validate.table import Table
from cchc.validate.task_cells import read_schedule, read_target
from cchc.validate.units import LOOSE, Directory
from cchc.vocab.issues import Issue
from cchc.vocab.values import as_text, task_key

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
    start: date  # the first day of the task's window (SPEC §2 `Ngày bắt đầu`)
    cycle: int | None  # its own update cycle in days; None: the plan's `chu_ky_cap_nhat`

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


def _task(table: Table, row: int, rec: Any, units: Directory, year: int) -> tuple[Task, list[Issue]]:
    schedule, issues = read_schedule(table, row, rec, year)
    leads, found = resolve_units(table, "leads", row, rec.leads, units)
    issues += found
    supports, found = resolve_units(table, "supports", row, rec.supports, units)
    issues += found
    if not as_text(rec.leads):
        text = "nhiệm vụ chưa có đơn vị chủ trì. Hãy ghi mã hoặc tên đơn vị chủ trì."
        issues.append(table.place("leads").issue("task.no_lead", row, rec.leads, text))
    target, found = read_target(table, row, rec.target)
    task = Task(
        task_id=as_text(rec.task_id),
        key=task_key(rec.task_id),
        content=as_text(rec.content),
        timeframe=as_text(rec.timeframe),
        due=schedule.due,
        ongoing=schedule.ongoing,
        leads=leads,
        supports=tuple(s for s in supports if s not in leads),
        form=as_text(rec.form),
        target=target,
        row=row,
        start=schedule.start,
        cycle=schedule.cycle,
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
