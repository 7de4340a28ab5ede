"""The reporting calendar (SPEC §6): half-year and annual reports to Sở Nội vụ."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cchc.validate.settings import Settings


@dataclass(frozen=True)
class Report:
    """One report: when it is due and which period of data it covers."""

    kind: str
    due: date
    period_start: date
    period_end: date
    days_left: int


def reporting_year_start(settings: Settings, year: int) -> date:
    """The day after the previous year's annual data cut-off."""
    return settings.day(settings.annual_cutoff, year - 1) + timedelta(days=1)


def reports(settings: Settings, year: int, as_of: date) -> list[Report]:
    """The plan year's half-year and annual reports, with days left at `as_of`."""
    start = reporting_year_start(settings, year)
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
