"""Thời hạn: task windows against the as-of line, each unit's part where it differs, ongoing tasks'
freshness against their cycle, and outputs by channel and measure against targets."""

import streamlit as st

from cchc.present import charts, deadline_views
from ui import frame
from ui.fmt import styled

status = frame.require()
unit = frame.context().unit
st.title("Thời hạn")

st.subheader("Nhiệm vụ có thời hạn")
dated = deadline_views.deadlines(status, unit)
if dated.empty:
    st.info(
        "Không có nhiệm vụ nào có thời hạn cụ thể."
        if unit is None
        else "Đơn vị không có phần việc nào trong các nhiệm vụ có thời hạn cụ thể."
    )
else:
    st.altair_chart(charts.timeline_chart(dated, status.as_of), width="stretch")
    st.caption(
        "Mỗi thanh là thời gian thực hiện, từ ngày bắt đầu đến hạn; đường nét đứt là ngày đang xem. "
        "Theo kế hoạch = tiến độ cần đạt nếu làm đều từ ngày bắt đầu đến hạn."
    )
    table = dated.assign(
        **{c: dated[c].dt.strftime("%d/%m/%Y") for c in ("Bắt đầu", "Hạn")},
    )
    st.dataframe(styled(table), hide_index=True, width="stretch", key="deadlines")
    parts = deadline_views.parts_by_task(status, unit)
    if not parts.empty:
        st.caption("Phần việc của từng đơn vị có tình trạng khác với nhiệm vụ:")
        st.dataframe(styled(parts), hide_index=True, width="stretch", key="parts")

st.subheader("Nhiệm vụ thường xuyên: số ngày từ lần cập nhật cuối")
fresh = deadline_views.freshness(status, unit)
if fresh.empty:
    st.info("Không có nhiệm vụ thường xuyên.")
else:
    st.altair_chart(charts.freshness_chart(fresh), width="stretch")
    st.caption("Vạch đen: chu kỳ cập nhật của nhiệm vụ. Quá vạch là chậm cập nhật.")

st.subheader("Sản phẩm tuyên truyền")
st.caption(
    f"Từ {status.plan.window.start:%d/%m/%Y} đến {status.as_of:%d/%m/%Y}, theo kênh và đơn vị tính; "
    "không cộng các đơn vị tính khác nhau. Sản phẩm của nhiệm vụ là của đơn vị chủ trì; đơn vị phối hợp "
    "và đơn vị tham gia được đếm riêng."
    + ("" if unit is None else " Chỉ tính các dòng của đơn vị đang chọn, ở cột phần việc của đơn vị.")
)
outputs = deadline_views.outputs_table(status, unit)
repeated = deadline_views.duplicate_rows(status, unit)
if repeated:
    st.warning(
        f"Các số liệu dưới đây gồm cả {repeated} dòng có thể đã nhập hai lần (cùng đơn vị, nhiệm vụ, kết quả "
        "và số lượng trong vòng 45 ngày); xem và sửa ở trang «Chất lượng dữ liệu».",
        icon=":material/content_copy:",
    )
if outputs.empty:
    st.info("Chưa có dòng tiến độ nào ghi số lượng sản phẩm.")
else:
    st.altair_chart(charts.outputs_chart(outputs), width="stretch")
    st.dataframe(styled(outputs), hide_index=True, width="stretch", key="outputs")
people = deadline_views.attendance_table(status, unit)
if not people.empty:
    st.caption("Số người tham dự hội nghị, đối thoại của đơn vị chủ trì:")
    st.dataframe(styled(people), hide_index=True, width="stretch", key="attendance")
targets = deadline_views.targets_table(status, unit)
if not targets.empty:
    st.caption("So với chỉ tiêu (theo đơn vị tính chính của nhiệm vụ):")
    st.dataframe(styled(targets), hide_index=True, width="stretch", key="targets")
