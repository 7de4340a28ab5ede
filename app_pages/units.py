"""Theo đơn vị: unit × task matrix, scorecards, and one unit's progress log."""

import streamlit as st

from cchc.present import charts, views
from ui import frame
from ui.fmt import styled

status = frame.require()
st.title("Theo đơn vị")

st.subheader("Ma trận đơn vị × nhiệm vụ")
st.altair_chart(charts.matrix_chart(views.unit_matrix(status)), width="stretch")

st.subheader("Bảng điểm đơn vị")
st.caption(
    "Bấm vào tiêu đề cột để sắp xếp. Tỷ lệ đúng hạn = xong đúng hạn ÷ (xong đúng hạn + xong trễ + quá hạn)."
)
st.dataframe(styled(views.scorecards(status)), hide_index=True, width="stretch", key="scorecards")

st.subheader("Nhật ký cập nhật của một đơn vị")
units = {u.code: u.name for u in status.plan.units.ordered()}
if units:
    chosen = frame.context().unit or next(iter(units))
    code = st.selectbox("Đơn vị", list(units), index=list(units).index(chosen), format_func=units.__getitem__)
    log = views.unit_log(status.plan, code, status.as_of)
    st.caption(f"{len(log)} dòng tiến độ tính đến {status.as_of:%d/%m/%Y}, mới nhất trước.")
    st.dataframe(styled(log), hide_index=True, width="stretch", key="unit_log")
else:
    st.info("Tab «Đơn vị» chưa có đơn vị nào.")
