"""Validation (SPEC §3, §4): every problem is one record with its cell, code and fix."""

import pytest

from cchc.validate.plan import load_plan
from tests.support.plans import PROGRESS_HEADER, TASK_HEADER, UNIT_HEADER, plan_tabs, progress_row, raw_source


def issues_of(plan):
    return [(i.code, i.sheet, i.cell, i.severity) for i in plan.issues]


@pytest.mark.parametrize(
    "row, expected",
    [
        (progress_row("31/02/2017", 1, "TTTK"), ("date.invalid", "A2", "error")),
        (progress_row("", 1, "TTTK"), ("date.missing", "A2", "error")),
        (progress_row("15/06/2019", 2, "TTTK"), ("date.outside_year", "A2", "warning")),
        (progress_row("15/06/2017", 9, "TTTK"), ("task.unknown", "B2", "error")),
        (progress_row("15/06/2017", "", "TTTK"), ("task.missing", "B2", "error")),
        (progress_row("15/06/2017", 1, "Phòng X"), ("unit.unknown", "C2", "error")),
        (progress_row("15/06/2017", 1, ""), ("unit.missing", "C2", "error")),
        (progress_row("15/06/2017", 1, "Van phong So"), ("unit.loose_match", "C2", "warning")),
        (progress_row("15/06/2017", 2, "VP"), ("unit.not_assigned", "C2", "warning")),
        (progress_row("15/06/2017", 1, "TTTK", "Chờ duyệt"), ("state.unknown", "D2", "error")),
        (progress_row("15/06/2017", 1, "TTTK", ""), ("state.missing", "D2", "error")),
        (progress_row("15/06/2017", 1, "TTTK", "Dang thuc hien"), ("state.loose_match", "D2", "warning")),
        (progress_row("15/06/2017", 1, "TTTK", percent="120%"), ("percent.range", "E2", "error")),
        (progress_row("15/06/2017", 1, "TTTK", percent="nửa"), ("percent.invalid", "E2", "error")),
        (progress_row("15/06/2017", 1, "TTTK", count="hai"), ("count.invalid", "H2", "error")),
        (progress_row("15/06/2017", 1, "TTTK", channel="Zalo"), ("channel.unknown", "G2", "warning")),
        (progress_row("15/06/2017", 1, "TTTK", evidence="xem email"), ("link.invalid", "I2", "warning")),
        (progress_row("15/06/2017", 1, "TTTK", result="§¨ng tin"), ("text.legacy_encoding", "F2", "error")),
        (progress_row("15/06/2017", 1, "V¨n phßng Së"), ("text.legacy_encoding", "C2", "error")),
        (progress_row("15/06/2017", 1, "TTTK", note="x" * 50_000), ("cell.too_long", "J2", "error")),
    ],
)
def test_each_bad_progress_cell_is_one_issue_at_its_cell(make_plan, row, expected):
    code, cell, severity = expected
    assert issues_of(make_plan(progress=[row])) == [(code, "progress", cell, severity)]


@pytest.mark.parametrize(
    "row, counted",
    [
        (progress_row("31/02/2017", 1, "TTTK"), False),
        (progress_row("15/06/2017", 1, "TTTK", "Chờ duyệt"), False),
        (progress_row("15/06/2017", 1, "TTTK", percent="120"), False),
        (progress_row("15/06/2017", 1, "V¨n phßng Së"), False),
        (progress_row("15/06/2017", 1, "TTTK", count="hai"), True),
        (progress_row("15/06/2017", 1, "TTTK", result="§¨ng tin"), True),
        (progress_row("15/06/2017", 1, "TTTK", evidence="xem email"), True),
        (progress_row("15/06/2017", 2, "VP"), True),
    ],
)
def test_only_errors_in_key_cells_leave_a_row_out(make_plan, row, counted):
    assert len(make_plan(progress=[row]).progress) == int(counted)


def test_validation_reports_every_problem_not_just_the_first(make_plan):
    rows = [progress_row("31/02/2017", 9, "Phòng X", "Chờ duyệt", "120", count="hai")]
    codes = {i[0] for i in issues_of(make_plan(progress=rows))}
    assert codes == {
        "date.invalid",
        "task.unknown",
        "unit.unknown",
        "state.unknown",
        "percent.range",
        "count.invalid",
    }


