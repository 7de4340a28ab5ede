"""Tổng quan: headline counts, the next report, what needs attention now, risk by unit."""

import streamlit as st

from cchc.assess.trend import up_to
from cchc.present import charts, views
from cchc.vocab.labels import RISK_LABELS
from ui import frame
from ui.data import trend
from ui.fmt import styled
from ui.text import literal

status = frame.require()
ctx = frame.context()
unit = ctx.unit
st.title("Tổng quan")
title = literal(status.plan.settings.title) or f"Kế hoạch năm {status.plan.year}"
st.caption(f"{title} · tính đến {status.as_of:%d/%m/%Y}")

counts = views.overview_counts(status, unit)
labels = {"total": "Nhiệm vụ" if unit is None else "Phân công"} | {r: RISK_LABELS[r] for r in views.METRICS}
for column, (key, label) in zip(st.columns(len(labels)), labels.items(), strict=True):
    column.metric(label, counts[key])

st.info(views.next_report_text(status), icon=":material/schedule:")

st.subheader("Cần chú ý ngay")
urgent = views.attention(status, unit)
if urgent.empty:
    st.success("Không có phân công nào quá hạn, có nguy cơ trễ hay lâu chưa cập nhật.")
else:
    st.dataframe(styled(urgent), hide_index=True, width="stretch", key="attention")

st.subheader("Rủi ro theo đơn vị")
st.altair_chart(charts.risk_by_unit_chart(views.risk_by_unit(status)), width="stretch")

st.subheader("Diễn biến theo tuần")
st.caption(
    "Toàn kế hoạch, tính lại cho từng tuần như tại ngày đó: tỷ lệ phân công có thời hạn đã hoàn thành, "
    "và số phân công quá hạn, có nguy cơ trễ."
)
weekly = trend(ctx.config.source, ctx.config.google, ctx.loaded.read_at)
if not weekly.empty:
    weekly = up_to(weekly, status.as_of)
    st.altair_chart(charts.trend_chart(weekly), width="stretch")
