"""Chất lượng dữ liệu: every issue with its tab and cell, filterable."""

import streamlit as st

from cchc.present.quality import SHEET_LABELS, issues_table
from ui import frame, writeback
from ui.text import cell_link, literal

ctx = frame.context()
st.title("Chất lượng dữ liệu")
if ctx.loaded.error:
    st.error(f"Không đọc được nguồn dữ liệu «{literal(ctx.loaded.spec)}»: {literal(ctx.loaded.error)}")
    st.stop()
plan = ctx.status.plan if ctx.status else None
if plan is None:
    st.stop()
left, middle, right = st.columns(3)
sheet = left.selectbox(
    "Trang tính", ["", *SHEET_LABELS], format_func=lambda k: SHEET_LABELS.get(k, "Tất cả các trang tính")
)
severity = middle.selectbox(
    "Mức",
    ["", "error", "warning"],
    format_func={"": "Lỗi và cảnh báo", "error": "Chỉ lỗi", "warning": "Chỉ cảnh báo"}.get,
)
right.caption(
    f"Đơn vị: {'tất cả' if ctx.unit is None else literal(plan.units.name(ctx.unit))} (chọn ở thanh bên)"
)
table = issues_table(plan, ctx.unit, sheet or None, severity or None)
if "Mở ô" in table:  # a link column links only to the sheet's own cells, never to an address from a cell
    table["Mở ô"] = table["Mở ô"].map(cell_link)
errors = int((table["Mức"] == "Lỗi").sum())
st.markdown(
    f"**{errors} lỗi, {len(table) - errors} cảnh báo.** Dòng có lỗi ở ô chính (ngày, nhiệm vụ, đơn vị, "
    "trạng thái, tiến độ) không được tính; các dòng khác vẫn được tính."
)
if table.empty:
    st.success("Không có vấn đề nào với bộ lọc này.")
else:
    st.dataframe(
        table.drop(columns="Mã lỗi"),  # the stable code is for the sheet's check tab and the CLI
        hide_index=True,
        width="stretch",
        key="issues",
        column_config={
            "Vấn đề và cách sửa": st.column_config.TextColumn(width="large"),
            "Mở ô": st.column_config.LinkColumn(display_text="Mở ô"),
        },
    )
if plan.kind == "gsheet" and ctx.config.allow_write and ctx.access.can_export_all:  # directors and compilers
    writeback.check_button(plan, ctx.config.google)
