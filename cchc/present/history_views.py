"""The history page's tables: snapshots and a comparison of two, with Vietnamese headers and values."""

from __future__ import annotations

import pandas as pd

from cchc.snapshot.history import Comparison, SnapshotInfo
from cchc.vocab.labels import RISK_LABELS, ROLE_LABELS, STATE_NAMES, vn_date, vn_number

FIELD_NAMES = {
    "date": "Ngày cập nhật",
    "task_id": "Mã nhiệm vụ",
    "unit": "Đơn vị",
    "state": "Trạng thái",
    "percent": "Tiến độ (%)",
    "result": "Kết quả",
    "channel": "Kênh",
    "count": "Số lượng",
    "evidence": "Minh chứng",
    "note": "Ghi chú",
    "reporter": "Người cập nhật",
}


def _label(mapping: dict[str, str], value: object) -> str:
    return mapping.get(str(value), "") if isinstance(value, str) else ""


def _percent(value: object) -> str:
    try:
        return vn_number(float(str(value))) if value not in (None, "") else ""
    except ValueError:
        return str(value)


def snapshot_state(info: SnapshotInfo) -> str:
    """Whether a snapshot still holds exactly what was exported (only then is it evidence)."""
    if not info.altered:
        return "Nguyên vẹn"
    return f"Đã bị sửa sau khi xuất: {info.altered} {info.damage or ''}".rstrip()


def snapshots_table(found: list[SnapshotInfo]) -> pd.DataFrame:
    """One line per snapshot, newest first; `Tình trạng` marks one altered after its export."""
    rows = [
        {
            "Tính đến": vn_date(info.as_of),
            "Chốt lúc": f"{info.created_at:%H:%M %d/%m/%Y}",
            "Nguồn": info.source_name,
            "Dòng tiến độ": info.rows.get("progress.csv"),  # none without a readable manifest
            "Tình trạng": snapshot_state(info),
            "Thư mục": info.name,
        }
        for info in found
    ]
    columns = ["Tính đến", "Chốt lúc", "Nguồn", "Dòng tiến độ", "Tình trạng", "Thư mục"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"Dòng tiến độ": "Int64"})


def risk_changes_table(comparison: Comparison) -> pd.DataFrame:
    frame = comparison.risk_changes
    return pd.DataFrame(
        {
            "Nhiệm vụ": frame["task_id"],
            "Đơn vị": frame["unit"],
            "Vai trò": frame["role"].map(lambda v: _label(ROLE_LABELS, v)),
            "Tình trạng trước": frame["risk_before"].map(lambda v: _label(RISK_LABELS, v) or "(chưa có)"),
            "Tình trạng sau": frame["risk_after"].map(lambda v: _label(RISK_LABELS, v) or "(không còn)"),
            "Trạng thái trước": frame["state_before"].map(lambda v: _label(STATE_NAMES, v)),
            "Trạng thái sau": frame["state_after"].map(lambda v: _label(STATE_NAMES, v)),
        }
    )


def _rows_table(frame: pd.DataFrame) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "Dòng": frame["row"],
            "Ngày cập nhật": frame["date"].map(vn_date),
            "Nhiệm vụ": frame["task_id"],
            "Đơn vị": frame["unit"],
            "Trạng thái": frame["state"].map(lambda v: _label(STATE_NAMES, v)),
            "Tiến độ (%)": frame["percent"].map(_percent),
            "Kết quả": frame["result"],
            "Người cập nhật": frame["reporter"],
        }
    )
    if "backdated" in frame:
        table["Ghi lùi ngày"] = frame["backdated"].map(lambda v: "Có" if v else "")
    return table


def new_rows_table(comparison: Comparison) -> pd.DataFrame:
    """New progress rows; `Ghi lùi ngày` marks those dated on or before the older snapshot."""
    return _rows_table(comparison.new_rows)


def deleted_rows_table(comparison: Comparison) -> pd.DataFrame:
    return _rows_table(comparison.deleted_rows)


def edited_rows_table(comparison: Comparison) -> pd.DataFrame:
    """One line per changed cell of a row that existed in the older snapshot: history rewritten."""
    frame = comparison.edited_rows
    return pd.DataFrame(
        {
            "Dòng (trước → sau)": [
                f"{a} → {b}" for a, b in zip(frame["row_before"], frame["row_after"], strict=True)
            ],
            "Nhiệm vụ": frame["task_id"],
            "Đơn vị": frame["unit"],
            "Ngày cập nhật": frame["date"].map(vn_date),
            "Ô đã sửa": frame["field"].map(lambda v: FIELD_NAMES.get(str(v), str(v))),
            "Trước": frame["before"],
            "Sau": frame["after"],
            "Người cập nhật": frame["reporter"],
        }
    )
