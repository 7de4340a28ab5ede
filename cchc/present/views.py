"""What the dashboard pages show, as plain tables (no Streamlit here): one function per view.

Every count says what it counts: tasks (by the worst of their lead units' parts) or units' parts
(assignments); the attention list's count is its number of rows (SPEC §5, §10).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from cchc.assess.risk import SEVERITY, Assignment
from cchc.assess.schedule import Report, next_report
from cchc.assess.status import Status
from cchc.validate.plan import Plan
from cchc.validate.progress import clean_text
from cchc.vocab.labels import REPORT_LABELS, RISK_LABELS, ROLE_LABELS, STATE_NAMES, vn_date, vn_number
from cchc.vocab.terms import ATTENTION, Risk, Role

NO_ROW = "chưa có thông tin tiến độ"
CONTRIBUTION = "Tham gia"
SHORT = 60  # characters of a task's content in lists


@dataclass(frozen=True)
class Counts:
    """How many of something (tasks, or units' parts) per risk; `by_risk` adds up to `total`."""

    total: int
    by_risk: dict[Risk, int]

    def shown(self) -> list[tuple[Risk, int]]:
        """The risks that occur, worst first."""
        return [(r, n) for r, n in self.by_risk.items() if n]


def unit_parts(status: Status, unit: str | None) -> list[Assignment]:
    """A unit's parts (lead and support assignments); every unit's when none is chosen."""
    return [a for a in status.assignments if unit is None or a.unit == unit]


def involved(status: Status, unit: str | None) -> set[str]:
    """The tasks a unit has a part in or contributed to (every task when no unit is chosen)."""
    if unit is None:
        return {t.task_id for t in status.tasks}
    parts = {a.task_id for a in status.assignments if a.unit == unit}
    return parts | {c.task_id for c in status.contributions if c.unit == unit}


def _count(risks: list[Risk]) -> Counts:
    return Counts(len(risks), {r: risks.count(r) for r in SEVERITY})


def task_risks(status: Status, unit: str | None) -> dict[str, Risk]:
    """Each task's risk: the worst of its lead units' parts; with `unit`, the tasks it leads, each
    judged by that unit's own part (another lead's delay is not this unit's to answer for)."""
    if unit is None:
        return {t.task_id: t.risk for t in status.tasks}
    return {a.task_id: a.risk for a in status.assignments if a.role == Role.LEAD and a.unit == unit}


def _task_states(status: Status, unit: str | None) -> list[tuple[bool, Risk]]:
    """Each task counted (see `task_risks`) as (ongoing?, risk)."""
    ongoing = {t.task_id: t.ongoing for t in status.tasks}
    return [(ongoing.get(task, False), risk) for task, risk in task_risks(status, unit).items()]


def task_count_note(unit: str | None) -> str:
    """How tasks are counted, for every place that shows the counts (page, printout, workbook)."""
    if unit is None:
        return (
            "Mỗi nhiệm vụ được tính một lần, theo tình trạng xấu nhất trong các phần việc của đơn vị chủ trì."
        )
    return "Mỗi nhiệm vụ đơn vị chủ trì được tính một lần, theo phần việc của chính đơn vị."


def task_counts(status: Status, unit: str | None = None) -> Counts:
    """Tasks by their risk (the worst of their lead units' parts); with `unit`, the tasks it leads, by
    its own part."""
    return _count(list(task_risks(status, unit).values()))


def part_counts(status: Status, unit: str | None = None) -> Counts:
    """Units' parts (lead and support assignments) by risk; with `unit`, that unit's parts."""
    return _count([a.risk for a in unit_parts(status, unit)])


def plan_sentence(status: Status, unit: str | None = None) -> str:
    """The state of the plan in one sentence: its tasks, done or ongoing, and the parts needing attention."""
    tasks = _task_states(status, unit)
    dated = [risk for ongoing, risk in tasks if not ongoing]
    done = sum(1 for risk in dated if risk in (Risk.DONE_ON_TIME, Risk.DONE_LATE))
    kinds = []
    if dated:
        kinds.append(
            f"{len(dated)} có thời hạn, trong đó {done} đã hoàn thành"
            if done
            else f"{len(dated)} có thời hạn"
        )
    if len(dated) < len(tasks):
        kinds.append(f"{len(tasks) - len(dated)} thường xuyên")
    parts = part_counts(status, unit)
    urgent = [(r, parts.by_risk[r]) for r in ATTENTION if parts.by_risk[r]]
    count = sum(n for _, n in urgent)
    what = ", ".join(f"{n} {RISK_LABELS[r].lower()}" for r, n in urgent)
    need = (
        f"{count} trong {parts.total} phần việc cần chú ý ngay ({what})"
        if count
        else "chưa có phần việc nào cần chú ý ngay"
    )
    who = "" if unit is None else f"{status.plan.units.name(unit)} chủ trì "
    listed = f" ({'; '.join(kinds)})" if kinds else ""
    return f"Tính đến {vn_date(status.as_of)}, {who}{len(tasks)} nhiệm vụ{listed}; {need}."


def short(text: str, limit: int = SHORT) -> str:
    """A task's content cut at a word boundary, with «…» when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut}…"


def _percent(value: float | None) -> str:
    return f"{vn_number(value)}%"


def phrase(a: Assignment, note: str = "") -> str:
    """One plain sentence saying why a unit's part needs attention (or how it stands)."""
    reached = f", đạt {_percent(a.percent)}" if a.percent is not None else ""
    if a.risk == Risk.OVERDUE:
        return f"Quá hạn {a.days_late} ngày (hạn {vn_date(a.due)}){reached}."
    if a.risk == Risk.STALE:
        if a.last_update is None:
            return f"{NO_ROW.capitalize()} sau {a.days_since_update} ngày (chu kỳ {a.cycle} ngày)."
        return (
            f"{a.days_since_update} ngày chưa có dòng tiến độ mới, từ {vn_date(a.last_update)} "
            f"(chu kỳ {a.cycle} ngày)."
        )
    if a.risk == Risk.PAUSED:
        why = f": {note}" if note else ""
        return f"Tạm dừng từ {vn_date(a.since)}{why}."
    if a.risk == Risk.AT_RISK:
        return f"Còn {a.days_left} ngày đến hạn {vn_date(a.due)}{reached}."
    if a.risk == Risk.NOT_STARTED:
        return f"{NO_ROW.capitalize()}." if a.last_update is None else "Chưa thực hiện."
    if a.risk == Risk.UPCOMING:
        return f"Bắt đầu từ {vn_date(a.start)}."
    if a.risk in (Risk.DONE_ON_TIME, Risk.DONE_LATE):
        late = f", quá hạn {a.days_late} ngày" if a.risk == Risk.DONE_LATE else ""
        return f"Hoàn thành ngày {vn_date(a.completed_on)}{late}."
    return f"Cập nhật gần nhất {vn_date(a.last_update)}{reached}."


def _latest_notes(plan: Plan, pairs: set[tuple[str, str]], as_of: date) -> dict[tuple[str, str], str]:
    """The latest `Ghi chú` (else `Kết quả`) of each (task, unit) pair up to `as_of`, in one pass."""
    rows = plan.up_to(as_of).progress[["task_id", "unit", "date", "row", "result", "note"]]
    wanted = pd.MultiIndex.from_frame(rows[["task_id", "unit"]].astype(object)).isin(list(pairs))
    latest = clean_text(
        rows[wanted].sort_values(["date", "row"]).drop_duplicates(["task_id", "unit"], keep="last")
    )
    return {
        (t, u): note or result
        for t, u, result, note in zip(
            latest["task_id"], latest["unit"], latest["result"], latest["note"], strict=True
        )
    }


def _urgency(a: Assignment) -> int:
    """Within one risk, the larger the worse: days late, days silent, or fewest days left."""
    if a.risk == Risk.AT_RISK:
        return -(a.days_left or 0)
    if a.risk == Risk.OVERDUE:
        return a.days_late or 0
    return a.days_since_update or 0


ATTENTION_COLUMNS = ["Tình trạng", "Nhiệm vụ", "Đơn vị", "Vì sao", "Người phụ trách", "Phần việc"]


def attention_parts(status: Status, unit: str | None = None) -> list[Assignment]:
    """Units' parts that need attention now (overdue, stale, paused, at risk), worst first."""
    picked = [a for a in unit_parts(status, unit) if a.risk in ATTENTION]
    return sorted(picked, key=lambda a: (SEVERITY.index(a.risk), -_urgency(a), a.task_id))


def attention(status: Status, unit: str | None = None) -> pd.DataFrame:
    """Units' parts that need attention now (overdue, stale, paused, at risk), worst first: the task's
    short content, the unit, its contact person and one plain phrase."""
    units = status.plan.units.units
    contents = {t.task_id: t.content for t in status.tasks}
    picked = attention_parts(status, unit)
    notes = _latest_notes(status.plan, {(a.task_id, a.unit) for a in picked}, status.as_of)
    rows = []
    for a in picked:
        who = units.get(a.unit)
        rows.append(
            {
                "Nhiệm vụ": f"{a.task_id}. {short(contents.get(a.task_id, ''))}",
                "Đơn vị": who.name if who else a.unit,
                "Người phụ trách": who.head if who else "",
                "Phần việc": ROLE_LABELS[a.role],
                "Tình trạng": RISK_LABELS[a.risk],
                "Vì sao": phrase(a, notes.get((a.task_id, a.unit), "") if a.risk == Risk.PAUSED else ""),
                "risk": a.risk,
            }
        )
    return pd.DataFrame(rows, columns=[*ATTENTION_COLUMNS, "risk"])


def risk_by_unit(status: Status, unit: str | None = None) -> pd.DataFrame:
    """Units' parts per unit and risk (long form, units in Vietnamese order); with `unit`, that unit."""
    rows = [
        {"Đơn vị": card.name, "order": i, "risk": risk, "Tình trạng": RISK_LABELS[risk], "Số phần việc": n}
        for i, card in enumerate(status.units)
        if unit is None or card.unit == unit
        for risk, n in card.counts.items()
        if n
    ]
    return pd.DataFrame(rows, columns=["Đơn vị", "order", "risk", "Tình trạng", "Số phần việc"])


def unit_matrix(status: Status, unit: str | None = None) -> pd.DataFrame:
    """Task × unit risk (long form), for the coloured matrix: each task with its short content."""
    order = {card.unit: i for i, card in enumerate(status.units)}
    names = {card.unit: card.name for card in status.units}
    contents = {t.task_id: t.content for t in status.tasks}
    rows = [
        {
            "Nhiệm vụ": f"{a.task_id}. {short(contents.get(a.task_id, ''), 40)}",
            "Mã nhiệm vụ": a.task_id,
            "Đơn vị": names.get(a.unit, a.unit),
            "order": order.get(a.unit, len(order)),
            "risk": a.risk,
            "Tình trạng": RISK_LABELS[a.risk],
            "Phần việc": ROLE_LABELS[a.role],
            "Trạng thái": STATE_NAMES.get(a.state or "", NO_ROW),
        }
        for a in unit_parts(status, unit)
    ]
    columns = ["Nhiệm vụ", "Mã nhiệm vụ", "Đơn vị", "order", "risk", "Tình trạng", "Phần việc", "Trạng thái"]
    return pd.DataFrame(rows, columns=columns)


def on_time_text(n: int, d: int) -> str:
    """`2/3 (66,7%)`, or `—` when nothing with a due date was due or done."""
    return f"{n}/{d} ({_percent(round(100 * n / d, 1))})" if d else "—"


def scorecards(status: Status, unit: str | None = None) -> pd.DataFrame:
    """Each unit's results (kết quả thực hiện của đơn vị) and its contact, in Vietnamese order of names."""
    people = status.plan.units.units
    rows = []
    for card in status.units:
        if unit is not None and card.unit != unit:
            continue
        who = people.get(card.unit)
        row: dict[str, object] = {
            "Đơn vị": card.name,
            "Người phụ trách": who.head if who else "",
            "Email": who.email if who else "",
            "Phần việc": card.assignments,
        }
        row.update({RISK_LABELS[r]: card.counts[r] for r in SEVERITY})
        row["Đúng hạn"] = on_time_text(card.on_time, card.on_time_divisor)
        row["Tham gia (nhiệm vụ)"] = card.contributions
        row["Cập nhật gần nhất"] = vn_date(card.last_update) or NO_ROW
        row["Số ngày từ lần cập nhật cuối"] = card.days_since_update
        rows.append(row)
    return pd.DataFrame(rows)


def unit_log(status: Status, unit: str | None = None) -> pd.DataFrame:
    """A unit's progress rows (every unit's when none is chosen) up to the as-of date, newest first,
    each with its part in the task (Chủ trì, Phối hợp, or Tham gia for a contribution)."""
    rows = status.plan.up_to(status.as_of).progress
    mine = clean_text(rows if unit is None else rows[rows["unit"] == unit])
    mine = mine.sort_values(["date", "row"], ascending=False)
    roles = {(a.task_id, a.unit): ROLE_LABELS[a.role] for a in status.assignments}
    parts = [roles.get((t, u), CONTRIBUTION) for t, u in zip(mine["task_id"], mine["unit"], strict=True)]
    names = status.plan.units.names()
    return pd.DataFrame(
        {
            "Ngày": mine["date"].dt.strftime("%d/%m/%Y"),
            "Đơn vị": mine["unit"].map(names),
            "Nhiệm vụ": mine["task_id"],
            "Phần việc": parts,
            "Trạng thái": mine["state"].map(STATE_NAMES),
            "Tiến độ (%)": mine["percent"],
            "Kết quả": mine["result"],
            "Kênh": mine["channel"],
            "Số lượng": mine["count"],
            "Đơn vị tính": mine["measure"].where(mine["count"].notna(), ""),
            "Minh chứng": mine["evidence"],
            "Dòng": mine["row"],
        }
    )


def report_text(report: Report) -> str:
    """One report to Sở Nội vụ in a sentence: sent (number, date), or its last day and what is left."""
    name = REPORT_LABELS[report.kind]
    if report.sent is not None:
        number = f" số {report.sent.number}" if report.sent.number else ""
        late = " (sau hạn)" if report.late else ""
        return f"{name} đã gửi Sở Nội vụ{number} ngày {vn_date(report.sent.date)}{late}."
    if report.days_left < 0:
        return f"{name} chưa gửi; hạn cuối là {vn_date(report.last_day)}, đã quá {-report.days_left} ngày."
    left = "hôm nay là ngày cuối" if report.days_left == 0 else f"còn {report.days_left} ngày"
    return (
        f"{name} gửi Sở Nội vụ: {left} (chậm nhất {vn_date(report.last_day)}, trước ngày "
        f"{vn_date(report.due)}). Số liệu từ {vn_date(report.period_start)} "
        f"đến {vn_date(report.period_end)}; "
        f"các đơn vị gửi báo cáo của mình và cập nhật tiến độ chậm nhất ngày {vn_date(report.unit_deadline)}."
    )


def next_report_text(status: Status) -> str:
    """The reports of the year up to the next one not yet sent: each sent (number, date) or past, then
    the next with its last day; when none is left, every report of the year."""
    report = next_report(status.reports)
    shown = [r for r in status.reports if report is None or r.last_day <= report.last_day]
    return " ".join(report_text(r) for r in shown)
