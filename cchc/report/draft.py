"""Report drafts (issue #6): the half-year and annual reports to Sở Nội vụ, as plain data (no IO).

The report's as-of date is its data cut-off (`chot_so_lieu_6_thang` / `chot_so_lieu_nam` of the
year): everything comes from `assess(plan, period_end)`, and outputs are counted from
`period_start` to `period_end` (SPEC §6), so a row dated after the cut-off is not counted and the
same snapshot always gives the same report. Which units are silent and which are proposed for
commendation is decided in `cchc.report.facts` (see its docstring). `cchc.report.docx` lays the
draft out as a Word document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from cchc.assess.schedule import Report, reports
from cchc.assess.status import assess
from cchc.report.facts import Facts, TaskResult, gather
from cchc.report.text import (
    Item,
    Section,
    next_section,
    proposals_section,
    results_section,
    shortfalls_section,
    state_text,
)
from cchc.validate.plan import Plan
from cchc.vocab.labels import RISK_LABELS, vn_date

__all__ = [
    "KINDS",
    "AppendixRow",
    "Item",
    "Letterhead",
    "ReportDraft",
    "Section",
    "build_report",
    "draft_text",
]

KINDS = ("half_year", "annual")
PERIOD_NAMES = {"half_year": "6 tháng đầu năm", "annual": "năm"}
# SPEC §13: the risk column is «Tình trạng» in documents too.
APPENDIX_COLUMNS = ("STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Trạng thái", "Tình trạng")
RECIPIENTS = ("Sở Nội vụ;", "Lãnh đạo Sở;", "Lưu: VT, ….")
DEFAULT_AGENCY = "Sở Khoa học và Công nghệ"
_AGENCY = re.compile(r"^(?P<name>.+?)\s+(?P<level>tỉnh|thành phố)\s+(?P<place>.+)$", re.IGNORECASE)
_SMALL_WORDS = {"và", "của"}


@dataclass(frozen=True)
class Letterhead:
    """The two-column block at the top: agency and number left, national motto and date right."""

    parent: str
    agency: str
    number: str
    place_date: str


@dataclass(frozen=True)
class AppendixRow:
    """One (task, lead unit) row of the appendix table."""

    task_id: str
    content: str
    unit: str
    due: str
    state: str
    risk: str

    @property
    def cells(self) -> tuple[str, ...]:
        """The row's cells in `APPENDIX_COLUMNS` order."""
        return (self.task_id, self.content, self.unit, self.due, self.state, self.risk)


@dataclass(frozen=True)
class ReportDraft:
    """A report ready to lay out: letterhead, title, sections I–IV, appendix, recipients."""

    kind: str
    year: int
    period_start: date
    period_end: date
    due: date
    letterhead: Letterhead
    title: str
    subject: str
    period_name: str
    intro: str
    sections: tuple[Section, ...]
    appendix_title: str
    appendix: tuple[AppendixRow, ...]
    recipients: tuple[str, ...]
    signer: str
    agency: str
    facts: Facts
    created: datetime


def _initials(name: str) -> str:
    """`Sở Khoa học và Công nghệ` → `SKHCN` (the usual symbol after `BC-`)."""
    words = [w for w in re.findall(r"\w+", name) if w.casefold() not in _SMALL_WORDS]
    return "".join(w[0] for w in words).upper()


def letterhead(agency: str, year: int) -> tuple[Letterhead, str]:
    """The letterhead from `co_quan` (e.g. `Sở … tỉnh Bà Rịa - Vũng Tàu`), and the agency's own name."""
    found = _AGENCY.match(agency.strip())
    name, parent, place = agency.strip() or DEFAULT_AGENCY, "UBND TỈNH …", "…"
    if found:
        name, place = found["name"], found["place"]
        parent = f"UBND {found['level']} {place}".upper()
    head = Letterhead(
        parent, name.upper(), f"Số: …/BC-{_initials(name)}", f"{place}, ngày … tháng … năm {year}"
    )
    return head, name


def _report(plan: Plan, kind: str, year: int) -> Report:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    # days_left is irrelevant here; any as_of gives the same due date and period.
    return next(r for r in reports(plan.settings, year, date(year, 1, 1)) if r.kind == kind)


def appendix_rows(tasks: tuple[TaskResult, ...]) -> tuple[AppendixRow, ...]:
    """One row per (task, lead unit): due date, state and risk at the cut-off."""
    return tuple(
        AppendixRow(
            t.task_id,
            t.content,
            w.name,
            vn_date(t.due) or "Thường xuyên",
            state_text(w),
            RISK_LABELS[w.risk],
        )
        for t in tasks
        for w in t.leads
    )


def _intro(plan: Plan, agency: str, subject: str, report: Report) -> str:
    basis = plan.settings.title or f"Kế hoạch thông tin, tuyên truyền cải cách hành chính năm {plan.year}"
    what = subject[0].lower() + subject[1:]
    return (
        f"Thực hiện {basis}, {agency} báo cáo {what} (số liệu từ ngày {vn_date(report.period_start)} "
        f"đến ngày {vn_date(report.period_end)}) như sau:"
    )


def _sections(facts: Facts, report: Report, cycle: int) -> tuple[Section, ...]:
    """Sections I–IV."""
    end = report.period_end
    return (
        results_section(facts, report.period_start, end),
        shortfalls_section(facts, cycle, end),
        next_section(facts, end),
        proposals_section(facts, end),
    )


def build_report(plan: Plan, kind: str, year: int | None = None) -> ReportDraft:
    """The draft of the `half_year` or `annual` report of `year` (default: the plan year)."""
    year = year or plan.year
    report = _report(plan, kind, year)
    end = report.period_end
    facts = gather(assess(plan, end), report.period_start)
    head, agency = letterhead(plan.settings.agency, report.due.year)
    period_name = f"{PERIOD_NAMES[kind]} {year}"
    subject = f"Kết quả thực hiện công tác tuyên truyền cải cách hành chính {period_name}"
    return ReportDraft(
        kind=kind,
        year=year,
        period_start=report.period_start,
        period_end=end,
        due=report.due,
        letterhead=head,
        title="BÁO CÁO",
        subject=subject,
        period_name=period_name,
        intro=_intro(plan, agency, subject, report),
        sections=_sections(facts, report, plan.settings.update_cycle),
        appendix_title=f"Tình hình thực hiện các nhiệm vụ (số liệu đến ngày {vn_date(end)})",
        appendix=appendix_rows(facts.tasks),
        recipients=RECIPIENTS,
        signer="GIÁM ĐỐC",
        agency=agency,
        facts=facts,
        created=datetime.combine(end, time()),
    )


def draft_text(draft: ReportDraft) -> str:
    """The whole draft as plain text (one paragraph a line), for previews and tests."""
    lines = [draft.title, draft.subject, draft.intro]
    for section in draft.sections:
        lines.append(section.heading)
        lines += [("- " if i.level else "") + i.lead + i.text for i in section.items]
    return "\n".join(lines)
