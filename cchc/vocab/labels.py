"""Vietnamese labels for risks, states, roles and reports, shared by CLI, export and dashboard."""

from __future__ import annotations

# SPEC §13: one word per idea on every page, message and document.
RISK_LABELS = {
    "overdue": "Quá hạn",
    "stale": "Chậm cập nhật",
    "paused": "Tạm dừng",
    "at_risk": "Có nguy cơ chậm tiến độ",
    "done_late": "Hoàn thành quá hạn",
    "not_started": "Chưa thực hiện",
    "upcoming": "Chưa đến thời gian thực hiện",
    "on_track": "Đúng tiến độ",
    "done_on_time": "Hoàn thành đúng hạn",
}
STATE_NAMES = {
    "not_started": "Chưa thực hiện",
    "in_progress": "Đang thực hiện",
    "done": "Hoàn thành",
    "paused": "Tạm dừng",
    "no_activity": "Không phát sinh",
}
ROLE_LABELS = {"lead": "Chủ trì", "support": "Phối hợp"}
REPORT_LABELS = {"half_year": "Báo cáo 6 tháng", "annual": "Báo cáo năm"}
PERIOD_WORDS = {"half_year": "6 tháng", "annual": "năm"}  # a report's period inside a sentence
SEVERITY_LABELS = {"error": "Lỗi", "warning": "Cảnh báo"}
# The tables of a snapshot, as the export page names them (the files keep their names).
TABLE_LABELS = {
    "settings.csv": "Cấu hình",
    "units.csv": "Đơn vị",
    "tasks.csv": "Nhiệm vụ",
    "progress.csv": "Tiến độ",
    "status.csv": "Tình trạng từng phần việc",
    "issues.csv": "Lỗi và cảnh báo dữ liệu",
}


def vn_date(value: object) -> str:
    """A date as dd/mm/yyyy ('' for none)."""
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else ""


def vn_number(value: float | None, digits: int = 1) -> str:
    """A number in Vietnamese style: `50,5` (no trailing `,0`)."""
    if value is None:
        return ""
    text = f"{value:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return text.rstrip("0").rstrip(",") if "," in text else text


# One colour per risk on every chart and table: red overdue, orange at risk, amber stale, purple
# paused, grey not started, light grey upcoming, blue on track, green done (light green when done
# late, dark green when on time).
RISK_COLORS = {
    "overdue": "#d32f2f",
    "at_risk": "#f57c00",
    "stale": "#f9c74f",
    "paused": "#8e6bb8",
    "not_started": "#9e9e9e",
    "upcoming": "#cfd8dc",
    "on_track": "#1e88e5",
    "done_late": "#9ccc65",
    "done_on_time": "#2e7d32",
}
# The risk colours dark enough to take white text (black on the others), on pages and in workbooks.
DARK_RISKS = frozenset({"overdue", "paused", "on_track", "done_on_time"})
