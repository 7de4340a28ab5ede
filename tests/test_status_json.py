"""`status --format json` follows SPEC §8 revision 2 exactly: its keys, types and orders, on the
sample and on a messy plan, read alike from a CSV folder, an .xlsx workbook and a Google Sheet."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from cchc.cli.main import main
from cchc.sources import gsheet
from emulator import Emulator
from tests.support.plans import (
    ASSIGNMENT_FIELDS,
    PROGRESS_HEADER,
    PROGRESS_HEADER_REV2,
    REPORT_FIELDS,
    RISKS,
    TASK_HEADER,
    TASK_HEADER_REV2,
    UNIT_HEADER,
    UNITS,
    progress_row,
    write_csv_folder,
    write_workbook,
)

AS_OF = "2017-06-14"
TOP = ["as_of", "source", "plan", "assignments", "contributions", "tasks", "units", "reports", "issue_counts"]
CONTRIBUTION = ["task_id", "unit", "rows", "last_update"]
TASK = ["task_id", "content", "start", "due", "ongoing", "risk", "outputs", "target"]
OUTPUTS = ["lead", "support", "contributions", "attendance"]
OUTPUT = ["channel", "measure", "count"]
UNIT = ["unit", "name", "assignments", *RISKS, "last_update", "days_since_update", "contributions"]
UNIT += ["on_time", "on_time_rate"]
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# A messy plan: title rows, a Quý 3 task, an own cycle, a paused ongoing task, a late-typed
# completion, a contribution, a possible duplicate, measures and attendance, data errors, the
# report register with the half-year report sent.
MESSY = {
    "Cấu hình": [["Khóa", "Giá trị"], ["nam", "2017"], ["chu_ky_cap_nhat", "30"], ["khoa_la", "x"]],
    "Đơn vị": [UNIT_HEADER, *UNITS],  # the small plan's three units
    "Nhiệm vụ": [
        ["KẾ HOẠCH NĂM 2017"],
        [],
        TASK_HEADER + TASK_HEADER_REV2,
        ["1", "Tuyên truyền kế hoạch", "Quý 1/2017", "TTTK", "", "", "", "", "", ""],
        ["2", "Hội nghị đối thoại", "Quý 3/2017", "TTTK", "", "", "", "", "", ""],
        ["3", "Bộ chỉ số CCHC", "Thường xuyên", "TTTK", "", "", "", "", "", "90"],
        ["4", "Thủ tục hành chính", "Thường xuyên", "TTTK", "PC", "", "", "20", "", ""],
        ["5", "Niêm yết TTHC", "Thường xuyên", "PC và Văn phòng Sở", "", "", "", "", "", ""],
    ],
    "Tiến độ": [
        PROGRESS_HEADER + PROGRESS_HEADER_REV2,
        progress_row("05/04/2017", 1, "TTTK", "Hoàn thành", 100, completed_on="30/03/2017", measure=""),
        progress_row("01/03/2017", 3, "TTTK", "Không phát sinh", measure=""),
        progress_row("20/05/2017", 3, "TTTK", "Tạm dừng", note="Chờ kết quả xếp hạng", measure=""),
        progress_row(
            "16/01/2017",
            4,
            "TTTK",
            result="Cập nhật 8 TTHC",
            channel="Trang TTĐT",
            count=8,
            measure="thủ tục hành chính",
        ),
        progress_row(
            "06/02/2017",
            4,
            "TTTK",
            result="cập nhật 8 tthc",
            channel="Trang TTĐT",
            count=8,
            measure="Thủ tục hành chính",
        ),
        progress_row("10/03/2017", 4, "PC", result="Gửi 2 tin", channel="Trang TTĐT", count=2, measure=""),
        progress_row(
            "12/03/2017",
            4,
            "TTTK",
            result="Tập huấn",
            channel="Hội nghị/tập huấn",
            count=1,
            attendance=60,
            measure="",
        ),
        progress_row(
            "22/03/2017", 1, "VP", result="Họp giao ban", channel="Họp giao ban", count=1, measure=""
        ),
        progress_row("10/06/2017", 5, "PC", "Đang thực hiện", measure=""),
        progress_row("31/02/2017", 5, "VP", "Đang thực hiện", measure=""),  # an impossible date
        progress_row("01/05/2017", 5, "Van phong So", "Đang thực hiện", measure=""),
        progress_row("02/05/2017", 9, "TTTK", "Đang thực hiện", measure=""),  # no task 9
    ],
    "Báo cáo đã gửi": [
        ["Kỳ", "Đơn vị", "Số văn bản", "Ngày gửi", "Người ký"],
        ["6 tháng 2017", "", "45/BC-SKHCN", "13/06/2017", "Nguyễn Văn D"],
    ],
}


def status(capsys, *source):
    assert main(["status", *map(str, source), "--as-of", AS_OF, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def check_shape(doc):
    assert list(doc) == TOP
    assert doc["as_of"] == AS_OF
    assert all(list(a) == ASSIGNMENT_FIELDS for a in doc["assignments"])
    assert all(a["role"] in ("lead", "support") and a["risk"] in RISKS for a in doc["assignments"])
    assert all(list(c) == CONTRIBUTION and isinstance(c["rows"], int) for c in doc["contributions"])
    for task in doc["tasks"]:
        assert list(task) == TASK and list(task["outputs"]) == OUTPUTS
        assert isinstance(task["outputs"]["attendance"], int)
        for part in ("lead", "support", "contributions"):
            assert all(list(o) == OUTPUT and isinstance(o["count"], int) for o in task["outputs"][part])
    for unit in doc["units"]:
        assert list(unit) == UNIT
        assert set(unit["on_time"]) == {"n", "d"}
        assert unit["assignments"] == sum(unit[r] for r in RISKS)
    for report in doc["reports"]:
        assert list(report) == REPORT_FIELDS
        assert report["sent"] is None or list(report["sent"]) == ["number", "date", "signer"]
        assert isinstance(report["late"], bool)
    dates = [
        *(a[k] for a in doc["assignments"] for k in ("due", "last_update", "completed_on")),
        *(c["last_update"] for c in doc["contributions"]),
        *(t[k] for t in doc["tasks"] for k in ("start", "due")),
        *(u["last_update"] for u in doc["units"]),
        *(
            r[k]
            for r in doc["reports"]
            for k in ("due", "last_day", "period_start", "period_end", "unit_deadline")
        ),
    ]
    assert all(d is None or ISO.match(d) for d in dates)


def test_the_sample_status_has_exactly_the_shape_of_section_8(capsys):
    check_shape(status(capsys))


@pytest.fixture
def messy_csv(tmp_path):
    return write_csv_folder(tmp_path / "messy", MESSY)


def test_a_messy_plan_has_the_shape_and_the_values_spec_revision_2_asks_for(capsys, messy_csv):
    doc = status(capsys, messy_csv)
    check_shape(doc)
    risks = {(a["task_id"], a["unit"], a["role"]): a["risk"] for a in doc["assignments"]}
    assert risks == {
        ("1", "TTTK", "lead"): "done_on_time",  # completed 30/03, typed 05/04
        ("2", "TTTK", "lead"): "upcoming",  # Quý 3: its window opens on 1 July
        ("3", "TTTK", "lead"): "paused",
        ("4", "TTTK", "lead"): "stale",  # last row 12/03, cycle 30
        ("4", "PC", "support"): "stale",
        ("5", "PC", "lead"): "on_track",
        ("5", "VP", "lead"): "stale",  # 01/05 (the 31/02 row is left out), 44 days
    }
    assert [t["risk"] for t in doc["tasks"]] == ["done_on_time", "upcoming", "paused", "stale", "stale"]
    assert [t["start"] for t in doc["tasks"]][:2] == ["2017-01-01", "2017-07-01"]
    assert doc["contributions"] == [{"task_id": "1", "unit": "VP", "rows": 1, "last_update": "2017-03-22"}]
    task4 = doc["tasks"][3]["outputs"]
    assert task4 == {
        "lead": [
            {"channel": "Trang TTĐT", "measure": "thủ tục hành chính", "count": 16},
            {"channel": "Hội nghị/tập huấn", "measure": "hội nghị, cuộc họp", "count": 1},
        ],
        "support": [{"channel": "Trang TTĐT", "measure": "tin, bài", "count": 2}],
        "contributions": [],
        "attendance": 60,
    }
    assert doc["tasks"][0]["outputs"]["contributions"] == [
        {"channel": "Họp giao ban", "measure": "hội nghị, cuộc họp", "count": 1}
    ]
    half_year = doc["reports"][0]
    assert half_year["sent"] == {"number": "45/BC-SKHCN", "date": "2017-06-13", "signer": "Nguyễn Văn D"}
    assert (half_year["last_day"], half_year["days_left"], half_year["late"]) == ("2017-06-14", 0, False)
    tttk = next(u for u in doc["units"] if u["unit"] == "TTTK")
    assert (tttk["on_time"], tttk["on_time_rate"], tttk["contributions"]) == ({"n": 1, "d": 1}, 1.0, 0)
    vp = next(u for u in doc["units"] if u["unit"] == "VP")
    assert (vp["assignments"], vp["contributions"], vp["on_time"]) == (1, 1, {"n": 0, "d": 0})
    assert doc["issue_counts"] == {"error": 2, "warning": 4}


def test_a_messy_plan_reads_the_same_from_csv_xlsx_and_a_google_sheet(
    capsys, messy_csv, tmp_path, monkeypatch
):
    from_csv = status(capsys, messy_csv)
    book = write_workbook(tmp_path / "messy.xlsx", MESSY)
    from_xlsx = status(capsys, book)
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(gsheet, "RETRY_DELAYS", (0.01,))
    with Emulator.from_source(messy_csv) as server:
        monkeypatch.setenv("CCHC_SHEETS_ENDPOINT", server.base_url)
        from_google = status(capsys, f"gsheet:{server.spreadsheet_id}")
    for doc in (from_xlsx, from_google):
        check_shape(doc)
        for key in ("assignments", "contributions", "tasks", "units", "reports", "issue_counts"):
            assert doc[key] == from_csv[key], key
    assert date.fromisoformat(from_google["as_of"]) == date(2017, 6, 14)
