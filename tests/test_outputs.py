"""SPEC §2 and §5 outputs: what `Số lượng` counts (`Đơn vị tính`, defaulting by channel), the task's
output from its leads only, support and contributions apart, attendance, and the main measure."""

from datetime import date

import pytest

from cchc.assess.status import Output, assess
from cchc.validate.plan import load_plan
from tests.support.plans import (
    PROGRESS_HEADER,
    PROGRESS_HEADER_REV2,
    TASK_HEADER,
    TASK_HEADER_REV2,
    plan_tabs,
    progress_row,
    raw_source,
)

AS_OF = date(2017, 12, 1)


def plan_with(rows, target=""):
    tabs = plan_tabs()
    tabs["Nhiệm vụ"] = [
        TASK_HEADER + TASK_HEADER_REV2,
        ["1", "Tuyên truyền", "Thường xuyên", "TTTK", "PC", "", "", target, "", ""],
    ]
    tabs["Tiến độ"] = [PROGRESS_HEADER + PROGRESS_HEADER_REV2, *rows]
    return load_plan(raw_source(tabs), fallback_year=2017)


def row(day, unit, channel, count, measure="", attendance="", result=""):
    return progress_row(
        day, 1, unit, channel=channel, count=count, measure=measure, attendance=attendance, result=result
    )


@pytest.mark.parametrize(
    "channel, measure",
    [
        ("Trang TTĐT", "tin, bài"),
        ("Báo/đài/tạp chí", "tin, bài"),
        ("Hội nghị/tập huấn", "hội nghị, cuộc họp"),
        ("Đối thoại/họp mặt", "hội nghị, cuộc họp"),
        ("Họp giao ban", "hội nghị, cuộc họp"),
        ("Niêm yết", "thủ tục hành chính"),
        ("Khác", "khác"),
        ("", "khác"),
    ],
)
def test_an_empty_measure_follows_the_channel(channel, measure):
    task = assess(plan_with([row("01/03/2017", "TTTK", channel, 2)]), AS_OF).tasks[0]
    assert task.outputs.lead == (Output(channel or None, measure, 2),)


def test_a_typed_measure_wins_over_the_channels_and_matches_forgivingly():
    rows = [
        row("01/03/2017", "TTTK", "Trang TTĐT", 3, measure="Thủ tục hành chính"),
        row("02/03/2017", "TTTK", "Trang TTĐT", 2, measure="VAN BAN"),
        row("03/03/2017", "TTTK", "Trang TTĐT", 4),
    ]
    task = assess(plan_with(rows), AS_OF).tasks[0]
    assert task.outputs.lead == (
        Output("Trang TTĐT", "tin, bài", 4),
        Output("Trang TTĐT", "văn bản", 2),
        Output("Trang TTĐT", "thủ tục hành chính", 3),
    )


def test_different_measures_of_one_channel_are_never_added_and_target_uses_the_main_measure():
    rows = [
        row("01/03/2017", "TTTK", "Hội nghị/tập huấn", 1, attendance=80),
        row("02/04/2017", "TTTK", "Hội nghị/tập huấn", 1, attendance=45),
        row("03/05/2017", "TTTK", "Hội nghị/tập huấn", 120, measure="lượt người"),
    ]
    task = assess(plan_with(rows, target="4"), AS_OF).tasks[0]
    assert task.outputs.lead == (
        Output("Hội nghị/tập huấn", "hội nghị, cuộc họp", 2),
        Output("Hội nghị/tập huấn", "lượt người", 120),
    )
    assert task.outputs.attendance == 125  # attendance is not an output and is summed apart
    assert (task.outputs.main_measure, task.outputs.lead_in(task.outputs.main_measure)) == (
        "hội nghị, cuộc họp",
        2,
    )


def test_support_and_contribution_rows_are_counted_apart_never_in_the_tasks_output():
    rows = [
        row("01/03/2017", "TTTK", "Trang TTĐT", 5, result="Đăng 5 tin"),
        row("01/03/2017", "PC", "Trang TTĐT", 5, result="Gửi 5 tin cho Trung tâm đăng"),
        row("02/03/2017", "VP", "Trang TTĐT", 1, attendance=30, result="Gửi 1 tin"),
    ]
    status = assess(plan_with(rows), AS_OF)
    outputs = status.tasks[0].outputs
    assert outputs.lead == (Output("Trang TTĐT", "tin, bài", 5),)
    assert outputs.support == (Output("Trang TTĐT", "tin, bài", 5),)
    assert outputs.contributions == (Output("Trang TTĐT", "tin, bài", 1),)
    assert outputs.attendance == 0  # only the lead rows' attendance
    assert [(c.task_id, c.unit) for c in status.contributions] == [("1", "VP")]


def test_outputs_stop_at_the_as_of_date_and_start_with_the_reporting_year():
    rows = [
        row("14/12/2016", "TTTK", "Trang TTĐT", 9),  # before the reporting year: an error, left out
        row("15/12/2016", "TTTK", "Trang TTĐT", 1),
        row("01/06/2017", "TTTK", "Trang TTĐT", 2),
        row("02/06/2017", "TTTK", "Trang TTĐT", 4),
    ]
    plan = plan_with(rows)
    assert assess(plan, date(2017, 6, 1)).tasks[0].outputs.lead == (Output("Trang TTĐT", "tin, bài", 3),)
