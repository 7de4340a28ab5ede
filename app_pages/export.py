"""Xuất dữ liệu: the snapshot as a zip and each CSV, the workbook «Bảng tổng hợp», report drafts, the
audit log, the template."""

import io
from functools import partial

import streamlit as st

from cchc.access import audit
from cchc.present import views
from cchc.present.office_book import MIME, summary_book, summary_book_name
from cchc.report.draft import build_report, draft_text
from cchc.sheet.template import write_template
from cchc.snapshot.export import csv_bytes, snapshot_tables, snapshot_zip
from cchc.sources import SAMPLE, open_source
from cchc.vocab.labels import REPORT_LABELS, TABLE_LABELS
from ui import downloads, frame
from ui.text import literal

status = frame.require()
ctx = frame.context()
access = ctx.access
unit = access.export_unit
raw_tabs = ctx.loaded.raw.tabs if ctx.loaded.raw else ()
st.title("Xuất dữ liệu")


def _template() -> bytes:
    buffer = io.BytesIO()
    write_template(buffer, open_source(SAMPLE))  # the same workbook as the command-line template
    return buffer.getvalue()


def _snapshot() -> None:
    raw_part = "" if unit else ", các trang tính gốc"
    st.markdown(
        "Bản chốt số liệu là minh chứng cho báo cáo 6 tháng và báo cáo năm: gồm dữ liệu đã chuẩn hóa, "
        f"tình trạng tại ngày đang xem, danh sách lỗi{raw_part} và mã kiểm tra của từng tệp, để biết bản "
        "chốt số liệu không bị sửa sau khi tải. Mỗi lần tải được ghi vào nhật ký xuất dữ liệu."
    )
    stamp = f"{status.as_of:%Y-%m-%d}" + (f"-{unit}" if unit else "")
    if unit:
        st.info(
            f"Tài khoản đơn vị chỉ tải được các dòng của {literal(views.unit_names(status).get(unit, unit))} "
            "(không kèm các trang tính gốc)."
        )
        zipped = lambda: snapshot_zip(status, raw_tabs, unit=unit)  # noqa: E731
        name = f"cchc-snapshot-{stamp}.zip"
        downloads.button(ctx, "Tải bản chốt số liệu (tệp nén)", zipped, name, "application/zip", "zip")
    else:
        st.caption(
            "Bản chốt số liệu tải về cũng được lưu, có ghi ngày, vào thư mục lịch sử (trang «Lịch sử»)."
        )
        downloads.snapshot_button(ctx, status, f"cchc-snapshot-{stamp}.zip")
    st.subheader("Từng bảng (mở bằng Excel)")
    for name, table in snapshot_tables(status, unit).items():
        label = f"{TABLE_LABELS.get(name, name)} ({len(table)} dòng)"
        downloads.button(ctx, label, lambda t=table: csv_bytes(t), f"{stamp}-{name}", "text/csv", name)


def _summary() -> None:
    st.subheader("Bảng tổng hợp")
    chosen = unit or ctx.unit  # a unit account gets its own unit whatever the sidebar shows
    whose = f" của {literal(views.unit_names(status).get(chosen, chosen))}" if chosen else ""
    st.caption(
        f"Một bảng tính{whose} cho bộ phận tổng hợp, tính đến ngày {status.as_of:%d/%m/%Y}: tổng quan, nhiệm "
        "vụ, phần việc, tham gia, kết quả thực hiện của đơn vị, sản phẩm tuyên truyền và lỗi dữ liệu."
    )
    name = summary_book_name(status.as_of, chosen)
    build = partial(summary_book, status, chosen)  # built when clicked, not on every run of the page
    downloads.button(ctx, "Tải bảng tổng hợp (Excel)", build, name, MIME, "summary_book")


def _report() -> None:
    st.subheader("Dự thảo báo cáo")
    kind = st.radio("Loại báo cáo", list(REPORT_LABELS), format_func=REPORT_LABELS.get, horizontal=True)
    st.caption(
        "Khi tải, chương trình lưu một bản chốt số liệu có ghi ngày vào thư mục lịch sử rồi lập báo cáo "
        "từ bản chốt số liệu đó, nên số liệu trong báo cáo được giữ nguyên và lập lại được "
        "(xem trang «Lịch sử»)."
    )
    name = f"bao-cao-{'6-thang' if kind == 'half_year' else 'nam'}-{status.plan.year}.docx"
    downloads.report_button(ctx, status, kind, name)
    with st.expander("Xem trước nội dung"):
        st.text(draft_text(build_report(status.plan, kind)))


if status.plan.complete:
    _snapshot()
    _summary()
    if access.can_export_all:
        _report()
else:
    st.error(
        "Chưa xuất được bản chốt số liệu: bảng tính thiếu trang tính hoặc cột bắt buộc "
        "(xem «Chất lượng dữ liệu»)."
    )
if access.sees_audit:
    st.subheader("Nhật ký xuất dữ liệu")
    log = audit.read_log(ctx.config.audit_log)
    if log.entries:
        st.dataframe(
            audit.entries_frame(log.entries, views.unit_names(status)),
            hide_index=True,
            width="stretch",
            key="audit",
        )
    else:
        st.caption("Chưa có lượt tải nào.")
    if log.unreadable:
        st.warning(f"{log.unreadable} dòng của nhật ký không đọc được (bị cắt hoặc sửa tay).")
st.subheader("Mẫu bảng tính")
st.caption(
    "Bảng tính Excel có đủ các trang tính và dòng tiêu đề (kèm dữ liệu mẫu năm 2017); tải lên Google Drive "
    "rồi mở bằng Google Trang tính để dùng làm bảng chung."
)
st.download_button(
    "Tải mẫu bảng tính",
    data=_template,
    file_name="mau-theo-doi-cchc.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
    key="template",
)
