"""Snapshots and what changed, for people: the history page's tables (snapshots, a comparison of two,
edited cells in words) and the sentence saying what changed after a report was sent (Tổng quan and
Lịch sử), with Vietnamese headers and values.

A snapshot is named for people by why it was taken («Chốt số liệu báo cáo 6 tháng 2017», «Lưu lúc
14/06/2017 08:30», `cchc.snapshot.purpose`), every moment in Việt Nam time; its folder name is only
the program's key and never shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import pandas as pd

from cchc.snapshot.history import Comparison, RowChanges, SnapshotInfo
from cchc.snapshot.purpose import Purpose, vn_time
from cchc.snapshot.sent_changes import SentChange
from cchc.validate.reports import SentReport
from cchc.vocab.labels import PERIOD_WORDS, RISK_LABELS, ROLE_LABELS, STATE_NAMES, vn_date, vn_number
from cchc.vocab.schema import PROGRESS

# a progress.csv column's header in the sheet (the sheet's `task` is read into `task_id`)
FIELD_NAMES = {("task_id" if f.key == "task" else f.key): f.header for f in PROGRESS.fields}


def _label(mapping: dict[str, str], value: object) -> str:
    return mapping.get(str(value), "") if isinstance(value, str) else ""


def _percent(value: object) -> str:
    try:
        return vn_number(float(str(value))) if value not in (None, "") else ""
    except ValueError:
        return str(value)


def purpose_label(purpose: Purpose, created_at: datetime) -> str:
    """What a snapshot is, in words: «Chốt số liệu báo cáo 6 tháng 2017», or «Lưu lúc dd/mm/yyyy HH:MM»."""
    if purpose.kind == "report" and purpose.report in PERIOD_WORDS:
        return f"Chốt số liệu báo cáo {PERIOD_WORDS[purpose.report]} {purpose.year}"
    return f"Lưu lúc {vn_time(created_at)}"


def snapshot_label(info: SnapshotInfo) -> str:
    """A snapshot's name for people (its folder name is only the program's key)."""
    return purpose_label(info.purpose, info.created_at)


def snapshot_choices(found: Iterable[SnapshotInfo]) -> dict[str, str]:
    """Each snapshot's key (its folder path) and a label no other snapshot in the list has."""
    labels = []
    for info in found:
        when = f", chốt lúc {vn_time(info.created_at)}" if info.purpose.kind == "report" else ""
        label = f"{snapshot_label(info)} (tính đến {vn_date(info.as_of)}{when})"
        labels.append((str(info.path), label + (" · đã bị sửa sau khi xuất" if info.altered else "")))
    return dict(zip([key for key, _ in labels], _unique([label for _, label in labels]), strict=True))


def _unique(labels: list[str]) -> list[str]:
    """Labels (newest first) with «(2)», «(3)»… on a repeat, numbered from the oldest, so that a
    snapshot keeps its name when a later one is taken."""
    seen: list[str] = []
    for label in reversed(labels):
        unique, n = label, 2
        while unique in seen:
            unique, n = f"{label} ({n})", n + 1
        seen.append(unique)
    return seen[::-1]


def named(message: str, choices: dict[str, str]) -> str:
    """A message with every snapshot folder it quotes replaced by the snapshot's label."""
    for key in sorted(choices, key=len, reverse=True):  # a longer path before one it starts with
        message = message.replace(key, choices[key])
    return message


def _source(info: SnapshotInfo) -> str:
    """Where a snapshot's data came from (a snapshot of a snapshot is not named by its folder)."""
    return {"sample": "Dữ liệu mẫu", "snapshot": "Bản chốt số liệu"}.get(info.source_kind, info.source_name)


def snapshot_state(info: SnapshotInfo) -> str:
    """Whether a snapshot still holds exactly what was exported (only then is it evidence)."""
    if not info.altered:
        return "Nguyên vẹn"
    return f"Đã bị sửa sau khi xuất: {info.altered} {info.damage or ''}".rstrip()


def snapshots_table(found: list[SnapshotInfo]) -> pd.DataFrame:
    """One line per snapshot, newest first: what it is, its as-of date, when it was taken (Việt Nam
    time), and `Tình trạng`, which marks one altered after its export."""
    names = _unique([snapshot_label(info) for info in found])
    rows = [
        {
            "Bản chốt số liệu": name,
            "Tính đến": vn_date(info.as_of),
            "Chốt lúc": vn_time(info.created_at),
            "Tình trạng": snapshot_state(info),
            "Nguồn": _source(info),
            "Dòng tiến độ": info.rows.get("progress.csv"),  # none without a readable manifest
        }
        for info, name in zip(found, names, strict=True)
    ]
    columns = ["Bản chốt số liệu", "Tính đến", "Chốt lúc", "Tình trạng", "Nguồn", "Dòng tiến độ"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"Dòng tiến độ": "Int64"})


def _units(frame: pd.DataFrame, names: dict[str, str]) -> pd.Series:
    """Units by their names where the plan knows them (a unit dropped since keeps its code)."""
    return frame["unit"].map(lambda code: names.get(code, code))


