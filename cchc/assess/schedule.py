"""The reporting calendar (SPEC §6): half-year and annual reports to Sở Nội vụ."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cchc.validate.settings import Settings


@dataclass(frozen=True)
class Report:
    """One report: when it is due and which period of data it covers."""

    kind: str
    due: date
    period_start: date
    period_end: date
    days_left: int


def default_as_of(year: int, today: date) -> date:
    """The as-of date when none is chosen (CLI and dashboard alike): today, kept inside the plan year."""
    return min(max(today, date(year, 1, 1)), date(year, 12, 31))


def reports(settings: Settings, year: int, as_of: date) -> list[Report]:
    """The plan year's half-year and annual reports, with days left at `as_of`."""
    start = settings.year_start(year)
    plan = (
        ("half_year", settings.half_year_due, settings.half_year_cutoff),
        ("annual", settings.annual_due, settings.annual_cutoff),
    )
    result = []
    for kind, due_day, cutoff in plan:
        due = settings.day(due_day, year)
        end = settings.day(cutoff, year)
        result.append(Report(kind, due, start, end, (due - as_of).days))
    return result


def next_report(all_reports: list[Report], as_of: date) -> Report | None:
    """The first report due on or after `as_of`."""
    return next((r for r in all_reports if r.due >= as_of), None)
