"""Trend (issue #6): week by week done-% and risk counts, by time travel, and its chart."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

import pandas as pd
import pytest

from cchc.assess.risk import assess_assignments
from cchc.assess.trend import TREND_COLUMNS, risks_by_day, week_ends, weekly_trend
from cchc.present.charts import trend_chart
from cchc.sources import open_source
from cchc.validate.plan import load_plan
from tests.support.plans import progress_row

# Task 1 (Quý 1, due 31/03): TTTK leads and is done on Friday 10/03; VP supports and never
# reports. Task 2 (Tháng 2, due 28/02): PC never reports. Task 3 is ongoing (VP, updates on
# 05/01 and 20/02). Defaults: at risk 14 days before the due date, stale after 30 days.
TASKS = [
    ["1", "Tuyên truyền kế hoạch", "Quý 1/2017", "TTTK", "VP", "", "", ""],
    ["2", "Rà soát thủ tục", "Tháng 2/2017", "PC", "", "", "", ""],
    ["3", "Cập nhật trang TTĐT", "Thường xuyên", "VP", "", "", "", ""],
]
PROGRESS = [
    progress_row("05/01/2017", 3, "VP"),
    progress_row("10/03/2017", 1, "TTTK", "Hoàn thành", 100),
    progress_row("20/02/2017", 3, "VP"),
]
THIRD = 100 / 3
# week_end: (done %, overdue, at risk, stale); three assignments have a due date.
WEEKS = {
    date(2016, 12, 18): (0, 0, 0, 0),  # the first Sunday of the reporting year (from 15/12/2016)
    date(2017, 1, 29): (0, 0, 0, 0),  # task 3's last update is 24 days old
    date(2017, 2, 5): (0, 0, 0, 1),  # ... 31 days old: stale
    date(2017, 2, 12): (0, 0, 0, 1),  # task 2 is 16 days from its due date: not yet at risk
    date(2017, 2, 19): (0, 0, 1, 1),  # ... 9 days: at risk
    date(2017, 2, 26): (0, 0, 1, 0),  # task 3 updated on 20/02
    date(2017, 3, 5): (0, 1, 0, 0),  # task 2 overdue since 01/03
    date(2017, 3, 12): (THIRD, 1, 0, 0),  # TTTK done on 10/03; VP 19 days from 31/03
    date(2017, 3, 19): (THIRD, 1, 1, 0),  # VP 12 days from its due date: at risk
    date(2017, 3, 26): (THIRD, 1, 1, 1),  # task 3's update is 34 days old
    date(2017, 4, 2): (THIRD, 2, 0, 1),  # VP overdue
    date(2017, 4, 5): (THIRD, 2, 0, 1),  # `until`, a Wednesday: the last point
}
UNTIL = date(2017, 4, 5)


@pytest.fixture
def plan(make_plan):
    return make_plan(tasks=TASKS, progress=PROGRESS)


@pytest.fixture
def trend(plan):
    return weekly_trend(plan, UNTIL)


def test_the_trend_has_a_point_per_sunday_of_the_reporting_year_and_one_at_until(trend):
    assert list(trend.columns) == TREND_COLUMNS
    assert len(trend) == 17  # 16 Sundays from 18/12/2016 to 02/04/2017, then 05/04
    assert trend["week_end"].iloc[0] == date(2016, 12, 18) and trend["week_end"].iloc[-1] == UNTIL
    assert (trend["assignments"] == 3).all()


@pytest.mark.parametrize(("week_end", "expected"), WEEKS.items(), ids=[d.isoformat() for d in WEEKS])
def test_the_trend_has_the_hand_computed_weekly_values(trend, week_end, expected):
    point = trend.set_index("week_end").loc[week_end]
    done, overdue, at_risk, stale = expected
    assert point["done_pct"] == pytest.approx(done)
    assert (point["overdue"], point["at_risk"], point["stale"]) == (overdue, at_risk, stale)
    assert point["done"] == (1 if done else 0)


@pytest.mark.parametrize(
    ("start", "until", "expected"),
    [
        (date(2016, 12, 15), date(2016, 12, 25), [date(2016, 12, 18), date(2016, 12, 25)]),
        (date(2016, 12, 15), date(2016, 12, 20), [date(2016, 12, 18), date(2016, 12, 20)]),
        (date(2016, 12, 15), date(2016, 12, 16), [date(2016, 12, 16)]),
        (date(2016, 12, 18), date(2016, 12, 18), [date(2016, 12, 18)]),
        (date(2016, 12, 15), date(2016, 12, 1), []),
    ],
)
def test_week_ends_are_the_sundays_up_to_until_then_until(start, until, expected):
    assert week_ends(start, until) == expected


def test_a_trend_that_ends_before_the_reporting_year_is_empty(plan):
    trend = weekly_trend(plan, date(2016, 12, 1))
    assert trend.empty and list(trend.columns) == TREND_COLUMNS


def test_a_plan_with_no_progress_rows_still_turns_overdue(make_plan):
    trend = weekly_trend(make_plan(tasks=TASKS), UNTIL).set_index("week_end")
    assert trend.loc[date(2017, 4, 2), ["done", "overdue"]].tolist() == [0, 3]
    assert trend.loc[date(2017, 2, 5), "stale"] == 1  # 35 days since 1 January without a row


def test_done_pct_is_empty_when_no_task_has_a_due_date(make_plan):
    ongoing = [["3", "Cập nhật trang TTĐT", "Thường xuyên", "VP", "", "", "", ""]]
    trend = weekly_trend(make_plan(tasks=ongoing, progress=PROGRESS[:1]), UNTIL)
    assert trend["done_pct"].map(math.isnan).all() and (trend["assignments"] == 0).all()


# --- the one-pass computation gives exactly what assess gives, day by day ---------------------


def as_records(plan, day):
    """What `assess_assignments` says on a day, as RISK_COLUMNS tuples."""
    return [
        (day, a.task_id, a.unit, a.role, a.due, a.state, a.percent, a.last_update, a.completed_on, a.risk)
        for a in assess_assignments(plan, day)
    ]


def records_of(frame):
    def clean(value):
        return None if isinstance(value, float) and math.isnan(value) else value

    return [tuple(clean(v) for v in row) for row in frame.itertuples(index=False)]


def messy_rows(seed: int, count: int) -> list[list[object]]:
    """Random rows: same-day ties, reopened tasks, blank percents, a unit not assigned to a task."""
    rng = random.Random(seed)
    states = ["Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Tạm dừng", "Hoàn thành"]
    rows = []
    for _ in range(count):
        day = date(2017, 1, 1) + timedelta(days=rng.randrange(0, 200, 3))
        percent = rng.choice(["", "", 10, 60, 100])
        state = rng.choice(states)
        rows.append(
            progress_row(
                day.strftime("%d/%m/%Y"),
                rng.choice([1, 2, 3]),
                rng.choice(["TTTK", "VP", "PC"]),
                state,
                percent,
            )
        )
    return rows


DAYS = [date(2016, 12, 20) + timedelta(days=11 * i) for i in range(36)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_risks_by_day_equal_assess_on_a_messy_plan(make_plan, seed):
    plan = make_plan(tasks=TASKS, progress=messy_rows(seed, 80))
    frame = risks_by_day(plan, DAYS)
    for day in DAYS:
        assert records_of(frame[frame["day"] == day]) == as_records(plan, day), day


def test_risks_by_day_equal_assess_on_the_sample():
    plan = load_plan(open_source("sample"), fallback_year=2017)
    frame = risks_by_day(plan, DAYS)
    for day in DAYS:
        assert records_of(frame[frame["day"] == day]) == as_records(plan, day), day


# --- the chart ----------------------------------------------------------------------------------


def test_the_trend_chart_draws_done_pct_and_the_counts_in_two_panels_each_with_one_axis(trend):
    spec = trend_chart(trend).to_dict()
    done, counts = spec["vconcat"]
    assert done["encoding"]["y"]["scale"]["domain"] == [0, 100]
    assert done["encoding"]["y"]["title"] == "Hoàn thành (%)"
    assert done["mark"]["color"] == "#2e7d32"
    assert counts["transform"][0]["fold"] == ["Quá hạn", "Có nguy cơ chậm tiến độ"]
    assert counts["encoding"]["y"]["title"] == "Số phần việc"
    for panel in (done, counts):
        x = panel["encoding"]["x"]
        assert (x["title"], x["type"], x["axis"]["format"]) == ("Tuần kết thúc", "temporal", "%d/%m")
    scale = counts["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"], strict=True)) == {
        "Quá hạn": "#d32f2f",
        "Có nguy cơ chậm tiến độ": "#f57c00",
    }
    assert counts["encoding"]["color"]["legend"]["labelLimit"] >= 200  # the legend is never cut


def test_the_trend_chart_carries_one_value_per_week(trend):
    spec = trend_chart(trend).to_dict()
    (values,) = spec["datasets"].values()
    assert len(values) == len(trend)
    last = values[-1]
    assert last["Tuần kết thúc"].startswith("2017-04-05")
    assert (last["Quá hạn"], last["Có nguy cơ chậm tiến độ"]) == (2, 0)
    assert last["Hoàn thành (%)"] == pytest.approx(THIRD)


def test_a_years_trend_cut_at_a_day_equals_the_trend_computed_up_to_that_sunday():
    from cchc.assess.trend import up_to
    from cchc.sources import SAMPLE

    plan = load_plan(open_source(SAMPLE), 2017)
    year = weekly_trend(plan, date(2017, 12, 31))
    cut = up_to(year, date(2017, 6, 20))  # a Tuesday: the last week shown ends on Sunday 18/06
    assert cut["week_end"].iloc[-1] == date(2017, 6, 18)
    pd.testing.assert_frame_equal(cut, weekly_trend(plan, date(2017, 6, 18)))


def test_a_units_trend_counts_only_its_parts_and_the_units_add_up_to_the_plan(plan, trend):
    units = sorted(set(risks_by_day(plan, [UNTIL])["unit"]))
    assert len(units) > 1
    mine = {unit: weekly_trend(plan, UNTIL, unit).set_index("week_end") for unit in units}
    whole = trend.set_index("week_end")
    for column in ("assignments", "done", "overdue", "at_risk", "stale"):
        assert sum(frame[column] for frame in mine.values()).equals(whole[column]), column
    assert all(list(frame.index) == list(whole.index) for frame in mine.values())