def test_other_rows_still_count_when_one_row_is_bad(make_plan):
    rows = [
        progress_row("31/02/2017", 1, "TTTK"),
        progress_row("01/03/2017", 1, "TTTK"),
        progress_row("02/03/2017", 2, "PC"),
    ]
    assert list(make_plan(progress=rows).progress["row"]) == [3, 4]


def test_blank_rows_are_skipped_silently_but_still_counted_in_row_numbers(make_plan):
    rows = [
        progress_row("01/03/2017", 1, "TTTK"),
        [""] * 11,
        ["  "] * 11,
        progress_row("31/02/2017", 1, "TTTK"),
    ]
    plan = make_plan(progress=rows)
    assert issues_of(plan) == [("date.invalid", "progress", "A5", "error")]


def test_an_empty_state_is_inferred_from_the_percent(make_plan):
    rows = [
        progress_row("01/03/2017", 1, "TTTK", "", "0"),
        progress_row("02/03/2017", 1, "TTTK", "", "45"),
        progress_row("03/03/2017", 1, "TTTK", "", "100"),
    ]
    plan = make_plan(progress=rows)
    assert list(plan.progress["state"]) == ["not_started", "in_progress", "done"]
    assert plan.issues == []


def test_unknown_unit_message_names_the_closest_unit(make_plan):
    plan = make_plan(progress=[progress_row("01/03/2017", 1, "Văn phòng Sở 1")])
    assert "Có phải «Văn phòng Sở»?" in plan.issues[0].message


def test_the_unit_directory_names_each_unit_by_its_code_in_the_sheets_order(make_plan):
    names = make_plan().units.names()
    assert names == {
        "TTTK": "Trung tâm Thông tin và Thống kê KHCN",
        "PC": "Bộ phận Pháp chế",
        "VP": "Văn phòng Sở",
    }
    assert list(names) == ["TTTK", "PC", "VP"]


@pytest.mark.parametrize(
    "code, name",
    [("PC", "Bộ phận Pháp chế"), ("VP", "Văn phòng Sở"), ("XYZ", "XYZ"), ("", ""), ("pc", "pc")],
)
def test_the_unit_directory_names_a_unit_by_its_code_or_gives_back_a_code_it_does_not_know(
    make_plan, code, name
):
    units = make_plan().units
    assert units.name(code) == name
    assert units.name(code) == units.names().get(code, code)


def test_unknown_state_message_lists_the_allowed_values(make_plan):
    message = make_plan(progress=[progress_row("01/03/2017", 1, "TTTK", "OK")]).issues[0].message
    for state in ("Chưa thực hiện", "Đang thực hiện", "Hoàn thành", "Tạm dừng"):
        assert state in message


def test_units_match_by_code_name_or_other_name_with_any_case_or_spacing(make_plan):
    rows = [
        progress_row("01/03/2017", 1, unit)
        for unit in (
            "TTTK",
            "tttk",
            "Trung tâm Thông tin và Thống kê KHCN",
            "TRUNG TÂM THÔNG TIN",
            " Trung  tâm thông tin ",
        )
    ]
    plan = make_plan(progress=rows)
    assert plan.issues == []
    assert set(plan.progress["unit"]) == {"TTTK"}


def test_task_ids_match_as_numbers(make_plan):
    rows = [progress_row("01/03/2017", task, "TTTK") for task in ("1", "01", 1.0, " 1")]
    plan = make_plan(progress=rows)
    assert plan.issues == [] and set(plan.progress["task_id"]) == {"1"}


@pytest.mark.parametrize(
    "task, expected",
    [
        (["1", "A", "Quý 5/2017", "TTTK", "", "", "", ""], ("timeframe.invalid", "C2")),
        (["1", "A", "", "TTTK", "", "", "", ""], ("timeframe.missing", "C2")),
        (["1", "A", "Quý 1/2017", "Phòng X", "", "", "", ""], ("unit.unknown", "D2")),
        (["1", "A", "Quý 1/2017", "TTTK", "Phòng Y", "", "", ""], ("unit.unknown", "E2")),
        (["1", "A", "Quý 1/2017", "", "", "", "", ""], ("task.no_lead", "D2")),
        (["1", "A", "Quý 1/2017", "TTTK", "", "", "31/02/2017", ""], ("date.invalid", "G2")),
        (["1", "A", "Quý 1/2017", "TTTK", "", "", "", "mười"], ("target.invalid", "H2")),
        (["", "A", "Quý 1/2017", "TTTK", "", "", "", ""], ("task.missing_id", "A2")),
    ],
)
def test_each_bad_task_cell_is_one_issue_at_its_cell(make_plan, task, expected):
    assert [(i.code, i.cell) for i in make_plan(tasks=[task]).issues if i.sheet == "tasks"] == [expected]


