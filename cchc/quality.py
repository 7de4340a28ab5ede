"""`Chất lượng dữ liệu`: the issues as a table with their cells, filterable, with links to Google cells."""

from __future__ import annotations

import pandas as pd

from cchc.issues import Issue
from cchc.labels import SEVERITY_LABELS
from cchc.plan import Plan
from cchc.sources.gsheet_spec import cell_link, spreadsheet_id

SHEET_LABELS = {"settings": "Cấu hình", "units": "Đơn vị", "tasks": "Nhiệm vụ", "progress": "Tiến độ"}


def issues_table(
    plan: Plan, unit: str | None = None, sheet: str | None = None, severity: str | None = None
) -> pd.DataFrame:
    """Data issues with their cells, filtered by unit (progress rows), tab and severity."""
    rows = []
    for issue in plan.issues:
        if not _shown(issue, plan, unit, sheet, severity):
            continue
        row_unit = plan.issue_units.get(issue.row or 0) if issue.sheet == "progress" else None
        rows.append(
            {
                "Mức": SEVERITY_LABELS[issue.severity],
                "Tab": plan.tabs.get(issue.sheet or "", SHEET_LABELS.get(issue.sheet or "", "")),
                "Ô": issue.cell or "",
                "Cột": issue.column or "",
                "Đơn vị": row_unit or "",
                "Vấn đề và cách sửa": issue.text or issue.message,
                "Giá trị": issue.value,
                "Mã lỗi": issue.code,
            }
        )
    columns = ["Mức", "Tab", "Ô", "Cột", "Đơn vị", "Vấn đề và cách sửa", "Giá trị", "Mã lỗi"]
    table = pd.DataFrame(rows, columns=columns)
    key = spreadsheet_id(plan.name)
    if key and plan.gids:
        sheets = [i.sheet for i in plan.issues if _shown(i, plan, unit, sheet, severity)]
        links = [
            cell_link(key, plan.gids.get(s or ""), c or None) for s, c in zip(sheets, table["Ô"], strict=True)
        ]
        table.insert(3, "Mở ô", pd.Series(links, index=table.index, dtype=object))
    return table


def _shown(issue: Issue, plan: Plan, unit: str | None, sheet: str | None, severity: str | None) -> bool:
    row_unit = plan.issue_units.get(issue.row or 0) if issue.sheet == "progress" else None
    mismatch = (
        (unit and row_unit != unit)
        or (sheet and issue.sheet != sheet)
        or (severity and issue.severity != severity)
    )
    return not mismatch
