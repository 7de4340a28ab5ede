"""Status and risk (SPEC §5): one test per risk value, the boundaries, and time travel."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.assess.risk import RISKS, Latest, assess_assignments, assess_ongoing, assess_risk, expected_pace
from tests.support.plans import progress_row

DUE = date(2017, 3, 31)  # task 1: Quý 1/2017
START = date(2017, 1, 1)


def risk_of(plan, as_of, task="1", unit="TTTK"):
    found = [a for a in assess_assignments(plan, as_of) if a.task_id == task and a.unit == unit]
    assert len(found) == 1
    return found[0]


def test_task_done_before_its_quarter_ends_is_done_on_time(make_plan):
    plan = make_plan(progress=[progress_row("20/03/2017", 1, "TTTK", "Hoàn thành", 100)])
    assert risk_of(plan, date(2017, 10, 1)).risk == "done_on_time"


def test_task_done_on_its_due_date_is_done_on_time(make_plan):
    plan = make_plan(progress=[progress_row("31/03/2017", 1, "TTTK", "Hoàn thành")])
    assert risk_of(plan, date(2017, 10, 1)).risk == "done_on_time"


def test_task_done_after_its_quarter_is_done_late(make_plan):
    plan = make_plan(progress=[progress_row("01/04/2017", 1, "TTTK", "Hoàn thành", 100)])
    assessed = risk_of(plan, date(2017, 10, 1))
    assert (assessed.risk, assessed.completed_on) == ("done_late", date(2017, 4, 1))


def test_unfinished_task_past_its_due_date_is_overdue(make_plan):
    plan = make_plan(progress=[progress_row("10/03/2017", 1, "TTTK", "Đang thực hiện", 80)])
    assert risk_of(plan, DUE + timedelta(days=1)).risk == "overdue"


def test_task_due_today_is_at_risk_not_overdue(make_plan):
    plan = make_plan(progress=[progress_row("10/03/2017", 1, "TTTK", "Đang thực hiện", 80)])
    assert risk_of(plan, DUE).risk == "at_risk"


def test_task_due_in_exactly_the_warning_days_is_at_risk(make_plan):
    plan = make_plan(progress=[progress_row("01/03/2017", 1, "TTTK", "Đang thực hiện", 90)])
    assert risk_of(plan, DUE - timedelta(days=14)).risk == "at_risk"
    assert risk_of(plan, DUE - timedelta(days=15)).risk == "on_track"


def test_percent_far_behind_the_straight_line_pace_is_at_risk(make_plan):
    # On 15/02 the pace from 1/1 to 31/3 is 50 %; 20 % is more than 25 points behind.
    plan = make_plan(progress=[progress_row("10/02/2017", 1, "TTTK", "Đang thực hiện", 20)])
    assert risk_of(plan, date(2017, 2, 15)).risk == "at_risk"


def test_percent_within_25_points_of_the_pace_is_on_track(make_plan):
    plan = make_plan(progress=[progress_row("10/02/2017", 1, "TTTK", "Đang thực hiện", 30)])
    assert risk_of(plan, date(2017, 2, 15)).risk == "on_track"


def test_task_with_no_row_yet_is_not_started(make_plan):
    plan = make_plan(progress=[])
    assert risk_of(plan, date(2017, 2, 1)).risk == "not_started"


def test_a_row_without_percent_is_on_track_when_nothing_else_applies(make_plan):
    plan = make_plan(progress=[progress_row("10/01/2017", 1, "TTTK", "Đang thực hiện")])
    assert risk_of(plan, date(2017, 2, 1)).risk == "on_track"


def test_task_reopened_after_done_is_not_done(make_plan):
    plan = make_plan(
        progress=[
            progress_row("01/03/2017", 1, "TTTK", "Hoàn thành", 100),
            progress_row("05/03/2017", 1, "TTTK", "Đang thực hiện", 90),
        ]
    )
    assessed = risk_of(plan, date(2017, 3, 20))
    assert (assessed.state, assessed.completed_on, assessed.risk) == ("in_progress", None, "at_risk")


def test_completion_date_is_the_first_row_of_the_final_run_of_done(make_plan):
    plan = make_plan(
        progress=[
            progress_row("01/03/2017", 1, "TTTK", "Hoàn thành"),
            progress_row("05/03/2017", 1, "TTTK", "Đang thực hiện"),
            progress_row("03/04/2017", 1, "TTTK", "Hoàn thành"),
            progress_row("10/04/2017", 1, "TTTK", "Hoàn thành"),
        ]
    )
    assessed = risk_of(plan, date(2017, 5, 1))
    assert (assessed.completed_on, assessed.risk) == (date(2017, 4, 3), "done_late")


def test_same_day_rows_are_won_by_the_row_further_down(make_plan):
    plan = make_plan(
        progress=[
            progress_row("01/03/2017", 1, "TTTK", "Hoàn thành", 100),
            progress_row("01/03/2017", 1, "TTTK", "Đang thực hiện", 60),
        ]
    )
    assert risk_of(plan, date(2017, 3, 2)).state == "in_progress"


def test_latest_percent_skips_rows_that_report_none(make_plan):
    plan = make_plan(
        progress=[
            progress_row("01/02/2017", 1, "TTTK", "Đang thực hiện", 40),
            progress_row("01/03/2017", 1, "TTTK", "Đang thực hiện", ""),
        ]
    )
    assert risk_of(plan, date(2017, 3, 2)).percent == 40.0


def test_paused_counts_as_not_done(make_plan):
    plan = make_plan(progress=[progress_row("01/03/2017", 1, "TTTK", "Tạm dừng", 50)])
    assessed = risk_of(plan, date(2017, 4, 2))
    assert (assessed.state, assessed.risk) == ("paused", "overdue")
    assert risk_of(plan, date(2017, 3, 2)).risk == "paused"


def test_ongoing_task_exactly_one_cycle_after_its_last_row_is_on_track(make_plan):
    plan = make_plan(progress=[progress_row("01/03/2017", 2, "TTTK")])
    assert risk_of(plan, date(2017, 3, 31), task="2").risk == "on_track"  # 30 days
    assert risk_of(plan, date(2017, 4, 1), task="2").risk == "stale"  # 31 days


def test_ongoing_task_without_rows_is_not_started_then_stale_from_1_january():
    assert assess_ongoing(Latest(), START, 30, date(2017, 1, 31)) == "not_started"
    assert assess_ongoing(Latest(), START, 30, date(2017, 2, 1)) == "stale"


def test_a_done_row_does_not_end_an_ongoing_task(make_plan):
    plan = make_plan(progress=[progress_row("01/03/2017", 2, "TTTK", "Hoàn thành", 100)])
    assert risk_of(plan, date(2017, 5, 1), task="2").risk == "stale"


def test_time_travel_uses_only_rows_dated_on_or_before_as_of(make_plan):
    plan = make_plan(
        progress=[
            progress_row("15/01/2017", 1, "TTTK", "Đang thực hiện", 30),
            progress_row("20/03/2017", 1, "TTTK", "Hoàn thành", 100),
        ]
    )
    timeline = {
        day: risk_of(plan, day)
        for day in (date(2017, 1, 10), date(2017, 1, 15), date(2017, 3, 19), date(2017, 3, 20))
    }
    assert [a.risk for a in timeline.values()] == ["not_started", "on_track", "at_risk", "done_on_time"]
    assert timeline[date(2017, 3, 19)].percent == 30.0
    assert timeline[date(2017, 1, 10)].last_update is None


def test_support_assignments_have_their_own_risk(make_plan):
    plan = make_plan(progress=[progress_row("20/03/2017", 1, "TTTK", "Hoàn thành")])
    assert risk_of(plan, date(2017, 4, 5), unit="VP").risk == "overdue"
    assert risk_of(plan, date(2017, 4, 5), unit="VP").role == "support"


def test_a_row_from_an_unassigned_unit_makes_no_assignment(make_plan):
    plan = make_plan(progress=[progress_row("01/03/2017", 1, "PC", "Đang thực hiện")])
    assert ("1", "PC") not in {(a.task_id, a.unit) for a in assess_assignments(plan, date(2017, 3, 2))}
    assert [i.code for i in plan.issues] == ["unit.not_assigned"]


def test_deadline_column_overrides_the_timeframe(make_plan):
    tasks = [["1", "Nhiệm vụ", "Quý 1/2017", "TTTK", "", "", "15/02/2017", ""]]
    plan = make_plan(tasks=tasks, progress=[progress_row("20/02/2017", 1, "TTTK", "Hoàn thành")])
    assert risk_of(plan, date(2017, 3, 1)).risk == "done_late"


@pytest.mark.parametrize(
    "as_of, pace",
    [
        (date(2017, 1, 1), 0.0),
        (date(2017, 3, 31), 100.0),
        (date(2018, 1, 1), 100.0),
        (date(2016, 12, 1), 0.0),
    ],
)
def test_expected_pace_is_a_clamped_straight_line(as_of, pace):
    assert expected_pace(START, DUE, as_of) == pace


latest_values = st.builds(
    Latest,
    state=st.sampled_from([None, "not_started", "in_progress", "done", "paused", "no_activity"]),
    percent=st.one_of(st.none(), st.floats(0, 100)),
    last_update=st.one_of(st.none(), st.dates(date(2016, 12, 1), date(2018, 1, 31))),
    completed_on=st.one_of(st.none(), st.dates(date(2016, 12, 1), date(2018, 1, 31))),
)
days = st.dates(date(2016, 12, 1), date(2018, 1, 31))


@settings(max_examples=300)
@given(latest_values, days, days, days, st.booleans())
def test_every_assignment_gets_exactly_one_known_risk(latest, start, due, as_of, ongoing):
    if ongoing:
        risk = assess_ongoing(latest, start, 30, as_of)
        assert risk in {"paused", "stale", "on_track", "not_started"}
    else:
        risk = assess_risk(latest, min(start, due), due, 14, as_of)
    assert risk in RISKS
