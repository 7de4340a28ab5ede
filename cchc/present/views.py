"""What the dashboard pages show, as plain tables (no Streamlit here): one function per view."""

from __future__ import annotations

from datetime import date

import pandas as pd

from cchc.assess.risk import SEVERITY, Assignment, expected_pace
from cchc.assess.schedule import next_report
from cchc.assess.status import Status
from cchc.validate.plan import Plan
from cchc.validate.progress import clean_text
from cchc.vocab.labels import REPORT_LABELS, RISK_LABELS, ROLE_LABELS, STATE_NAMES, vn_date
from cchc.vocab.terms import Risk, Role

ATTENTION = (Risk.OVERDUE, Risk.AT_RISK, Risk.STALE)
METRICS = (Risk.DONE_ON_TIME, Risk.DONE_LATE, Risk.OVERDUE, Risk.AT_RISK, Risk.STALE)


def _mine(status: Status, unit: str | None) -> list[Assignment]:
    return [a for a in status.assignments if unit is None or a.unit == unit]


def overview_counts(status: Status, unit: str | None = None) -> dict[str, int]:
    """Tasks (or one unit's assignments) in total and per headline risk."""
    risks = [t.risk for t in status.tasks] if unit is None else [a.risk for a in _mine(status, unit)]
    return {"total": len(risks), **{risk: risks.count(risk) for risk in METRICS}}


def _latest_notes(plan: Plan, pairs: set[tuple[str, str]], as_of: date) -> dict[tuple[str, str], str]:
    """The latest `Kết quả — Ghi chú` of each (task, unit) pair up to `as_of`, in one pass."""
    rows = plan.up_to(as_of).progress[["task_id", "unit", "date", "row", "result", "note"]]
    wanted = pd.MultiIndex.from_frame(rows[["task_id", "unit"]].astype(object)).isin(list(pairs))
    latest = clean_text(
        rows[wanted].sort_values(["date", "row"]).drop_duplicates(["task_id", "unit"], keep="last")
    )
    return {
        (t, u): " — ".join(str(x) for x in (result, note) if x)
        for t, u, result, note in zip(
            latest["task_id"], latest["unit"], latest["result"], latest["note"], strict=True
        )
    }


def _days(a: Assignment, status: Status) -> int | None:
    """Days late (overdue), days left (at risk), or days since the last update (stale)."""
    if a.risk == Risk.OVERDUE:
        return a.days_late
    if a.risk == Risk.AT_RISK:
        return a.days_left
    return a.days_since_update


def attention(status: Status, unit: str | None = None) -> pd.DataFrame:
    """Overdue, at-risk and stale assignments, worst first, with their latest result or note."""
    names = {u.code: u.name for u in status.plan.units.units.values()}
    picked = [a for a in _mine(status, unit) if a.risk in ATTENTION]
    picked.sort(key=lambda a: (SEVERITY.index(a.risk), -(_days(a, status) or 0)))
    notes = _latest_notes(status.plan, {(a.task_id, a.unit) for a in picked}, status.as_of)
    rows = [
        {
            "Nhiệm vụ": a.task_id,
            "Đơn vị": names.get(a.unit, a.unit),
            "Vai trò": ROLE_LABELS[a.role],
            "Rủi ro": RISK_LABELS[a.risk],
            "Hạn": vn_date(a.due) or "Thường xuyên",
            "Số ngày": _days(a, status),
            "Cập nhật gần nhất": vn_date(a.last_update) or "Chưa có",
            "Kết quả / ghi chú gần nhất": notes.get((a.task_id, a.unit), ""),
            "risk": a.risk,
        }
        for a in picked
    ]
    columns = ["Nhiệm vụ", "Đơn vị", "Vai trò", "Rủi ro", "Hạn", "Số ngày", "Cập nhật gần nhất"]
    return pd.DataFrame(rows, columns=[*columns, "Kết quả / ghi chú gần nhất", "risk"])


def risk_by_unit(status: Status) -> pd.DataFrame:
    """Assignments per unit and risk (long form, units in Vietnamese order)."""
    rows = [
        {"Đơn vị": card.name, "order": i, "risk": risk, "Rủi ro": RISK_LABELS[risk], "Số phân công": n}
        for i, card in enumerate(status.units)
        for risk, n in card.counts.items()
        if n
    ]
    return pd.DataFrame(rows, columns=["Đơn vị", "order", "risk", "Rủi ro", "Số phân công"])


def unit_matrix(status: Status) -> pd.DataFrame:
    """Unit × task risk (long form), for the coloured matrix."""
    order = {card.unit: i for i, card in enumerate(status.units)}
    names = {card.unit: card.name for card in status.units}
    rows = [
        {
            "Đơn vị": names.get(a.unit, a.unit),
            "order": order.get(a.unit, len(order)),
            "Nhiệm vụ": a.task_id,
            "risk": a.risk,
            "Rủi ro": RISK_LABELS[a.risk],
            "Vai trò": ROLE_LABELS[a.role],
            "Trạng thái": STATE_NAMES.get(a.state or "", "Chưa cập nhật"),
        }
        for a in status.assignments
    ]
    return pd.DataFrame(
        rows, columns=["Đơn vị", "order", "Nhiệm vụ", "risk", "Rủi ro", "Vai trò", "Trạng thái"]
    )


