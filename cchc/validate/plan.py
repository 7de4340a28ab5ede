"""Read → validate: from a raw source to a plan of settings, units, tasks and progress rows."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

import pandas as pd

from cchc.sources.base import RawSource, RawTab
from cchc.validate.progress import Window, read_progress
from cchc.validate.reports import ReportText, SentReport, read_report_texts, read_sent_reports
from cchc.validate.settings import Settings, read_settings
from cchc.validate.table import Table, locate_tabs, read_table
from cchc.validate.tasks import Task, infer_year, read_tasks
from cchc.validate.units import Directory, read_units
from cchc.vocab.issues import Issue
from cchc.vocab.schema import PROGRESS, TASKS, UNITS

_SHEET_ORDER = {"settings": 0, "units": 1, "tasks": 2, "progress": 3, "reports": 4, "sent_reports": 5}


@dataclass(frozen=True)
class Plan:
    """Everything validated from one read of a source."""

    kind: str
    name: str
    read_at: datetime
    settings: Settings
    year: int
    units: Directory
    tasks: list[Task]
    progress: pd.DataFrame  # valid rows in order of (date, sheet row)
    issues: list[Issue]
    tabs: dict[str, str]
    complete: bool
    issue_units: dict[int, str] = field(default_factory=dict)
    stale: bool = False
    stale_reason: str | None = None
    gids: dict[str, int] = field(default_factory=dict)
    report_texts: tuple[ReportText, ...] = ()  # `Báo cáo`, in sheet order
    sent_reports: tuple[SentReport, ...] = ()  # `Báo cáo đã gửi`, one per report (the earliest sent)
    # up_to's results by date: risk, scorecards, outputs and pages all ask for the same cut
    _cuts: dict[date, Plan] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def window(self) -> Window:
        """The reporting year: from the day after last year's annual cut-off to 31/12."""
        start = self.settings.year_start(self.year)
        return Window(start, date(self.year, 12, 31))

    def up_to(self, as_of: date) -> Plan:
        """The plan as it stood at `as_of`: only the progress rows dated on or before it.

        The one place rows are cut at a date; risk, scorecards, pages and reports all go through it.
        """
        if as_of not in self._cuts:
            dates = self.progress["date"]  # sorted: `read_progress` orders rows by (date, sheet row)
            kept = int(dates.searchsorted(pd.Timestamp(as_of), side="right"))
            self._cuts[as_of] = (
                self if kept == len(dates) else replace(self, progress=self.progress.iloc[:kept])
            )
        return self._cuts[as_of]


def _sort(issues: list[Issue]) -> list[Issue]:
    def key(i: Issue) -> tuple[int, int, str]:
        return (_SHEET_ORDER.get(i.sheet or "", -1), i.row or 0, i.cell or "")

    return sorted(issues, key=key)


def _tables(tabs: dict[str, RawTab]) -> tuple[dict[str, Table], list[Issue], bool]:
    issues: list[Issue] = []
    tables: dict[str, Table] = {}
    complete = all(s.sheet in tabs for s in (UNITS, TASKS, PROGRESS))
    for spec in (UNITS, TASKS, PROGRESS):
        if spec.sheet in tabs:
            table, found = read_table(spec, tabs[spec.sheet])
            issues += found
            complete = complete and not any(i.code == "header.missing" for i in found)
            if table is not None:
                tables[spec.sheet] = table
    return tables, issues, complete


def load_plan(source: RawSource, fallback_year: int) -> Plan:
    """Validate every tab of a source; never raises on bad data."""
    tabs, issues = locate_tabs(source)
    tables, found_in_tables, complete = _tables(tabs)
    titles = {sheet: tab.title for sheet, tab in tabs.items()}
    settings, found = read_settings(tabs.get("settings"))
    year = settings.year or infer_year(tables.get("tasks")) or fallback_year
    settings = replace(settings, year=year)
    units, unit_issues = read_units(tables.get("units"))
    tasks, task_issues = read_tasks(tables.get("tasks"), units, year)
    plan = Plan(
        source.kind,
        source.name,
        source.read_at,
        settings,
        year,
        units,
        tasks,
        pd.DataFrame(),
        [],
        titles,
        complete,
    )
    progress, progress_issues, issue_units = read_progress(tables.get("progress"), units, tasks, plan.window)
    texts, text_issues = read_report_texts(tabs.get("reports"), units, year)
    sent, sent_issues = read_sent_reports(tabs.get("sent_reports"), units, year)
    all_issues = [
        *source.issues,
        *issues,
        *found_in_tables,
        *found,
        *unit_issues,
        *task_issues,
        *progress_issues,
        *text_issues,
        *sent_issues,
    ]
    gids = {sheet: tab.gid for sheet, tab in tabs.items() if tab.gid is not None}
    return replace(
        plan,
        progress=progress,
        issues=_sort(all_issues),
        issue_units=issue_units,
        stale=source.stale,
        stale_reason=source.stale_reason,
        gids=gids,
        report_texts=texts,
        sent_reports=sent,
    )
