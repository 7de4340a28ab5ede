"""What the dashboard pages show (present.views, present.todo, present.charts), without Streamlit."""

from datetime import date

import pandas as pd
import pytest

from cchc.assess.risk import SEVERITY
from cchc.assess.status import assess
from cchc.present import charts, deadline_views, quality, views
from cchc.present.todo import todo_list, todo_lists
from cchc.sources import SAMPLE, open_source
from cchc.validate.plan import load_plan
from cchc.vocab.labels import RISK_COLORS, RISK_LABELS
from tests.support.plans import progress_row


@pytest.fixture(scope="module")
def plan():
    return load_plan(open_source(SAMPLE), 2017)


@pytest.fixture(scope="module")
def status(plan):
    return assess(plan, date(2017, 6, 14))


def test_task_and_part_counts_each_add_up_to_their_total(status):
    tasks, parts = views.task_counts(status), views.part_counts(status)
    assert (tasks.total, parts.total) == (7, 9)  # the plan's 7 tasks; 9 units' parts (task 5 and 7 have two)
    assert sum(tasks.by_risk.values()) == tasks.total and sum(parts.by_risk.values()) == parts.total
    assert tasks.shown() == [("stale", 1), ("paused", 1), ("on_track", 4), ("done_on_time", 1)]
    assert parts.shown() == [("stale", 1), ("paused", 1), ("on_track", 6), ("done_on_time", 1)]
    # a unit: the tasks it leads (by their risk) and its own parts
    assert (views.task_counts(status, "PC").total, views.part_counts(status, "PC").total) == (1, 2)


def test_a_units_tasks_are_judged_by_its_own_part_not_by_another_leads(make_plan):
    tasks = [["1", "Niêm yết công khai thủ tục", "Thường xuyên", "VP, PC", "", "", "", ""]]
    progress = [progress_row("05/01/2017", 1, "VP"), progress_row("10/06/2017", 1, "PC")]
    status = assess(make_plan(tasks=tasks, progress=progress), date(2017, 6, 14))
    assert views.task_counts(status).shown() == [("stale", 1)]  # the task: the worse of its two leads
    assert views.task_counts(status, "PC").shown() == [("on_track", 1)]  # PC's own part is up to date
    assert views.task_counts(status, "VP").shown() == [("stale", 1)]
    assert views.plan_sentence(status, "PC") == (
        "Tính đến 14/06/2017, Bộ phận Pháp chế chủ trì 1 nhiệm vụ (1 thường xuyên); "
        "chưa có phần việc nào cần chú ý ngay."
    )


def test_a_long_axis_label_breaks_into_lines_and_a_short_one_stays(status):
    frame = views.risk_by_unit(status)
    axis = charts.wrapped_axis(frame["Đơn vị"], 24).to_dict()
    assert '["Trung tâm Thông tin và", "Thống kê KHCN"]' in axis["labelExpr"]
    assert "Văn phòng Sở" not in axis["labelExpr"] and axis["labelExpr"].endswith("datum.label")
    assert charts.wrapped_axis(frame["Đơn vị"], 80).to_dict() == {"labelLimit": 280}


def test_attention_lists_the_parts_needing_attention_worst_first_with_a_contact_and_a_phrase(status):
    table = views.attention(status)
    needing = [a for a in status.assignments if a.risk in ("overdue", "stale", "paused", "at_risk")]
    assert len(table) == len(needing) == 2
    assert list(table["risk"]) == ["stale", "paused"]
    first = table.iloc[0]
    assert first["Nhiệm vụ"].startswith("7. Niêm yết công khai")
    assert (first["Đơn vị"], first["Người phụ trách"], first["Phần việc"]) == (
        "Văn phòng Sở",
        "Đặng Văn Lợi",
        "Chủ trì",
    )
    assert first["Vì sao"] == "41 ngày chưa có dòng tiến độ mới, từ 04/05/2017 (chu kỳ 30 ngày)."
    assert table.iloc[1]["Vì sao"].startswith(
        "Tạm dừng từ 20/05/2017: Chờ UBND tỉnh công bố"
    )  # paused again on 09/06


