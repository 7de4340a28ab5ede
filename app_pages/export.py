"""Xuất dữ liệu: the snapshot as a zip and each CSV, the workbook «Bảng tổng hợp», report drafts (every
kind for directors and compilers, its own unit's report for a unit account), the audit log, the template."""

import io
from functools import partial

import streamlit as st

from cchc.access import audit
from cchc.present.office_book import MIME, summary_book, summary_book_name
from cchc.report.common import KINDS, PERIODS, chooses_period, covered_period
from cchc.report.draft import KIND_LABELS, build_report, draft_text
from cchc.report.files import report_file_name, unit_reports_zip_name, units_with_a_part
from cchc.report.text import period_words
from cchc.sheet.template import write_template
from cchc.snapshot.export import csv_bytes, snapshot_tables, snapshot_zip
from cchc.sources import SAMPLE, open_source
from cchc.vocab.labels import TABLE_LABELS
from ui import downloads, frame
from ui.text import literal

status = frame.require()
ctx = frame.context()
access = ctx.access
unit = access.export_unit
raw_tabs = ctx.loaded.raw.tabs if ctx.loaded.raw else ()
names = status.plan.units.names()
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
        own = names.get(unit, unit)
        st.info(f"Tài khoản đơn vị chỉ tải được các dòng của {literal(own)} (không kèm các trang tính gốc).")
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
    whose = f" của {literal(names.get(chosen, chosen))}" if chosen else ""
    st.caption(
        f"Một bảng tính{whose} cho bộ phận tổng hợp, tính đến ngày {status.as_of:%d/%m/%Y}: tổng quan, nhiệm "
        "vụ, phần việc, tham gia, kết quả thực hiện của đơn vị, sản phẩm tuyên truyền và lỗi dữ liệu."
    )
    name = summary_book_name(status.as_of, chosen)
    build = partial(summary_book, status, chosen)  # built when clicked, not on every run of the page
    downloads.button(ctx, "Tải bảng tổng hợp (Excel)", build, name, MIME, "summary_book")


def _period_choice(key: str) -> str:
    """The period of an internal or a unit's report: 6 months or the year."""
    chosen = st.radio(
        "Kỳ báo cáo",
        list(PERIODS),
        format_func=lambda p: period_words(p, status.plan.year).capitalize(),
        horizontal=True,
        key=key,
    )
    return str(chosen)


def _blanks_and_preview(kind: str, period: str, code: str | None) -> None:
    """How many highlighted blanks the draft still has, and the draft itself (no snapshot, no Word file)."""
    draft = build_report(status.plan, kind, None, period, code)
    blanks = draft.placeholders()
    if blanks:
        listed = "; ".join(f"«{literal(hint)}»" for hint in blanks)
        st.caption(
            f"Bản dự thảo còn {len(blanks)} chỗ trống tô vàng cần điền: {listed}. Điền vào trang tính "
            "«Cấu hình» hoặc «Báo cáo» rồi tải lại, hoặc điền thẳng vào bản Word."
        )
    else:
        st.caption("Bản dự thảo không còn chỗ trống nào cần điền.")
    with st.expander("Xem trước nội dung"):
        st.text(draft_text(draft))


SNAPSHOT_NOTE = (
    "Khi tải, chương trình lưu một bản chốt số liệu có ghi ngày vào thư mục lịch sử rồi lập báo cáo "
    "từ bản chốt số liệu đó, nên số liệu trong báo cáo được giữ nguyên và lập lại được"
)


def _report() -> None:
    """Directors and compilers: every kind of report, and every unit's report at once."""
    st.subheader("Dự thảo báo cáo")
    kind = str(
        st.radio("Loại báo cáo", list(KINDS), format_func=KIND_LABELS.get, horizontal=True, key="report_kind")
    )
    period = covered_period(kind, _period_choice("report_period") if chooses_period(kind) else None)
    code = None
    if kind == "unit":
        if not names:
            st.info("Trang tính «Đơn vị» chưa có đơn vị nào.")
            return
        owing = units_with_a_part(status.plan, period)
        first = ctx.unit if ctx.unit in names else next(iter(owing), next(iter(names)))
        code = st.selectbox(
            "Đơn vị lập báo cáo",
            list(names),
            index=list(names).index(first),
            format_func=lambda c: names.get(c, c),
            key=f"report_unit_{ctx.unit or ''}",  # follows the unit chosen in the sidebar
        )
    st.caption(SNAPSHOT_NOTE + " (xem trang «Lịch sử»).")
    downloads.report_button(
        ctx, status, kind, report_file_name(kind, period, status.plan.year, code), period, code
    )
    _blanks_and_preview(kind, period, code)
    if kind == "unit":
        st.caption(
            f"Báo cáo {period_words(period, status.plan.year)} của tất cả đơn vị được giao nhiệm vụ hoặc có "
            "tham gia thực hiện: mỗi đơn vị một bản Word, cùng lập từ một bản chốt số liệu."
        )
        name = unit_reports_zip_name(period, status.plan.year)
        downloads.unit_reports_button(ctx, status, period, name)


def _own_report(code: str) -> None:
    """A unit account: its own unit's report to the Sở's leadership, and nothing else."""
    st.subheader("Báo cáo của đơn vị")
    name = names.get(code, code)
    st.caption(
        f"Dự thảo báo cáo của {literal(name)} gửi Lãnh đạo Sở về kết quả thực hiện Kế hoạch. "
        + SNAPSHOT_NOTE
        + "."
    )
    period = _period_choice("own_report_period")
    downloads.report_button(
        ctx, status, "unit", report_file_name("unit", period, status.plan.year, code), period, code
    )
    _blanks_and_preview("unit", period, code)


if status.plan.complete:
    _snapshot()
    _summary()
    if access.can_export_all:
        _report()
    elif unit and unit in names:
        _own_report(unit)
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
            audit.entries_frame(log.entries, names),
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
