"""Lịch sử: the dated snapshots kept so far, and what changed between any two of them."""

import streamlit as st

from cchc.config import now
from cchc.present.history_views import (
    deleted_rows_table,
    edited_rows_table,
    named,
    new_rows_table,
    purpose_label,
    risk_changes_table,
    snapshot_choices,
    snapshots_table,
)
from cchc.snapshot.history import compare, list_snapshots
from cchc.snapshot.purpose import SAVED
from cchc.snapshot.store import take_snapshot
from cchc.sources import SAMPLE_HISTORY, SourceError
from cchc.vocab.errors import ExportError
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

found = list_snapshots(root)
if ctx.status is not None and ctx.status.plan.kind == "sample":  # the sample's own history comes with it
    found = sorted(
        [*found, *list_snapshots(SAMPLE_HISTORY)], key=lambda i: (i.as_of, i.created_at, i.name), reverse=True
    )
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
names = {u.code: u.name for u in ctx.status.plan.units.units.values()} if ctx.status else {}
# long texts share the width, so that both sides of an edit stay in view
TEXT_COLUMNS = {name: st.column_config.TextColumn(width="medium") for name in ("Trước", "Sau", "Kết quả")}
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
