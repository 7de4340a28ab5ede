"""SPEC revision 2, reading (§2, §3.2): new settings, task and progress columns, `Không phát sinh`."""

from datetime import date

import openpyxl
import pandas as pd
import pytest

from cchc.assess.risk import assess_assignments
from cchc.sheet.layout import plan_init
from cchc.sheet.requests import validation_rule
from cchc.sheet.rules import rules_for
from cchc.sheet.template import write_template
from cchc.validate.plan import load_plan
from cchc.validate.settings import Settings
from cchc.vocab.labels import STATE_NAMES
from cchc.vocab.schema import PROGRESS, TASKS
from tests.support.plans import (
    PROGRESS_HEADER,
    PROGRESS_HEADER_REV2,
    TASK_HEADER,
    TASK_HEADER_REV2,
    plan_tabs,
    progress_row,
    raw_source,
)
from tests.support.plans import (
    TASKS as SMALL_TASKS,
)


def plan_rev2(progress=(), tasks=None, settings=None):
    """The small plan with revision 2's columns in `Nhiệm vụ` and `Tiến độ`."""
    tabs = plan_tabs(settings=settings)
    tabs["Nhiệm vụ"] = [TASK_HEADER + TASK_HEADER_REV2, *(SMALL_TASKS if tasks is None else tasks)]
    tabs["Tiến độ"] = [PROGRESS_HEADER + PROGRESS_HEADER_REV2, *progress]
    return load_plan(raw_source(tabs), fallback_year=2017)


def issues_of(plan, sheet):
    return [(i.code, i.cell, i.severity) for i in plan.issues if i.sheet == sheet]


# Settings ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, default",
    [
        ("half_year_cutoff", (14, 6)),
        ("annual_cutoff", (14, 12)),
        ("unit_half_year_due", (10, 6)),
        ("unit_annual_due", (10, 12)),
        ("remind_days", 7),
        ("governing_body", ""),
        ("plan_number", ""),
        ("plan_date", None),
        ("report_symbol", ""),
        ("place_name", ""),
        ("signer_title", "GIÁM ĐỐC"),
        ("signer", ""),
        ("recipients", ("Sở Nội vụ", "Giám đốc, các Phó Giám đốc Sở", "Lưu: VT, PC")),
    ],
)
def test_a_new_setting_left_out_takes_its_default(make_plan, field, default):
    assert getattr(make_plan().settings, field) == default


@pytest.mark.parametrize(
    "key, value, field, expected",
    [
        ("chot_so_lieu_6_thang", "13/06", "half_year_cutoff", (13, 6)),
        ("han_don_vi_6_thang", "05/06", "unit_half_year_due", (5, 6)),
        ("han_don_vi_nam", date(2026, 12, 8), "unit_annual_due", (8, 12)),
        ("chu_ky_nhac", "10", "remind_days", 10),
        ("co_quan_chu_quan", "UBND TỈNH BÀ RỊA - VŨNG TÀU", "governing_body", "UBND TỈNH BÀ RỊA - VŨNG TÀU"),
        ("so_ke_hoach", "25/KH-SKHCN", "plan_number", "25/KH-SKHCN"),
        ("ngay_ke_hoach", "20/01/2017", "plan_date", date(2017, 1, 20)),
        ("trich_yeu_ke_hoach", "thông tin CCHC", "subject", "thông tin CCHC"),
        ("ky_hieu_bao_cao", "BC-SKHCN", "report_symbol", "BC-SKHCN"),
        ("dia_danh", "Bà Rịa - Vũng Tàu", "place_name", "Bà Rịa - Vũng Tàu"),
        ("chuc_vu_ky", "KT. GIÁM ĐỐC; PHÓ GIÁM ĐỐC", "signer_title", "KT. GIÁM ĐỐC; PHÓ GIÁM ĐỐC"),
        ("nguoi_ky", "Nguyễn Văn A", "signer", "Nguyễn Văn A"),
        ("noi_nhan", "Sở Nội vụ;  Lưu: VT ;", "recipients", ("Sở Nội vụ", "Lưu: VT")),
    ],
)
def test_a_new_setting_is_read_from_its_row(make_plan, key, value, field, expected):
    plan = make_plan(settings=[[key, value]])
    assert getattr(plan.settings, field) == expected
    assert issues_of(plan, "settings") == []


