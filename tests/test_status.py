"""Task risk, unit scorecards, outputs and the reporting calendar (SPEC §5, §6)."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.assess.risk import SEVERITY
from cchc.assess.schedule import Sent, next_report, reports
from cchc.assess.status import Output, assess
from cchc.sources import SAMPLE, open_source
from cchc.validate.plan import load_plan
from cchc.validate.reports import SentReport
from cchc.validate.settings import Settings
from tests.support.plans import plan_tabs, progress_row, raw_source

AS_OF = date(2017, 10, 15)


def test_task_risk_is_the_worst_of_its_leads_and_ignores_supports(make_plan):
    tasks = [["1", "Niêm yết thủ tục", "Quý 1/2017", "PC và VP", "TTTK", "", "", ""]]
    progress = [
        progress_row("20/03/2017", 1, "PC", "Hoàn thành"),
        progress_row("20/03/2017", 1, "TTTK", "Hoàn thành"),
    ]
    status = assess(make_plan(tasks=tasks, progress=progress), date(2017, 4, 10))
    leads = {(a.unit, a.role, a.risk) for a in status.assignments}
    assert leads == {
        ("PC", "lead", "done_on_time"),
        ("VP", "lead", "overdue"),
        ("TTTK", "support", "done_on_time"),
    }
    assert status.tasks[0].risk == "overdue"


def test_a_unit_name_containing_va_is_one_unit_but_a_list_joined_by_va_is_two(make_plan):
    tasks = [
        ["1", "A", "Quý 1/2017", "Trung tâm Thông tin và Thống kê KHCN", "", "", "", ""],
        ["2", "B", "Quý 1/2017", "Bộ phận Pháp chế và Văn phòng Sở", "", "", "", ""],
    ]
    plan = make_plan(tasks=tasks)
    assert [t.leads for t in plan.tasks] == [("TTTK",), ("PC", "VP")]
    assert [i.code for i in plan.issues] == ["tab.no_rows"]  # no unit issue


def test_scorecard_counts_add_up_and_on_time_rate_uses_only_dated_assignments(make_plan):
    progress = [progress_row("20/03/2017", 1, "TTTK", "Hoàn thành"), progress_row("01/10/2017", 2, "TTTK")]
    status = assess(make_plan(progress=progress), AS_OF)
    card = next(c for c in status.units if c.unit == "TTTK")
    assert card.assignments == 2 == sum(card.counts.values())
    assert (card.counts["done_on_time"], card.counts["on_track"]) == (1, 1)
    assert card.on_time_rate == 1.0
    assert (card.last_update, card.days_since_update) == (date(2017, 10, 1), 14)
    vp = next(c for c in status.units if c.unit == "VP")
    assert (vp.counts["overdue"], vp.on_time_rate, vp.last_update) == (1, 0.0, None)
    pc = next(c for c in status.units if c.unit == "PC")
    assert pc.on_time_rate is None  # its only assignment is ongoing


def test_scorecards_are_in_vietnamese_order_of_unit_names(make_plan):
    status = assess(make_plan(), AS_OF)
    assert [c.name for c in status.units] == [
        "Bộ phận Pháp chế",
        "Trung tâm Thông tin và Thống kê KHCN",
        "Văn phòng Sở",
    ]


def test_outputs_sum_counts_by_channel_and_measure_up_to_as_of_lead_and_support_apart(make_plan):
    progress = [
        progress_row("01/02/2017", 2, "TTTK", count="3", channel="Trang TTĐT"),
        progress_row("01/03/2017", 2, "PC", count="2", channel="Niêm yết"),
        progress_row("01/04/2017", 2, "TTTK", count="4", channel="trang ttđt"),
        progress_row("01/12/2017", 2, "TTTK", count="9", channel="Trang TTĐT"),
    ]
    task = assess(make_plan(progress=progress), AS_OF).tasks[1]
    assert task.outputs.lead == (Output("Trang TTĐT", "tin, bài", 7),)
    assert task.outputs.support == (Output("Niêm yết", "thủ tục hành chính", 2),)
    assert (task.outputs.main_measure, task.outputs.lead_in("tin, bài"), task.target) == ("tin, bài", 7, 12)


def test_reports_follow_the_default_calendar_with_the_last_day_before_the_plans_day():
    found = reports(Settings(), 2017, date(2017, 6, 15))
    assert [(r.kind, r.due, r.last_day, r.period_start, r.period_end, r.days_left) for r in found] == [
        ("half_year", date(2017, 6, 15), date(2017, 6, 14), date(2016, 12, 15), date(2017, 6, 14), -1),
        ("annual", date(2017, 12, 15), date(2017, 12, 14), date(2016, 12, 15), date(2017, 12, 14), 182),
    ]
    assert [(r.unit_deadline, r.sent, r.late) for r in found] == [
        (date(2017, 6, 10), None, True),
        (date(2017, 12, 10), None, False),
    ]


def test_next_report_is_the_first_not_sent_whose_last_day_has_not_passed():
    assert next_report(reports(Settings(), 2017, date(2017, 6, 14))).kind == "half_year"
    assert next_report(reports(Settings(), 2017, date(2017, 6, 15))).kind == "annual"
    assert next_report(reports(Settings(), 2017, date(2017, 12, 15))) is None


def _sent(day, kind="half_year", unit=None):
    return SentReport(2, kind, 2017, unit, "112/BC-SKHCN", day, "Mai Thành Quang")


def test_a_sent_report_is_sent_from_its_sending_day_on_and_the_next_report_skips_it():
    register = (_sent(date(2017, 6, 13)),)
    before = reports(Settings(), 2017, date(2017, 6, 12), register)
    assert (before[0].sent, before[0].late, next_report(before).kind) == (None, False, "half_year")
    after = reports(Settings(), 2017, date(2017, 6, 13), register)
    assert after[0].sent == Sent("112/BC-SKHCN", date(2017, 6, 13), "Mai Thành Quang")
    assert (after[0].late, after[0].days_left, next_report(after).kind) == (False, 1, "annual")


def test_a_report_sent_after_its_last_day_is_late_and_a_units_register_row_is_not_the_sos():
    late = reports(Settings(), 2017, date(2017, 7, 1), (_sent(date(2017, 6, 20)),))
    assert (late[0].sent is not None, late[0].late) == (True, True)
    units = reports(Settings(), 2017, date(2017, 7, 1), (_sent(date(2017, 6, 5), unit="TTTK"),))
    assert units[0].sent is None


def test_settings_change_the_calendar_and_thresholds(make_plan):
    settings_rows = [
        ["han_bao_cao_6_thang", "10/06"],
        ["chot_so_lieu_nam", "30/11"],
        ["chu_ky_cap_nhat", "7"],
    ]
    plan = make_plan(settings=settings_rows, progress=[progress_row("01/03/2017", 2, "TTTK")])
    status = assess(plan, date(2017, 3, 9))
    assert status.reports[0].due == date(2017, 6, 10)
    assert status.reports[1].period_start == date(2016, 12, 1)
    assert next(a for a in status.assignments if a.task_id == "2" and a.unit == "TTTK").risk == "stale"


def test_sample_plan_is_the_2017_plans_seven_tasks_and_nine_units_parts():
    status = assess(load_plan(open_source(SAMPLE), 2017), AS_OF)
    assert [(a.task_id, a.unit, a.role) for a in status.assignments] == [
        ("1", "TTTK", "lead"),
        ("2", "TTTK", "lead"),
        ("3", "TTTK", "lead"),
        ("4", "TTTK", "lead"),
        ("5", "TTTK", "lead"),
        ("5", "PC", "support"),
        ("6", "TTTK", "lead"),
        ("7", "PC", "lead"),
        ("7", "VP", "lead"),
    ]
    assert len(status.tasks) == 7


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.dates(date(2017, 1, 1), date(2017, 12, 31)),
            st.sampled_from(["1", "2"]),
            st.sampled_from(["TTTK", "PC", "VP"]),
            st.sampled_from(["Hoàn thành", "Đang thực hiện", "Tạm dừng", "Chưa thực hiện"]),
        ),
        max_size=25,
    ),
    st.dates(date(2017, 1, 1), date(2018, 1, 31)),
)
def test_scorecard_counts_always_add_up_to_the_assignments(rows, as_of):
    progress = [progress_row(d.strftime("%d/%m/%Y"), t, u, s) for d, t, u, s in rows]
    status = assess(load_plan(raw_source(plan_tabs(progress=progress)), 2017), as_of)
    assert sum(c.assignments for c in status.units) == len(status.assignments)
    for card in status.units:
        assert sum(card.counts.values()) == card.assignments
        assert set(card.counts) == set(SEVERITY)
    assert all(a.risk in SEVERITY for a in status.assignments)