def risk_changes_table(comparison: Comparison, names: dict[str, str]) -> pd.DataFrame:
    frame = comparison.risk_changes
    return pd.DataFrame(
        {
            "Nhiệm vụ": frame["task_id"],
            "Đơn vị": _units(frame, names),
            "Phần việc": frame["role"].map(lambda v: _label(ROLE_LABELS, v)),
            "Tình trạng trước": frame["risk_before"].map(lambda v: _label(RISK_LABELS, v) or "(chưa có)"),
            "Tình trạng sau": frame["risk_after"].map(lambda v: _label(RISK_LABELS, v) or "(không còn)"),
            "Trạng thái trước": frame["state_before"].map(lambda v: _label(STATE_NAMES, v)),
            "Trạng thái sau": frame["state_after"].map(lambda v: _label(STATE_NAMES, v)),
        }
    )


def _rows_table(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "Dòng": frame["row"],
            "Ngày cập nhật": frame["date"].map(vn_date),
            "Nhiệm vụ": frame["task_id"],
            "Đơn vị": _units(frame, names),
            "Trạng thái": frame["state"].map(lambda v: _label(STATE_NAMES, v)),
            "Tiến độ (%)": frame["percent"].map(_percent),
            "Kết quả": frame["result"],
            "Người cập nhật": frame["reporter"],
        }
    )
    if "backdated" in frame:
        table["Ghi lùi ngày"] = frame["backdated"].map(lambda v: "Có" if v else "")
    return table


def new_rows_table(comparison: RowChanges, names: dict[str, str]) -> pd.DataFrame:
    """New progress rows; `Ghi lùi ngày` marks those dated on or before the older snapshot."""
    return _rows_table(comparison.new_rows, names)


def deleted_rows_table(comparison: RowChanges, names: dict[str, str]) -> pd.DataFrame:
    return _rows_table(comparison.deleted_rows, names)


def cell_words(field: str, value: object, names: dict[str, str]) -> str:
    """An edited cell's value as people read it: units and states by name, dates dd/mm/yyyy."""
    text = str(value)
    if field == "unit":
        return names.get(text, text)
    if field == "state":
        return STATE_NAMES.get(text, text)
    if field in ("date", "completed_on") and text:
        return vn_date(date.fromisoformat(text))
    return text


def edited_rows_table(comparison: RowChanges, names: dict[str, str], in_words: bool = False) -> pd.DataFrame:
    """One line per changed cell of a row that existed in the older snapshot: history rewritten;
    `in_words`: the cells' values too (units and states by name, dates dd/mm/yyyy)."""
    frame = comparison.edited_rows
    fields = frame["field"].astype(str)

    def shown(side: pd.Series) -> pd.Series:
        if not in_words:
            return side
        words = [cell_words(f, v, names) for f, v in zip(fields, side, strict=True)]
        return pd.Series(words, index=side.index, dtype=object)

    return pd.DataFrame(
        {
            "Dòng (trước → sau)": [
                f"{a} → {b}" for a, b in zip(frame["row_before"], frame["row_after"], strict=True)
            ],
            "Nhiệm vụ": frame["task_id"],
            "Đơn vị": _units(frame, names),
            "Ngày cập nhật": frame["date"].map(vn_date),
            "Ô đã sửa": fields.map(lambda v: FIELD_NAMES.get(v, v)),
            "Trước": shown(frame["before"]),
            "Sau": shown(frame["after"]),
            "Người cập nhật": frame["reporter"],
        }
    )


def sent_period_words(sent: SentReport) -> str:
    """«6 tháng 2017», «năm 2017»."""
    return f"{PERIOD_WORDS.get(sent.kind, sent.kind)} {sent.year}"


def sent_number_words(sent: SentReport) -> str:
    """«số 112/BC-SKHCN ngày 13/06/2017» (no number written: «ngày …»)."""
    number = f"số {sent.number} " if sent.number else ""
    return f"{number}ngày {vn_date(sent.sent_on)}"


def change_sentence(change: SentChange) -> str:
    """What changed after the report was sent, in one sentence for the pages."""
    sent = change.report
    period, number = sent_period_words(sent), sent_number_words(sent)
    which, words = f"báo cáo {period} ({number})", f"báo cáo {number}"
    if change.snapshot is None:
        return f"Không có bản chốt số liệu của {which} để so sánh với số liệu hiện nay."
    if change.comparison is None:
        return f"Bản chốt số liệu của {which} {change.unreadable} nên không so sánh được."
    deleted = f"; {change.deleted} dòng bị xóa" if change.deleted else ""
    if change.flagged:
        parts = [f"{n} dòng {what}" for n, what in ((change.added, "thêm"), (change.changed, "sửa")) if n]
        return (
            f"{change.flagged} dòng số liệu kỳ {period} đã thêm hoặc sửa sau khi gửi {words} "
            f"({', '.join(parts)}){deleted}."
        )
    if change.deleted:
        return f"Số liệu kỳ {period} không có dòng thêm hoặc sửa sau khi gửi {words}{deleted}."
    return f"Số liệu kỳ {period} không thay đổi sau khi gửi {words}."