def test_attention_of_a_unit_is_its_own_parts(status):
    assert list(views.attention(status, "TTTK")["risk"]) == ["paused"]
    assert views.attention(status, "PC").empty


def test_issues_table_filters_by_unit_tab_and_severity(plan):
    assert len(quality.issues_table(plan)) == 17
    assert len(quality.issues_table(plan, severity="warning")) == 9
    assert quality.issues_table(plan, sheet="tasks").empty


def test_next_report_text_counts_down_to_the_last_day_and_says_a_report_was_sent(plan):
    march = views.next_report_text(assess(plan, date(2017, 3, 15)))
    assert "Báo cáo 6 tháng gửi Sở Nội vụ: còn 91 ngày (chậm nhất 14/06/2017" in march
    assert "chậm nhất ngày 10/06/2017" in march  # the units' own day
    june = views.next_report_text(assess(plan, date(2017, 6, 14)))
    assert june.startswith("Báo cáo 6 tháng đã gửi Sở Nội vụ số 112/BC-SKHCN ngày 13/06/2017.")
    assert "Báo cáo năm gửi Sở Nội vụ: còn 183 ngày" in june
    assert "hôm nay là ngày cuối" in views.next_report_text(assess(plan, date(2017, 12, 14)))
    late = views.next_report_text(assess(plan, date(2017, 12, 31)))
    assert "Báo cáo năm chưa gửi; hạn cuối là 14/12/2017, đã quá 17 ngày." in late


def test_todo_tells_each_unit_what_to_update_most_urgent_first(status):
    items = todo_list(status, "VP")
    assert [i.risk for i in items] == ["stale"]
    assert "41 ngày chưa có dòng tiến độ mới" in items[0].title and "Không phát sinh" in items[0].detail
    paused = todo_list(status, "TTTK")
    assert [(i.task_id, i.risk) for i in paused] == [("4", "paused")]
    assert "tạm dừng từ 20/05/2017" in paused[0].title  # the first «Tạm dừng» row of the pause
    assert todo_list(status, "PC") == []


def test_todo_lists_put_the_units_with_the_most_urgent_parts_first_then_the_rest_by_name(plan, status):
    lists = todo_lists(status)
    assert list(lists) == ["VP", "TTTK", "PC", "CCTC", "KHTC", "QLCN", "QLKH", "TTRA", "TTUD"]
    assert all(lists[code] == todo_list(status, code) for code in lists)
    assert list(todo_lists(status, "TTTK")) == ["TTTK"]
    assert list(todo_lists(assess(plan, date(2017, 12, 10))))[:2] == ["TTTK", "PC"]


def test_a_units_log_shows_its_contributions(plan):
    log = views.unit_log(assess(plan, date(2017, 6, 14)), "QLKH")
    assert list(log["Phần việc"]) == ["Tham gia"]
    assert set(views.unit_log(assess(plan, date(2017, 6, 14)), "PC")["Phần việc"]) == {"Chủ trì", "Phối hợp"}


def test_outputs_are_shown_by_channel_and_measure_lead_support_and_contributions_apart(plan):
    table = deadline_views.outputs_table(assess(plan, date(2017, 12, 10)))
    assert list(table.columns) == [
        "Nhiệm vụ",
        "Kênh",
        "Đơn vị tính",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Đơn vị tham gia",
    ]
    assert not table.duplicated(["Nhiệm vụ", "Kênh", "Đơn vị tính"]).any()
    status = assess(plan, date(2017, 12, 10))
    for task in status.tasks:
        mine = table[table["Nhiệm vụ"] == task.task_id]
        assert mine["Đơn vị chủ trì"].sum() == sum(o.count for o in task.outputs.lead)
        assert mine["Đơn vị phối hợp"].sum() == sum(o.count for o in task.outputs.support)


