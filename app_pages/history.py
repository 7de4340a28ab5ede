"""Lịch sử: rows changed after a report was sent, the dated snapshots kept so far, and what changed
between any two of them."""

import pandas as pd
import streamlit as st

from cchc.config import now
from cchc.present.history_views import (
    change_sentence,
    deleted_rows_table,
    edited_rows_table,
    named,
    new_rows_table,
    purpose_label,
    risk_changes_table,
    snapshot_choices,
    snapshot_label,
    snapshots_table,
)
from cchc.snapshot.history import RowChanges, compare
from cchc.snapshot.purpose import SAVED, vn_time
from cchc.snapshot.sent_changes import SentChange, changes_after_sent, known_snapshots
from cchc.snapshot.store import take_snapshot
from cchc.sources import SourceError
from cchc.vocab.errors import ExportError
from cchc.vocab.labels import vn_date
from ui import frame
from ui.text import literal

ctx = frame.context()
root = ctx.config.snapshots
st.title("Lịch sử bản chốt số liệu")
if ctx.loaded.error:
    st.error(
        f"Không đọc được nguồn dữ liệu «{literal(ctx.loaded.spec)}»: "
        f"{literal(ctx.loaded.error)} "
        "Vẫn xem và so sánh được các bản chốt số liệu đã lưu."
    )
st.caption("Bản chốt số liệu có ghi ngày được lưu trên máy chủ mỗi lần lập báo cáo, và khi bấm nút dưới đây.")
can_take = ctx.status is not None and ctx.status.plan.complete and ctx.access.can_export_all
if can_take and st.button("Lưu bản chốt số liệu bây giờ", icon=":material/save:", key="take"):
    raw_tabs = ctx.loaded.raw.tabs if ctx.loaded.raw else ()
    try:
        moment = now()
        take_snapshot(ctx.status, raw_tabs, root, moment)
        st.success(f"Đã lưu bản chốt số liệu «{purpose_label(SAVED, moment)}».")
    except (ExportError, OSError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        where = f"«{literal(root)}»: {literal(reason)}"
        st.error(f"Chưa lưu được bản chốt số liệu vào {where}. Hãy kiểm tra quyền ghi của thư mục.")

sample = ctx.status is not None and ctx.status.plan.kind == "sample"
found = known_snapshots(root, sample)  # the sample's own history comes with it
names = ctx.status.plan.units.names() if ctx.status else {}
# long texts share the width, so that both sides of an edit stay in view
TEXT_COLUMNS = {
    name: st.column_config.TextColumn(width="medium")
    for name in ("Trước", "Sau", "Kết quả", "Khi lập báo cáo", "Hiện nay")
}


def _edited_cells(comparison: RowChanges) -> pd.DataFrame:
    """Each changed cell, before → after, in words (the period's rows after the report was sent)."""
    table = edited_rows_table(comparison, names, in_words=True)
    return table.rename(columns={"Ô đã sửa": "Cột đã sửa", "Trước": "Khi lập báo cáo", "Sau": "Hiện nay"})


def _sent_change(change: SentChange) -> None:
    """One sent report: the sentence, the snapshot it was drafted from, and each row and cell."""
    sentence = literal(change_sentence(change))
    if change.snapshot is None or change.comparison is None:
        st.info(sentence, icon=":material/info:")
        return
    if change.flagged or change.deleted:
        st.warning(sentence, icon=":material/edit_note:")
    else:
        st.success(sentence, icon=":material/check_circle:")
    info, start, end = change.snapshot, vn_date(change.period_start), vn_date(change.period_end)
    st.caption(
        f"So sánh các dòng tiến độ ghi ngày từ {start} đến {end} "
        f"trong bản chốt số liệu «{snapshot_label(info)}» (chốt lúc {vn_time(info.created_at)}) "
        "với số liệu hiện nay."
    )
    comparison = change.comparison
    key = f"sent_{change.report.kind}_{change.report.year}"
    for title, table, part in (
        ("Dòng thêm sau bản chốt số liệu", new_rows_table(comparison, names), "new"),
        ("Ô đã sửa sau bản chốt số liệu", _edited_cells(comparison), "edited"),
        ("Dòng bị xóa sau bản chốt số liệu", deleted_rows_table(comparison, names), "deleted"),
    ):
        if not table.empty:
            st.markdown(f"**{title}: {len(table)}**")
            st.dataframe(
                table, hide_index=True, width="stretch", key=f"{key}_{part}", column_config=TEXT_COLUMNS
            )


if ctx.status is not None:
    sent_changes = changes_after_sent(ctx.status.plan, ctx.status.as_of, found)
    if sent_changes:
        st.subheader("Số liệu thay đổi sau khi gửi báo cáo")
        for change in sent_changes:
            _sent_change(change)
if sample:
    st.caption("Dữ liệu mẫu kèm bản chốt số liệu ngày 12/06/2017, dùng để lập báo cáo 6 tháng.")
if not found:
    st.info("Chưa có bản chốt số liệu nào.")
    st.stop()
st.dataframe(snapshots_table(found), hide_index=True, width="stretch", key="snapshots")
if len(found) < 2:
    st.info("Cần ít nhất hai bản chốt số liệu để so sánh.")
    st.stop()

st.subheader("So sánh hai bản chốt số liệu")
choices = snapshot_choices(found)  # folder paths are the keys; people see what each snapshot is
keys = list(choices)
left, right = st.columns(2)
older = left.selectbox("Bản chốt số liệu trước", keys, index=1, format_func=choices.get, key="older")
newer = right.selectbox("Bản chốt số liệu sau", keys, index=0, format_func=choices.get, key="newer")
by_key = {str(info.path): info for info in found}
try:
    result = compare(by_key[older].path, by_key[newer].path)
except SourceError as error:
    st.error(f"Không so sánh được: {literal(named(error.message, choices))}")
    st.stop()
sections = [
    ("Phần việc đổi tình trạng", risk_changes_table(result, names), "risk"),
    ("Dòng tiến độ mới", new_rows_table(result, names), "new"),
    (
        "Dòng đã có trước đó nhưng bị sửa sau bản chốt số liệu trước",
        edited_rows_table(result, names),
        "edited",
    ),
    ("Dòng bị xóa", deleted_rows_table(result, names), "deleted"),
]
st.caption(
    f"{result.unchanged} dòng tiến độ không đổi; {result.edited_count} dòng đã có trước đó bị sửa "
    "(mỗi ô sửa là một dòng trong bảng dưới)."
)
for title, table, key in sections:
    st.markdown(f"**{title}: {len(table)}**")
    if not table.empty:
        st.dataframe(table, hide_index=True, width="stretch", key=key, column_config=TEXT_COLUMNS)
