"""Status and plan as plain records: the JSON shapes of SPEC §8 and the snapshot tables."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

import pandas as pd

from cchc.assess.schedule import Report
from cchc.assess.status import Output, Outputs, Status, TaskStatus
from cchc.validate.plan import Plan
from cchc.validate.progress import COLUMNS, clean_text

ASSIGNMENT_FIELDS = (
    "task_id",
    "unit",
    "role",
    "due",
    "ongoing",
    "state",
    "percent",
    "last_update",
    "completed_on",
    "risk",
)


def iso(value: object) -> object:
    """Dates as ISO text, everything else unchanged."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    return {k: iso(v) for k, v in record.items()}


def source_record(plan: Plan) -> dict[str, Any]:
    """Where the data came from (never any secret)."""
    return {
        "kind": plan.kind,
        "name": plan.name,
        "read_at": plan.read_at.isoformat(timespec="seconds"),
        "stale": plan.stale,
        "stale_reason": plan.stale_reason,
    }


def _outputs(found: tuple[Output, ...]) -> list[dict[str, Any]]:
    return [{"channel": o.channel, "measure": o.measure, "count": o.count} for o in found]


def outputs_record(outputs: Outputs) -> dict[str, Any]:
    """A task's outputs as SPEC §8 writes them: lead, support and contributions apart, attendance."""
    return {
        "lead": _outputs(outputs.lead),
        "support": _outputs(outputs.support),
        "contributions": _outputs(outputs.contributions),
        "attendance": outputs.attendance,
    }


def _task(task: TaskStatus) -> dict[str, Any]:
    record = {
        "task_id": task.task_id,
        "content": task.content,
        "start": task.start,
        "due": task.due,
        "ongoing": task.ongoing,
        "risk": task.risk,
    }
    return _clean(record) | {"outputs": outputs_record(task.outputs), "target": task.target}


def _report(report: Report) -> dict[str, Any]:
    record = asdict(report)
    sent = report.sent
    return _clean(record) | {"sent": None if sent is None else _clean(asdict(sent))}


def status_json(status: Status) -> dict[str, Any]:
    """The `status --format json` document (SPEC §8)."""
    plan = status.plan
    units = []
    for card in status.units:
        record = {
            "unit": card.unit,
            "name": card.name,
            "assignments": card.assignments,
            **{str(risk): n for risk, n in card.counts.items()},
            "last_update": card.last_update,
            "days_since_update": card.days_since_update,
            "contributions": card.contributions,
            "on_time": {"n": card.on_time, "d": card.on_time_divisor},
            "on_time_rate": card.on_time_rate,
        }
        units.append(_clean(record))
    return {
        "as_of": status.as_of.isoformat(),
        "source": source_record(plan),
        "plan": {"title": plan.settings.title or None, "year": plan.year},
        "assignments": [_clean({f: getattr(a, f) for f in ASSIGNMENT_FIELDS}) for a in status.assignments],
        "contributions": [_clean(asdict(c)) for c in status.contributions],
        "tasks": [_task(t) for t in status.tasks],
        "units": units,
        "reports": [_report(r) for r in status.reports],
        "issue_counts": status.issue_counts,
    }


# A snapshot's `status.csv` adds each assignment's window start and update cycle to the JSON fields.
STATUS_FIELDS = (*ASSIGNMENT_FIELDS, "start", "cycle")


def assignments_frame(status: Status, fields: tuple[str, ...] = ASSIGNMENT_FIELDS) -> pd.DataFrame:
    """Assignments with their risk, one row each, in status order."""
    rows = [[iso(getattr(a, f)) for f in fields] for a in status.assignments]
    return pd.DataFrame(rows, columns=list(fields))


def issues_frame(plan: Plan) -> pd.DataFrame:
    """Every issue as a table."""
    columns = ["severity", "sheet", "row", "column", "cell", "code", "message", "value"]
    return pd.DataFrame([i.to_dict() for i in plan.issues], columns=columns)


def tasks_frame(plan: Plan) -> pd.DataFrame:
    """The plan's tasks, normalized."""
    rows = [
        {
            "task_id": t.task_id,
            "content": t.content,
            "timeframe": t.timeframe,
            "due": iso(t.due),
            "ongoing": t.due is None,
            "leads": ";".join(t.leads),
            "supports": ";".join(t.supports),
            "form": t.form,
            "target": t.target,
            "start": iso(t.start),
            "cycle": t.cycle,
            "row": t.row,
        }
        for t in plan.tasks
    ]
    columns = [
        "task_id",
        "content",
        "timeframe",
        "due",
        "ongoing",
        "leads",
        "supports",
        "form",
        "target",
        "start",
        "cycle",
        "row",
    ]
    return pd.DataFrame(rows, columns=columns).astype({"target": "Int64", "cycle": "Int64"})


def units_frame(plan: Plan) -> pd.DataFrame:
    """The units, in Vietnamese order."""
    rows = [
        {
            "unit": u.code,
            "name": u.name,
            "aliases": ";".join(u.aliases),
            "head": u.head,
            "email": u.email,
            "row": u.row,
        }
        for u in plan.units.ordered()
    ]
    return pd.DataFrame(rows, columns=["unit", "name", "aliases", "head", "email", "row"])


def settings_frame(plan: Plan) -> pd.DataFrame:
    """The settings in force (defaults filled in)."""
    return pd.DataFrame(plan.settings.as_rows(), columns=["key", "value"])


def progress_frame(plan: Plan) -> pd.DataFrame:
    """Every valid progress row, normalized, with its sheet row number."""
    progress = plan.progress[list(COLUMNS)].sort_values("row")  # sheet order; only the sheet's fields
    frame = clean_text(progress).assign(date=progress["date"].dt.strftime("%Y-%m-%d"))
    return frame.astype({"count": "Int64"})
