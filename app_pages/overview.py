"""Tổng quan: the briefing: tasks by their lead units, units' parts, what needs attention now, the
reports to Sở Nội vụ, and risk by unit."""

from functools import partial

import streamlit as st

from cchc.assess.trend import up_to
from cchc.present import charts, views
from cchc.present.briefing import briefing_pdf
from cchc.present.history_views import change_sentence
from cchc.snapshot.sent_changes import changes_after_sent, known_snapshots
from cchc.vocab.labels import RISK_LABELS
from ui import frame
from ui.data import trend
from ui.fmt import badge, styled
from ui.text import literal

status = frame.require()
ctx = frame.context()
unit = ctx.unit
LISTED = 20  # rows shown as a list; the table below holds them all
st.title("Tổng quan")
title = literal(status.plan.settings.title) or f"Kế hoạch năm {status.plan.year}"
st.caption(f"{title} · tính đến {status.as_of:%d/%m/%Y}")
st.markdown(f"**{literal(views.plan_sentence(status, unit))}**")
st.download_button(
    "Tải bản in Tổng quan (khổ A4)",
    data=partial(briefing_pdf, status, unit),  # built when clicked, not on every run of the page
    file_name=f"Tong-quan_{status.as_of:%Y-%m-%d}{'_' + unit if unit else ''}.pdf",
    mime="application/pdf",
    icon=":material/print:",
    key="briefing",
    on_click="ignore",
)


def _counts(counts: views.Counts, total_label: str, key: str) -> None:
    """A total and, beside it, each risk that occurs: together they add up to the total.
    The row wraps on a phone instead of stacking one figure per line."""
    with st.container(key=key, horizontal=True, gap="medium"):
        st.metric(total_label, counts.total, width="content")
        for risk, n in counts.shown():
            st.metric(RISK_LABELS[risk], n, width="content")


tasks = views.task_counts(status, unit)
parts = views.part_counts(status, unit)
st.subheader("Nhiệm vụ" if unit is None else "Nhiệm vụ đơn vị chủ trì", help=views.task_count_note(unit))
_counts(tasks, "Tổng số nhiệm vụ", "task_counts")
st.subheader(
    "Phần việc của các đơn vị" if unit is None else "Phần việc của đơn vị",
    help="Mỗi đơn vị chủ trì hoặc phối hợp một nhiệm vụ có một phần việc; đơn vị tham gia không tính ở đây.",
)
_counts(parts, "Tổng số phần việc", "part_counts")

urgent = views.attention(status, unit)
st.subheader(f"Cần chú ý ngay: {len(urgent)} phần việc")
if urgent.empty:
    st.success("Không có phần việc nào quá hạn, chậm cập nhật, tạm dừng hay có nguy cơ chậm tiến độ.")
else:
    st.caption("Quá hạn, chậm cập nhật, tạm dừng, có nguy cơ chậm tiến độ; nặng nhất trước.")
    for i, row in enumerate(urgent.head(LISTED).to_dict("records")):
        with st.container(border=True, key=f"attention_{i}"):
            st.markdown(f"{badge(row['risk'])} **{literal(row['Nhiệm vụ'])}**")
            who = f" · {literal(row['Người phụ trách'])}" if row["Người phụ trách"] else ""
            st.markdown(
                f"{literal(row['Đơn vị'])} ({row['Phần việc'].lower()}){who}  \n{literal(row['Vì sao'])}"
            )
    more = len(urgent) - LISTED
    with st.expander(
        f"Xem cả {len(urgent)} phần việc trong bảng"
        + (f" (còn {more} phần việc chưa hiện ở trên)" if more > 0 else ""),
        expanded=more > 0,
    ):
        st.dataframe(
            styled(urgent),
            hide_index=True,
            width="stretch",
            key="attention",
            column_config={
                "Nhiệm vụ": st.column_config.TextColumn(width="medium"),
                "Vì sao": st.column_config.TextColumn(width="large"),
            },
        )
st.info(views.next_report_text(status), icon=":material/schedule:")
# rows of a sent report's period added or changed after the snapshot it was drafted from (SPEC §11)
for sent_change in changes_after_sent(
    status.plan, status.as_of, known_snapshots(ctx.config.snapshots, status.plan.kind == "sample")
):
    if sent_change.flagged:
        st.warning(literal(change_sentence(sent_change)), icon=":material/edit_note:")
        st.page_link("app_pages/history.py", label="Xem từng dòng ở trang Lịch sử", icon=":material/history:")

st.subheader("Tình trạng phần việc theo đơn vị")
st.altair_chart(charts.risk_by_unit_chart(views.risk_by_unit(status, unit)), width="stretch")

st.subheader("Diễn biến theo tuần")
whose = "Toàn kế hoạch" if unit is None else "Các phần việc của đơn vị"
st.caption(
    f"{whose}, tính lại cho từng tuần như tại ngày đó: tỷ lệ phần việc có thời hạn đã hoàn thành, "
    "và số phần việc quá hạn, có nguy cơ chậm tiến độ."
)
weekly = trend(ctx.config.source, ctx.config.google, ctx.loaded.read_at, unit)
if not weekly.empty:
    weekly = up_to(weekly, status.as_of)
    if not weekly["assignments"].any():
        st.caption("Không có phần việc có thời hạn: đường tỷ lệ hoàn thành để trống.")
    st.altair_chart(charts.trend_chart(weekly), width="stretch")