@pytest.mark.parametrize(
    "key, value, field, default",
    [
        ("han_don_vi_6_thang", "31/02", "unit_half_year_due", (10, 6)),
        ("han_don_vi_nam", "cuối năm", "unit_annual_due", (10, 12)),
        ("chu_ky_nhac", "0", "remind_days", 7),
        ("chu_ky_nhac", "một tuần", "remind_days", 7),
        ("ngay_ke_hoach", "đầu năm", "plan_date", None),
        ("noi_nhan", " ; ; ", "recipients", Settings().recipients),
    ],
)
def test_a_bad_new_setting_falls_back_to_its_default_with_an_issue(make_plan, key, value, field, default):
    plan = make_plan(settings=[[key, value]])
    assert issues_of(plan, "settings") == [("setting.invalid", "B3", "error")]
    assert getattr(plan.settings, field) == default
    assert key in plan.issues[0].message and "Cấu hình" in plan.issues[0].message


@pytest.mark.parametrize(
    "title, subject",
    [
        ("Kế hoạch Thông tin, tuyên truyền CCHC năm 2017", "thông tin, tuyên truyền CCHC năm 2017"),
        ("KẾ HOẠCH: Tuyên truyền", "tuyên truyền"),
        ("Tuyên truyền CCHC", "tuyên truyền CCHC"),
        ("", ""),
    ],
)
def test_the_plan_subject_defaults_to_the_title_without_its_leading_ke_hoach(title, subject):
    assert Settings(title=title).subject == subject


# Nhiệm vụ --------------------------------------------------------------------------------------


def task(timeframe="Quý 1/2017", start="", cycle="", deadline=""):
    return ["1", "A", timeframe, "TTTK", "", "", deadline, "", start, cycle]


@pytest.mark.parametrize(
    "row, start",
    [
        (task("Quý 3/2017"), date(2017, 7, 1)),
        (task("Quý IV"), date(2017, 10, 1)),
        (task("Tháng 3/2017"), date(2017, 3, 1)),
        (task("6 tháng cuối năm"), date(2017, 7, 1)),
        (task("6 tháng đầu năm"), date(2017, 1, 1)),
        (task("Năm 2017"), date(2017, 1, 1)),
        (task("Thường xuyên"), date(2017, 1, 1)),
        (task("Quý 3/2017", start="15/07/2017"), date(2017, 7, 15)),
    ],
)
def test_a_task_starts_on_its_ngay_bat_dau_or_where_its_timeframe_begins(row, start):
    plan = plan_rev2(tasks=[row])
    assert plan.tasks[0].start == start
    assert issues_of(plan, "tasks") == []


@pytest.mark.parametrize("raw, cycle", [("", None), ("90", 90), (90.0, 90), ("1", 1), ("366", 366)])
def test_a_task_has_its_own_update_cycle_or_none(raw, cycle):
    plan = plan_rev2(tasks=[task("Thường xuyên", cycle=raw)])
    assert plan.tasks[0].cycle == cycle
    assert issues_of(plan, "tasks") == []


@pytest.mark.parametrize(
    "row, expected, start, cycle",
    [
        (task("Quý 3/2017", start="31/02/2017"), ("date.invalid", "I2", "error"), date(2017, 7, 1), None),
        (task("Quý 1/2017", start="01/04/2017"), ("start.after_due", "I2", "error"), date(2017, 1, 1), None),
        (task("Thường xuyên", cycle="0"), ("cycle.invalid", "J2", "error"), date(2017, 1, 1), None),
        (task("Thường xuyên", cycle="ba tháng"), ("cycle.invalid", "J2", "error"), date(2017, 1, 1), None),
        (task("Thường xuyên", cycle="400"), ("cycle.invalid", "J2", "error"), date(2017, 1, 1), None),
    ],
)
def test_a_bad_start_or_cycle_is_an_issue_at_its_cell_and_falls_back(row, expected, start, cycle):
    plan = plan_rev2(tasks=[row])
    assert issues_of(plan, "tasks") == [expected]
    assert (plan.tasks[0].start, plan.tasks[0].cycle) == (start, cycle)
    message = plan.issues[0].message
    assert message.startswith("Trang tính «Nhiệm vụ», ô ") and "Hãy" in message


def test_a_plan_without_the_new_task_columns_reads_as_before(make_plan):
    plan = make_plan()
    assert [(t.start, t.cycle) for t in plan.tasks] == [(date(2017, 1, 1), None)] * 2
    assert issues_of(plan, "tasks") == []


# Tiến độ ---------------------------------------------------------------------------------------


def done(completed_on, day="20/06/2017", state="Hoàn thành"):
    return progress_row(day, 1, "TTTK", state, completed_on=completed_on)


