"""Trend (issue #6): done-%, overdue and at-risk assignments week by week, by time travel (§5).

Weeks end on Sunday (the working week runs Monday to Sunday). The series has a point for every
Sunday from the start of the reporting year (§2) up to `until`, and one at `until` itself when it
is not a Sunday, so the line ends at the dashboard's as-of date.

Each point is the plan as it stood that day, exactly as `cchc.assess.risk.assess_assignments` computes
it, but in one pass instead of one per week: the progress rows are sorted once, each row carries
what its assignment's rows up to it say (state, latest percent, start of a final run of `done`),
and each (assignment, day) takes the last such row dated on or before that day (`merge_asof`).

`done_pct` is the share, in percent, of assignments with a due date (lead and support) whose
latest state is done (risk `done_on_time` or `done_late`); ongoing tasks are left out, since a
`done` row does not end them (§5). `overdue`, `at_risk` and `stale` count all assignments.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd

from cchc.assess.risk import Latest, judge, planned_pairs
from cchc.validate.plan import Plan
from cchc.vocab.terms import Risk

TREND_COLUMNS = ["week_end", "assignments", "done", "done_pct", "overdue", "at_risk", "stale"]
RISK_COLUMNS = ["day", "task_id", "unit", "role", "due", "state", "percent", "last_update", "completed_on"]
RISK_COLUMNS += ["risk"]
_SUNDAY = 6


def week_ends(start: date, until: date) -> list[date]:
    """Every Sunday from `start` to `until`, then `until` itself if it is not one."""
    if until < start:
        return []
    first = start + timedelta(days=(_SUNDAY - start.weekday()) % 7)
    days = [first + timedelta(weeks=week) for week in range(max(0, (until - first).days // 7 + 1))]
    return days if days and days[-1] == until else [*days, until]


def _timeline(progress: pd.DataFrame) -> pd.DataFrame:
    """Progress rows by (date, sheet row), each with its assignment's latest percent and done run."""
    columns = ["date", "row", "task_id", "unit", "state", "percent", "completed_on"]
    rows = progress[columns].reset_index(drop=True)  # already in (date, sheet row) order
    keys = [rows["task_id"], rows["unit"]]
    done = rows["state"].eq("done")
    run = (~done).groupby(keys).cumsum()  # a row that is not done opens a new run
    finished = rows["completed_on"].fillna(rows["date"]).where(done)
    started = finished.groupby([*keys, run]).transform("first")  # the run's first row decides
    percent = rows["percent"].groupby(keys).ffill()  # the latest percent reported so far
    return rows.drop(columns="completed_on").assign(percent=percent, completed=started.where(done))


def _assignments(plan: Plan) -> pd.DataFrame:
    """Every assignment in `assess_assignments` order."""
    due = {t.task_id: t.due for t in plan.tasks}
    records = [(task_id, unit, role, due[task_id]) for task_id, unit, role in planned_pairs(plan)]
    return pd.DataFrame(records, columns=["task_id", "unit", "role", "due"])


def _grid(assignments: pd.DataFrame, days: list[date]) -> pd.DataFrame:
    """Each assignment on each day, by day then assignment order."""
    stamps = pd.DataFrame({"day": pd.to_datetime(days).astype("datetime64[ns]")})
    return stamps.merge(assignments, how="cross")


def _latest(grid: pd.DataFrame, timeline: pd.DataFrame) -> pd.DataFrame:
    """Each (assignment, day) with its last progress row dated on or before the day."""
    right = timeline.assign(date=timeline["date"].astype("datetime64[ns]"), last=timeline["date"])
    right = right.drop(columns="row").astype({"task_id": object, "unit": object})
    left = grid.assign(_pos=range(len(grid))).astype({"task_id": object, "unit": object})
    found = pd.merge_asof(
        left.sort_values("day", kind="stable"),
        right,
        left_on="day",
        right_on="date",
        by=["task_id", "unit"],
        direction="backward",
    )
    return found.sort_values("_pos").drop(columns=["_pos", "date"]).reset_index(drop=True)


def _day(value: Any) -> date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


def _assess(plan: Plan, found: pd.DataFrame) -> pd.DataFrame:
    """Each (assignment, day) with the state and risk its last row gives it."""
    tasks = {t.task_id: t for t in plan.tasks}
    records = []
    columns = ["day", "task_id", "state", "percent", "last", "completed"]
    for day, task_id, state, percent, last, completed in found[columns].itertuples(index=False):
        latest = Latest(
            state=None if pd.isna(state) else state,
            percent=None if pd.isna(percent) else float(percent),
            last_update=_day(last),
            completed_on=_day(completed),
        )
        risk = judge(tasks[task_id], latest, plan.settings, day.date())
        records.append((latest.state, latest.percent, latest.last_update, latest.completed_on, risk))
    computed = pd.DataFrame(records, columns=RISK_COLUMNS[5:], index=found.index)
    return found[RISK_COLUMNS[:5]].assign(day=found["day"].dt.date).join(computed)


def risks_by_day(plan: Plan, days: list[date]) -> pd.DataFrame:
    """Every assignment's state and risk on each day, as `assess_assignments` gives them (RISK_COLUMNS)."""
    timeline = _timeline(plan.progress)
    grid = _grid(_assignments(plan), sorted(set(days)))
    if grid.empty:
        return pd.DataFrame(columns=RISK_COLUMNS)
    return _assess(plan, _latest(grid, timeline))


def weekly_risks(plan: Plan, until: date) -> pd.DataFrame:
    """Every assignment's risk on each week's last day, from the start of the reporting year to `until`."""
    return risks_by_day(plan, week_ends(plan.settings.year_start(plan.year), until))


def weekly_counts(risks: pd.DataFrame, unit: str | None = None) -> pd.DataFrame:
    """Done-% and risk counts per week from `weekly_risks`; with `unit`, of that unit's parts only."""
    days = sorted(set(risks["day"]))
    mine = risks if unit is None else risks[risks["unit"] == unit]
    dated = mine["due"].notna()
    frame = pd.DataFrame(
        {
            "day": mine["day"],
            "assignments": dated,
            "done": dated & mine["risk"].isin([Risk.DONE_ON_TIME, Risk.DONE_LATE]),
            "overdue": mine["risk"].eq(Risk.OVERDUE),
            "at_risk": mine["risk"].eq(Risk.AT_RISK),
            "stale": mine["risk"].eq(Risk.STALE),
        }
    )
    weeks = frame.groupby("day", sort=True).sum().reindex(days, fill_value=0).astype(int)
    share = 100 * weeks["done"] / weeks["assignments"].where(weeks["assignments"] > 0)
    return weeks.assign(done_pct=share).rename_axis("week_end").reset_index()[TREND_COLUMNS]


def weekly_trend(plan: Plan, until: date, unit: str | None = None) -> pd.DataFrame:
    """Week by week from the start of the reporting year to `until`: done-% and risk counts."""
    return weekly_counts(weekly_risks(plan, until), unit)


def up_to(trend: pd.DataFrame, day: date) -> pd.DataFrame:
    """The weeks of a year's trend that end on or before `day` (each week's values never change later)."""
    return trend[trend["week_end"] <= day].reset_index(drop=True)
