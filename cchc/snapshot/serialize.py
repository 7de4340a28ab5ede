"""Status and plan as plain records: the JSON shapes of SPEC §8 and the snapshot tables."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

import pandas as pd

from cchc.assess.status import Status
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


def status_json(status: Status) -> dict[str, Any]:
    """The `status --format json` document."""
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
            "on_time_rate": card.on_time_rate,
        }
        units.append(_clean(record))
    return {
        "as_of": status.as_of.isoformat(),
        "source": source_record(plan),
        "plan": {"title": plan.settings.title or None, "year": plan.year},
        "assignments": [_clean({f: getattr(a, f) for f in ASSIGNMENT_FIELDS}) for a in status.assignments],
        "tasks": [_clean(asdict(t)) for t in status.tasks],
        "units": units,
        "reports": [_clean(asdict(r)) for r in status.reports],
        "issue_counts": status.issue_counts,
    }


def assignments_frame(status: Status) -> pd.DataFrame:
    """Assignments with their risk, one row each, in status order."""
    rows = [[iso(getattr(a, f)) for f in ASSIGNMENT_FIELDS] for a in status.assignments]
    return pd.DataFrame(rows, columns=list(ASSIGNMENT_FIELDS))


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
        "row",
    ]
    return pd.DataFrame(rows, columns=columns).astype({"target": "Int64"})


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
    s = plan.settings

    def dm(value: tuple[int, int]) -> str:
        return f"{value[0]:02d}/{value[1]:02d}"

    rows = [
        ("ten_ke_hoach", s.title),
        ("co_quan", s.agency),
        ("nam", str(plan.year)),
        ("han_bao_cao_6_thang", dm(s.half_year_due)),
        ("han_bao_cao_nam", dm(s.annual_due)),
        ("chot_so_lieu_6_thang", dm(s.half_year_cutoff)),
        ("chot_so_lieu_nam", dm(s.annual_cutoff)),
        ("chu_ky_cap_nhat", str(s.update_cycle)),
        ("canh_bao_truoc", str(s.warn_days)),
    ]
    return pd.DataFrame(rows, columns=["key", "value"])


def progress_frame(plan: Plan) -> pd.DataFrame:
    """Every valid progress row, normalized, with its sheet row number."""
    progress = plan.progress[list(COLUMNS)]  # the sheet's fields; derived columns stay out
    frame = clean_text(progress).assign(date=progress["date"].dt.strftime("%Y-%m-%d"))
    return frame.astype({"count": "Int64"})
