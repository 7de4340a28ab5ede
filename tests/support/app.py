"""The dashboard as the AppTest tests drive it: its entry point and its pages."""

from __future__ import annotations

from pathlib import Path

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


def chart_frames(at) -> list:
    """The data of every chart an AppTest run drew, as DataFrames (Streamlit sends it as Arrow)."""
    import pyarrow as pa

    return [
        pa.ipc.open_stream(dataset.data.data).read_pandas()
        for chart in at.get("vega_lite_chart")
        for dataset in chart.proto.datasets
    ]
