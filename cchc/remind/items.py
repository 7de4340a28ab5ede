"""What one unit is reminded of (SPEC §12): its parts to update (the `Việc cần làm` list), its cells
with errors, and its own report due by `han_don_vi_*` within `canh_bao_truoc` days.

Each item has a stable `key` (kind, task, unit, and the cell for issues): the sent-log remembers
keys, so the same item is not mailed again within `chu_ky_nhac` days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from cchc.assess.schedule import sent_report
from cchc.assess.status import Status
from cchc.present.todo import todo_list
from cchc.present.views import short
from cchc.sources.spec import cell_link, spreadsheet_id
from cchc.validate.plan import Plan
from cchc.vocab.issues import ERROR, Issue
from cchc.vocab.labels import REPORT_LABELS, RISK_LABELS, vn_date
from cchc.vocab.text import first_upper

ISSUE = "issue"
REPORT = "report"


@dataclass(frozen=True)
class Item:
    """One thing to do: what (`title`), how (`detail`), which task, and where to do it (`link`)."""

    key: str  # stable: kind:task:unit[:cell]
    kind: str  # a risk (overdue, stale, paused, at_risk, not_started), `issue` or `report`
    label: str  # the kind in words (§13): «Chậm cập nhật», «Ô cần sửa», «Báo cáo của đơn vị»
    unit: str
    task: str  # «4. Truyền truyền, phổ biến Bộ chỉ số…» (id and short content), or '' for a report
    title: str
    detail: str
    link: str | None = None  # the Google Sheet cell or tab


def _progress_link(plan: Plan, cell: str | None) -> str | None:
    key = spreadsheet_id(plan.name) if plan.gids else None
    return cell_link(key, plan.gids.get("progress"), cell) if key else None


def _last_rows(plan: Plan, unit: str) -> dict[str, int]:
    """The sheet row of each of the unit's tasks' latest row (its link opens the sheet there)."""
    rows = plan.progress[plan.progress["unit"] == unit]
    return {str(t): int(r) for t, r in zip(rows["task_id"], rows["row"], strict=True)}


def _task_items(status: Status, unit: str) -> list[Item]:
    plan = status.plan.up_to(status.as_of)
    rows = _last_rows(plan, unit)
    return [
        Item(
            key=f"{todo.risk}:{todo.task_id}:{unit}",
            kind=str(todo.risk),
            label=RISK_LABELS[todo.risk],
            unit=unit,
            task=todo.task,
            title=todo.title,
            detail=todo.detail,
            link=_progress_link(plan, f"A{rows[todo.task_id]}" if todo.task_id in rows else None),
        )
        for todo in todo_list(status, unit)
    ]


def _row_facts(plan: Plan) -> dict[int, tuple[str, date]]:
    """Each valid progress row's task and date, by sheet row."""
    frame = plan.progress
    dates = pd.to_datetime(frame["date"]).dt.date
    return {int(r): (str(t), d) for r, t, d in zip(frame["row"], frame["task_id"], dates, strict=True)}


def _mine(issue: Issue, plan: Plan, unit: str) -> bool:
    return (
        issue.severity == ERROR and issue.sheet == "progress" and plan.issue_units.get(issue.row or 0) == unit
    )


def _issue_items(status: Status, unit: str) -> list[Item]:
    """The unit's progress cells with errors; a row dated after the as-of date is not yet written then."""
    plan = status.plan
    facts, contents = _row_facts(plan), {t.task_id: t.content for t in status.tasks}
    items = []
    for issue in (i for i in plan.issues if _mine(i, plan, unit)):
        said = first_upper(issue.text or issue.message)
        task_id, day = facts.get(issue.row or 0, ("", None))
        if day is not None and day > status.as_of:
            continue
        tab = plan.tabs.get("progress", "Tiến độ")
        where = f"Ô {issue.cell}" if issue.cell else f"Dòng {issue.row}"
        items.append(
            Item(
                key=f"{ISSUE}:{task_id}:{unit}:{issue.cell or issue.row}:{issue.code}",
                kind=ISSUE,
                label="Ô cần sửa",
                unit=unit,
                task=f"{task_id}. {short(contents.get(task_id, ''))}" if task_id else "",
                title=f"{where} trang tính «{tab}»",
                detail=f"{said} Giá trị đang ghi: «{issue.value}»."
                if issue.value
                else f"{said} Ô đang để trống.",
                link=_progress_link(plan, issue.cell),
            )
        )
    return items


def _report_items(status: Status, unit: str) -> list[Item]:
    """The unit's own report (§11.3), due within `canh_bao_truoc` days and not yet registered."""
    if not any(a.unit == unit for a in status.assignments):
        return []
    plan, warn = status.plan, status.plan.settings.warn_days
    items = []
    for report in status.reports:
        left = (report.unit_deadline - status.as_of).days
        if not 0 <= left <= warn or sent_report(
            plan.sent_reports, report.kind, plan.year, status.as_of, unit
        ):
            continue
        name = f"{REPORT_LABELS[report.kind]} {plan.year} của đơn vị"
        when = "hôm nay là ngày cuối" if left == 0 else f"còn {left} ngày"
        items.append(
            Item(
                key=f"{REPORT}:{report.kind}-{plan.year}:{unit}",
                kind=REPORT,
                label="Báo cáo của đơn vị",
                unit=unit,
                task="",
                title=f"{name}: {when} (chậm nhất {vn_date(report.unit_deadline)})",
                detail=(
                    "Gửi báo cáo của đơn vị lên Lãnh đạo Sở và cập nhật đủ tiến độ các phần việc trước "
                    f"ngày này. Số liệu tính từ {vn_date(report.period_start)}."
                ),
            )
        )
    return items


def unit_items(status: Status, unit: str) -> list[Item]:
    """Everything one unit should do now: parts to update (most urgent first), its report, cells to fix."""
    return [*_task_items(status, unit), *_report_items(status, unit), *_issue_items(status, unit)]
