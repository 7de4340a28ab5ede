"""SPEC §5 revision 2, rule by rule: each rule of the risk ladder fires in one case, and in another
the next rule wins; then windows, completion dates, per-task cycles and contributions on real plans."""

from datetime import date, timedelta

import pytest

from cchc.assess.risk import Latest, assess_assignments, assess_ongoing, assess_risk, expected_pace
from cchc.assess.status import assess
from cchc.validate.plan import load_plan
from cchc.vocab.terms import SEVERITY
from tests.support.plans import (
    PROGRESS_HEADER,
    PROGRESS_HEADER_REV2,
    RISKS,
    TASK_HEADER,
    TASK_HEADER_REV2,
    plan_tabs,
    progress_row,
    raw_source,
)

START, DUE, WARN = date(2017, 1, 1), date(2017, 3, 31), 14
CYCLE = 30


def dated(as_of, **latest):
    return assess_risk(Latest(**latest), START, DUE, WARN, as_of)


def ongoing(as_of, start=START, cycle=CYCLE, **latest):
    return assess_ongoing(Latest(**latest), start, cycle, as_of)


def test_severity_runs_worst_first_as_spec_section_5_lists_it():
    assert [str(r) for r in SEVERITY] == RISKS


# ---- tasks with a due date: rules 1-9 ----
def test_rule_1_done_on_time_fires_and_a_completion_after_due_goes_to_rule_2():
    done = {"state": "done", "last_update": date(2017, 4, 5)}
    assert dated(date(2017, 6, 1), completed_on=DUE, **done) == "done_on_time"
    assert dated(date(2017, 6, 1), completed_on=DUE + timedelta(days=1), **done) == "done_late"


def test_rule_2_done_late_fires_and_a_reopened_task_goes_to_rule_3():
    assert dated(date(2017, 6, 1), state="done", completed_on=date(2017, 4, 2)) == "done_late"
    assert dated(date(2017, 6, 1), state="in_progress", last_update=date(2017, 4, 2)) == "overdue"


def test_rule_3_overdue_fires_the_day_after_due_and_on_the_due_day_rule_6_wins():
    latest = {"state": "in_progress", "percent": 90.0, "last_update": date(2017, 3, 1)}
    assert dated(DUE + timedelta(days=1), **latest) == "overdue"
    assert dated(DUE, **latest) == "at_risk"


def test_rule_3_overdue_beats_paused():
    assert dated(DUE + timedelta(days=1), state="paused", last_update=date(2017, 3, 1)) == "overdue"


def test_rule_4_upcoming_before_the_window_opens_and_a_row_already_there_goes_on():
    start, due = date(2017, 7, 1), date(2017, 9, 30)
    assert assess_risk(Latest(), start, due, WARN, date(2017, 6, 30)) == "upcoming"
    early = Latest(state="in_progress", percent=5.0, last_update=date(2017, 6, 20))
    assert assess_risk(early, start, due, WARN, date(2017, 6, 30)) == "on_track"
    assert assess_risk(Latest(), start, due, WARN, start) == "not_started"  # the window is open


def test_rule_5_paused_fires_inside_the_window_even_close_to_due():
    latest = {"state": "paused", "percent": 10.0, "last_update": date(2017, 2, 1)}
    assert dated(date(2017, 3, 25), **latest) == "paused"  # 6 days left, 10 % far behind: still paused
    resumed = {"state": "in_progress", "percent": 10.0, "last_update": date(2017, 2, 1)}
    assert dated(date(2017, 3, 25), **resumed) == "at_risk"


def test_rule_6_at_risk_within_the_warning_days_and_one_day_more_is_on_track():
    latest = {"state": "in_progress", "percent": 95.0, "last_update": date(2017, 3, 1)}
    assert dated(DUE - timedelta(days=WARN), **latest) == "at_risk"
    assert dated(DUE - timedelta(days=WARN + 1), **latest) == "on_track"


