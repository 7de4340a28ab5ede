"""Assess → summarize: task risks, unit scorecards, outputs and reports at an as-of date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from cchc.assess.risk import SEVERITY, Assignment, Contribution, assess_assignments, contributions, worst
from cchc.assess.schedule import Report, reports
from cchc.validate.groups import combined_codes
from cchc.validate.plan import Plan
from cchc.vocab.issues import count
from cchc.vocab.schema import CHANNELS, MEASURES
from cchc.vocab.terms import Risk, Role

# The three kinds of output of a task (SPEC §5): its leads' rows are the task's output; support
# units' rows and contributions are counted apart and never added into it.
OUTPUT_ROLES = ("lead", "support", "contributions")


@dataclass(frozen=True)
class Output:
    """How many of one measure one channel produced (`channel` None: the rows name none)."""

    channel: str | None
    measure: str
    count: int


@dataclass(frozen=True)
class Outputs:
    """A task's outputs in a date window, by channel and measure, kept apart by who made them."""

    lead: tuple[Output, ...] = ()
    support: tuple[Output, ...] = ()
    contributions: tuple[Output, ...] = ()
    attendance: int = 0  # the lead rows' `Số người tham dự`
    main_measure: str | None = None  # the measure most of the lead rows with a count use

    def lead_in(self, measure: str | None) -> int:
        """The task's output in one measure (what `Chỉ tiêu` compares with)."""
        return sum(o.count for o in self.lead if o.measure == measure)


@dataclass(frozen=True)
class TaskStatus:
    """A task's window, its risk (worst of its leads) and its outputs against target."""

    task_id: str
    content: str
    start: date
    due: date | None
    ongoing: bool
    risk: Risk
    outputs: Outputs
    target: int | None


@dataclass(frozen=True)
class Scorecard:
    """A unit's assignments counted by risk, its freshness, contributions and on-time rate."""

    unit: str
    name: str
    assignments: int
    counts: dict[Risk, int]
    last_update: date | None  # over every row the unit typed, contributions included
    days_since_update: int | None
    contributions: int  # tasks it contributed to
    on_time: int  # done on time
    on_time_divisor: int  # done on time + done late + overdue

    @property
    def on_time_rate(self) -> float | None:
        """done_on_time ÷ (done_on_time + done_late + overdue); None when nothing was due."""
        return round(self.on_time / self.on_time_divisor, 4) if self.on_time_divisor else None


@dataclass(frozen=True)
class Status:
    """The whole plan as it stood at `as_of`."""

    as_of: date
    plan: Plan
    assignments: list[Assignment]
    contributions: list[Contribution]
    tasks: list[TaskStatus]
    units: list[Scorecard]
    reports: list[Report]
    issue_counts: dict[str, int]


def ordered_outputs(sums: dict[tuple[str | None, str], int]) -> tuple[Output, ...]:
    """(channel, measure) sums in the sheet's list orders; other channels by name, no channel last."""
    channels = {c: i for i, c in enumerate(CHANNELS)}
    measures = {m: i for i, m in enumerate(MEASURES)}

    def key(item: tuple[str | None, str]) -> tuple[int, str, int]:
        channel, measure = item
        rank = len(channels) + 1 if channel is None else channels.get(channel, len(channels))
        return rank, channel or "", measures.get(measure, len(measures))

    return tuple(Output(c, m, sums[(c, m)]) for c, m in sorted(sums, key=key) if sums[(c, m)])


def _roles(plan: Plan, rows: pd.DataFrame) -> np.ndarray:
    """Each row's part in its task: 0 lead, 1 support, 2 contribution (the unit is neither)."""
    task_codes, tasks = pd.factorize(rows["task_id"])
    unit_codes, units = pd.factorize(rows["unit"])
    table = np.full((len(tasks) + 1, len(units) + 1), 2, dtype=np.int8)
    task_at = {t: i for i, t in enumerate(tasks)}
    unit_at = {u: i for i, u in enumerate(units)}
    for task in plan.tasks:
        if task.task_id in task_at:
            for role, named in ((1, task.supports), (0, task.leads)):
                for unit in named:
                    if unit in unit_at:
                        table[task_at[task.task_id], unit_at[unit]] = role
    return table[task_codes, unit_codes]


def _main_measures(lead: pd.DataFrame) -> dict[str, str]:
    """Per task, the measure most of its lead rows with a count use (ties: the list's order)."""
    order = {m: i for i, m in enumerate(MEASURES)}
    best: dict[str, tuple[int, int, str]] = {}
    code = combined_codes(lead["task_id"], lead["measure"])
    firsts = np.unique(code, return_index=True)[1]
    uses = np.bincount(code)
    tasks, measures = (lead[c].to_numpy(dtype=object)[firsts] for c in ("task_id", "measure"))
    for at, task_id, measure in zip(firsts, tasks, measures, strict=True):
        rank = (-int(uses[code[at]]), order.get(measure, len(order)), measure)
        best[task_id] = min(best.get(task_id, rank), rank)
    return {task_id: rank[2] for task_id, rank in best.items()}


