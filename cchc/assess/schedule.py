"""The reporting calendar (SPEC §6): half-year and annual reports to Sở Nội vụ, and whether they were sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cchc.validate.reports import SentReport
from cchc.validate.settings import Settings


@dataclass(frozen=True)
class Sent:
    """A report of `Báo cáo đã gửi`, as the status shows it once its `Ngày gửi` has come."""

    number: str
    date: date
    signer: str


@dataclass(frozen=True)
class Report:
    """One report to Sở Nội vụ: its days, the period of data it covers, and whether it was sent."""

    kind: str
    due: date  # the plan's «trước ngày» day
    last_day: date  # the day before `due`: the last day it can arrive
    period_start: date
    period_end: date
    days_left: int  # last_day minus as-of (negative once past)
    unit_deadline: date  # units send their own reports and bring their rows up to date by this day
    sent: Sent | None
    late: bool  # not sent by its last day, or sent after it


def default_as_of(year: int, today: date) -> date:
    """The as-of date when none is chosen (CLI and dashboard alike): today, kept inside the plan year."""
    return min(max(today, date(year, 1, 1)), date(year, 12, 31))


def sent_report(
    register: tuple[SentReport, ...], kind: str, year: int, by: date, unit: str | None = None
) -> SentReport | None:
    """The row of `Báo cáo đã gửi` for the `kind` report of `year` (`unit` None: the Sở's own, else
    that unit's), when it was sent on or before `by`; None otherwise."""
    return next(
        (
            row
            for row in register
            if row.unit == unit and row.kind == kind and row.year == year and row.sent_on <= by
        ),
        None,
    )


def _sent(register: tuple[SentReport, ...], kind: str, year: int, as_of: date) -> Sent | None:
    """The Sở's report of that kind and year, when the register says it was sent on or before `as_of`."""
    row = sent_report(register, kind, year, as_of)
    return None if row is None else Sent(row.number, row.sent_on, row.signer)


def reports(
    settings: Settings, year: int, as_of: date, register: tuple[SentReport, ...] = ()
) -> list[Report]:
    """The plan year's half-year and annual reports at `as_of`."""
    start = settings.year_start(year)
    plan = (
        ("half_year", settings.half_year_due, settings.half_year_cutoff, settings.unit_half_year_due),
        ("annual", settings.annual_due, settings.annual_cutoff, settings.unit_annual_due),
    )
    result = []
    for kind, due_day, cutoff, unit_day in plan:
        due = settings.day(due_day, year)
        last_day = due - timedelta(days=1)
        sent = _sent(register, kind, year, as_of)
        late = sent.date > last_day if sent else as_of > last_day
        result.append(
            Report(
                kind,
                due,
                last_day,
                start,
                settings.day(cutoff, year),
                (last_day - as_of).days,
                settings.day(unit_day, year),
                sent,
                late,
            )
        )
    return result


def next_report(all_reports: list[Report]) -> Report | None:
    """The first report not sent whose last day is on or after the as-of date."""
    return next((r for r in all_reports if r.sent is None and r.days_left >= 0), None)