@pytest.mark.parametrize(
    "row, completed",
    [
        (done("09/06/2017"), pd.Timestamp(2017, 6, 9)),
        (done("20/06/2017"), pd.Timestamp(2017, 6, 20)),
        (done(""), pd.NaT),
        (
            progress_row("20/06/2017", 1, "TTTK", "", "100", completed_on="01/06/2017"),
            pd.Timestamp(2017, 6, 1),
        ),
    ],
)
def test_a_done_row_keeps_the_day_the_work_was_finished(row, completed):
    plan = plan_rev2([row])
    assert issues_of(plan, "progress") == []
    assert (
        plan.progress["completed_on"].iloc[0] is completed
        or plan.progress["completed_on"].iloc[0] == completed
    )


@pytest.mark.parametrize(
    "row, expected",
    [
        (done("31/02/2017"), ("date.invalid", "L2", "error")),
        (done("21/06/2017"), ("completion.after_update", "L2", "error")),
        (done("10/12/2016", day="10/01/2017"), ("completion.before_year", "L2", "error")),
        (done("09/06/2017", state="Đang thực hiện"), ("completion.not_done", "L2", "warning")),
    ],
)
def test_a_bad_completion_date_is_an_issue_and_the_row_counts_with_its_update_date(row, expected):
    plan = plan_rev2([row])
    assert issues_of(plan, "progress") == [expected]
    assert len(plan.progress) == 1 and pd.isna(plan.progress["completed_on"].iloc[0])
    assert plan.issues[0].message.startswith("Trang tính «Tiến độ», ô L2 (cột «Ngày hoàn thành»): ")


@pytest.mark.parametrize(
    "channel, measure, expected",
    [
        ("", "văn bản", "văn bản"),
        ("Trang TTĐT", "Thu tuc hanh chinh", "thủ tục hành chính"),
        ("", "TIN BÀI", "tin, bài"),
        ("Trang TTĐT", "", "tin, bài"),
        ("Báo/đài/tạp chí", "", "tin, bài"),
        ("Hội nghị/tập huấn", "", "hội nghị, cuộc họp"),
        ("Đối thoại/họp mặt", "", "hội nghị, cuộc họp"),
        ("Họp giao ban", "", "hội nghị, cuộc họp"),
        ("Niêm yết", "", "thủ tục hành chính"),
        ("Khác", "", "khác"),
        ("Zalo", "", "khác"),
        ("", "", "khác"),
    ],
)
def test_the_measure_is_read_forgivingly_and_follows_the_channel_when_empty(channel, measure, expected):
    row = progress_row("15/06/2017", 1, "TTTK", count="2", channel=channel, measure=measure)
    plan = plan_rev2([row])
    assert plan.progress["measure"].iloc[0] == expected
    assert [c for c, *_ in issues_of(plan, "progress")] == (["channel.unknown"] if channel == "Zalo" else [])


def test_an_unknown_measure_is_a_warning_and_counts_as_the_channel_says():
    row = progress_row("15/06/2017", 1, "TTTK", count="2", channel="Trang TTĐT", measure="cái")
    plan = plan_rev2([row])
    assert issues_of(plan, "progress") == [("measure.unknown", "M2", "warning")]
    assert plan.progress["measure"].iloc[0] == "tin, bài"
    assert "«tin, bài»" in plan.issues[0].message and "«lượt người»" in plan.issues[0].message


@pytest.mark.parametrize("raw, attendance", [("120", 120), (85.0, 85), ("", None), ("0", 0)])
def test_attendance_is_a_whole_number_of_people(raw, attendance):
    plan = plan_rev2([progress_row("15/06/2017", 1, "TTTK", channel="Hội nghị/tập huấn", attendance=raw)])
    value = plan.progress["attendance"].iloc[0]
    assert (None if pd.isna(value) else value) == attendance
    assert issues_of(plan, "progress") == []


@pytest.mark.parametrize("raw", ["nhiều", "-5", "12,5"])
def test_bad_attendance_is_an_error_and_the_row_still_counts(raw):
    plan = plan_rev2([progress_row("15/06/2017", 1, "TTTK", attendance=raw)])
    assert issues_of(plan, "progress") == [("attendance.invalid", "N2", "error")]
    assert len(plan.progress) == 1 and pd.isna(plan.progress["attendance"].iloc[0])


def test_no_progress_rows_still_have_the_new_columns(make_plan):
    progress = make_plan().progress
    assert {"completed_on", "measure", "attendance"} <= set(progress.columns)
    assert progress["completed_on"].dtype == progress["date"].dtype


# Không phát sinh -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "state, issues",
    [
        ("Không phát sinh", []),
        ("KHÔNG PHÁT SINH", []),
        ("No activity", []),
        ("Khong phat sinh", [("state.loose_match", "D2", "warning")]),
    ],
)
def test_khong_phat_sinh_is_the_no_activity_state(make_plan, state, issues):
    plan = make_plan(progress=[progress_row("01/03/2017", 2, "TTTK", state)])
    assert list(plan.progress["state"]) == ["no_activity"]
    assert issues_of(plan, "progress") == issues


