"""The frame around every page: sidebar (source, refresh, as-of date, unit filter, error count, and
for directors the system's health)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from cchc.access.roles import Access, canonical_unit
from cchc.assess.schedule import default_as_of
from cchc.assess.status import Status, assess
from cchc.config import Config, today
from cchc.sources.spec import spreadsheet_id
from cchc.validate.units import Unit
from cchc.vocab.terms import VIETNAM
from ui import gate, health
from ui.data import Loaded, load
from ui.text import literal

ALL_UNITS = ""
_KIND_LABELS = {
    "csv": "thư mục bảng tính",
    "xlsx": "tệp bảng tính",
    "snapshot": "bản chốt số liệu",
    "gsheet": "Google Sheets",
}


@dataclass(frozen=True)
class Context:
    """What every page needs: the read, the status at the chosen date, and the unit filter."""

    loaded: Loaded
    status: Status | None
    as_of: date
    unit: str | None
    access: Access
    config: Config


def _as_of(year: int) -> date:
    """The as-of date widget: today by default, kept inside the plan year."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    chosen = st.session_state.get("as_of")
    if not isinstance(chosen, date) or not first <= chosen <= last:
        st.session_state["as_of"] = default_as_of(year, today())
    return st.sidebar.date_input(
        "Tính đến ngày",
        key="as_of",
        min_value=first,
        max_value=last,
        format="DD/MM/YYYY",
        help="Xem kế hoạch đúng như tại ngày này: chỉ các dòng tiến độ ghi ngày đó trở về trước được tính.",
    )


# Enter in the as-of field applies the date, as leaving the field does: a script in a zero-height
# frame of the same origin closes the calendar and leaves the field when Enter is pressed in it
# (installed once per page).
_ENTER_APPLIES = """<script>
const doc = window.parent.document;
if (!doc.cchcEnterApplies) {
  doc.cchcEnterApplies = true;
  doc.addEventListener("keydown", (event) => {
    const field = event.target.closest && event.target.closest('[data-testid="stDateInput"]');
    if (event.key === "Enter" && field) {
      const input = event.target;  // close the calendar as Escape does, then leave the field
      input.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", code: "Escape", bubbles: true}));
      setTimeout(() => input.blur(), 0);
    }
  }, true);
}
</script>"""


def _enter_applies() -> None:
    with st.sidebar:
        st.iframe(_ENTER_APPLIES, height=1)


def _unit(loaded: Loaded, access: Access) -> str | None:
    units = loaded.plan.units.ordered() if loaded.plan else []
    names = {ALL_UNITS: "Tất cả đơn vị"} | {u.code: f"{u.name} ({u.code})" for u in units}
    if st.session_state.get("unit") not in names:
        own = canonical_unit(access.start_unit, [u.code for u in units])  # a unit starts on its own rows
        st.session_state["unit"] = own if own and "unit_chosen" not in st.session_state else ALL_UNITS
    st.session_state["unit_chosen"] = True
    chosen = st.sidebar.selectbox("Đơn vị", list(names), key="unit", format_func=names.__getitem__)
    return chosen or None


def _source_box(loaded: Loaded) -> None:
    kind = loaded.raw.kind if loaded.raw else ""
    read_at = (loaded.raw.read_at if loaded.raw else loaded.read_at).astimezone(VIETNAM)
    where = (
        "dữ liệu mẫu (kế hoạch năm 2017)"
        if kind == "sample"
        else (f"**{literal(loaded.spec)}** ({_KIND_LABELS.get(kind, 'nguồn dữ liệu')})")
    )
    st.sidebar.caption(f"Nguồn: {where} · đọc lúc {read_at:%d/%m/%Y %H:%M}")
    key = spreadsheet_id(loaded.spec) if kind == "gsheet" else None
    if key:
        st.sidebar.link_button(
            "Mở bảng tính",
            f"https://docs.google.com/spreadsheets/d/{key}/edit",
            icon=":material/open_in_new:",
        )
    if st.sidebar.button("Làm mới dữ liệu", help="Đọc lại nguồn dữ liệu ngay"):
        load.clear()
        st.rerun()


def _issue_link(loaded: Loaded, quality_page: st.Page) -> None:
    if loaded.error:
        st.sidebar.error("Không đọc được nguồn dữ liệu.")
        return
    issues = loaded.plan.issues if loaded.plan else []
    errors = sum(1 for i in issues if i.severity == "error")
    label = f"{errors} lỗi, {len(issues) - errors} cảnh báo dữ liệu" if issues else "Dữ liệu không có lỗi"
    st.sidebar.page_link(quality_page, label=label, icon=":material/rule:")


def build(quality_page: st.Page, access: Access, config: Config) -> Context:
    """Render the sidebar and compute the status every page shows."""
    loaded = load(config.source, config.google)
    codes = [u.code for u in loaded.plan.units.ordered()] if loaded.plan else []
    gate.sidebar(access, config, loaded.raw.kind if loaded.raw else None, codes)
    _source_box(loaded)
    year = loaded.plan.year if loaded.plan else today().year
    as_of = _as_of(year)
    _enter_applies()
    unit = _unit(loaded, access)
    _issue_link(loaded, quality_page)
    health.box(loaded, access, config)
    status = assess(loaded.plan, as_of) if loaded.plan else None
    context = Context(loaded, status, as_of, unit, access, config)
    st.session_state["context"] = context
    return context


def context() -> Context:
    """The context the frame computed for this run."""
    found: Context = st.session_state["context"]
    return found


def units_or_stop(status: Status) -> dict[str, Unit]:
    """The units by code, in Vietnamese order of their names; the page stops, saying why, when there
    are none."""
    units = {u.code: u for u in status.plan.units.ordered()}
    if not units:
        st.info("Trang tính «Đơn vị» chưa có đơn vị nào.")
        st.stop()
    return units


def require() -> Status:
    """The status, or stop the page after explaining why there is none."""
    ctx = context()
    if ctx.status is None:
        st.error(f"Không đọc được nguồn dữ liệu «{literal(ctx.loaded.spec)}».")
        st.markdown(f"{literal(ctx.loaded.error)}\n\nSau khi sửa, bấm **Làm mới dữ liệu** ở thanh bên.")
        st.stop()
    if ctx.status.plan.stale:
        reason = literal(ctx.status.plan.stale_reason)
        st.warning(f"Không làm mới được dữ liệu. {reason}", icon=":material/cloud_off:")
    if not ctx.status.plan.complete:
        st.warning(
            "Bảng tính thiếu trang tính hoặc cột bắt buộc, nên số liệu dưới đây chưa đầy đủ. "
            "Xem trang «Chất lượng dữ liệu» để biết cần sửa gì."
        )
    return ctx.status
