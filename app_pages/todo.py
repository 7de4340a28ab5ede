"""Việc cần làm: for the unit chosen in the sidebar (or for every unit), exactly what to update now
and which cells to fix, with links to them and the unit's contact person; for a director, the
reminders by email, previewed then sent."""

from functools import partial

import streamlit as st

from cchc.access.roles import DIRECTOR
from cchc.present.quality import issues_table
from cchc.present.todo import Todo, todo_lists
from cchc.present.todo_print import unit_todo_pdf
from cchc.vocab.labels import vn_date
from ui import frame, remind_panel
from ui.fmt import badge
from ui.text import cell_link, literal

status = frame.require()
ctx = frame.context()
unit = ctx.unit
st.title("Việc cần làm")
units = frame.units_or_stop(status)
every = unit is None
st.caption(
    f"Tính đến {status.as_of:%d/%m/%Y}."
    + (" Chọn một đơn vị ở thanh bên để xem riêng việc của đơn vị đó." if every else "")
)


def _show(code: str, items: list[Todo]) -> bool:
    """One unit's list: its contact, what to update, the cells to fix. False when there is nothing."""
    who = units[code]
    cells = issues_table(status.plan, unit=code)
    if every and not items and cells.empty:
        return False
    st.subheader(literal(who.name))
    # an address in a code span is never a link and copies without any invisible character
    email = f"`{who.email}`" if who.email and "`" not in who.email else literal(who.email)
    contact = " · ".join(x for x in (literal(who.head), email) if x)
    if contact:
        st.caption(f"Người phụ trách: {contact}")
    st.download_button(
        "Tải danh sách để in (khổ A4)",
        data=partial(unit_todo_pdf, status, code),  # built when clicked
        file_name=f"Viec-can-lam_{code}_{status.as_of:%Y-%m-%d}.pdf",
        mime="application/pdf",
        icon=":material/print:",
        key=f"todo_{code}",
        on_click="ignore",
    )
    if not items:
        st.success(f"{literal(who.name)} không có phần việc nào cần cập nhật lúc này.")
    for item in items:
        with st.container(border=True):
            st.markdown(f"{badge(item.risk)} **{literal(item.title)}**")
            st.caption(literal(item.task))
            st.markdown(literal(item.detail))
            if item.since:
                st.caption(f"Từ ngày {vn_date(item.since)}")
    if not cells.empty:
        st.markdown(f"**Ô cần sửa trong bảng tính: {len(cells)}**")
        links = cells["Mở ô"] if "Mở ô" in cells else [None] * len(cells)
        for cell, text, link in zip(cells["Ô"], cells["Vấn đề và cách sửa"], links, strict=True):
            url = cell_link(link)
            name = f"[Ô {literal(cell)}]({url})" if url and cell else f"**Ô {literal(cell)}**" if cell else ""
            st.markdown(f"- {name}: {literal(text)}" if name else f"- {literal(text)}")
    return True


shown = [code for code, items in todo_lists(status, unit).items() if _show(code, items)]
if every:
    idle = [units[c].name for c in units if c not in shown]
    if not shown:
        st.success("Không đơn vị nào có việc cần cập nhật hay ô cần sửa lúc này.")
    elif idle:
        st.caption(f"Không có việc cần làm: {literal(', '.join(idle))}.")

if ctx.access.role == DIRECTOR:  # reminders reach people: a director decides to send them
    remind_panel.panel(ctx, status)