def _attendance(rows: pd.DataFrame, lead: np.ndarray) -> dict[str, int]:
    """Per task, the people its lead rows say attended (`Số người tham dự`)."""
    attendance: dict[str, int] = {}
    people = rows.loc[lead & rows["attendance"].notna().to_numpy(), ["task_id", "attendance"]]
    for task_id, n in zip(people["task_id"], people["attendance"], strict=True):
        attendance[task_id] = attendance.get(task_id, 0) + int(n)
    return attendance


def _sums(rows: pd.DataFrame, role: np.ndarray) -> dict[tuple[str, int], dict[tuple[str | None, str], int]]:
    """Counted rows' `Số lượng` summed per (task, part) and (channel, measure)."""
    code = combined_codes(rows["task_id"], pd.Series(role), rows["channel"], rows["measure"])
    totals = np.bincount(code, weights=rows["count"].to_numpy(dtype=np.float64))
    sums: dict[tuple[str, int], dict[tuple[str | None, str], int]] = {}
    firsts = np.unique(code, return_index=True)[1]
    tasks, channels, measures = (
        rows[c].to_numpy(dtype=object)[firsts] for c in ("task_id", "channel", "measure")
    )
    for at, task_id, channel, measure in zip(firsts, tasks, channels, measures, strict=True):
        key = (channel if isinstance(channel, str) else None, str(measure))
        sums.setdefault((str(task_id), int(role[at])), {})[key] = int(totals[code[at]])
    return sums


def outputs(plan: Plan, start: date, end: date, unit: str | None = None) -> dict[str, Outputs]:
    """Per task, `Số lượng` summed by channel and measure over rows dated from `start` to `end`,
    apart for its leads, its support units and contributions; attendance of the lead rows.
    With `unit`, only that unit's own rows, each under its part in the task."""
    progress = plan.up_to(end).progress
    kept = progress["date"] >= pd.Timestamp(start)
    if unit is not None:
        kept &= progress["unit"] == unit
    rows = progress.loc[kept, ["task_id", "unit", "channel", "measure", "count", "attendance"]]
    role = _roles(plan, rows)
    attendance = _attendance(rows, role == 0)
    counted = rows["count"].notna().to_numpy()
    rows, role = rows[counted], role[counted]
    sums, main = _sums(rows, role), _main_measures(rows[role == 0])
    result = {}
    for task in plan.tasks:
        tid = task.task_id
        lead_sums, support, given = (ordered_outputs(sums.get((tid, r), {})) for r in (0, 1, 2))
        result[tid] = Outputs(lead_sums, support, given, attendance.get(tid, 0), main.get(tid))
    return result


def _task_status(plan: Plan, assignments: list[Assignment], as_of: date) -> list[TaskStatus]:
    sums = outputs(plan, plan.window.start, as_of)
    by_task: dict[str, list[Assignment]] = {}
    for a in assignments:
        by_task.setdefault(a.task_id, []).append(a)
    result = []
    for task in plan.tasks:
        mine = by_task.get(task.task_id, [])
        leads = [a.risk for a in mine if a.role == Role.LEAD] or [a.risk for a in mine]
        result.append(
            TaskStatus(
                task.task_id,
                task.content,
                task.start,
                task.due,
                task.due is None,
                worst(leads) if leads else Risk.NOT_STARTED,
                sums.get(task.task_id, Outputs()),
                task.target,
            )
        )
    return result


def _scorecards(
    plan: Plan, assignments: list[Assignment], given: list[Contribution], as_of: date
) -> list[Scorecard]:
    rows = plan.up_to(as_of).progress[["unit", "date"]]
    last = rows.groupby("unit")["date"].max()
    cards = []
    for unit in plan.units.ordered():
        mine = [a for a in assignments if a.unit == unit.code]
        counts = {risk: sum(1 for a in mine if a.risk == risk) for risk in SEVERITY}
        latest = last[unit.code].date() if unit.code in last.index else None
        days = (as_of - latest).days if latest else None
        helped = len({c.task_id for c in given if c.unit == unit.code})
        divisor = counts[Risk.DONE_ON_TIME] + counts[Risk.DONE_LATE] + counts[Risk.OVERDUE]
        cards.append(
            Scorecard(
                unit.code,
                unit.name,
                len(mine),
                counts,
                latest,
                days,
                helped,
                counts[Risk.DONE_ON_TIME],
                divisor,
            )
        )
    return cards


def assess(plan: Plan, as_of: date) -> Status:
    """Everything the dashboard, CLI and export show, computed from one validated read."""
    assignments = assess_assignments(plan, as_of)
    given = contributions(plan, as_of)
    return Status(
        as_of=as_of,
        plan=plan,
        assignments=assignments,
        contributions=given,
        tasks=_task_status(plan, assignments, as_of),
        units=_scorecards(plan, assignments, given, as_of),
        reports=reports(plan.settings, plan.year, as_of, plan.sent_reports),
        issue_counts=count(plan.issues),
    )
