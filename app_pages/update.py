"""Cập nhật tiến độ (SPEC §12): a unit's parts, then a form that adds one progress row to the sheet.

Decisions:
- Who writes: a signed-in unit account writes for its own unit only (whatever unit the sidebar
  shows); directors and the compiler pick the unit they write for (the sidebar's unit first).
- Without sign-in (an open dashboard) the page shows the parts read-only and says that updating
  needs sign-in: there is nobody to name in `Người cập nhật` nor in the audit log, and anyone who
  reaches an open dashboard could write into the units' sheet.
- Where: a Google Sheet (one `values.append`) and a CSV folder (an atomic append) take rows; the
  sample bundled with the program, an .xlsx workbook and a snapshot are read-only, and the page
  says so instead of showing the form.
- `Ngày cập nhật` is today in Việt Nam and `Người cập nhật` the signed-in person's name (the
  email when the sign-in gives no name); neither is a field of the form.
"""

import streamlit as st

from cchc.access.roles import OPEN, UNIT, canonical_unit
from cchc.config import today
from cchc.present.views import NO_ROW, short, unit_parts
from cchc.sheet.append import read_only
from cchc.vocab.labels import ROLE_LABELS, STATE_NAMES, vn_date, vn_number
from ui import frame, gate
from ui.fmt import badge
from ui.text import literal
from ui.update_form import Target, form

status = frame.require()
ctx = frame.context()
access = ctx.access
st.title("Cập nhật tiến độ")
units = frame.units_or_stop(status)
own = canonical_unit(access.unit, list(units)) if access.role == UNIT else None
if access.role == UNIT and own is None:
    st.error(f"Mã đơn vị «{literal(access.unit)}» của tài khoản không có trong trang tính «Đơn vị».")
    st.stop()
if own:
    unit = own
else:
    codes = list(units)
    start = codes.index(ctx.unit) if ctx.unit in codes else 0
    unit = st.selectbox(
        "Cập nhật cho đơn vị",
        codes,
        index=start,
        key="update_unit",
        format_func=lambda c: f"{units[c].name} ({c})",
    )
name = units[unit].name
parts = unit_parts(status, unit)
content = {t.task_id: t.content for t in status.plan.tasks}

st.subheader(f"Phần việc của {literal(name)}")
st.caption(f"Tính đến {status.as_of:%d/%m/%Y}.")
if not parts:
    st.info("Đơn vị không chủ trì hay phối hợp nhiệm vụ nào; vẫn có thể ghi phần tham gia vào một nhiệm vụ.")
for a in parts:
    with st.container(border=True):
        st.markdown(
            f"{badge(a.risk)} **Nhiệm vụ {literal(a.task_id)}** · "
            f"{ROLE_LABELS[a.role].lower()}: {literal(short(content.get(a.task_id, '')))}"
        )
        state = STATE_NAMES.get(a.state or "", "")
        reached = f", {vn_number(a.percent)}%" if a.percent is not None else ""
        last = f"cập nhật gần nhất {vn_date(a.last_update)}" if a.last_update else NO_ROW
        st.caption(f"{state}{reached} · {last}" if state else last.capitalize())

st.subheader("Ghi dòng tiến độ mới")
kind = ctx.loaded.raw.kind if ctx.loaded.raw else ""
if access.role == OPEN:
    st.info(
        "Cập nhật tiến độ từ bảng theo dõi cần đăng nhập, để ghi đúng tên người cập nhật. Bảng theo dõi này "
        "đang mở không đăng nhập nên chỉ xem được; hãy ghi vào bảng tính chung, hoặc nhờ người quản trị bật "
        "đăng nhập.",
        icon=":material/lock:",
    )
    st.stop()
refused = read_only(kind)
if refused or ctx.loaded.raw is None:
    st.info(refused or "Không đọc được nguồn dữ liệu.", icon=":material/edit_off:")
    st.stop()

mine = {
    a.task_id: f"Nhiệm vụ {a.task_id} ({ROLE_LABELS[a.role].lower()}): {short(content.get(a.task_id, ''))}"
    for a in parts
}
others = {
    t.task_id: f"Nhiệm vụ {t.task_id} (tham gia, không được giao): {short(t.content)}"
    for t in status.plan.tasks
    if t.task_id not in mine
}
day = today()
window = status.plan.window
if not window.start <= day <= window.end:
    st.warning(
        f"Hôm nay ({day:%d/%m/%Y}) nằm ngoài năm kế hoạch {status.plan.year}: dòng mới vẫn ghi ngày hôm nay, "
        "nên không hiện khi xem kế hoạch tính đến một ngày trong năm đó.",
        icon=":material/event_busy:",
    )
elif status.as_of < day:
    st.caption(f"Dòng mới ghi ngày {day:%d/%m/%Y}: chọn «Tính đến ngày» từ ngày này để thấy trên các trang.")
form(
    Target(
        unit=unit,
        unit_name=name,
        reporter=gate.reporter(access),
        who=access.email,
        role=access.role,
        spec=ctx.config.source,
        kind=kind,
        google=ctx.config.google,
        audit_log=ctx.config.audit_log,
        raw=ctx.loaded.raw,
        year=status.plan.year,
        today=day,
        tasks=mine | others,
    )
)
