"""Theo đơn vị: unit × task matrix, each unit's results, and one unit's log with its contributions."""

import streamlit as st

from cchc.present import charts, views
from ui import frame
from ui.fmt import styled

status = frame.require()
st.title("Theo đơn vị")

st.subheader("Ma trận đơn vị × nhiệm vụ")
st.caption("Mỗi ô là phần việc của một đơn vị (chủ trì hoặc phối hợp), tô màu theo tình trạng.")
st.altair_chart(charts.matrix_chart(views.unit_matrix(status)), width="stretch")

st.subheader("Kết quả thực hiện của đơn vị")
st.caption(
    "Số phần việc theo tình trạng. Đúng hạn = hoàn thành đúng hạn / (hoàn thành đúng hạn + hoàn thành "
    "quá hạn + quá hạn). Tham gia = số nhiệm vụ đơn vị góp sức dù không được giao; không tính tình trạng."
)
st.dataframe(styled(views.scorecards(status)), hide_index=True, width="stretch", key="scorecards")

st.subheader("Nhật ký cập nhật của một đơn vị")
units = {u.code: u.name for u in status.plan.units.ordered()}
if units:
    chosen = frame.context().unit or next(iter(units))
    code = st.selectbox("Đơn vị", list(units), index=list(units).index(chosen), format_func=units.__getitem__)
    log = views.unit_log(status, code)
    helped = int((log["Phần việc"] == views.CONTRIBUTION).sum())
    joined = f", trong đó {helped} dòng tham gia nhiệm vụ không được giao" if helped else ""
    st.caption(f"{len(log)} dòng tiến độ tính đến {status.as_of:%d/%m/%Y}{joined}; mới nhất trước.")
    st.dataframe(styled(log), hide_index=True, width="stretch", key="unit_log")
else:
    st.info("Trang tính «Đơn vị» chưa có đơn vị nào.")
