"""The sheet template (SPEC §2): canonical tab names, headers, aliases, states, channels."""

from __future__ import annotations

from dataclasses import dataclass

from cchc.vocab.text import loose_key


@dataclass(frozen=True)
class Field:
    """One column of a tab: its key, canonical header, accepted aliases, whether required."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class TabSpec:
    """One tab of the shared sheet."""

    sheet: str
    title: str
    aliases: tuple[str, ...]
    fields: tuple[Field, ...]
    required: bool = True
    missing_note: str = ""  # an optional tab's warning when it is missing; empty: no issue at all


SETTINGS = TabSpec(
    "settings",
    "Cấu hình",
    ("Settings", "Thiết lập", "Config"),
    (Field("key", "Khóa", ("Key", "Tên khóa")), Field("value", "Giá trị", ("Value",))),
    required=False,
    missing_note=(
        "Không có trang tính «Cấu hình»: dùng các giá trị mặc định (hạn báo cáo 15/06 và 15/12, "
        "chu kỳ cập nhật 30 ngày, cảnh báo trước 14 ngày)."
    ),
)
UNITS = TabSpec(
    "units",
    "Đơn vị",
    ("Units", "Danh sách đơn vị"),
    (
        Field("code", "Mã đơn vị", ("Code", "Unit code", "Mã"), True),
        Field("name", "Tên đơn vị", ("Name", "Unit name", "Tên"), True),
        Field("aliases", "Tên khác", ("Aliases", "Other names")),
        Field("head", "Người phụ trách", ("Head", "Contact", "Phụ trách")),
        Field("email", "Email", ("E-mail", "Thư điện tử")),
        Field("symbol", "Ký hiệu", ("Symbol", "Ký hiệu văn bản")),
    ),
)
TASKS = TabSpec(
    "tasks",
    "Nhiệm vụ",
    ("Tasks", "Kế hoạch"),
    (
        Field("task_id", "Mã nhiệm vụ", ("Task", "Task id", "STT", "Mã"), True),
        Field("content", "Nội dung", ("Content", "Nội dung tuyên truyền", "Task name"), True),
        Field("timeframe", "Thời gian", ("Timeframe", "Time"), True),
        Field("leads", "Đơn vị chủ trì", ("Lead", "Leads", "Chủ trì", "Phòng, đơn vị thực hiện"), True),
        Field("supports", "Đơn vị phối hợp", ("Support", "Supports", "Phối hợp")),
        Field("form", "Hình thức", ("Form", "Hình thức tuyên truyền")),
        Field("deadline", "Hạn hoàn thành", ("Deadline", "Due", "Hạn")),
        Field("target", "Chỉ tiêu", ("Target",)),
        Field("start", "Ngày bắt đầu", ("Start", "Start date", "Bắt đầu")),
        Field("cycle", "Chu kỳ cập nhật", ("Cycle", "Update cycle", "Chu kỳ")),
    ),
)
PROGRESS = TabSpec(
    "progress",
    "Tiến độ",
    ("Progress", "Nhật ký tiến độ"),
    (
        Field("date", "Ngày cập nhật", ("Date", "Ngày", "Dấu thời gian", "Timestamp"), True),
        Field("task", "Mã nhiệm vụ", ("Task", "Nhiệm vụ", "Task id"), True),
        Field("unit", "Đơn vị", ("Unit",), True),
        Field("state", "Trạng thái", ("Status", "State"), True),
        Field("percent", "Tiến độ (%)", ("Percent", "Tiến độ", "Phần trăm", "%")),
        Field("result", "Kết quả", ("Result",)),
        Field("channel", "Kênh", ("Channel",)),
        Field("count", "Số lượng", ("Count",)),
        Field("evidence", "Minh chứng", ("Evidence", "Link")),
        Field("note", "Ghi chú", ("Note", "Notes")),
        Field("reporter", "Người cập nhật", ("Reporter", "Người báo cáo")),
        Field("completed_on", "Ngày hoàn thành", ("Completed", "Completed on", "Done on")),
        Field("measure", "Đơn vị tính", ("Measure", "Unit of measure", "ĐVT")),
        Field("attendance", "Số người tham dự", ("Attendance", "Attendees", "Số người")),
    ),
)
_PERIOD = Field("period", "Kỳ", ("Period", "Kỳ báo cáo"), True)
_REPORT_UNIT = Field("unit", "Đơn vị", ("Unit",))
REPORTS = TabSpec(
    "reports",
    "Báo cáo",
    ("Reports", "Nội dung báo cáo"),
    (
        _PERIOD,
        _REPORT_UNIT,
        Field("section", "Mục", ("Section",), True),
        Field("text", "Nội dung", ("Text", "Content", "Đoạn văn"), True),
        Field("writer", "Người viết", ("Writer", "Author", "Người soạn")),
    ),
    required=False,
)
SENT_REPORTS = TabSpec(
    "sent_reports",
    "Báo cáo đã gửi",
    ("Sent reports", "Sổ báo cáo đã gửi", "Báo cáo đã ban hành"),
    (
        _PERIOD,
        _REPORT_UNIT,
        Field("number", "Số văn bản", ("Number", "Số", "Số hiệu", "Số, ký hiệu")),
        Field("sent_on", "Ngày gửi", ("Sent on", "Date sent", "Ngày", "Ngày ban hành"), True),
        Field("signer", "Người ký", ("Signer", "Signed by")),
    ),
    required=False,
)
TABS = (SETTINGS, UNITS, TASKS, PROGRESS, REPORTS, SENT_REPORTS)
CHECK_TAB = "Kiểm tra"  # written by `sheet check` only; never read as data
FORM_TABS = ("Câu trả lời biểu mẫu 1", "Form Responses 1", "Form responses 1")


def tab_names(spec: TabSpec) -> tuple[str, ...]:
    """Every name a tab may go by, in order of preference (a form-responses tab comes last)."""
    return (spec.title, spec.sheet, *spec.aliases, *(FORM_TABS if spec is PROGRESS else ()))


def sheet_of(title: str) -> str | None:
    """The template tab (settings, units, tasks, progress, reports, …) a tab title names, if any."""
    key = loose_key(title)
    return next((spec.sheet for spec in TABS if key in {loose_key(n) for n in tab_names(spec)}), None)


# The most days a cycle or warning period may name (settings, `Chu kỳ cập nhật`, the sheet's checks).
MAX_DAYS = 366

STATES = {
    "not_started": ("Chưa thực hiện", "Chưa bắt đầu", "Not started"),
    "in_progress": (
        "Đang thực hiện",
        "Đang triển khai",
        "Đang làm",
        "Đã thực hiện một phần",
        "In progress",
    ),
    "done": ("Hoàn thành", "Đã hoàn thành", "Xong", "Done"),
    "paused": ("Tạm dừng", "Paused"),
    "no_activity": ("Không phát sinh", "No activity"),
}
CHANNELS = (
    "Trang TTĐT",
    "Hội nghị/tập huấn",
    "Đối thoại/họp mặt",
    "Họp giao ban",
    "Báo/đài/tạp chí",
    "Niêm yết",
    "Khác",
)
# What `Số lượng` counts (`Đơn vị tính`); an empty cell follows the row's channel (SPEC §2).
MEASURES = (
    "tin, bài",
    "văn bản",
    "thủ tục hành chính",
    "hội nghị, cuộc họp",
    "lượt người",
    "ấn phẩm",
    "khác",
)
CHANNEL_MEASURES = {
    "Trang TTĐT": "tin, bài",
    "Báo/đài/tạp chí": "tin, bài",
    "Hội nghị/tập huấn": "hội nghị, cuộc họp",
    "Đối thoại/họp mặt": "hội nghị, cuộc họp",
    "Họp giao ban": "hội nghị, cuộc họp",
    "Niêm yết": "thủ tục hành chính",
}
OTHER_MEASURE = "khác"
# `Báo cáo` (SPEC §2): the sections of `Mục`.
REPORT_SECTIONS = {
    "direction": "Chỉ đạo, điều hành",
    "strengths": "Ưu điểm",
    "weaknesses": "Tồn tại, hạn chế",
    "causes": "Nguyên nhân",
    "next_steps": "Phương hướng",
    "proposals": "Kiến nghị, đề xuất",
    "commendation": "Khen thưởng",
}


@dataclass(frozen=True)
class Setting:
    """A key of the `Cấu hình` tab with its default (None: `fallback` says what happens) and meaning."""

    key: str
    default: str | None
    meaning: str
    fallback: str = "tính tự động"


RECIPIENTS = "Sở Nội vụ; Giám đốc, các Phó Giám đốc Sở; Lưu: VT, PC"
SETTINGS_KEYS = (
    Setting("ten_ke_hoach", None, "tên kế hoạch"),
    Setting("co_quan", None, "cơ quan ban hành"),
    Setting("nam", None, "năm kế hoạch"),
    Setting("han_bao_cao_6_thang", "15/06", "hạn báo cáo 6 tháng (dd/mm)"),
    Setting("han_bao_cao_nam", "15/12", "hạn báo cáo năm (dd/mm)"),
    Setting("chot_so_lieu_6_thang", "14/06", "ngày chốt số liệu báo cáo 6 tháng (dd/mm)"),
    Setting("chot_so_lieu_nam", "14/12", "ngày chốt số liệu báo cáo năm (dd/mm)"),
    Setting("chu_ky_cap_nhat", "30", "số ngày tối đa giữa hai lần cập nhật nhiệm vụ thường xuyên"),
    Setting("canh_bao_truoc", "14", "số ngày trước hạn thì cảnh báo nhiệm vụ chưa xong"),
    Setting("han_don_vi_6_thang", "10/06", "hạn đơn vị gửi báo cáo 6 tháng và cập nhật tiến độ (dd/mm)"),
    Setting("han_don_vi_nam", "10/12", "hạn đơn vị gửi báo cáo năm và cập nhật tiến độ (dd/mm)"),
    Setting("chu_ky_nhac", "7", "số ngày trước khi nhắc lại đơn vị cùng nội dung"),
    Setting("co_quan_chu_quan", None, "cơ quan chủ quản, dòng đầu quốc hiệu báo cáo", "bỏ dòng này"),
    Setting("so_ke_hoach", None, "số, ký hiệu kế hoạch (ví dụ 25/KH-SKHCN)", "không trích số"),
    Setting("ngay_ke_hoach", None, "ngày ban hành kế hoạch (dd/mm/yyyy)", "không trích ngày"),
    Setting("trich_yeu_ke_hoach", None, "trích yếu kế hoạch để trích dẫn", "lấy từ tên kế hoạch"),
    Setting("ky_hieu_bao_cao", None, "ký hiệu số báo cáo (ví dụ BC-SKHCN)", "để chỗ trống đánh dấu"),
    Setting(
        "dia_danh", None, "địa danh ở dòng ngày tháng (ví dụ Bà Rịa - Vũng Tàu)", "để chỗ trống đánh dấu"
    ),
    Setting("chuc_vu_ky", "GIÁM ĐỐC", "chức vụ người ký (KT. GIÁM ĐỐC; PHÓ GIÁM ĐỐC: ký thay)"),
    Setting("nguoi_ky", None, "họ tên người ký", "để trống đánh dấu"),
    Setting("noi_nhan", RECIPIENTS, "nơi nhận báo cáo gửi Sở Nội vụ, cách nhau bằng dấu ;"),
)
