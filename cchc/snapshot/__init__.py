"""Snapshot: the frozen evidence. Export a dated snapshot (`export`, `store`), its tables and JSON
(`serialize`), why each was taken (`purpose`), and the history of snapshots compared row by row
(`history`, `history_rows`).
Snapshots are read back only through `cchc.sources`.

Public names load on first use (`cchc.vocab.lazy`).
"""

from __future__ import annotations

from cchc.vocab.lazy import exports

__all__, __getattr__ = exports(
    __name__,
    {
        "ASSIGNMENT_FIELDS": "serialize",
        "Comparison": "history",
        "EDIT_COLUMNS": "history_rows",
        "FIELDS": "history_rows",
        "KEY": "history_rows",
        "NUMBERS": "history_rows",
        "Purpose": "purpose",
        "RowChanges": "history",
        "RISK_CHANGE_COLUMNS": "history",
        "ROW_COLUMNS": "history_rows",
        "SAVED": "purpose",
        "STALE_AFTER": "export",
        "STATUS_FIELDS": "serialize",
        "SnapshotInfo": "history",
        "as_dates": "history_rows",
        "assignments_frame": "serialize",
        "check_target": "export",
        "comparable": "history_rows",
        "compare": "history",
        "compare_rows": "history",
        "compare_tables": "history",
        "csv_bytes": "export",
        "edits": "history_rows",
        "export_snapshot": "export",
        "in_vietnam": "purpose",
        "iso": "serialize",
        "issues_frame": "serialize",
        "list_snapshots": "history",
        "normalize": "history_rows",
        "outputs_record": "serialize",
        "pair_rows": "history_rows",
        "progress_frame": "serialize",
        "purpose_of": "purpose",
        "read_tables": "history",
        "remove_stale_staging": "export",
        "report_cutoff": "store",
        "report_purpose": "purpose",
        "risk_changes": "history",
        "settings_frame": "serialize",
        "snapshot_tables": "export",
        "snapshot_zip": "export",
        "source_record": "serialize",
        "status_json": "serialize",
        "take_report_snapshot": "store",
        "take_snapshot": "store",
        "tasks_frame": "serialize",
        "units_frame": "serialize",
        "zip_folder": "export",
    },
)
