"""«Tình trạng hệ thống» in the sidebar, for directors (and anyone when sign-in is off): when the
sheet was last read successfully, whether the data shown is that older read, and when reminders
last ran: the facts of the command-line health check (`cchc.health`), in the pages' words.
"""

from __future__ import annotations

import streamlit as st

from cchc import health
from cchc.access.roles import DIRECTOR, OPEN, Access
from cchc.config import Config, now
from cchc.remind.sentlog import last_run
from ui.data import Loaded
from ui.text import literal

TITLE = "Tình trạng hệ thống"
SHOWN_TO = (DIRECTOR, OPEN)  # the open dashboard has no roles: whoever runs it administers it


def report(loaded: Loaded, config: Config) -> health.Health:
    """The health of the read the pages show (not a new read) and of the last reminder run."""
    reading = health.reading(config.source, config.google, loaded.raw, loaded.error, loaded.read_at)
    return health.Health(reading, last_run(config.remind.sent_log), now())


def _trouble(found: health.Health, shown_stale: bool) -> None:
    if found.reading.last_good is None:  # the sidebar already says the source cannot be read
        return
    if found.level == "down":
        hours = f"{found.max_age.total_seconds() / 3600:g}"
        st.error(f"Đã quá {hours} giờ không đọc được bảng tính. Hãy báo người quản trị.")
    if shown_stale:
        st.warning(
            "Lần đọc bảng tính gần nhất không thành công; số liệu đang hiển thị là của lần đọc thành công "
            "lần cuối."
        )


def box(loaded: Loaded, access: Access, config: Config) -> None:
    """The sidebar box: two lines, and a warning when the latest read failed."""
    if access.role not in SHOWN_TO:
        return
    found = report(loaded, config)
    # a bordered container, not an expander: the pages' own expanders stay the only ones
    with st.sidebar.container(border=True):
        st.markdown(f"**{TITLE}**")
        st.caption(health.last_good_words(found))
        if not found.reading.read_now:
            _trouble(found, loaded.raw is not None and loaded.raw.stale)
        st.caption(health.run_words(found.run, literal))
