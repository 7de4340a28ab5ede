"""Xuất dữ liệu: the snapshot as a zip, each CSV, and the template workbook."""

import io

import streamlit as st

from cchc.export import csv_bytes, snapshot_tables, snapshot_zip
from cchc.sources import SAMPLE, open_source
from cchc.template import write_template
from ui import frame

status = frame.require()
raw = frame.context().loaded.raw
st.title("Xuất dữ liệu")


def _template() -> bytes:
    buffer = io.BytesIO()
    write_template(buffer, open_source(SAMPLE))  # the same workbook as `python -m cchc template`
    return buffer.getvalue()


def _snapshot() -> None:
    st.markdown(
        "Bản chụp là minh chứng cho báo cáo 6 tháng và báo cáo năm: giống hệt lệnh `python -m cchc export`, "
        "gồm dữ liệu đã chuẩn hóa, tình trạng tại ngày đang xem, danh sách lỗi, các tab gốc và tệp "
        "`manifest.json` với mã SHA-256 của từng tệp."
    )
    stamp = f"{status.as_of:%Y-%m-%d}"
    st.download_button(
        "Tải bản chụp (.zip)",
        data=lambda: snapshot_zip(status, raw.tabs if raw else ()),
        file_name=f"cchc-snapshot-{stamp}.zip",
        mime="application/zip",
        type="primary",
        on_click="ignore",
        key="zip",
    )
    st.subheader("Từng tệp CSV")
    for name, table in snapshot_tables(status).items():
        st.download_button(
            f"{name} ({len(table)} dòng)",
            data=csv_bytes(table),
            file_name=f"{stamp}-{name}",
            mime="text/csv",
            on_click="ignore",
            key=name,
        )


if status.plan.complete:
    _snapshot()
else:
    st.error("Chưa xuất được bản chụp: bảng tính thiếu tab hoặc cột bắt buộc (xem «Chất lượng dữ liệu»).")
st.subheader("Mẫu bảng tính")
st.caption(
    "Tệp .xlsx có đủ bốn tab và dòng tiêu đề (kèm dữ liệu mẫu năm 2017); tải lên Google Drive để dùng."
)
st.download_button(
    "Tải mẫu bảng tính (.xlsx)",
    data=_template,
    file_name="mau-theo-doi-cchc.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
    key="template",
)
