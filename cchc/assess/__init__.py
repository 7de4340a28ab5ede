"""Assess: pure functions of a `Plan` and an as-of date: each assignment's risk and day counts
(`risk`), task and unit summaries (`status`), the reporting calendar (`schedule`), the weekly trend.

Public names load lazily (PEP 562), so importing one stage never loads another's libraries.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "Assignment": "risk",
    "Latest": "risk",
    "NO_CHANNEL": "status",
    "PACE_SLACK": "risk",
    "RISKS": "risk",
    "RISK_COLUMNS": "trend",
    "Report": "schedule",
    "Scorecard": "status",
    "Status": "status",
    "TREND_COLUMNS": "trend",
    "TaskStatus": "status",
    "assess": "status",
    "assess_assignments": "risk",
    "assess_ongoing": "risk",
    "assess_risk": "risk",
    "default_as_of": "schedule",
    "expected_pace": "risk",
    "next_report": "schedule",
    "outputs": "status",
    "reports": "schedule",
    "risks_by_day": "trend",
    "summarize": "risk",
    "up_to": "trend",
    "week_ends": "trend",
    "weekly_trend": "trend",
    "worst": "risk",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
