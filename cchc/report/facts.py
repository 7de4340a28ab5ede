"""The facts behind a report draft, computed at its cut-off from one `Status` (no IO, no wording).

- **Period**: rows dated from `period_start` to the cut-off (SPEC §6); state and risk come from
  `assess(plan, cut-off)`, so a row dated after the cut-off changes nothing (time travel).
- **Task results**: the lead units' outputs by channel and measure (support and contribution rows
  are never the task's output), the lead rows' attendance, at most five notable results (the
  leads' `Kết quả` of rows in progress or done, de-duplicated, the latest five, in date order)
  and every evidence link.
- **Commendation** (SPEC §11.2): a unit qualifies with at least one assignment due in the period,
  every such assignment done on time, and none stale, paused or overdue at the cut-off. The
  individuals are each proposed unit's `Người phụ trách` and the `Người cập nhật` of the rows
  that completed on-time assignments due in the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from cchc.assess.risk import Assignment
from cchc.assess.status import Output, Status, ordered_outputs, outputs
from cchc.validate.progress import clean_text
from cchc.vocab.terms import Risk, Role

LATE = (Risk.DONE_LATE, Risk.OVERDUE)
HIGHLIGHTS = 5  # notable results per task


@dataclass(frozen=True)
class Dated:
    """A text from a progress row with its date (a result, or an evidence link)."""

    day: date
    text: str


@dataclass(frozen=True)
class UnitWork:
    """One assignment as it stood at the cut-off, with its unit's name and its latest `Ghi chú`."""

    part: Assignment
    name: str
    note: str = ""

    @property
    def role(self) -> Role:
        return self.part.role

    @property
    def risk(self) -> Risk:
        return self.part.risk


@dataclass(frozen=True)
class TaskResult:
    """One task of the plan: its units' work and what its lead units did inside the period."""

    task_id: str
    content: str
    timeframe: str
    due: date | None
    ongoing: bool
    work: tuple[UnitWork, ...]
    outputs: tuple[Output, ...]
    attendance: int
    highlights: tuple[Dated, ...]
    evidence: tuple[Dated, ...]
    contributors: tuple[str, ...]
    target: int | None
    main_measure: str | None = None

    @property
    def total(self) -> int:
        """The task's output in its main measure (what `Chỉ tiêu` compares with)."""
        return sum(o.count for o in self.outputs if o.measure == self.main_measure)

    @property
    def leads(self) -> tuple[UnitWork, ...]:
        return tuple(w for w in self.work if w.role == Role.LEAD)

    @property
    def supports(self) -> tuple[UnitWork, ...]:
        return tuple(w for w in self.work if w.role == Role.SUPPORT)


@dataclass(frozen=True)
class Proposal:
    """A collective or an individual proposed for commendation, with the facts behind it."""

    name: str
    facts: str


def period_rows(status: Status, start: date) -> pd.DataFrame:
    """Valid progress rows dated from `start` to the cut-off, oldest first, free text cleaned."""
    rows = status.plan.up_to(status.as_of).progress
    keep = rows["date"] >= pd.Timestamp(start)
    return clean_text(rows.loc[keep]).sort_values(["date", "row"], kind="stable")


def _latest_notes(status: Status) -> dict[tuple[str, str], str]:
    """Each (task, unit)'s latest non-empty `Ghi chú` up to the cut-off: the unit's own reason."""
    rows = clean_text(status.plan.up_to(status.as_of).progress[["task_id", "unit", "note"]])
    said = rows[rows["note"] != ""].drop_duplicates(["task_id", "unit"], keep="last")
    return {
        (str(t), str(u)): str(n) for t, u, n in zip(said["task_id"], said["unit"], said["note"], strict=True)
    }


def _dated(rows: pd.DataFrame, column: str) -> tuple[Dated, ...]:
    """The rows' non-empty `column` with their dates, each text once (its first date)."""
    seen: dict[str, Dated] = {}
    for day, text in zip(rows["date"], rows[column], strict=True):
        key = " ".join(str(text).split()).casefold()
        if key and key not in seen:
            seen[key] = Dated(day.date(), str(text))
    return tuple(seen.values())


