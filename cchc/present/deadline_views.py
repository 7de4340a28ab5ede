"""What «Thời hạn» shows, as plain tables: task windows against the pace, units' parts that differ,
ongoing parts' freshness, and outputs (sản phẩm tuyên truyền) by task, channel and measure."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from cchc.assess.risk import expected_pace
from cchc.assess.status import OUTPUT_ROLES, Outputs, Status, outputs
from cchc.present.views import NO_ROW, involved, phrase, unit_parts
from cchc.vocab.labels import RISK_LABELS, ROLE_LABELS, vn_date
from cchc.vocab.terms import Role


def deadlines(status: Status, unit: str | None = None) -> pd.DataFrame:
    """Tasks with a due date (a unit's: those it has a part in): their window, lead progress against
    the straight-line pace at `as_of`."""
    rows = []
    mine = {a.task_id for a in unit_parts(status, unit)}
    for task in status.tasks:
        if task.ongoing or task.due is None or task.task_id not in mine:
            continue
        leads = [a for a in status.assignments if a.task_id == task.task_id and a.role == Role.LEAD]
        percents = [a.percent for a in leads if a.percent is not None]
        done = bool(leads) and all(a.state == "done" for a in leads)
        rows.append(
            {
                "Nhiệm vụ": task.task_id,
                "Nội dung": task.content,
                "Bắt đầu": pd.Timestamp(task.start),
                "Hạn": pd.Timestamp(task.due),
                "Tiến độ (%)": 100.0 if done else (min(percents) if percents else None),
                "Theo kế hoạch (%)": round(expected_pace(task.start, task.due, status.as_of), 1),
                "risk": task.risk,
                "Tình trạng": RISK_LABELS[task.risk],
            }
        )
    columns = ["Nhiệm vụ", "Nội dung", "Bắt đầu", "Hạn", "Tiến độ (%)", "Theo kế hoạch (%)", "risk"]
    return pd.DataFrame(rows, columns=[*columns, "Tình trạng"])


def parts_by_task(status: Status, unit: str | None = None) -> pd.DataFrame:
    """Each unit's part of a task with a due date where it differs from the task's own risk."""
    names = {card.unit: card.name for card in status.units}
    risks = {t.task_id: t.risk for t in status.tasks if not t.ongoing}
    rows = [
        {
            "Nhiệm vụ": a.task_id,
            "Đơn vị": names.get(a.unit, a.unit),
            "Phần việc": ROLE_LABELS[a.role],
            "Tình trạng": RISK_LABELS[a.risk],
            "Vì sao": phrase(a),
            "risk": a.risk,
        }
        for a in unit_parts(status, unit)
        if a.task_id in risks and a.risk != risks[a.task_id]
    ]
    return pd.DataFrame(rows, columns=["Nhiệm vụ", "Đơn vị", "Phần việc", "Tình trạng", "Vì sao", "risk"])


def freshness(status: Status, unit: str | None = None) -> pd.DataFrame:
    """Ongoing units' parts: days since the last row against the task's update cycle."""
    name = status.plan.units.name
    rows = [
        {
            "Phần việc": f"NV {a.task_id} · {name(a.unit)}",
            "Nhiệm vụ": a.task_id,
            "Đơn vị": name(a.unit),
            "Số ngày từ lần cập nhật cuối": a.days_since_update,
            "Chu kỳ (ngày)": a.cycle,
            "Cập nhật gần nhất": vn_date(a.last_update) or NO_ROW,
            "risk": a.risk,
            "Tình trạng": RISK_LABELS[a.risk],
        }
        for a in unit_parts(status, unit)
        if a.ongoing
    ]
    columns = ["Phần việc", "Nhiệm vụ", "Đơn vị", "Số ngày từ lần cập nhật cuối", "Chu kỳ (ngày)"]
    return pd.DataFrame(rows, columns=[*columns, "Cập nhật gần nhất", "risk", "Tình trạng"])


OUTPUT_COLUMNS = ["Nhiệm vụ", "Kênh", "Đơn vị tính", "Đơn vị chủ trì", "Đơn vị phối hợp", "Đơn vị tham gia"]
NO_CHANNEL = "(không ghi kênh)"


def _unit_rows(status: Status, unit: str | None) -> pd.DataFrame:
    """A unit's (every unit's without one) counted progress rows, from the start of the reporting
    year to the as-of date."""
    rows = status.plan.up_to(status.as_of).progress
    counted = rows[rows["date"] >= pd.Timestamp(status.plan.window.start)]
    return counted if unit is None else counted[counted["unit"] == unit]


def _led(status: Status, unit: str) -> set[str]:
    """The tasks a unit leads."""
    return {a.task_id for a in unit_parts(status, unit) if a.role == Role.LEAD}


Key = tuple[str, str, str]  # a row of the outputs table: task, channel, measure


def _output_rows(found: Iterable[tuple[str, Outputs]]) -> dict[Key, dict[str, object]]:
    """The outputs table's rows from tasks' outputs, each kind of output in its own column."""
    rows: dict[Key, dict[str, object]] = {}
    for task_id, kinds in found:
        for role, column in zip(OUTPUT_ROLES, OUTPUT_COLUMNS[3:], strict=True):
            for o in getattr(kinds, role):
                key = (task_id, o.channel or NO_CHANNEL, o.measure)
                row = rows.setdefault(key, _empty_row(key))
                row[column] = o.count
    return rows


def _empty_row(key: Key) -> dict[str, object]:
    return dict(zip(OUTPUT_COLUMNS[:3], key, strict=True)) | dict.fromkeys(OUTPUT_COLUMNS[3:], 0)


def _typed_order(status: Status, unit: str) -> list[Key]:
    """A unit's (task, channel, measure) in the order it first typed them with a count."""
    rows = _unit_rows(status, unit)
    rows = rows[rows["count"].notna()]
    keys = zip(rows["task_id"].astype(str), rows["channel"].fillna(NO_CHANNEL), rows["measure"], strict=True)
    return list(dict.fromkeys(keys))


