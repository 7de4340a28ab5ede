"""Plain-text renderings for the terminal, in Vietnamese."""

from __future__ import annotations

from cchc.assess.status import Status
from cchc.present.views import NO_ROW, next_report_text, on_time_text
from cchc.vocab.issues import Issue
from cchc.vocab.labels import RISK_LABELS, ROLE_LABELS, STATE_NAMES, vn_date, vn_number


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
    lines.append(next_report_text(status))
    lines.append("\nNhiệm vụ (tình trạng theo đơn vị chủ trì):")
    for task in status.tasks:
        due = "thường xuyên" if task.ongoing else f"hạn {vn_date(task.due)}"
        lines.append(f"  {task.task_id}. [{RISK_LABELS[task.risk]}] ({due}) {task.content[:70]}")
    lines.append("\nPhần việc:")
    for a in status.assignments:
        state = STATE_NAMES.get(a.state or "", NO_ROW)
        lines.append(
            f"  NV {a.task_id} · {a.unit} ({ROLE_LABELS[a.role]}): {RISK_LABELS[a.risk]}; "
            f"{state}, {_percent(a.percent)}, cập nhật {vn_date(a.last_update) or '—'}"
        )
    if status.contributions:
        lines.append("\nTham gia (đơn vị góp sức vào nhiệm vụ không được giao):")
        for c in status.contributions:
            lines.append(f"  NV {c.task_id} · {c.unit}: {c.rows} dòng, gần nhất {vn_date(c.last_update)}")
    lines.append("\nKết quả thực hiện của đơn vị:")
    for card in status.units:
        rate = on_time_text(card.on_time, card.on_time_divisor)
        lines.append(
            f"  {card.unit} {card.name}: {card.assignments} phần việc, đúng hạn {rate}, "
            f"cập nhật gần nhất {vn_date(card.last_update) or '—'}"
        )
    counts = status.issue_counts
    lines.append(
        f"\nDữ liệu: {counts['error']} lỗi, {counts['warning']} cảnh báo (xem `python -m cchc validate`)."
    )
    return "\n".join(lines)
