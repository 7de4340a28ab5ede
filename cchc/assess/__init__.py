"""Assess: pure functions of a `Plan` and an as-of date: each assignment's risk and day counts
(`risk`), task and unit summaries (`status`), the reporting calendar (`schedule`), the weekly trend.

Public names load on first use (`cchc.vocab.lazy`).
"""

from __future__ import annotations

from cchc.vocab.lazy import exports

__all__, __getattr__ = exports(
    __name__,
    {
        "Assignment": "risk",
        "Contribution": "risk",
        "Latest": "risk",
        "OUTPUT_ROLES": "status",
        "Output": "status",
        "Outputs": "status",
        "PACE_SLACK": "risk",
        "RISKS": "risk",
        "RISK_COLUMNS": "trend",
        "Report": "schedule",
        "Scorecard": "status",
        "Sent": "schedule",
        "Status": "status",
        "TREND_COLUMNS": "trend",
        "TaskStatus": "status",
        "assess": "status",
        "assess_assignments": "risk",
        "assess_ongoing": "risk",
        "assess_risk": "risk",
        "contributions": "risk",
        "cycle_of": "risk",
        "default_as_of": "schedule",
        "expected_pace": "risk",
        "judge": "risk",
        "next_report": "schedule",
        "ordered_outputs": "status",
        "outputs": "status",
        "planned_pairs": "risk",
        "reports": "schedule",
        "risks_by_day": "trend",
        "summarize": "risk",
        "up_to": "trend",
        "week_ends": "trend",
        "weekly_trend": "trend",
        "worst": "risk",
    },
)
