"""Việc cần làm: for one unit, exactly what it must update now."""

import streamlit as st

from cchc.present.quality import issues_table
from cchc.present.todo import todo_list
from cchc.vocab.labels import RISK_LABELS, vn_date
from ui import frame
from ui.text import literal

status = frame.require()
st.title("Việc cần làm")
units = {u.code: u.name for u in status.plan.units.ordered()}
if not units:
    st.info("Trang tính «Đơn vị» chưa có đơn vị nào.")
    st.stop()
chosen = frame.context().unit or next(iter(units))
code = st.selectbox("Đơn vị", list(units), index=list(units).index(chosen), format_func=units.__getitem__)
items = todo_list(status, code)
st.caption(f"Tính đến {status.as_of:%d/%m/%Y}.")
if not items:
    st.success(f"{literal(units[code])} không có việc nào cần cập nhật lúc này.")
for item in items:
    with st.container(border=True):
        st.markdown(f"**{literal(item.title)}** · {RISK_LABELS[item.risk]}")  # titles quote the task id
        st.markdown(literal(item.detail))
        if item.since:
            st.caption(f"Từ ngày {vn_date(item.since)}")
cells = issues_table(status.plan, unit=code)
if not cells.empty:
    st.subheader("Ô cần sửa trong bảng tính")
    for cell, text in zip(cells["Ô"], cells["Vấn đề và cách sửa"], strict=True):
        st.markdown(f"- **Ô {literal(cell)}**: {literal(text)}" if cell else f"- {literal(text)}")
