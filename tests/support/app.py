"""The dashboard as the AppTest tests drive it: its entry point, its pages, a run as a signed-in user."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = [
    "app_pages/overview.py",
    "app_pages/units.py",
    "app_pages/deadlines.py",
    "app_pages/todo.py",
    "app_pages/update.py",
    "app_pages/quality.py",
    "app_pages/history.py",
    "app_pages/export.py",
]


def run_as(
    user: dict[str, object], page: str | None = None, *, timeout: float = 30, as_of: date | None = None
) -> AppTest:
    """The dashboard run as `user` (AppTest's simulated sign-in), the sidebar's as-of date set to `as_of`
    when given, then switched to `page` (one of PAGES) when given."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=timeout)
    at.user = user
    at.run()
    if as_of is not None:
        at.sidebar.date_input[0].set_value(as_of).run()
    if page:
        at.switch_page(page).run()
    return at


def chart_frames(at) -> list:
    """The data of every chart an AppTest run drew, as DataFrames (Streamlit sends it as Arrow)."""
    import pyarrow as pa

    return [
        pa.ipc.open_stream(dataset.data.data).read_pandas()
        for chart in at.get("vega_lite_chart")
        for dataset in chart.proto.datasets
    ]
