"""Assess → summarize: task risks, unit scorecards, outputs and reports at an as-of date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

import pandas as pd

from cchc.assess.risk import SEVERITY, Assignment, assess_assignments, worst
from cchc.assess.schedule import Report, reports
from cchc.validate.plan import Plan
from cchc.vocab.issues import count
from cchc.vocab.terms import Risk, Role

NO_CHANNEL = "(không ghi kênh)"


@dataclass(frozen=True)
class TaskStatus:
    """A task's risk (worst of its leads) and its outputs against target."""

    task_id: str
    content: str
    due: date | None
    ongoing: bool
    risk: Risk
    outputs: dict[str, object]
    target: int | None


@dataclass(frozen=True)
class Scorecard:
    """A unit's assignments counted by risk, its freshness and on-time rate."""

    unit: str
    name: str
    assignments: int
    counts: dict[Risk, int]
    last_update: date | None
    days_since_update: int | None
    on_time_rate: float | None


@dataclass(frozen=True)
class Status:
    """The whole plan as it stood at `as_of`."""

    as_of: date
    plan: Plan
    assignments: list[Assignment]
    tasks: list[TaskStatus]
    units: list[Scorecard]
    reports: list[Report]
    issue_counts: dict[str, int]


def outputs(plan: Plan, start: date, end: date) -> dict[str, dict[str, object]]:
    """Per task, the sum of `Số lượng` by channel for rows dated from `start` to `end`."""
    progress = plan.up_to(end).progress
    keep = (progress["date"] >= pd.Timestamp(start)) & progress["count"].notna()
    rows = progress.loc[keep, ["task_id", "channel", "count"]]
    sums = (
        rows.assign(channel=rows["channel"].fillna(NO_CHANNEL)).groupby(["task_id", "channel"])["count"].sum()
    )
    by_task: dict[str, dict[str, int]] = {}
    for key, total in sums.items():
        task_id, channel = cast(tuple[str, str], key)
        by_task.setdefault(str(task_id), {})[str(channel)] = int(total)
    return {task: {"total": sum(c.values()), "by_channel": c} for task, c in by_task.items()}


def _task_status(plan: Plan, assignments: list[Assignment], as_of: date) -> list[TaskStatus]:
    sums = outputs(plan, plan.window.start, as_of)
    by_task: dict[str, list[Assignment]] = {}
    for a in assignments:
        by_task.setdefault(a.task_id, []).append(a)
    result = []
    for task in plan.tasks:
        mine = by_task.get(task.task_id, [])
        leads = [a.risk for a in mine if a.role == Role.LEAD] or [a.risk for a in mine]
        empty: dict[str, object] = {"total": 0, "by_channel": {}}
        result.append(
            TaskStatus(
                task.task_id,
                task.content,
                task.due,
                task.due is None,
                worst(leads) if leads else Risk.NOT_STARTED,
                sums.get(task.task_id, empty),
                task.target,
            )
        )
    return result


def _on_time_rate(counts: dict[Risk, int]) -> float | None:
    divisor = counts[Risk.DONE_ON_TIME] + counts[Risk.DONE_LATE] + counts[Risk.OVERDUE]
    return round(counts[Risk.DONE_ON_TIME] / divisor, 4) if divisor else None


def _scorecards(plan: Plan, assignments: list[Assignment], as_of: date) -> list[Scorecard]:
    rows = plan.up_to(as_of).progress[["unit", "date"]]
    last = rows.groupby("unit")["date"].max()
    cards = []
    for unit in plan.units.ordered():
        mine = [a for a in assignments if a.unit == unit.code]
        counts = {risk: sum(1 for a in mine if a.risk == risk) for risk in SEVERITY}
        latest = last[unit.code].date() if unit.code in last.index else None
        days = (as_of - latest).days if latest else None
        cards.append(Scorecard(unit.code, unit.name, len(mine), counts, latest, days, _on_time_rate(counts)))
    return cards


def assess(plan: Plan, as_of: date) -> Status:
    """Everything the dashboard, CLI and export show, computed from one validated read."""
    assignments = assess_assignments(plan, as_of)
    return Status(
        as_of=as_of,
        plan=plan,
        assignments=assignments,
        tasks=_task_status(plan, assignments, as_of),
        units=_scorecards(plan, assignments, as_of),
        reports=reports(plan.settings, plan.year, as_of),
        issue_counts=count(plan.issues),
    )
