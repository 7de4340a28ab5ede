"""Status and risk of each (task, unit) assignment at an as-of date (SPEC §5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from cchc.validate.plan import Plan
from cchc.validate.settings import Settings
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


@dataclass(frozen=True)
class Assignment:
    """A (task, unit) pair with its status at `as_of`."""

    task_id: str
    unit: str
    role: Role
    due: date | None
    ongoing: bool
    state: State | None
    percent: float | None
    last_update: date | None
    completed_on: date | None
    risk: Risk
    days_late: int | None = None  # overdue: as-of minus due; done late: completion minus due
    days_left: int | None = None  # open with a due date not yet passed: due minus as-of
    days_since_update: int | None = None  # as-of minus the last update (or the year's start)


def _days(due: date | None, latest: Latest, risk: Risk, start: date, as_of: date) -> dict[str, int | None]:
    """The day counts every page and report shows, computed once here."""
    late = None
    if risk == Risk.OVERDUE and due:
        late = (as_of - due).days
    elif risk == Risk.DONE_LATE and due and latest.completed_on:
        late = (latest.completed_on - due).days
    left = (due - as_of).days if due and as_of <= due and latest.state != "done" else None
    since = (as_of - (latest.last_update or start)).days
    return {"days_late": late, "days_left": left, "days_since_update": since}


def expected_pace(year: int, due: date, as_of: date) -> float:
    """Percent a task should have reached at `as_of` on a straight line from 1 January to due."""
    start = date(year, 1, 1)
    span = (due - start).days
    if span <= 0:
        return 100.0
    return min(100.0, max(0.0, 100.0 * (as_of - start).days / span))


def assess_ongoing(latest: Latest, settings: Settings, year: int, as_of: date) -> Risk:
    """Risk of an ongoing task: judged by how fresh its last update is."""
    since = latest.last_update or date(year, 1, 1)
    if (as_of - since).days > settings.update_cycle:
        return Risk.STALE
    return Risk.ON_TRACK if latest.last_update else Risk.NOT_STARTED


def assess_risk(latest: Latest, due: date, settings: Settings, year: int, as_of: date) -> Risk:
    """Risk of a task with a due date; the first matching rule wins."""
    if latest.state == "done" and latest.completed_on is not None:
        return Risk.DONE_ON_TIME if latest.completed_on <= due else Risk.DONE_LATE
    if as_of > due:
        return Risk.OVERDUE
    if (due - as_of).days <= settings.warn_days:
        return Risk.AT_RISK
    if latest.percent is not None and latest.percent < expected_pace(year, due, as_of) - PACE_SLACK:
        return Risk.AT_RISK
    return Risk.ON_TRACK if latest.last_update else Risk.NOT_STARTED


def summarize(rows: pd.DataFrame) -> dict[tuple[str, str], Latest]:
    """Per (task, unit): latest state and percent, and the start of a final run of `done`.

    `rows` must be sorted by (date, sheet row), so the last row of a group is its latest.
    """
    if rows.empty:
        return {}
    keys = [rows["task_id"], rows["unit"]]
    groups = rows.groupby(keys, sort=False)
    last = groups[["state", "date"]].last()
    percent = groups["percent"].last()  # skips rows that report no percent
    # Each non-done row opens a new run; the final run's `done` rows are the final done run.
    run = (rows["state"] != "done").groupby(keys).cumsum()
    final = run.eq(run.groupby(keys).transform("max")) & rows["state"].eq("done")
    completed = rows[final].groupby([rows["task_id"][final], rows["unit"][final]])["date"].min()
    result = {}
    for key, state, day in zip(last.index, last["state"], last["date"], strict=True):
        done_on = completed.get(key) if state == "done" else None
        pct = percent.get(key)
        result[key] = Latest(
            state=state,
            percent=None if pct is None or pd.isna(pct) else float(pct),
            last_update=day.date(),
            completed_on=done_on.date() if done_on is not None else None,
        )
    return result


def _pairs(plan: Plan, rows: pd.DataFrame) -> list[tuple[str, str, Role]]:
    """Every assignment in order: by task, leads first, then supports, then units that reported
    on a task not assigned to them (in `rows`, those dated up to as_of)."""
    distinct = rows[["task_id", "unit"]].drop_duplicates()
    seen = set(zip(distinct["task_id"], distinct["unit"], strict=True))
    pairs: list[tuple[str, str, Role]] = []
    for task in plan.tasks:
        planned = task.units
        pairs += [(task.task_id, u, Role.LEAD) for u in task.leads]
        pairs += [(task.task_id, u, Role.SUPPORT) for u in task.supports]
        extra = sorted(u for t, u in seen if t == task.task_id and u not in planned)
        pairs += [(task.task_id, u, Role.SUPPORT) for u in extra]
    return pairs


def assess_assignments(plan: Plan, as_of: date) -> list[Assignment]:
    """Every assignment's status and risk, from the rows dated on or before `as_of`."""
    rows = plan.up_to(as_of).progress[["date", "row", "task_id", "unit", "state", "percent"]]
    latest_by_pair = summarize(rows.sort_values(["date", "row"], kind="stable"))
    tasks = {t.task_id: t for t in plan.tasks}
    result = []
    for task_id, unit, role in _pairs(plan, rows):
        task = tasks[task_id]
        latest = latest_by_pair.get((task_id, unit), Latest())
        if task.due is None:
            risk = assess_ongoing(latest, plan.settings, plan.year, as_of)
        else:
            risk = assess_risk(latest, task.due, plan.settings, plan.year, as_of)
        result.append(
            Assignment(
                task_id,
                unit,
                role,
                task.due,
                task.due is None,
                latest.state,
                latest.percent,
                latest.last_update,
                latest.completed_on,
                risk,
                **_days(task.due, latest, risk, date(plan.year, 1, 1), as_of),
            )
        )
    return result


def worst(risks: list[Risk]) -> Risk:
    """The most severe of several risks."""
    return min(risks, key=SEVERITY.index)
