"""`Chất lượng dữ liệu`: the issues as a table with their cells, filterable, with links to Google cells."""

from __future__ import annotations

import pandas as pd

from cchc.sources.spec import cell_link, spreadsheet_id
from cchc.validate.plan import Plan
from cchc.vocab.issues import Issue
from cchc.vocab.labels import SEVERITY_LABELS

SHEET_LABELS = {"settings": "Cấu hình", "units": "Đơn vị", "tasks": "Nhiệm vụ", "progress": "Tiến độ"}


def _row_unit(issue: Issue, plan: Plan) -> str | None:
    return plan.issue_units.get(issue.row or 0) if issue.sheet == "progress" else None


def _shown(
    issue: Issue, unit: str | None, row_unit: str | None, sheet: str | None, severity: str | None
) -> bool:
    mismatch = (
        (unit and row_unit != unit)
        or (sheet and issue.sheet != sheet)
        or (severity and issue.severity != severity)
    )
    return not mismatch


def issues_table(
    plan: Plan, unit: str | None = None, sheet: str | None = None, severity: str | None = None
) -> pd.DataFrame:
    """Data issues with their cells, filtered by unit (progress rows), tab and severity.

    For a Google Sheet, `Mở ô` links to each issue's cell.
    """
    key = spreadsheet_id(plan.name) if plan.gids else None
    rows = []
    for issue in plan.issues:
        row_unit = _row_unit(issue, plan)
        if not _shown(issue, unit, row_unit, sheet, severity):
            continue
        record: dict[str, str | None] = {
            "Mức": SEVERITY_LABELS[issue.severity],
            "Trang tính": plan.tabs.get(issue.sheet or "", SHEET_LABELS.get(issue.sheet or "", "")),
            "Ô": issue.cell or "",
        }
        if key:
            record["Mở ô"] = cell_link(key, plan.gids.get(issue.sheet or ""), issue.cell)
        record |= {
            "Cột": issue.column or "",
            "Đơn vị": plan.units.name(row_unit) if row_unit else "",
            "Vấn đề và cách sửa": issue.text or issue.message,
            "Giá trị": issue.value,
            "Mã lỗi": issue.code,
        }
        rows.append(record)
    columns = [
        "Mức",
        "Trang tính",
        "Ô",
        *(["Mở ô"] if key else []),
        "Cột",
        "Đơn vị",
        "Vấn đề và cách sửa",
        "Giá trị",
    ]
    return pd.DataFrame(rows, columns=[*columns, "Mã lỗi"])