def test_a_task_with_an_unusable_timeframe_stays_and_is_judged_as_ongoing(make_plan):
    plan = make_plan(tasks=[["1", "A", "sớm", "TTTK", "", "", "", ""]])
    assert plan.tasks[0].due is None and plan.tasks[0].ongoing
    assert "thường xuyên" in plan.issues[0].message


def test_a_duplicate_task_id_is_an_error_and_the_first_row_wins(make_plan):
    tasks = [
        ["1", "A", "Quý 1/2017", "TTTK", "", "", "", ""],
        ["01", "B", "Quý 2/2017", "PC", "", "", "", ""],
    ]
    plan = make_plan(tasks=tasks)
    assert [(i.code, i.cell) for i in plan.issues if i.sheet == "tasks"] == [("task.duplicate_id", "A3")]
    assert [t.content for t in plan.tasks] == ["A"]


@pytest.mark.parametrize(
    "unit, code",
    [
        (["", "Không mã", "", "", ""], "unit.missing_code"),
        (["TTTK", "Trùng", "", "", ""], "unit.duplicate_code"),
        (["X", "", "", "", ""], "unit.missing_name"),
        (["X", "Phòng X", "", "", "không-phải-email"], "email.invalid"),
    ],
)
def test_unit_list_problems_are_reported(make_plan, unit, code):
    from tests.support.plans import UNITS

    plan = make_plan(units=[*UNITS, unit])
    assert [i.code for i in plan.issues if i.sheet == "units"] == [code]


@pytest.mark.parametrize(
    "rows, code, cell",
    [
        ([["khoa_la", "1"]], "setting.unknown", "A3"),
        ([["canh_bao_truoc", "hai tuần"]], "setting.invalid", "B3"),
        ([["chu_ky_cap_nhat", "0"]], "setting.invalid", "B3"),
        ([["han_bao_cao_nam", "32/12"]], "setting.invalid", "B3"),
    ],
)
def test_bad_settings_fall_back_to_defaults_with_an_issue(make_plan, rows, code, cell):
    plan = make_plan(settings=rows)
    assert [(i.code, i.cell) for i in plan.issues if i.sheet == "settings"] == [(code, cell)]
    assert plan.settings.update_cycle == 30 and plan.settings.annual_due == (15, 12)


def test_a_dd_mm_setting_given_as_a_date_keeps_its_day_and_month(make_plan):
    from datetime import date

    plan = make_plan(settings=[["han_bao_cao_6_thang", date(2026, 6, 20)]])
    assert plan.settings.half_year_due == (20, 6)


def test_header_names_match_forgivingly_and_in_english():
    tabs = plan_tabs(progress=[progress_row("01/03/2017", 1, "TTTK")])
    tabs["Progress"] = [["date", "TASK", "Unit", "Status", "percent", "result"], *tabs.pop("Tiến độ")[1:]]
    tabs["tasks"] = [
        ["ma nhiem vu", "NOI DUNG", "thoi_gian", "Don vi chu tri", "Don vi phoi hop"],
        *[r[:5] for r in tabs.pop("Nhiệm vụ")[1:]],
    ]
    plan = load_plan(raw_source(tabs), 2017)
    assert plan.issues == [] and len(plan.progress) == 1 and len(plan.tasks) == 2


def test_title_rows_above_the_header_are_allowed_and_rows_count_from_the_top():
    tabs = plan_tabs(progress=[progress_row("31/02/2017", 1, "TTTK")])
    tabs["Tiến độ"] = [["SỔ THEO DÕI TIẾN ĐỘ"], [""], *tabs["Tiến độ"]]
    plan = load_plan(raw_source(tabs), 2017)
    assert [(i.code, i.cell) for i in plan.issues] == [("date.invalid", "A4")]


def test_header_problems_are_reported_at_the_header_row():
    tabs = plan_tabs(progress=[[*progress_row("01/03/2017", 1, "TTTK"), "x"]])
    tabs["Tiến độ"][0] = [*PROGRESS_HEADER[:10], "Đơn vị", ""]
    plan = load_plan(raw_source(tabs), 2017)
    assert [(i.code, i.cell, i.severity) for i in plan.issues] == [
        ("header.duplicate", "K1", "error"),
        ("header.blank", "L1", "warning"),
    ]


