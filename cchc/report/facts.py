"""The facts behind a report draft, computed at its cut-off from one `Status` (no IO, no wording).

- **Period**: rows dated from `period_start` to `period_end` (SPEC §6); state and risk come from
  `assess(plan, period_end)`, so a row dated after the cut-off changes nothing (time travel).
- **Silent unit**: a unit with an ongoing or overdue assignment whose last progress row, on any
  task, is missing or older than `chu_ky_cap_nhat` days at the cut-off. Units whose only work is
  done, or not yet due, are not asked to keep reporting.
- **Stale assignment**: an ongoing assignment judged `stale`, listed only for units that are not
  silent (a silent unit is named once, with its tasks).
- **Commendation**: a unit whose assignments with a due date that fell due by the cut-off or are
  already done are all `done_on_time` (at least one), with no stale assignment and not silent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

import pandas as pd

from cchc.assess.risk import Assignment
from cchc.assess.status import Output, Status, ordered_outputs, outputs
from cchc.validate.progress import clean_text
from cchc.vocab.terms import Risk, Role, State

LATE = (Risk.DONE_LATE, Risk.OVERDUE)


@dataclass(frozen=True)
class UnitWork:
    """One assignment as it stood at the cut-off, with what its rows in the period said."""

    unit: str
    name: str
    role: Role
    state: State | None
    risk: Risk
    completed_on: date | None
    last_update: date | None
    percent: float | None
    updates: int
    latest_result: str
    latest_on: date | None
    days_late: int | None = None
    days_since_update: int | None = None


@dataclass(frozen=True)
class TaskResult:
    """One task of the plan: its units' work and its lead units' outputs by channel and measure
    inside the period (support and contribution rows are never the task's output)."""

    task_id: str
    content: str
    timeframe: str
    due: date | None
    risk: Risk
    work: tuple[UnitWork, ...]
    outputs: tuple[Output, ...]
    target: int | None
    main_measure: str | None = None

    @property
    def total(self) -> int:
        """The task's output in its main measure (what `Chỉ tiêu` compares with)."""
        return sum(o.count for o in self.outputs if o.measure == self.main_measure)

    @property
    def leads(self) -> tuple[UnitWork, ...]:
        """The lead units' work."""
        return tuple(w for w in self.work if w.role == Role.LEAD)


@dataclass(frozen=True)
class Shortfall:
    """A late, overdue or stale assignment with the number of days that makes it so."""

    task_id: str
    work: UnitWork
    due: date | None
    days: int


@dataclass(frozen=True)
class SilentUnit:
    """A unit that has not reported within the update cycle before the cut-off."""

    unit: str
    name: str
    last_update: date | None
    days: int | None
    tasks: tuple[str, ...]


@dataclass(frozen=True)
class Facts:
    """Everything a report says, as data."""

    tasks: tuple[TaskResult, ...]
    late: tuple[Shortfall, ...]
    stale: tuple[Shortfall, ...]
    silent: tuple[SilentUnit, ...]
    commended: tuple[str, ...]
    updates: int
    active_units: int
    outputs: tuple[Output, ...]


def period_rows(status: Status, start: date) -> pd.DataFrame:
    """Valid progress rows dated from `start` to the cut-off, oldest first, free text cleaned."""
    rows = status.plan.up_to(status.as_of).progress
    keep = rows["date"] >= pd.Timestamp(start)
    return clean_text(rows.loc[keep]).sort_values(["date", "row"], kind="stable")


Log = dict[tuple[str, str], tuple[int, str, date | None]]


def _log(rows: pd.DataFrame) -> Log:
    """Per (task, unit): rows in the period, and the latest non-empty `Kết quả` with its date."""
    said = rows[rows["result"] != ""].drop_duplicates(["task_id", "unit"], keep="last")
    latest: dict[tuple[str, str], tuple[str, date | None]] = {
        (str(t), str(u)): (str(r), d.date())
        for t, u, r, d in zip(said["task_id"], said["unit"], said["result"], said["date"], strict=True)
    }
    counts = rows.groupby(["task_id", "unit"]).size()
    log: Log = {}
    for key, n in counts.items():
        pair = cast(tuple[str, str], key)
        log[pair] = (int(n), *latest.get(pair, ("", None)))
    return log


def _work(a: Assignment, names: dict[str, str], log: Log) -> UnitWork:
    updates, result, on = log.get((a.task_id, a.unit), (0, "", None))
    return UnitWork(
        a.unit,
        names.get(a.unit, a.unit),
        a.role,
        a.state,
        a.risk,
        a.completed_on,
        a.last_update,
        a.percent,
        updates,
        result,
        on,
        a.days_late,
        a.days_since_update,
    )


def task_results(status: Status, start: date, rows: pd.DataFrame) -> tuple[TaskResult, ...]:
    """Each task of the plan with its units' work and outputs inside the period."""
    names = {u.code: u.name for u in status.plan.units.units.values()}
    log = _log(rows)
    sums = outputs(status.plan, start, status.as_of)
    risks = {t.task_id: t.risk for t in status.tasks}
    results = []
    for task in status.plan.tasks:
        work = tuple(_work(a, names, log) for a in status.assignments if a.task_id == task.task_id)
        found = sums.get(task.task_id)
        results.append(
            TaskResult(
                task.task_id,
                task.content,
                task.timeframe,
                task.due,
                risks[task.task_id],
                work,
                found.lead if found else (),
                task.target,
                found.main_measure if found else None,
            )
        )
    return tuple(results)


def _late(tasks: tuple[TaskResult, ...]) -> tuple[Shortfall, ...]:
    """Assignments done after their due date, or still open past it."""
    found = []
    for task in tasks:
        for w in task.work:
            if w.risk in LATE and task.due is not None:
                found.append(Shortfall(task.task_id, w, task.due, w.days_late or 0))
    return tuple(found)


def silent_units(status: Status) -> tuple[SilentUnit, ...]:
    """Units with ongoing or overdue work and no progress row within the update cycle."""
    cycle = status.plan.settings.update_cycle
    found = []
    for card in status.units:
        mine = [
            a for a in status.assignments if a.unit == card.unit and (a.ongoing or a.risk == Risk.OVERDUE)
        ]
        quiet = card.days_since_update is None or card.days_since_update > cycle
        if mine and quiet:
            tasks = tuple(dict.fromkeys(a.task_id for a in mine))
            found.append(SilentUnit(card.unit, card.name, card.last_update, card.days_since_update, tasks))
    return tuple(found)


def _stale(tasks: tuple[TaskResult, ...], silent: set[str]) -> tuple[Shortfall, ...]:
    """Stale ongoing assignments of units that are not silent altogether."""
    return tuple(
        Shortfall(task.task_id, w, None, w.days_since_update or 0)
        for task in tasks
        for w in task.work
        if w.risk == Risk.STALE and w.unit not in silent
    )


def commended(status: Status, silent: set[str]) -> tuple[str, ...]:
    """Names of units whose due or done dated assignments are all done on time (see module doc)."""
    names = []
    for card in status.units:
        mine = [a for a in status.assignments if a.unit == card.unit]
        dated = [a for a in mine if a.due is not None and (a.due <= status.as_of or a.state == "done")]
        on_time = bool(dated) and all(a.risk == Risk.DONE_ON_TIME for a in dated)
        if on_time and card.unit not in silent and not any(a.risk == Risk.STALE for a in mine):
            names.append(card.name)
    return tuple(names)


def _totals(tasks: tuple[TaskResult, ...]) -> tuple[Output, ...]:
    """The lead units' outputs of every task, added up per (channel, measure) only."""
    sums: dict[tuple[str | None, str], int] = {}
    for task in tasks:
        for o in task.outputs:
            sums[(o.channel, o.measure)] = sums.get((o.channel, o.measure), 0) + o.count
    return ordered_outputs(sums)


def gather(status: Status, start: date) -> Facts:
    """The facts of a report whose data run from `start` to `status.as_of` (the cut-off)."""
    rows = period_rows(status, start)
    tasks = task_results(status, start, rows)
    silent = silent_units(status)
    quiet = {s.unit for s in silent}
    return Facts(
        tasks=tasks,
        late=_late(tasks),
        stale=_stale(tasks, quiet),
        silent=silent,
        commended=commended(status, quiet),
        updates=len(rows),
        active_units=rows["unit"].nunique(),
        outputs=_totals(tasks),
    )