def test_khong_phat_sinh_has_its_label_and_is_offered_in_the_state_dropdown():
    assert STATE_NAMES["no_activity"] == "Không phát sinh"
    (state_rule,) = [r for r in rules_for(PROGRESS) if r.field == "state"]
    assert "Không phát sinh" in state_rule.values


def test_a_khong_phat_sinh_row_keeps_an_ongoing_task_fresh(make_plan):
    def risk(progress):
        found = assess_assignments(make_plan(progress=progress), date(2017, 3, 15))
        return next(a for a in found if (a.task_id, a.unit) == ("2", "TTTK"))

    assert risk([]).risk == "stale"
    fresh = risk([progress_row("01/03/2017", 2, "TTTK", "Không phát sinh")])
    assert (fresh.risk, fresh.state, fresh.last_update) == ("on_track", "no_activity", date(2017, 3, 1))


def test_a_khong_phat_sinh_row_on_a_task_with_a_due_date_is_an_update_without_a_percent(make_plan):
    rows = [
        progress_row("01/02/2017", 1, "TTTK", percent="40"),
        progress_row("01/03/2017", 1, "TTTK", "Không phát sinh"),
    ]
    (lead,) = [
        a
        for a in assess_assignments(make_plan(progress=rows), date(2017, 3, 5))
        if (a.task_id, a.unit) == ("1", "TTTK")
    ]
    assert (lead.state, lead.percent, lead.last_update) == ("no_activity", 40.0, date(2017, 3, 1))


# sheet init and the template -------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec, field, kind, strict",
    [
        (TASKS, "start", "date", True),
        (TASKS, "cycle", "days", True),
        (PROGRESS, "completed_on", "date", True),
        (PROGRESS, "measure", "list", False),
        (PROGRESS, "attendance", "count", True),
    ],
)
def test_each_new_column_has_its_check_or_dropdown(spec, field, kind, strict):
    (rule,) = [r for r in rules_for(spec) if r.field == field]
    assert (rule.kind, rule.strict) == (kind, strict)


def test_the_cycle_check_accepts_one_to_366_days():
    (rule,) = [r for r in rules_for(TASKS) if r.field == "cycle"]
    condition = validation_rule(rule)["condition"]
    assert condition == {
        "type": "NUMBER_BETWEEN",
        "values": [{"userEnteredValue": "1"}, {"userEnteredValue": "366"}],
    }


def test_a_new_settings_tab_lists_every_new_key_with_its_default():
    from datetime import datetime

    plan = plan_init([], datetime(2017, 6, 1))
    (cells,) = [
        r["updateCells"]["rows"]
        for r in plan.requests
        if "updateCells" in r
        and r["updateCells"]["rows"][0]["values"][0]["userEnteredValue"]["stringValue"] == "Khóa"
    ]
    rows = {
        row["values"][0]["userEnteredValue"]["stringValue"]: row["values"][1]["userEnteredValue"][
            "stringValue"
        ]
        for row in cells[1:]
    }
    assert rows["han_don_vi_6_thang"] == "10/06" and rows["han_don_vi_nam"] == "10/12"
    assert rows["chot_so_lieu_6_thang"] == "14/06" and rows["chu_ky_nhac"] == "7"
    assert rows["chuc_vu_ky"] == "GIÁM ĐỐC" and rows["noi_nhan"].startswith("Sở Nội vụ;")
    assert rows["nguoi_ky"] == rows["co_quan_chu_quan"] == rows["so_ke_hoach"] == ""


def test_the_template_has_the_new_headers_and_a_measure_dropdown_that_reads_back(tmp_path):
    out = tmp_path / "mau.xlsx"
    write_template(out, None)
    book = openpyxl.load_workbook(out)
    assert [c.value for c in book["Nhiệm vụ"][1]][-2:] == TASK_HEADER_REV2
    assert [c.value for c in book["Tiến độ"][1]][-3:] == PROGRESS_HEADER_REV2
    lists = [v.formula1 for v in book["Tiến độ"].data_validations.dataValidation if v.type == "list"]
    (measures,) = [f for f in lists if "ấn phẩm" in f]
    items = measures.strip('"').split(",")
    assert len(items) == 7
    for item in items:
        row = progress_row("15/06/2017", 1, "TTTK", count="1", measure=item)
        plan = plan_rev2([row])
        assert issues_of(plan, "progress") == [] and plan.progress["measure"].iloc[0] != ""
