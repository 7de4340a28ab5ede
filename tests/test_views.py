"""What the dashboard pages show (present.views, present.todo, present.charts), without Streamlit."""

from datetime import date

import pytest

from cchc.assess.risk import SEVERITY
from cchc.assess.status import assess
from cchc.present import charts, quality, views
from cchc.present.todo import todo_list
from cchc.sources import SAMPLE, open_source
from cchc.validate.plan import load_plan
from cchc.vocab.labels import RISK_COLORS, RISK_LABELS


@pytest.fixture(scope="module")
def plan():
    return load_plan(open_source(SAMPLE), 2017)


@pytest.fixture(scope="module")
def status(plan):
    return assess(plan, date(2017, 10, 15))


def test_overview_counts_tasks_by_their_risk_or_a_units_assignments(status):
    counts = views.overview_counts(status)
    assert counts["total"] == 7 and counts["done_late"] == 1 and counts["stale"] == 2
    assert views.overview_counts(status, "TTTK")["total"] == 6


def test_attention_lists_overdue_then_stale_worst_first_with_the_latest_result(status):
    table = views.attention(status)
    assert set(table["risk"]) <= {"overdue", "at_risk", "stale"}
    order = [SEVERITY.index(r) for r in table["risk"]]
    assert order == sorted(order)
    overdue = table[table["risk"] == "overdue"]
    assert list(overdue["Số ngày"]) == sorted(overdue["Số ngày"], reverse=True)
    first = table.iloc[0]
    assert (first["Nhiệm vụ"], first["Hạn"], first["Số ngày"]) == ("1", "31/03/2017", 198)
    assert first["Kết quả / ghi chú gần nhất"]


def test_issues_table_filters_by_unit_tab_and_severity(plan):
    assert len(quality.issues_table(plan)) == 13
    assert len(quality.issues_table(plan, severity="warning")) == 5
    assert set(quality.issues_table(plan, unit="TTTK")["Ô"]) == {"E36", "A50", "B101", "F170"}
    assert quality.issues_table(plan, sheet="tasks").empty


def test_next_report_text_counts_down_and_names_the_data_period(plan):
    assert "còn 61 ngày" in views.next_report_text(assess(plan, date(2017, 10, 15)))
    assert "hạn hôm nay" in views.next_report_text(assess(plan, date(2017, 6, 15)))
    assert "16 ngày trước" in views.next_report_text(assess(plan, date(2017, 12, 31)))


def test_todo_tells_each_unit_what_to_update_most_urgent_first(status):
    items = todo_list(status, "QLCN")
    assert [i.risk for i in items] == ["overdue"]
    assert "quá hạn 198 ngày" in items[0].title and "Tiến độ" in items[0].detail
    assert [i.task_id for i in todo_list(status, "TTTK")] == ["4"]
    assert "46 ngày chưa cập nhật" in todo_list(status, "TTTK")[0].title


def test_timeline_and_freshness_cover_dated_and_ongoing_assignments(status):
    assert list(views.deadlines(status)["Nhiệm vụ"]) == ["1"]
    fresh = views.freshness(status)
    assert len(fresh) == sum(1 for a in status.assignments if a.ongoing)


def test_every_chart_uses_the_one_risk_colour_scale_with_vietnamese_labels(status):
    built = [
        charts.risk_by_unit_chart(views.risk_by_unit(status)),
        charts.matrix_chart(views.unit_matrix(status)),
        charts.timeline_chart(views.deadlines(status), status.as_of),
        charts.freshness_chart(views.freshness(status), 30),
    ]
    for chart in built:
        spec = chart.to_dict()
        layers = spec.get("layer", [spec])
        color = next(layer["encoding"]["color"] for layer in layers if "color" in layer.get("encoding", {}))
        assert color["scale"]["domain"] == [RISK_LABELS[r] for r in SEVERITY]
        assert color["scale"]["range"] == [RISK_COLORS[r] for r in SEVERITY]
    assert RISK_COLORS["done_late"] != RISK_COLORS["done_on_time"]


def test_timeline_draws_the_as_of_line(status):
    spec = charts.timeline_chart(views.deadlines(status), status.as_of).to_dict()
    rule = spec["layer"][1]
    assert rule["mark"]["type"] == "rule"
    assert spec["datasets"][rule["data"]["name"]][0]["as_of"].startswith("2017-10-15")


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
