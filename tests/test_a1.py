"""A1 notation (cchc.vocab.a1), the as-of default both shells use, and the one cut of rows at a date."""

from datetime import date

import pytest

from cchc.assess.schedule import default_as_of
from cchc.sources import SAMPLE, open_source
from cchc.validate.plan import load_plan
from cchc.vocab import a1


@pytest.mark.parametrize(
    "index, letters", [(0, "A"), (11, "L"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA"), (16383, "XFD")]
)
def test_column_letters_and_indexes_are_inverse(index, letters):
    assert a1.column_letter(index) == letters and a1.column_index(letters) == index


def test_a_cell_is_named_by_its_column_letters_and_sheet_row():
    assert a1.cell(7, 1) == "B7" and a1.cell(150, 0) == "A150"


@pytest.mark.parametrize("title, quoted", [("Tiến độ", "'Tiến độ'"), ("It's", "'It''s'")])
def test_a_tab_title_is_quoted_the_sheets_way(title, quoted):
    assert a1.quoted_tab(title) == quoted


@pytest.mark.parametrize(
    "today, expected",
    [
        (date(2026, 11, 30), date(2017, 12, 31)),
        (date(2017, 6, 14), date(2017, 6, 14)),
        (date(2016, 3, 1), date(2017, 1, 1)),
    ],
)
def test_the_as_of_default_is_today_kept_inside_the_plan_year(today, expected):
    assert default_as_of(2017, today) == expected


def test_up_to_keeps_only_rows_dated_on_or_before_the_day_and_leaves_the_plan_alone():
    plan = load_plan(open_source(SAMPLE), 2017)
    cut = plan.up_to(date(2017, 6, 14))
    assert len(cut.progress) < len(plan.progress)
    assert (cut.progress["date"] <= "2017-06-14").all()
    assert cut.tasks == plan.tasks and cut.issues == plan.issues


@pytest.mark.parametrize(
    "cell, expected", [("A1", (0, 0)), ("D12", (11, 3)), ("XFD1048576", (1048575, 16383))]
)
def test_a_cell_address_gives_its_0_based_row_and_column(cell, expected):
    assert a1.position(cell) == expected


@pytest.mark.parametrize("cell", ["", "12", "A", "a1", "A1:B2"])
def test_anything_but_one_cell_address_is_refused(cell):
    with pytest.raises(ValueError):
        a1.position(cell)
