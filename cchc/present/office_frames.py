"""«Bảng tổng hợp»'s sheets copied from the pages' own tables: outputs, targets and data issues."""

from __future__ import annotations

import pandas as pd

from cchc.assess.status import Status
from cchc.present.deadline_views import outputs_table, targets_table
from cchc.present.office_cells import Link, Table, Value, task_no
from cchc.present.office_sheets import task_scope
from cchc.present.quality import issues_table
from cchc.vocab.text import first_upper


def _frame_rows(frame: pd.DataFrame, scope: set[str]) -> list[list[Value]]:
    """A view's rows as plain cells (numpy numbers as Python ones), only the tasks in `scope`."""
    kept = frame[frame["Nhiệm vụ"].isin(scope)].astype(object)
    rows = kept.where(kept.notna(), None).to_numpy().tolist()
    return [[task_no(row[0]), *(v.item() if hasattr(v, "item") else v for v in row[1:])] for row in rows]


def outputs(status: Status, unit: str | None) -> list[Table]:
    """«Sản phẩm»: the tasks' outputs by channel and measure, then the targets they are held to."""
    scope, found, targets = task_scope(status, unit), outputs_table(status), targets_table(status)
    title = "Chỉ tiêu: sản phẩm của các đơn vị chủ trì, tính theo đơn vị tính chính của nhiệm vụ"
    return [
        Table(list(found.columns), _frame_rows(found, scope)),
        Table([*targets.columns[:-1], "Đạt"], _frame_rows(targets, scope), title),
    ]


def issues(status: Status, unit: str | None) -> Table:
    """«Lỗi dữ liệu»: the read's issues (a unit's: those of its rows), each cell a link when it can be."""
    found = issues_table(status.plan, unit)  # «Đơn vị» already names each unit
    links = found["Mở ô"] if "Mở ô" in found.columns else pd.Series("", index=found.index)
    headers = ["Mức", "Trang tính", "Ô", "Cột", "Đơn vị", "Vấn đề và cách sửa", "Giá trị"]
    rows: list[list[Value]] = [
        [
            level,
            tab,
            Link(cell, url) if url and cell else cell,
            column,
            who,
            first_upper(text),
            value,
        ]
        for (level, tab, cell, column, who, text, value), url in zip(
            found[headers].itertuples(index=False), links, strict=True
        )
    ]
    return Table(headers, rows)
