"""Reading rules for values (SPEC §3.2): dates, timeframes, percents, counts, task ids."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.vocab.values import (
    Timeframe,
    parse_count,
    parse_date,
    parse_day_month,
    parse_percent,
    parse_timeframe,
    task_key,
)

JUNE_15 = date(2017, 6, 15)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("15/06/2017", JUNE_15),
        ("5/6/2017", date(2017, 6, 5)),
        ("15-06-2017", JUNE_15),
        ("15.06.2017", JUNE_15),
        ("2017-06-15", JUNE_15),
        ("ngày 15 tháng 6 năm 2017", JUNE_15),
        ("Ngày 15 tháng 06 năm 2017", JUNE_15),
        ("15/06/2017 14:30:00", JUNE_15),
        ("15/06/17", JUNE_15),
        (" 15/06/2017 ", JUNE_15),
        (date(2017, 6, 15), JUNE_15),
        (datetime(2017, 6, 15, 14, 30), JUNE_15),
        (42901, JUNE_15),
        (42901.0, JUNE_15),
        ("42901", JUNE_15),
        ("42901.0", JUNE_15),
    ],
)
def test_dates_are_read_day_first_in_every_accepted_form(raw, expected):
    assert parse_date(raw) == (expected, None)


@pytest.mark.parametrize(
    "raw", ["31/02/2017", "15/13/2017", "06/15/2017", "hôm qua", "2017", "15/06", "00/01/2017", True, -5.0]
)
def test_impossible_dates_and_free_text_are_invalid(raw):
    assert parse_date(raw) == (None, "date.invalid")


@pytest.mark.parametrize("raw", ["", "   ", None, float("nan")])
def test_an_empty_date_is_missing(raw):
    assert parse_date(raw) == (None, "date.missing")


@pytest.mark.parametrize(
    "raw, due",
    [
        ("Quý 1/2017", date(2017, 3, 31)),
        ("Quý I/2017", date(2017, 3, 31)),
        ("Quý II/2017", date(2017, 6, 30)),
        ("Quý III/2017", date(2017, 9, 30)),
        ("Quý IV/2017", date(2017, 12, 31)),
        ("quý 4 năm 2017", date(2017, 12, 31)),
        ("Quý 2", date(2017, 6, 30)),
        ("Tháng 3/2017", date(2017, 3, 31)),
        ("Tháng 2/2016", date(2016, 2, 29)),
        ("tháng 11", date(2017, 11, 30)),
        ("6 tháng đầu năm", date(2017, 6, 30)),
        ("6 tháng đầu năm 2017", date(2017, 6, 30)),
        ("6 tháng cuối năm", date(2017, 12, 31)),
        ("Năm 2017", date(2017, 12, 31)),
        ("Cả năm", date(2017, 12, 31)),
        ("30/09/2017", date(2017, 9, 30)),
        (date(2017, 9, 30), date(2017, 9, 30)),
        (43008.0, date(2017, 9, 30)),
    ],
)
def test_timeframes_give_the_last_day_of_their_period(raw, due):
    assert parse_timeframe(raw, 2017) == (Timeframe(due, False), None)


@pytest.mark.parametrize(
    "raw", ["Thường xuyên", "thuong xuyen", "Định kỳ", "Hàng tháng", "Hàng quý", "Liên tục"]
)
def test_ongoing_wording_makes_a_task_ongoing(raw):
    assert parse_timeframe(raw, 2017) == (Timeframe(None, True), None)


@pytest.mark.parametrize("raw", ["Quý 5/2017", "Tháng 13/2017", "sớm", "31/02/2017"])
def test_unreadable_timeframes_are_invalid(raw):
    assert parse_timeframe(raw, 2017) == (None, "timeframe.invalid")


def test_an_empty_timeframe_is_missing():
    assert parse_timeframe("", 2017) == (None, "timeframe.missing")


@pytest.mark.parametrize(
    "raw, value",
    [
        ("50", 50.0),
        ("50%", 50.0),
        ("50 %", 50.0),
        ("50,5", 50.5),
        ("50.5", 50.5),
        (75, 75.0),
        ("0", 0.0),
        ("100%", 100.0),
        ("", None),
    ],
)
def test_percents_are_read_as_the_user_sees_them(raw, value):
    assert parse_percent(raw) == (value, None)


@pytest.mark.parametrize(
    "raw, code",
    [
        ("120", "percent.range"),
        ("-1", "percent.range"),
        ("abc", "percent.invalid"),
        ("50%%", "percent.invalid"),
        ("1,000,5", "percent.invalid"),
    ],
)
def test_bad_percents_are_reported(raw, code):
    assert parse_percent(raw) == (None, code)


@pytest.mark.parametrize("raw, value", [("3", 3), (3.0, 3), ("0", 0), ("", None), ("2.0", 2)])
def test_counts_are_whole_non_negative_numbers(raw, value):
    assert parse_count(raw) == (value, None)


@pytest.mark.parametrize("raw", ["hai bài", "-1", "2.5", "3 bài"])
def test_bad_counts_are_reported(raw):
    assert parse_count(raw) == (None, "count.invalid")


@pytest.mark.parametrize("raw", ["1", "01", "1.0", 1.0, 1, " 1 "])
def test_whole_number_task_ids_compare_by_value(raw):
    assert task_key(raw) == "1"


def test_text_task_ids_compare_by_forgiving_key():
    assert task_key("NV-1a") == task_key("nv 1A")


@pytest.mark.parametrize(
    "raw, expected",
    [("15/06", (15, 6)), ("14/12", (14, 12)), (date(2026, 6, 15), (15, 6)), ("31/02", None), ("abc", None)],
)
def test_day_month_settings_keep_only_day_and_month(raw, expected):
    assert parse_day_month(raw) == expected


any_cell = st.one_of(
    st.text(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.none(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)


@given(any_cell)
def test_value_parsers_never_raise_on_any_cell(raw):
    for result in (parse_date(raw), parse_percent(raw), parse_count(raw), parse_timeframe(raw, 2017)):
        value, code = result
        assert (value is None) or (code is None)
    task_key(raw)
    parse_day_month(raw)