def test_a_missing_required_header_makes_the_plan_incomplete():
    tabs = plan_tabs()
    tabs["Nhiệm vụ"] = [[h for h in TASK_HEADER if h != "Thời gian"]]
    plan = load_plan(raw_source(tabs), 2017)
    assert ("header.missing", "tasks") in {(i.code, i.sheet) for i in plan.issues}
    assert not plan.complete


def test_a_missing_tab_is_an_error_except_settings_which_falls_back_to_defaults():
    tabs = plan_tabs()
    del tabs["Tiến độ"], tabs["Cấu hình"]
    plan = load_plan(raw_source(tabs), 2017)
    assert [(i.code, i.severity, i.value) for i in plan.issues] == [
        ("tab.missing", "warning", "Cấu hình"),
        ("tab.missing", "error", "Tiến độ"),
    ]
    assert not plan.complete


def test_a_form_responses_tab_stands_in_for_progress():
    tabs = plan_tabs()
    del tabs["Tiến độ"]
    tabs["Câu trả lời biểu mẫu 1"] = [
        ["Dấu thời gian", "Mã nhiệm vụ", "Đơn vị", "Trạng thái"],
        ["01/03/2017 14:30:00", "1", "TTTK", "Đang thực hiện"],
    ]
    plan = load_plan(raw_source(tabs), 2017)
    assert plan.issues == [] and len(plan.progress) == 1


def test_plan_year_is_inferred_from_task_timeframes_when_not_set():
    tabs = plan_tabs(
        tasks=[
            ["1", "A", "Quý 1/2018", "TTTK", "", "", "", ""],
            ["2", "B", "Tháng 3/2018", "TTTK", "", "", "", ""],
        ]
    )
    tabs["Cấu hình"] = [["Khóa", "Giá trị"]]
    assert load_plan(raw_source(tabs), 2026).year == 2018


def test_a_tab_with_headers_only_is_a_warning():
    plan = load_plan(raw_source(plan_tabs(units=[], tasks=[])), 2017)
    assert {(i.code, i.sheet, i.severity) for i in plan.issues} == {
        ("tab.no_rows", "units", "warning"),
        ("tab.no_rows", "tasks", "warning"),
        ("tab.no_rows", "progress", "warning"),
    }
    assert plan.complete


def test_unit_header_order_does_not_matter():
    tabs = plan_tabs()
    tabs["Đơn vị"] = [
        [UNIT_HEADER[1], UNIT_HEADER[0]],
        ["Trung tâm Thông tin và Thống kê KHCN", "TTTK"],
        ["Bộ phận Pháp chế", "PC"],
        ["Văn phòng Sở", "VP"],
    ]
    plan = load_plan(raw_source(tabs), 2017)
    assert sorted(plan.units.units) == ["PC", "TTTK", "VP"]
    assert [i.code for i in plan.issues] == ["tab.no_rows"]


def test_task_ids_one_point_one_and_eleven_are_different_tasks(make_plan):
    tasks = [
        ["1.1", "A", "Quý 1/2017", "TTTK", "", "", "", ""],
        ["11", "B", "Quý 2/2017", "TTTK", "", "", "", ""],
    ]
    plan = make_plan(tasks=tasks, progress=[progress_row("01/03/2017", "1.1", "TTTK")])
    assert [t.task_id for t in plan.tasks] == ["1.1", "11"]
    assert list(plan.progress["task_id"]) == ["1.1"]


def test_a_title_row_in_the_settings_tab_is_not_an_unknown_key(make_plan):
    assert [i.code for i in make_plan(settings=[["CẤU HÌNH KẾ HOẠCH", ""]]).issues] == ["tab.no_rows"]


def test_a_valid_deadline_is_used_and_named_when_the_timeframe_is_empty(make_plan):
    plan = make_plan(tasks=[["1", "A", "", "TTTK", "", "", "31/03/2017", ""]])
    assert plan.tasks[0].due is not None
    assert "hạn hoàn thành 31/03/2017" in plan.issues[0].message


def test_an_unknown_task_id_names_the_closest_one(make_plan):
    tasks = [
        ["1.1", "A", "Quý 1/2017", "TTTK", "", "", "", ""],
        ["2", "B", "Quý 2/2017", "TTTK", "", "", "", ""],
    ]
    message = make_plan(tasks=tasks, progress=[progress_row("01/03/2017", "1.l", "TTTK")]).issues[0].message
    assert "Có phải «1.1»?" in message and "Các mã hợp lệ: 1.1, 2." in message