def task_results(status: Status, start: date, rows: pd.DataFrame) -> tuple[TaskResult, ...]:
    """Each task of the plan, in plan order, with its units' work and what was done in the period."""
    names = status.plan.units.names()
    notes = _latest_notes(status)
    sums = outputs(status.plan, start, status.as_of)
    by_task = {str(k): v for k, v in rows.groupby("task_id", sort=False)} if len(rows) else {}
    tasks = {t.task_id: t for t in status.tasks}
    results = []
    for task in status.plan.tasks:
        parts = [a for a in status.assignments if a.task_id == task.task_id]
        work = tuple(
            UnitWork(a, names.get(a.unit, a.unit), notes.get((a.task_id, a.unit), "")) for a in parts
        )
        mine = by_task.get(task.task_id, rows.iloc[:0])
        leads = {a.unit for a in parts if a.role == Role.LEAD}
        lead_rows = mine[mine["unit"].isin(leads)]
        found = sums.get(task.task_id)
        helpers = [c for c in status.contributions if c.task_id == task.task_id]
        results.append(
            TaskResult(
                task.task_id,
                task.content,
                task.timeframe,
                task.due,
                tasks[task.task_id].ongoing,
                work,
                found.lead if found else (),
                found.attendance if found else 0,
                _dated(lead_rows[lead_rows["state"].isin(["in_progress", "done"])], "result")[-HIGHLIGHTS:],
                _dated(mine, "evidence"),
                tuple(dict.fromkeys(names.get(c.unit, c.unit) for c in helpers)),
                task.target,
                found.main_measure if found else None,
            )
        )
    return tuple(results)


def totals(tasks: tuple[TaskResult, ...]) -> tuple[Output, ...]:
    """The lead units' outputs of every task, added up per (channel, measure) only."""
    sums: dict[tuple[str | None, str], int] = {}
    for task in tasks:
        for o in task.outputs:
            sums[(o.channel, o.measure)] = sums.get((o.channel, o.measure), 0) + o.count
    return ordered_outputs(sums)


def stale_units(status: Status) -> dict[str, list[Assignment]]:
    """Units with parts gone quiet past their task's update cycle at the cut-off, by unit code."""
    found: dict[str, list[Assignment]] = {}
    for a in status.assignments:
        if a.risk == Risk.STALE:
            found.setdefault(a.unit, []).append(a)
    return found


def _due_in(a: Assignment, start: date, end: date) -> bool:
    return a.due is not None and start <= a.due <= end


def proposals(
    status: Status, start: date, rows: pd.DataFrame
) -> tuple[tuple[Proposal, ...], tuple[Proposal, ...]]:
    """Collectives and individuals proposed for commendation (see the module doc), with their facts."""
    names = status.plan.units.names()
    people = status.plan.units.units
    blocked = (Risk.STALE, Risk.PAUSED, Risk.OVERDUE)
    collectives, individuals = [], []
    on_time: list[Assignment] = []
    for card in status.units:
        mine = [a for a in status.assignments if a.unit == card.unit]
        due = [a for a in mine if _due_in(a, start, status.as_of)]
        if due and all(a.risk == Risk.DONE_ON_TIME for a in due) and not any(a.risk in blocked for a in mine):
            tasks = ", ".join(a.task_id for a in due)
            collectives.append(
                Proposal(
                    card.name,
                    f"hoàn thành đúng hạn {len(due)}/{len(due)} nhiệm vụ đến hạn trong kỳ ({tasks})",
                )
            )
            head = people[card.unit].head if card.unit in people else ""
            if head:
                individuals.append(Proposal(head, f"người phụ trách của {card.name}"))
            on_time += due
    for a in on_time:
        done = rows[(rows["task_id"] == a.task_id) & (rows["unit"] == a.unit) & (rows["state"] == "done")]
        for who in dict.fromkeys(r for r in done["reporter"] if r):
            if who not in {p.name for p in individuals}:
                what = f"cập nhật hoàn thành nhiệm vụ {a.task_id} của {names.get(a.unit, a.unit)}"
                individuals.append(Proposal(who, what))
    return tuple(collectives), tuple(individuals)
