"""The dashboard frame: page config, navigation, and the sidebar every page shares."""

import streamlit as st

from cchc.config import load_config
from ui import frame, gate

st.set_page_config(page_title="Theo dõi tuyên truyền CCHC", page_icon=":material/fact_check:", layout="wide")

quality = st.Page("app_pages/quality.py", title="Chất lượng dữ liệu", icon=":material/rule:")
pages = [
    st.Page("app_pages/overview.py", title="Tổng quan", icon=":material/dashboard:", default=True),
    st.Page("app_pages/units.py", title="Theo đơn vị", icon=":material/groups:"),
    st.Page("app_pages/deadlines.py", title="Thời hạn", icon=":material/event:"),
    st.Page("app_pages/todo.py", title="Việc cần làm", icon=":material/checklist:"),
    st.Page("app_pages/update.py", title="Cập nhật tiến độ", icon=":material/edit_note:"),
    quality,
    st.Page("app_pages/history.py", title="Lịch sử", icon=":material/history:"),
    st.Page("app_pages/export.py", title="Xuất dữ liệu", icon=":material/download:"),
]
config = load_config()  # the one read of the environment and secrets.toml for this run
access = gate.check(config)
if isinstance(access, gate.Refusal):
    # Every page stays registered (menu hidden), so a direct link shows the refusal, not "page not found".
    st.navigation(pages, position="hidden")
    gate.refuse(access, config)
    st.stop()
navigation = st.navigation(pages)
frame.build(quality, access, config)
navigation.run()
