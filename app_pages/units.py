"""Theo đơn vị: task × unit matrix, each unit's results and contact, and the progress log (with
contributions) of the unit chosen in the sidebar, or of every unit."""

import streamlit as st

from cchc.present import charts, views
from ui import frame
from ui.fmt import styled

status = frame.require()
unit = frame.context().unit
st.title("Theo đơn vị")

st.subheader("Ma trận nhiệm vụ × đơn vị")
st.caption("Mỗi ô là phần việc của một đơn vị (chủ trì hoặc phối hợp), tô màu theo tình trạng.")
matrix = views.unit_matrix(status, unit)
if matrix.empty:
    st.info("Đơn vị này không chủ trì hay phối hợp nhiệm vụ nào.")
else:
    st.altair_chart(charts.matrix_chart(matrix), width="stretch")

st.subheader("Kết quả thực hiện của đơn vị")
st.caption(
    "Số phần việc theo tình trạng. Đúng hạn = hoàn thành đúng hạn / (hoàn thành đúng hạn + hoàn thành "
    "quá hạn + quá hạn). Tham gia = số nhiệm vụ đơn vị góp sức dù không được giao; không tính tình trạng."
)
st.dataframe(styled(views.scorecards(status, unit)), hide_index=True, width="stretch", key="scorecards")

st.subheader("Nhật ký cập nhật")
log = views.unit_log(status, unit)
helped = int((log["Phần việc"] == views.CONTRIBUTION).sum())
joined = f", trong đó {helped} dòng tham gia nhiệm vụ không được giao" if helped else ""
whose = "của đơn vị" if unit else "của các đơn vị (chọn một đơn vị ở thanh bên để xem riêng)"
st.caption(f"{len(log)} dòng tiến độ {whose} tính đến {status.as_of:%d/%m/%Y}{joined}; mới nhất trước.")
st.dataframe(styled(log), hide_index=True, width="stretch", key="unit_log")