def scorecards(status: Status) -> pd.DataFrame:
    """Unit scorecards with Vietnamese column names, in Vietnamese order of unit names."""
    rows = []
    for card in status.units:
        row: dict[str, object] = {"Mã": card.unit, "Đơn vị": card.name, "Phân công": card.assignments}
        row.update({RISK_LABELS[r]: card.counts[r] for r in SEVERITY})
        rate = card.on_time_rate
        row["Tỷ lệ đúng hạn (%)"] = None if rate is None else round(rate * 100, 1)
        row["Cập nhật gần nhất"] = vn_date(card.last_update) or "Chưa có"
        row["Số ngày chưa cập nhật"] = card.days_since_update
        rows.append(row)
    return pd.DataFrame(rows)


def unit_log(plan: Plan, unit: str, as_of: date) -> pd.DataFrame:
    """One unit's progress rows up to `as_of`, newest first."""
    rows = plan.up_to(as_of).progress
    mine = clean_text(rows[rows["unit"] == unit])
    mine = mine.sort_values(["date", "row"], ascending=False)
    return pd.DataFrame(
        {
            "Ngày": mine["date"].dt.strftime("%d/%m/%Y"),
            "Nhiệm vụ": mine["task_id"],
            "Trạng thái": mine["state"].map(STATE_NAMES),
            "Tiến độ (%)": mine["percent"],
            "Kết quả": mine["result"],
            "Kênh": mine["channel"],
            "Số lượng": mine["count"],
            "Minh chứng": mine["evidence"],
            "Dòng": mine["row"],
        }
    )


def deadlines(status: Status) -> pd.DataFrame:
    """Tasks with a due date: lead progress against the straight-line pace at `as_of`."""
    rows = []
    for task in status.tasks:
        if task.ongoing or task.due is None:
            continue
        leads = [a for a in status.assignments if a.task_id == task.task_id and a.role == Role.LEAD]
        percents = [a.percent for a in leads if a.percent is not None]
        done = bool(leads) and all(a.state == "done" for a in leads)
        rows.append(
            {
                "Nhiệm vụ": task.task_id,
                "Nội dung": task.content,
                "Bắt đầu": pd.Timestamp(date(status.plan.year, 1, 1)),
                "Hạn": pd.Timestamp(task.due),
                "Tiến độ (%)": 100.0 if done else (min(percents) if percents else None),
                "Theo kế hoạch (%)": round(expected_pace(status.plan.year, task.due, status.as_of), 1),
                "risk": task.risk,
                "Rủi ro": RISK_LABELS[task.risk],
            }
        )
    columns = ["Nhiệm vụ", "Nội dung", "Bắt đầu", "Hạn", "Tiến độ (%)", "Theo kế hoạch (%)", "risk", "Rủi ro"]
    return pd.DataFrame(rows, columns=columns)


def freshness(status: Status) -> pd.DataFrame:
    """Ongoing assignments: days since the last update against the update cycle."""
    names = {u.code: u.name for u in status.plan.units.units.values()}
    rows = [
        {
            "Phân công": f"NV {a.task_id} · {names.get(a.unit, a.unit)}",
            "Nhiệm vụ": a.task_id,
            "Đơn vị": names.get(a.unit, a.unit),
            "Số ngày từ lần cập nhật cuối": _days(a, status),
            "Cập nhật gần nhất": vn_date(a.last_update) or "Chưa có",
            "risk": a.risk,
            "Rủi ro": RISK_LABELS[a.risk],
        }
        for a in status.assignments
        if a.ongoing
    ]
    columns = [
        "Phân công",
        "Nhiệm vụ",
        "Đơn vị",
        "Số ngày từ lần cập nhật cuối",
        "Cập nhật gần nhất",
        "risk",
        "Rủi ro",
    ]
    return pd.DataFrame(rows, columns=columns)


def outputs_table(status: Status) -> pd.DataFrame:
    """Outputs so far against each task's target."""
    rows = []
    for task in status.tasks:
        total = int(task.outputs.get("total", 0))  # type: ignore[call-overload]
        target = task.target
        share = round(100 * total / target, 1) if target else None
        rows.append({"Nhiệm vụ": task.task_id, "Đã thực hiện": total, "Chỉ tiêu": target, "Đạt (%)": share})
    return pd.DataFrame(rows, columns=["Nhiệm vụ", "Đã thực hiện", "Chỉ tiêu", "Đạt (%)"])


def next_report_text(status: Status) -> str:
    """The next report to Sở Nội vụ: which, when, how many days left, and its data period."""
    report = next_report(status.reports, status.as_of)
    if report is None:
        last = status.reports[-1]
        return (
            f"Các báo cáo năm {status.plan.year} đã qua hạn; {REPORT_LABELS[last.kind].lower()} hạn "
            f"{vn_date(last.due)} ({-last.days_left} ngày trước), số liệu đến {vn_date(last.period_end)}."
        )
    left = "hạn hôm nay" if report.days_left == 0 else f"còn {report.days_left} ngày"
    return (
        f"{REPORT_LABELS[report.kind]} gửi Sở Nội vụ: {left} (hạn {vn_date(report.due)}). "
        f"Số liệu từ {vn_date(report.period_start)} đến {vn_date(report.period_end)}."
    )