def test_rule_7_at_risk_more_than_25_points_behind_the_pace_from_start():
    # 15/02 is 45 of 89 days into the window 1/1-31/3: the pace is 50.6 %
    assert (
        dated(date(2017, 2, 15), state="in_progress", percent=25.0, last_update=date(2017, 2, 10))
        == "at_risk"
    )
    assert (
        dated(date(2017, 2, 15), state="in_progress", percent=26.0, last_update=date(2017, 2, 10))
        == "on_track"
    )


def test_rule_7_the_pace_line_starts_at_the_windows_start_not_1_january():
    # A «Quý 3» task reporting 10 % on 1 July is on track: its pace is 0 % on the first day.
    start, due = date(2017, 7, 1), date(2017, 9, 30)
    latest = Latest(state="in_progress", percent=10.0, last_update=start)
    assert assess_risk(latest, start, due, WARN, start) == "on_track"
    assert expected_pace(start, due, date(2017, 6, 1)) == 0.0
    assert expected_pace(start, due, due) == 100.0


def test_rule_8_not_started_without_rows_or_with_a_not_started_row_but_a_far_behind_percent_is_at_risk():
    assert dated(date(2017, 1, 10)) == "not_started"
    assert (
        dated(date(2017, 1, 10), state="not_started", percent=0.0, last_update=date(2017, 1, 5))
        == "not_started"
    )
    assert (
        dated(date(2017, 2, 28), state="not_started", percent=0.0, last_update=date(2017, 2, 1)) == "at_risk"
    )


def test_rule_9_on_track_and_a_no_activity_row_counts_as_an_update():
    assert dated(date(2017, 1, 10), state="in_progress", last_update=date(2017, 1, 5)) == "on_track"
    assert dated(date(2017, 1, 10), state="no_activity", last_update=date(2017, 1, 5)) == "on_track"


# ---- ongoing tasks: rules 1-4 ----
def test_ongoing_rule_1_paused_beats_stale():
    assert ongoing(date(2017, 8, 1), state="paused", last_update=date(2017, 5, 1)) == "paused"
    assert ongoing(date(2017, 8, 1), state="in_progress", last_update=date(2017, 5, 1)) == "stale"


def test_ongoing_rule_2_stale_after_the_cycle_counting_done_and_no_activity_rows_as_fresh():
    for state in ("done", "no_activity", "in_progress"):
        assert ongoing(date(2017, 3, 31), state=state, last_update=date(2017, 3, 1)) == "on_track"  # 30 days
        assert ongoing(date(2017, 4, 1), state=state, last_update=date(2017, 3, 1)) == "stale"  # 31 days


def test_ongoing_rule_2_without_rows_counts_from_the_start_then_rule_3_wins_inside_the_cycle():
    assert ongoing(date(2017, 1, 31)) == "not_started"
    assert ongoing(date(2017, 2, 1)) == "stale"
    later = date(2017, 7, 1)
    assert ongoing(date(2017, 7, 31), start=later) == "not_started"
    assert ongoing(date(2017, 8, 1), start=later) == "stale"


def test_ongoing_rule_3_not_started_row_and_rule_4_on_track():
    assert ongoing(date(2017, 3, 10), state="not_started", last_update=date(2017, 3, 1)) == "not_started"
    assert ongoing(date(2017, 3, 10), state="in_progress", last_update=date(2017, 3, 1)) == "on_track"


def test_ongoing_cycle_is_the_tasks_own():
    assert (
        ongoing(date(2017, 5, 1), cycle=90, state="no_activity", last_update=date(2017, 2, 1)) == "on_track"
    )
    assert ongoing(date(2017, 5, 3), cycle=90, state="no_activity", last_update=date(2017, 2, 1)) == "stale"


# ---- on real plans: windows, completion dates, cycles, contributions ----
def rev2_plan(tasks, progress, settings=None):
    tabs = plan_tabs(settings=settings)
    tabs["Nhiệm vụ"] = [TASK_HEADER + TASK_HEADER_REV2, *tasks]
    tabs["Tiến độ"] = [PROGRESS_HEADER + PROGRESS_HEADER_REV2, *progress]
    return load_plan(raw_source(tabs), fallback_year=2017)