def test_timeline_and_freshness_cover_dated_and_ongoing_assignments(status):
    assert list(deadline_views.deadlines(status)["Nhiệm vụ"]) == ["1"]
    fresh = deadline_views.freshness(status)
    assert len(fresh) == sum(1 for a in status.assignments if a.ongoing)


def test_every_chart_uses_the_one_risk_colour_scale_with_vietnamese_labels(status):
    frames = [
        (charts.risk_by_unit_chart, views.risk_by_unit(status)),
        (charts.matrix_chart, views.unit_matrix(status)),
        (lambda f: charts.timeline_chart(f, status.as_of), deadline_views.deadlines(status)),
        (charts.freshness_chart, deadline_views.freshness(status)),
    ]
    for build, frame in frames:
        spec = build(frame).to_dict()
        layers = spec.get("layer", [spec])
        color = next(layer["encoding"]["color"] for layer in layers if "color" in layer.get("encoding", {}))
        present = [r for r in SEVERITY if r in set(frame["risk"])]  # the legend names only what is drawn
        assert present and color["scale"]["domain"] == [RISK_LABELS[r] for r in present]
        assert color["scale"]["range"] == [RISK_COLORS[r] for r in present]
    assert RISK_COLORS["done_late"] != RISK_COLORS["done_on_time"]


def test_timeline_draws_the_as_of_line(status):
    spec = charts.timeline_chart(deadline_views.deadlines(status), status.as_of).to_dict()
    rule = spec["layer"][1]
    assert rule["mark"]["type"] == "rule"
    assert spec["datasets"][rule["data"]["name"]][0]["as_of"].startswith("2017-06-14")


def test_issues_from_a_google_sheet_link_to_their_cells():
    from dataclasses import replace

    from tests.support.plans import plan_tabs, progress_row, raw_source

    raw = raw_source(plan_tabs(progress=[progress_row("31/02/2017", 1, "TTTK")]))
    key = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
    raw = replace(
        raw, name=f"gsheet:{key}", tabs=tuple(replace(t, gid=i * 11) for i, t in enumerate(raw.tabs))
    )
    table = quality.issues_table(load_plan(raw, 2017))
    assert list(table["Mở ô"]) == [f"https://docs.google.com/spreadsheets/d/{key}/edit#gid=33&range=A2"]


def test_the_outputs_say_how_many_possible_duplicates_they_include(plan):
    assert deadline_views.duplicate_rows(assess(plan, date(2017, 2, 5))) == 0  # row 22 (06/02) not typed yet
    assert deadline_views.duplicate_rows(assess(plan, date(2017, 6, 14))) == 1


def test_a_chosen_units_outputs_are_its_own_rows_in_the_column_of_its_part(status):
    table = deadline_views.outputs_table(status, "VP")
    rows = status.plan.up_to(status.as_of).progress
    mine = rows[(rows["unit"] == "VP") & (rows["date"] >= pd.Timestamp(status.plan.window.start))]
    columns = ["Đơn vị chủ trì", "Đơn vị phối hợp", "Đơn vị tham gia"]
    assert int(table[columns].to_numpy().sum()) == int(mine["count"].sum()) > 0
    whole = deadline_views.outputs_table(status)
    task_7 = whole[(whole["Nhiệm vụ"] == "7") & (whole["Đơn vị tính"] == "thủ tục hành chính")]
    own_7 = table[(table["Nhiệm vụ"] == "7") & (table["Đơn vị tính"] == "thủ tục hành chính")]
    assert int(own_7["Đơn vị chủ trì"].sum()) < int(task_7["Đơn vị chủ trì"].sum())  # PC's work is not VP's


def test_a_units_contact_comes_right_after_its_name(status):
    assert list(views.scorecards(status).columns[:3]) == ["Đơn vị", "Người phụ trách", "Email"]
