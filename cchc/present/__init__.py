"""Present: what pages and the CLI show, without Streamlit: tables (`views`, `todo`, `quality`,
`history_views`), Altair charts that never render (`charts`), and plain-text output (`textout`).

Public names load on first use (`cchc.vocab.lazy`).
"""

from __future__ import annotations

from cchc.vocab.lazy import exports

__all__, __getattr__ = exports(
    __name__,
    {
        "ATTENTION": "views",
        "CONTRIBUTION": "views",
        "Counts": "views",
        "FIELD_NAMES": "history_views",
        "NO_ROW": "views",
        "SHEET_LABELS": "quality",
        "Todo": "todo",
        "attendance_table": "views",
        "attention": "views",
        "deadlines": "views",
        "deleted_rows_table": "history_views",
        "duplicate_rows": "views",
        "edited_rows_table": "history_views",
        "freshness": "views",
        "freshness_chart": "charts",
        "issues_table": "quality",
        "issues_text": "textout",
        "matrix_chart": "charts",
        "new_rows_table": "history_views",
        "next_report_text": "views",
        "on_time_text": "views",
        "outputs_chart": "charts",
        "outputs_table": "views",
        "part_counts": "views",
        "parts_by_task": "views",
        "phrase": "views",
        "report_text": "views",
        "risk_by_unit": "views",
        "risk_by_unit_chart": "charts",
        "risk_changes_table": "history_views",
        "risk_color": "charts",
        "scorecards": "views",
        "short": "views",
        "snapshot_state": "history_views",
        "snapshots_table": "history_views",
        "status_text": "textout",
        "targets_table": "views",
        "task_counts": "views",
        "timeline_chart": "charts",
        "todo_list": "todo",
        "trend_chart": "charts",
        "unit_log": "views",
        "unit_matrix": "views",
    },
)
