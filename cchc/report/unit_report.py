"""§11.3: a unit's own report to the Sở's leadership, up to the units' own deadline: its tasks, its
progress rows, its state on each, and its written assessment."""

from __future__ import annotations

from datetime import date, datetime, time

import pandas as pd

from cchc.assess.risk import Assignment
from cchc.assess.status import Status, assess
from cchc.report.common import (
    Letterhead,
    ReportDraft,
    agency_names,
    data_span,
    outlook,
    period_report,
    period_texts,
    place_date,
    plan_cited,
    review,
    spelled_out,
)
from cchc.report.facts import LATE, TaskResult, period_rows, task_results
from cchc.report.text import Item, Section, blank, content, numbered, own, period_words, state_at, timeframe
from cchc.validate.plan import Plan
from cchc.validate.units import Unit
from cchc.vocab.labels import ROLE_LABELS, vn_date


def _given(tasks: dict[str, TaskResult], parts: list[Assignment], helped: list[str]) -> list[Item]:
    """«Nhiệm vụ được giao»: the unit's parts, then the tasks it helped with unasked."""
    given = [
        Item(
            f"{content(tasks[a.task_id])} ({timeframe(tasks[a.task_id])}).",
            lead=f"Nhiệm vụ {a.task_id} ({ROLE_LABELS[a.role].lower()}): ",
            level=1,
        )
        for a in parts
    ] or [Item("Đơn vị không được giao chủ trì hay phối hợp nhiệm vụ nào của Kế hoạch.", level=1)]
    return given + [
        Item(f"{content(tasks[t])}.", lead=f"Nhiệm vụ {t} (tham gia): ", level=1)
        for t in helped
        if t in tasks
    ]


def _row_items(own_rows: pd.DataFrame) -> list[Item]:
    """One line a progress row: its day, its result and what it made."""
    found = []
    for day, result, channel, count, measure in zip(
        own_rows["date"],
        own_rows["result"],
        own_rows["channel"],
        own_rows["count"],
        own_rows["measure"],
        strict=True,
    ):
        where = f"{own(channel)}: " if isinstance(channel, str) and channel else ""
        made = f" ({where}{int(count)} {measure})" if pd.notna(count) else ""
        text = own(str(result)).rstrip(". ") or "Cập nhật tiến độ"
        found.append(Item(f"{vn_date(day.date())}: {text}{made}.", level=1))
    return found


def _task_done(task: TaskResult, own_rows: pd.DataFrame, code: str, end: date) -> list[Item]:
    """One task's rows of the unit, then the unit's state on it at `end`."""
    done = [Item(content(task), lead=f"Nhiệm vụ {task.task_id}. "), *_row_items(own_rows)]
    part = next((w for w in task.work if w.part.unit == code), None)
    if part is not None:
        done.append(Item(f"Tình hình đến ngày {vn_date(end)}: {state_at(task, part, end)}.", level=1))
    elif own_rows.empty:
        done.append(Item("Trong kỳ chưa có kết quả được báo cáo.", level=1))
    return done


def _sections(
    plan: Plan, period: str, year: int, code: str, status: Status, start: date
) -> tuple[Section, ...]:
    end = status.as_of
    rows = period_rows(status, start)
    mine = rows[rows["unit"] == code]
    tasks = {t.task_id: t for t in task_results(status, start, rows)}
    parts = [a for a in status.assignments if a.unit == code]
    helped = list(dict.fromkeys(c.task_id for c in status.contributions if c.unit == code))
    done = [
        item
        for task_id in [*(a.task_id for a in parts), *helped]
        if task_id in tasks
        for item in _task_done(tasks[task_id], mine[mine["task_id"] == task_id], code, end)
    ]
    late = [
        Item(f"Nhiệm vụ {t.task_id} ({content(t)}): {state_at(t, w, end)}.", level=1)
        for t in tasks.values()
        for w in t.work
        if w.part.unit == code and w.risk in LATE
    ]
    texts = period_texts(plan, period, year, code)
    return numbered(
        [
            ("NHIỆM VỤ ĐƯỢC GIAO", _given(tasks, parts, helped)),
            ("KẾT QUẢ THỰC HIỆN", done or [Item("Trong kỳ đơn vị chưa có dòng tiến độ.")]),
            ("ĐÁNH GIÁ", review(texts, late)),
            *outlook(texts, period, year, []),
        ]
    )


def _unit(plan: Plan, code: str) -> Unit:
    unit = plan.units.units.get(code)
    if unit is None:
        raise ValueError(f"no unit {code!r}")
    return unit


def unit_report(plan: Plan, period: str, year: int, code: str) -> ReportDraft:
    """§11.3: a unit's own report to the Sở's leadership, up to its own deadline."""
    unit = _unit(plan, code)
    report = period_report(plan, period, year)
    end = report.unit_deadline
    status = assess(plan, end)
    agency, _ = agency_names(plan)
    when = period_words(period, year)
    number = f"Số: …/{unit.symbol}" if unit.symbol else ""
    return ReportDraft(
        kind="unit",
        period=period,
        year=year,
        unit=code,
        period_start=report.period_start,
        period_end=end,
        letterhead=Letterhead(agency.upper(), own(unit.name).upper(), number, place_date(plan, end.year)),
        addressee=f"Kính gửi: Lãnh đạo {agency}",
        subject="Kết quả thực hiện Kế hoạch thông tin, tuyên truyền cải cách hành chính",
        period_name=when,
        intro=(
            f"Thực hiện {plan_cited(plan, agency)}, {own(unit.name)} báo cáo kết quả thực hiện {when} "
            f"{data_span(report.period_start, end)}"
        ),
        sections=spelled_out(_sections(plan, period, year, code, status, report.period_start)),
        appendix=None,
        recipients=(f"Lãnh đạo {agency}", "Bộ phận tổng hợp", f"Lưu: {own(unit.name)}"),
        signer_title=("THỦ TRƯỞNG ĐƠN VỊ",),
        signer=own(unit.head) or blank("họ và tên"),
        author=own(unit.name),
        created=datetime.combine(end, time()),
    )
