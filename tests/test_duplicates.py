"""SPEC §3.2 possible duplicates: a counted row whose unit, task, result (by the §3.1 key) and count
equal an earlier row's within 45 days is a warning naming that row; it still counts."""

from datetime import date

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.assess.status import assess
from cchc.validate.groups import digit_signatures
from cchc.vocab.text import loose_key
from tests.support.plans import progress_row

RESULT = "Rà soát 8 TTHC lĩnh vực KH&CN"


def row(day, result=RESULT, count=8, unit="TTTK", task=2, **extra):
    return progress_row(day, task, unit, result=result, count=count, channel="Niêm yết", **extra)


def duplicates(plan):
    return [(i.cell, i.severity, i.message) for i in plan.issues if i.code == "progress.possible_duplicate"]


def test_the_same_result_and_count_typed_again_within_45_days_is_a_warning_naming_the_earlier_row(make_plan):
    plan = make_plan(progress=[row("16/01/2017"), row("06/02/2017", "rà soát 8 tthc, lĩnh vực KH & CN!")])
    ((cell, severity, message),) = duplicates(plan)
    assert (cell, severity) == ("F3", "warning")  # the later row's Kết quả
    assert "dòng 2 (21 ngày trước)" in message and "có thể đã nhập hai lần" in message
    # both rows still count
    assert assess(plan, date(2017, 3, 1)).tasks[1].outputs.lead[0].count == 16


def test_accents_and_tone_placement_do_not_hide_a_duplicate(make_plan):
    plan = make_plan(progress=[row("01/03/2017", "Hoà giải 2 vụ"), row("02/03/2017", "Hòa giai 2 vu")])
    assert [c for c, _, _ in duplicates(plan)] == ["F3"]


def test_46_days_apart_is_no_duplicate_and_45_is(make_plan):
    assert duplicates(make_plan(progress=[row("01/01/2017"), row("16/02/2017")])) == []  # 46 days
    assert len(duplicates(make_plan(progress=[row("01/01/2017"), row("15/02/2017")]))) == 1  # 45 days


def test_another_count_unit_task_or_result_is_no_duplicate(make_plan):
    first = row("01/03/2017")
    for other in (
        row("02/03/2017", count=9),
        row("02/03/2017", unit="PC"),
        row("02/03/2017", task=1),
        row("02/03/2017", result="Rà soát 9 TTHC lĩnh vực KH&CN"),  # other digits
        row("02/03/2017", result="Niêm yết 8 TTHC lĩnh vực KH&CN"),
    ):
        assert duplicates(make_plan(progress=[first, other])) == [], other


def test_rows_without_a_count_or_left_out_for_an_error_are_not_compared(make_plan):
    assert duplicates(make_plan(progress=[row("01/03/2017", count=""), row("02/03/2017", count="")])) == []
    bad_date = row("31/02/2017")
    assert duplicates(make_plan(progress=[bad_date, row("02/03/2017")])) == []


def test_each_repeat_names_the_nearest_earlier_row_and_the_same_day_says_so(make_plan):
    plan = make_plan(progress=[row("01/03/2017"), row("10/03/2017"), row("10/03/2017")])
    messages = {cell: message for cell, _, message in duplicates(plan)}
    assert set(messages) == {"F3", "F4"}
    assert "dòng 2 (9 ngày trước)" in messages["F3"]
    assert "dòng 3 (cùng ngày)" in messages["F4"]


def test_a_sheet_order_different_from_the_dates_still_warns_on_the_later_date(make_plan):
    plan = make_plan(progress=[row("20/03/2017"), row("01/03/2017")])
    ((cell, _, message),) = duplicates(plan)
    assert cell == "F2" and "dòng 3 (19 ngày trước)" in message


texts = st.text(alphabet="aăâbcdđeêoôơuư 0123456789,.àảãáạÀĐ-", max_size=20)


@settings(max_examples=200)
@given(texts, texts)
def test_cells_with_equal_keys_have_equal_digit_signatures(left, right):
    signatures = digit_signatures(pd.Series([left, right, None], dtype="str"))
    if loose_key(left) == loose_key(right):
        assert signatures[0] == signatures[1]
    assert signatures[2] == 0
