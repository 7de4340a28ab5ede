"""Status and risk of each (task, unit) assignment at an as-of date, and units' contributions (SPEC §5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

import numpy as np
import pandas as pd

from cchc.validate.groups import combined_codes
from cchc.validate.plan import Plan
from cchc.validate.settings import Settings
from cchc.validate.tasks import Task
from cchc.vocab.terms import SEVERITY, Risk, Role, State

RISKS = frozenset(SEVERITY)
PACE_SLACK = 25.0


@dataclass(frozen=True)
class Latest:
    """What an assignment's rows up to `as_of` say."""

    state: State | None = None
    percent: float | None = None
    last_update: date | None = None
    completed_on: date | None = None
    since: date | None = None  # the first row of the final run of rows in the latest state


@dataclass(frozen=True)
class Assignment:
    """A (task, unit) pair the plan names, with its status at `as_of`."""

    task_id: str
    unit: str
    role: Role
    start: date
    due: date | None
    ongoing: bool
    state: State | None
    percent: float | None
    last_update: date | None
    completed_on: date | None
    risk: Risk
    cycle: int  # days within which an ongoing task needs a new row (the task's own, else the plan's)
    since: date | None = None  # when the latest state began (a pause: its first «Tạm dừng» row)
    days_late: int | None = None  # overdue: as-of minus due; done late: completion minus due
    days_left: int | None = None  # open with a due date not yet passed: due minus as-of
    days_since_update: int | None = None  # as-of minus the last update (or the task's start)


@dataclass(frozen=True)
class Contribution:
    """Rows a unit wrote on a task the plan does not give it: no risk, no place in risk counts."""

    task_id: str
    unit: str
    rows: int
    last_update: date


def _days(task: Task, latest: Latest, risk: Risk, as_of: date) -> dict[str, int | None]:
    """The day counts every page and report shows, computed once here."""
    due = task.due
    late = None
    if risk == Risk.OVERDUE and due:
        late = (as_of - due).days
    elif risk == Risk.DONE_LATE and due and latest.completed_on:
        late = (latest.completed_on - due).days
    left = (due - as_of).days if due and as_of <= due and latest.state != "done" else None
    since = (as_of - (latest.last_update or task.start)).days
    return {"days_late": late, "days_left": left, "days_since_update": since}


def expected_pace(start: date, due: date, as_of: date) -> float:
    """Percent a task should have reached at `as_of` on a straight line from its start to its due date."""
    span = (due - start).days
    if span <= 0:
        return 100.0 if as_of >= due else 0.0
    return min(100.0, max(0.0, 100.0 * (as_of - start).days / span))


def assess_ongoing(latest: Latest, start: date, cycle: int, as_of: date) -> Risk:
    """Risk of an ongoing task, judged by how fresh its last row is; the first matching rule wins."""
    if latest.state == "paused":
        return Risk.PAUSED
    if (as_of - (latest.last_update or start)).days > cycle:
        return Risk.STALE
    if latest.last_update is None or latest.state == "not_started":
        return Risk.NOT_STARTED
    return Risk.ON_TRACK


def assess_risk(latest: Latest, start: date, due: date, warn_days: int, as_of: date) -> Risk:
    """Risk of a task with a due date; the first matching rule wins."""
    if latest.state == "done" and latest.completed_on is not None:
        return Risk.DONE_ON_TIME if latest.completed_on <= due else Risk.DONE_LATE
    if as_of > due:
        return Risk.OVERDUE
    if as_of < start and latest.last_update is None:
        return Risk.UPCOMING
    if latest.state == "paused":
        return Risk.PAUSED
    if (due - as_of).days <= warn_days:
        return Risk.AT_RISK
    if latest.percent is not None and latest.percent < expected_pace(start, due, as_of) - PACE_SLACK:
        return Risk.AT_RISK
    if latest.last_update is None or latest.state == "not_started":
        return Risk.NOT_STARTED
    return Risk.ON_TRACK


def cycle_of(task: Task, settings: Settings) -> int:
    """The days within which an ongoing task needs a new row: its own `Chu kỳ cập nhật`, else the plan's."""
    return task.cycle or settings.update_cycle


def judge(task: Task, latest: Latest, settings: Settings, as_of: date) -> Risk:
    """An assignment's risk: by freshness for an ongoing task (or one without a usable due date),
    by its window otherwise."""
    if task.due is None:
        return assess_ongoing(latest, task.start, cycle_of(task, settings), as_of)
    return assess_risk(latest, task.start, task.due, settings.warn_days, as_of)


