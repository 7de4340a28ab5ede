"""Thời hạn: tasks against their due dates, ongoing tasks' freshness, outputs against targets."""

import streamlit as st

from cchc.present import charts, views
from ui import frame
from ui.fmt import styled

status = frame.require()
st.title("Thời hạn")

st.subheader("Nhiệm vụ có thời hạn")
dated = views.deadlines(status)
if dated.empty:
    st.info("Không có nhiệm vụ nào có thời hạn cụ thể.")
else:
    st.altair_chart(charts.timeline_chart(dated, status.as_of), width="stretch")
    st.caption("Đường nét đứt là ngày đang xem. Theo kế hoạch = tiến độ cần đạt nếu làm đều từ 1/1 đến hạn.")
    table = dated.assign(**{"Hạn": dated["Hạn"].dt.strftime("%d/%m/%Y")}).drop(columns=["Bắt đầu"])
    st.dataframe(styled(table), hide_index=True, width="stretch", key="deadlines")

st.subheader("Nhiệm vụ thường xuyên: số ngày từ lần cập nhật cuối")
fresh = views.freshness(status)
if fresh.empty:
    st.info("Không có nhiệm vụ thường xuyên.")
else:
    cycle = status.plan.settings.update_cycle
    st.altair_chart(charts.freshness_chart(fresh, cycle), width="stretch")
    st.caption(f"Đường nét đứt: chu kỳ cập nhật {cycle} ngày.")

st.subheader("Sản phẩm so với chỉ tiêu")
outputs = views.outputs_table(status)
st.altair_chart(charts.outputs_chart(outputs), width="stretch")
st.dataframe(styled(outputs), hide_index=True, width="stretch", key="outputs")