def only(plan, as_of, task="1", unit="TTTK"):
    found = [a for a in assess_assignments(plan, as_of) if (a.task_id, a.unit) == (task, unit)]
    assert len(found) == 1, found
    return found[0]


def test_a_quarter_3_task_has_its_window_from_1_july_and_is_upcoming_before():
    tasks = [["1", "Hội nghị", "Quý 3/2017", "TTTK", "", "", "", "", "", ""]]
    plan = rev2_plan(tasks, [progress_row("01/07/2017", 1, "TTTK", "Đang thực hiện", 10, measure="")])
    assert only(plan, date(2017, 6, 30)).risk == "upcoming"
    assessed = only(plan, date(2017, 7, 1))
    assert (assessed.start, assessed.risk) == (date(2017, 7, 1), "on_track")


def test_a_typed_start_date_overrides_the_timeframes():
    tasks = [["1", "Hội nghị", "Năm 2017", "TTTK", "", "", "", "", "01/10/2017", ""]]
    plan = rev2_plan(tasks, [])
    assert only(plan, date(2017, 9, 30)).risk == "upcoming"
    assert only(plan, date(2017, 10, 1)).risk == "not_started"


def test_a_completion_typed_a_week_late_counts_from_its_completion_date():
    tasks = [["1", "Tuyên truyền", "Quý 1/2017", "TTTK", "", "", "", "", "", ""]]
    row = progress_row("05/04/2017", 1, "TTTK", "Hoàn thành", 100, completed_on="30/03/2017")
    assessed = only(rev2_plan(tasks, [row]), date(2017, 4, 10))
    assert (assessed.completed_on, assessed.last_update, assessed.risk) == (
        date(2017, 3, 30),
        date(2017, 4, 5),
        "done_on_time",
    )
    # before it was typed, the task was overdue: rows are dated by their update date for the cut
    assert only(rev2_plan(tasks, [row]), date(2017, 4, 4)).risk == "overdue"


def test_a_completion_date_on_the_first_row_of_the_final_done_run_wins_over_later_ones():
    tasks = [["1", "Tuyên truyền", "Quý 1/2017", "TTTK", "", "", "", "", "", ""]]
    rows = [
        progress_row("03/04/2017", 1, "TTTK", "Hoàn thành", 100, completed_on="28/03/2017"),
        progress_row("10/04/2017", 1, "TTTK", "Hoàn thành", 100, completed_on="09/04/2017"),
    ]
    assert only(rev2_plan(tasks, rows), date(2017, 5, 1)).completed_on == date(2017, 3, 28)


def test_a_task_with_its_own_cycle_is_judged_by_it():
    tasks = [
        ["1", "Xếp hạng", "Thường xuyên", "TTTK", "", "", "", "", "", "90"],
        ["2", "Văn bản", "Thường xuyên", "TTTK", "", "", "", "", "", ""],
    ]
    rows = [
        progress_row("01/02/2017", 1, "TTTK", "Không phát sinh", measure=""),
        progress_row("01/02/2017", 2, "TTTK", "Đang thực hiện", measure=""),
    ]
    plan = rev2_plan(tasks, rows)
    assert (only(plan, date(2017, 4, 1)).risk, only(plan, date(2017, 4, 1)).cycle) == ("on_track", 90)
    assert (only(plan, date(2017, 4, 1), task="2").risk, only(plan, date(2017, 4, 1), task="2").cycle) == (
        "stale",
        30,
    )


def test_a_paused_ongoing_task_shows_paused_not_on_track():
    tasks = [["1", "Xếp hạng", "Thường xuyên", "TTTK", "", "", "", "", "", ""]]
    plan = rev2_plan(tasks, [progress_row("20/05/2017", 1, "TTTK", "Tạm dừng", measure="")])
    assert only(plan, date(2017, 6, 14)).risk == "paused"
    assert assess(plan, date(2017, 6, 14)).tasks[0].risk == "paused"