def _day(value: np.datetime64) -> date:
    return cast(date, value.astype(object))


def summarize(rows: pd.DataFrame) -> dict[tuple[str, str], Latest]:
    """Per (task, unit): latest state and percent, and when the final run of rows in that state began.

    `rows` must be in (date, sheet row) order, so the last row of a pair is its latest. The first
    row of the final run gives `since` (a pause began then) and, for `done`, `completed_on`: its
    `Ngày hoàn thành` when filled, else its date.
    """
    if rows.empty:
        return {}
    code = combined_codes(rows["task_id"], rows["unit"])
    at = pd.Series(np.arange(len(rows)), index=code)
    state = rows["state"].to_numpy(dtype=object)
    last = at.groupby(level=0).max()
    with_percent = at[rows["percent"].notna().to_numpy()].groupby(level=0).max()
    other = state != state[last.reindex(code).to_numpy()]  # a row in another state than its pair's latest
    last_other = at[other].groupby(level=0).max().reindex(last.index, fill_value=-1)
    run_start = at[at.to_numpy() > last_other.reindex(code).to_numpy()].groupby(level=0).min()
    tasks, units = rows["task_id"].to_numpy(dtype=object), rows["unit"].to_numpy(dtype=object)
    percents = rows["percent"].to_numpy()
    dates = rows["date"].to_numpy(dtype="datetime64[D]")
    finished = rows["completed_on"].fillna(rows["date"]).to_numpy(dtype="datetime64[D]")
    result = {}
    for key, i in last.items():
        pct = with_percent.get(key)
        first = run_start[key]
        result[(str(tasks[i]), str(units[i]))] = Latest(
            state=state[i],
            percent=None if pct is None else float(percents[pct]),
            last_update=_day(dates[i]),
            completed_on=_day(finished[first]) if state[i] == "done" else None,
            since=_day(dates[first]),
        )
    return result


def planned_pairs(plan: Plan) -> list[tuple[str, str, Role]]:
    """Every assignment the plan names, in order: by task, leads first, then supports."""
    pairs: list[tuple[str, str, Role]] = []
    for task in plan.tasks:
        pairs += [(task.task_id, u, Role.LEAD) for u in task.leads]
        pairs += [(task.task_id, u, Role.SUPPORT) for u in task.supports if u not in task.leads]
    return pairs


def contributions(plan: Plan, as_of: date) -> list[Contribution]:
    """Per (task, unit) the plan does not pair: its rows up to `as_of`, in plan order then by unit code."""
    rows = plan.up_to(as_of).progress[["task_id", "unit", "date"]]
    planned = {(t, u) for t, u, _ in planned_pairs(plan)}
    groups = rows.groupby(["task_id", "unit"], sort=True)["date"].agg(["size", "max"])
    order = {t.task_id: i for i, t in enumerate(plan.tasks)}
    found = [
        Contribution(task_id, unit, int(n), last.date())
        for (task_id, unit), n, last in zip(groups.index, groups["size"], groups["max"], strict=True)
        if (task_id, unit) not in planned
    ]
    return sorted(found, key=lambda c: (order.get(c.task_id, len(order)), c.unit))


def assess_assignments(plan: Plan, as_of: date) -> list[Assignment]:
    """Every assignment's status and risk, from the rows dated on or before `as_of`."""
    columns = ["date", "row", "task_id", "unit", "state", "percent", "completed_on"]
    rows = plan.up_to(as_of).progress[columns]
    latest_by_pair = summarize(rows)  # already in (date, sheet row) order
    tasks = {t.task_id: t for t in plan.tasks}
    result = []
    for task_id, unit, role in planned_pairs(plan):
        task = tasks[task_id]
        latest = latest_by_pair.get((task_id, unit), Latest())
        risk = judge(task, latest, plan.settings, as_of)
        result.append(
            Assignment(
                task_id,
                unit,
                role,
                task.start,
                task.due,
                task.due is None,
                latest.state,
                latest.percent,
                latest.last_update,
                latest.completed_on,
                risk,
                cycle_of(task, plan.settings),
                latest.since,
                **_days(task, latest, risk, as_of),
            )
        )
    return result


def worst(risks: list[Risk]) -> Risk:
    """The most severe of several risks."""
    return min(risks, key=SEVERITY.index)
