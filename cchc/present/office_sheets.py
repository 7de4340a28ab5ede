"""«Bảng tổng hợp»'s sheets on the plan itself: overview, tasks, units' parts, contributions and
units' results, each as tables (`office_cells` writes them)."""

from __future__ import annotations

from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from cchc.assess.schedule import Report
from cchc.assess.status import Status
from cchc.present.office_cells import RISK_COLUMN, Table, Value, put, task_no, write_tables
from cchc.present.views import (
    NO_ROW,
    Counts,
    part_counts,
    phrase,
    short,
    task_count_note,
    task_counts,
    task_risks,
)
from cchc.vocab.labels import REPORT_LABELS, RISK_LABELS, ROLE_LABELS, STATE_NAMES
from cchc.vocab.terms import SEVERITY


def task_scope(status: Status, unit: str | None) -> set[str]:
    """The tasks a unit leads or supports (every task without a unit)."""
    return {t.task_id for t in status.plan.tasks if unit is None or unit in t.units}


def overview(sheet: Worksheet, status: Status, unit: str | None) -> None:
    """«Tổng quan»: the plan's title and date, tasks and parts counted by risk, the reports due."""
    plan = status.plan
    sheet["A1"] = plan.settings.title or f"Kế hoạch năm {plan.year}"
    sheet["A1"].font = Font(bold=True, size=14)
    facts: list[tuple[str, Value]] = [("Tính đến ngày", status.as_of)]
    if unit:
        facts.append(("Đơn vị", status.plan.units.name(unit)))
    for row, (label, value) in enumerate(facts, start=2):
        sheet.cell(row, 1, label).font = Font(bold=True)
        put(sheet.cell(row, 2), value, label)
    tasks = "Nhiệm vụ đơn vị chủ trì" if unit else "Nhiệm vụ"
    note = task_count_note(unit).rstrip(".")
    once = f" ({note[:1].lower()}{note[1:]})"
    parts = "Phần việc của đơn vị" if unit else "Phần việc của các đơn vị"
    tables = [
        _counts(task_counts(status, unit), tasks + once, "Số nhiệm vụ", "Tổng số nhiệm vụ"),
        _counts(part_counts(status, unit), parts, "Số phần việc", "Tổng số phần việc"),
        _reports(status.reports),
    ]
    write_tables(sheet, tables, len(facts) + 3)


def _counts(counts: Counts, title: str, header: str, total: str) -> Table:
    rows: list[list[Value]] = [[RISK_LABELS[r], counts.by_risk[r]] for r in SEVERITY]
    return Table([RISK_COLUMN, header], [*rows, [total, counts.total]], title, total=True)


def _sent_note(report: Report) -> str:
    if report.sent is not None:
        return "Đã gửi sau hạn" if report.late else "Đã gửi"
    if report.days_left < 0:
        return f"Chưa gửi, đã quá {-report.days_left} ngày"
    return f"Chưa gửi, còn {report.days_left} ngày" if report.days_left else "Chưa gửi, hôm nay là ngày cuối"


def _reports(reports: list[Report]) -> Table:
    headers = ["Báo cáo", "Số liệu từ ngày", "Đến ngày", "Hạn cuối", "Số văn bản", "Ngày gửi", "Ghi chú"]
    rows: list[list[Value]] = []
    for r in reports:
        sent = (r.sent.number, r.sent.date) if r.sent else (None, None)
        rows.append([REPORT_LABELS[r.kind], r.period_start, r.period_end, r.last_day, *sent, _sent_note(r)])
    return Table(headers, rows, "Báo cáo gửi Sở Nội vụ")


def tasks(status: Status, unit: str | None) -> Table:
    """«Nhiệm vụ»: the plan's tasks (a unit's: those it leads or supports) with their risk."""
    # the tasks a unit leads by its own part (as the counts on Tổng quan), the others by their leads'
    risks = task_risks(status, None) | task_risks(status, unit)
    name, scope = status.plan.units.name, task_scope(status, unit)
    headers = ["STT", "Nội dung", "Thời gian", "Đơn vị chủ trì", "Đơn vị phối hợp", "Bắt đầu", "Hạn"]
    rows: list[list[Value]] = []
    for t in (t for t in status.plan.tasks if t.task_id in scope):
        leads, supports = ("; ".join(map(name, units)) for units in (t.leads, t.supports))
        risk = RISK_LABELS[risks[t.task_id]] if t.task_id in risks else None
        rows.append([task_no(t.task_id), t.content, t.timeframe, leads, supports, t.start, t.due, risk])
    return Table([*headers, RISK_COLUMN], rows)


def parts(status: Status, unit: str | None) -> Table:
    """«Phần việc»: each unit's part of a task, its state, progress and risk."""
    name, contents = status.plan.units.name, {t.task_id: t.content for t in status.tasks}
    headers = ["Nhiệm vụ", "Nội dung", "Đơn vị", "Phần việc", "Trạng thái", "Tiến độ", "Cập nhật gần nhất"]
    rows: list[list[Value]] = [
        [
            task_no(a.task_id),
            short(contents.get(a.task_id, "")),
            name(a.unit),
            ROLE_LABELS[a.role],
            STATE_NAMES.get(a.state or "", NO_ROW),
            a.percent,
            a.last_update,
            a.completed_on,
            RISK_LABELS[a.risk],
            phrase(a),
        ]
        for a in status.assignments
        if unit is None or a.unit == unit
    ]
    return Table([*headers, "Ngày hoàn thành", RISK_COLUMN, "Vì sao"], rows)


def contributions(status: Status, unit: str | None) -> Table:
    """«Tham gia»: rows units typed for tasks the plan does not give them."""
    name, contents = status.plan.units.name, {t.task_id: t.content for t in status.tasks}
    rows: list[list[Value]] = [
        [
            task_no(c.task_id),
            short(contents.get(c.task_id, "")),
            name(c.unit),
            c.rows,
            c.last_update,
        ]
        for c in status.contributions
        if unit is None or c.unit == unit
    ]
    return Table(["Nhiệm vụ", "Nội dung", "Đơn vị", "Số dòng", "Cập nhật gần nhất"], rows)


def scorecards(status: Status, unit: str | None) -> Table:
    """«Kết quả đơn vị»: each unit's parts by risk, on-time rate and freshness."""
    headers = ["Mã đơn vị", "Đơn vị", "Phần việc", *(RISK_LABELS[r] for r in SEVERITY), "Đúng hạn"]
    headers += ["Tỷ lệ đúng hạn", "Tham gia (nhiệm vụ)", "Cập nhật gần nhất", "Số ngày từ lần cập nhật cuối"]
    rows: list[list[Value]] = []
    for card in (c for c in status.units if unit is None or c.unit == unit):
        due = card.on_time_divisor  # the on-time rate is always shown with its numerator and divisor
        rate, on_time = (100 * card.on_time / due, f"{card.on_time}/{due}") if due else (None, None)
        rows.append(
            [
                card.unit,
                card.name,
                card.assignments,
                *(card.counts[r] for r in SEVERITY),
                on_time,
                rate,
                card.contributions,
                card.last_update,
                card.days_since_update,
            ]
        )
    return Table(headers, rows)