def test_a_row_from_a_unit_the_task_does_not_name_is_a_contribution_not_an_assignment(make_plan):
    rows = [
        progress_row("22/03/2017", 2, "VP", "Đang thực hiện", result="Hướng dẫn 2 tổ chức", count=2),
        progress_row("10/04/2017", 2, "VP", "Đang thực hiện", result="Hướng dẫn 1 tổ chức", count=1),
    ]
    plan = make_plan(progress=rows)
    status = assess(plan, date(2017, 12, 1))
    assert ("2", "VP") not in {(a.task_id, a.unit) for a in status.assignments}
    assert [(c.task_id, c.unit, c.rows, c.last_update) for c in status.contributions] == [
        ("2", "VP", 2, date(2017, 4, 10))
    ]
    card = next(c for c in status.units if c.unit == "VP")
    # VP supports task 1 only; it contributed to one task, and its silence is measured over every row
    assert (card.assignments, card.contributions, card.last_update) == (1, 1, date(2017, 4, 10))
    assert sum(card.counts.values()) == card.assignments
    assert [i.code for i in plan.issues] == ["unit.not_assigned", "unit.not_assigned"]
    # time travel: before its first row the contribution does not exist
    assert assess(plan, date(2017, 3, 1)).contributions == []


def test_a_tasks_risk_is_the_worst_of_its_leads_and_a_late_support_does_not_make_it_overdue(make_plan):
    plan = make_plan(progress=[progress_row("20/03/2017", 1, "TTTK", "Hoàn thành", 100)])
    status = assess(plan, date(2017, 4, 5))
    risks = {(a.unit, a.role): a.risk for a in status.assignments if a.task_id == "1"}
    assert risks == {("TTTK", "lead"): "done_on_time", ("VP", "support"): "overdue"}
    assert status.tasks[0].risk == "done_on_time"


@pytest.mark.parametrize("state", ["Chưa thực hiện", "Chưa bắt đầu"])
def test_an_ongoing_task_whose_latest_row_says_not_started_is_not_started(make_plan, state):
    plan = make_plan(progress=[progress_row("01/03/2017", 2, "TTTK", state)])
    assert only(plan, date(2017, 3, 10), task="2").risk == "not_started"


def test_a_pause_dates_from_its_first_row_and_a_resumed_task_has_no_pause():
    tasks = [["1", "Xếp hạng", "Thường xuyên", "TTTK", "", "", "", "", "", ""]]
    rows = [
        progress_row("02/05/2017", 1, "TTTK", "Đang thực hiện", measure=""),
        progress_row("20/05/2017", 1, "TTTK", "Tạm dừng", measure=""),
        progress_row("09/06/2017", 1, "TTTK", "Tạm dừng", measure=""),
    ]
    plan = rev2_plan(tasks, rows)
    assert (only(plan, date(2017, 6, 14)).since, only(plan, date(2017, 6, 14)).last_update) == (
        date(2017, 5, 20),
        date(2017, 6, 9),
    )
    resumed = rev2_plan(tasks, [*rows, progress_row("24/07/2017", 1, "TTTK", "Đang thực hiện", measure="")])
    assert (only(resumed, date(2017, 8, 1)).risk, only(resumed, date(2017, 8, 1)).since) == (
        "on_track",
        date(2017, 7, 24),
    )


def test_a_deadline_before_the_quarter_its_timeframe_names_opens_the_window_on_1_january():
    tasks = [["1", "Hội nghị", "Quý 4/2017", "TTTK", "", "", "30/06/2017", "", "", ""]]
    plan = rev2_plan(tasks, [])
    assessed = only(plan, date(2017, 6, 25))
    assert (assessed.start, assessed.due, assessed.risk) == (date(2017, 1, 1), date(2017, 6, 30), "at_risk")
