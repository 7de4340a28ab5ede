"""The dashboard's one write, offered only when `[cchc] allow_write = true`: `sheet check`."""

from __future__ import annotations

import streamlit as st

from cchc.config import now as vietnam_now
from cchc.sheet.sync import check_sheet, load_sheet_plan
from cchc.sources import GoogleAccess, SourceError
from cchc.validate.plan import Plan
from ui.text import literal


def check_button(plan: Plan, google: GoogleAccess) -> None:
    """Write the current check into the sheet's `Kiểm tra` tab (and notes), on request."""
    with st.expander("Ghi kết quả kiểm tra vào bảng tính"):
        st.caption(
            "Đọc lại bảng tính, rồi ghi danh sách lỗi vào trang tính «Kiểm tra» "
            "(thay nội dung cũ của trang tính này). "
            "Không ô dữ liệu nào của đơn vị bị thay đổi."
        )
        notes = st.checkbox("Ghi thêm ghi chú [CCHC] lên từng ô có lỗi", value=True, key="write_notes")
        if not st.button("Ghi vào bảng tính", type="primary", key="write_check"):
            return
        now = vietnam_now()
        try:
            decided, _ = check_sheet(load_sheet_plan(plan.name, google, now), google, now, notes)
        except SourceError as error:
            st.error(f"Chưa ghi được: {literal(error.message)}")
            return
        done = f"Đã ghi {decided.rows} dòng vào trang tính «Kiểm tra»"
        if notes:
            done += f"; ghi chú: {decided.notes_set} ghi mới, {decided.notes_removed} gỡ bỏ"
        st.success(done + ".")
