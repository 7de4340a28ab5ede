"""Plain-text renderings for the terminal, in Vietnamese."""

from __future__ import annotations

from cchc.assess.schedule import next_report
from cchc.assess.status import Status
from cchc.vocab.issues import Issue
from cchc.vocab.labels import REPORT_LABELS, RISK_LABELS, ROLE_LABELS, STATE_NAMES, vn_date, vn_number


def issues_text(source: str, issues: list[Issue]) -> str:
    """The issues, one per line, then a count."""
    errors = sum(1 for i in issues if i.severity == "error")
    lines = [f"Nguồn: {source}"]
    lines += [f"[{'LỖI' if i.severity == 'error' else 'CẢNH BÁO'}] {i.code}: {i.message}" for i in issues]
    lines.append(f"Tổng: {errors} lỗi, {len(issues) - errors} cảnh báo.")
    return "\n".join(lines)


def _percent(value: float | None) -> str:
    return f"{vn_number(value)} %" if value is not None else "—"


def status_text(status: Status) -> str:
    """A short overview: next report, tasks, assignments needing attention, unit scorecards."""
    plan = status.plan
    lines = [
        plan.settings.title or f"Kế hoạch năm {plan.year}",
        f"Tính đến ngày {vn_date(status.as_of)} · nguồn: {plan.name}",
    ]
    if plan.stale:
        lines.append(f"CẢNH BÁO: dữ liệu cũ. {plan.stale_reason}")
    nxt = next_report(status.reports, status.as_of)
    if nxt:
        lines.append(
            f"{REPORT_LABELS[nxt.kind]} hạn {vn_date(nxt.due)}: còn {nxt.days_left} ngày "
            f"(số liệu {vn_date(nxt.period_start)}–{vn_date(nxt.period_end)})."
        )
    lines.append("\nNhiệm vụ:")
    for task in status.tasks:
        due = "thường xuyên" if task.ongoing else f"hạn {vn_date(task.due)}"
        lines.append(f"  {task.task_id}. [{RISK_LABELS[task.risk]}] ({due}) {task.content[:70]}")
    lines.append("\nPhân công:")
    for a in status.assignments:
        state = STATE_NAMES.get(a.state or "", "chưa cập nhật")
        lines.append(
            f"  NV {a.task_id} · {a.unit} ({ROLE_LABELS[a.role]}): {RISK_LABELS[a.risk]}; "
            f"{state}, {_percent(a.percent)}, cập nhật {vn_date(a.last_update) or '—'}"
        )
    lines.append("\nĐơn vị:")
    for card in status.units:
        rate = _percent(card.on_time_rate * 100 if card.on_time_rate is not None else None)
        lines.append(
            f"  {card.unit} {card.name}: {card.assignments} phân công, đúng hạn {rate}, "
            f"cập nhật gần nhất {vn_date(card.last_update) or '—'}"
        )
    counts = status.issue_counts
    lines.append(
        f"\nDữ liệu: {counts['error']} lỗi, {counts['warning']} cảnh báo (xem `python -m cchc validate`)."
    )
    return "\n".join(lines)
