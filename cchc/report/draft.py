"""Report drafts (SPEC §11) as plain data (no IO): to Sở Nội vụ (`home_affairs`), to the Sở's
leadership (`internal`), and a unit's own (`unit_report`); what they share is in `common`.

A report's as-of date is its data cut-off: `chot_so_lieu_6_thang` / `chot_so_lieu_nam` for the Sở's
reports, the units' own day `han_don_vi_*` for a unit's. Everything comes from `assess(plan,
cut-off)` and rows dated from `period_start` to it, so the same snapshot always gives the same
report. `cchc.report.docx` lays a draft out as a Word document.
"""

from __future__ import annotations

from cchc.report.common import KINDS, PERIODS, ReportDraft, covered_period
from cchc.report.home_affairs import to_home_affairs
from cchc.report.internal import internal_report
from cchc.report.text import plain
from cchc.report.unit_report import unit_report
from cchc.validate.plan import Plan

KIND_LABELS = {
    "half_year": "Báo cáo 6 tháng gửi Sở Nội vụ",
    "annual": "Báo cáo năm gửi Sở Nội vụ",
    "internal": "Báo cáo Lãnh đạo Sở (nội bộ)",
    "unit": "Báo cáo của đơn vị gửi Lãnh đạo Sở",
}


def build_report(
    plan: Plan, kind: str, year: int | None = None, period: str | None = None, unit: str | None = None
) -> ReportDraft:
    """The draft of one report of `year` (default: the plan year): `half_year` or `annual` to Sở Nội
    vụ, `internal` (for `period`) to the Sở's leadership, or `unit` (for `period`), `unit`'s own."""
    year, period = year or plan.year, covered_period(kind, period)
    if kind in PERIODS:
        return to_home_affairs(plan, kind, year)
    if kind == "internal":
        return internal_report(plan, period, year)
    if kind == "unit":
        if not unit:
            raise ValueError("a unit's report needs the unit")
        return unit_report(plan, period, year, unit)
    raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")


def draft_text(draft: ReportDraft) -> str:
    """The whole draft as plain text (one paragraph a line, placeholders as «[…]»), for previews and tests."""
    lines = [
        line for line in (draft.addressee, "BÁO CÁO", draft.subject, draft.period_name, draft.intro) if line
    ]
    for section in draft.sections:
        lines.append(section.heading)
        lines += [("  " * i.level + "- " if i.level else "") + i.lead + i.text for i in section.items]
    return plain("\n".join(lines))