def _own_outputs(status: Status, unit: str) -> pd.DataFrame:
    """A unit's own outputs per task, channel and measure, in the column of its part in the task."""
    found = outputs(status.plan, status.plan.window.start, status.as_of, unit)
    rows = _output_rows(found.items())
    # A unit's table keeps the order its rows were typed in (a sum of zero shows as a row of zeros).
    ordered = [rows.get(key, _empty_row(key)) for key in _typed_order(status, unit)]
    return pd.DataFrame(ordered, columns=OUTPUT_COLUMNS)


def outputs_table(status: Status, unit: str | None = None) -> pd.DataFrame:
    """Outputs (sản phẩm tuyên truyền) since the start of the reporting year, per task, channel and
    measure; the leads' figure is the task's output, support and contributions are counted apart.
    With `unit`, only that unit's own rows, in the column of its part in each task."""
    if unit is not None:
        return _own_outputs(status, unit)
    rows = _output_rows((t.task_id, t.outputs) for t in status.tasks)
    return pd.DataFrame(list(rows.values()), columns=OUTPUT_COLUMNS)


def duplicate_rows(status: Status, unit: str | None = None) -> int:
    """Rows counted in the outputs (from the start of the reporting year to the as-of date; a unit's
    own with `unit`) that may repeat an earlier row (`progress.possible_duplicate`)."""
    counted = set(_unit_rows(status, unit)["row"])
    return sum(1 for i in status.plan.issues if i.code == "progress.possible_duplicate" and i.row in counted)


def targets_table(status: Status, unit: str | None = None) -> pd.DataFrame:
    """Tasks with a target (`Chỉ tiêu`): the leads' output in the task's main measure against it."""
    rows = []
    shown = involved(status, unit)
    for task in status.tasks:
        if task.target is None or task.task_id not in shown:
            continue
        measure = task.outputs.main_measure
        done = task.outputs.lead_in(measure)
        rows.append(
            {
                "Nhiệm vụ": task.task_id,
                "Đơn vị tính": measure or "",
                "Đã thực hiện": done,
                "Chỉ tiêu": task.target,
                "Đạt (%)": round(100 * done / task.target, 1) if task.target else None,
            }
        )
    return pd.DataFrame(rows, columns=["Nhiệm vụ", "Đơn vị tính", "Đã thực hiện", "Chỉ tiêu", "Đạt (%)"])


def attendance_table(status: Status, unit: str | None = None) -> pd.DataFrame:
    """People who attended the lead units' conferences and dialogues, per task (only tasks with some);
    with `unit`, those of the conferences it held as a lead unit."""
    if unit is not None:
        own = _unit_rows(status, unit)
        people = own[own["task_id"].isin(_led(status, unit)) & own["attendance"].notna()]
        sums = people.assign(task_id=people["task_id"].astype(str)).groupby("task_id", sort=False)[
            "attendance"
        ]
        held = [{"Nhiệm vụ": t, "Số người tham dự": int(n)} for t, n in sums.sum().items() if n]
        return pd.DataFrame(held, columns=["Nhiệm vụ", "Số người tham dự"])
    shown = involved(status, unit)
    rows = [
        {"Nhiệm vụ": t.task_id, "Số người tham dự": t.outputs.attendance}
        for t in status.tasks
        if t.outputs.attendance and t.task_id in shown
    ]
    return pd.DataFrame(rows, columns=["Nhiệm vụ", "Số người tham dự"])
