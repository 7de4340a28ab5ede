"""Rows of a sent report's period added or changed after the snapshot it was drafted from (SPEC §11
«Sent reports»): which snapshot, which rows, the words, and Tổng quan and Lịch sử showing them."""

from datetime import date, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui.data
from cchc.config import VIETNAM
from cchc.present.history_views import change_sentence
from cchc.snapshot.history import list_snapshots
from cchc.snapshot.sent_changes import changes_after_sent, drafted_from, known_snapshots
from cchc.snapshot.store import take_report_snapshot
from cchc.sources import SAMPLE, SAMPLE_HISTORY, open_source
from cchc.validate.plan import Plan, load_plan
from tests.support.app import APP
from tests.support.plans import plan_tabs, progress_row, raw_source

SENT_HEADER = ["Kỳ", "Đơn vị", "Số văn bản", "Ngày gửi", "Người ký"]
SENT = ["6 tháng 2017", "", "45/BC-SKHCN", "13/06/2017", "Lê Văn A"]
BEFORE = "Thay thế 4 thủ tục hành chính đã hết hiệu lực trên bảng niêm yết tại Bộ phận TN&TKQ"
AFTER = "Thay thế 5 thủ tục hành chính đã hết hiệu lực trên bảng niêm yết tại Bộ phận TN&TKQ"
SAMPLE_SENTENCE = (
    "3 dòng số liệu kỳ 6 tháng 2017 đã thêm hoặc sửa sau khi gửi báo cáo số 112/BC-SKHCN ngày 13/06/2017 "
    "(2 dòng thêm, 1 dòng sửa)."
)


def sample_plan() -> Plan:
    return load_plan(open_source(SAMPLE), 2017)


def small(rows: list[list[object]], sent: list[object] | None = SENT) -> tuple[Plan, tuple]:
    """The small plan with these progress rows and, unless None, one row of `Báo cáo đã gửi`."""
    tabs = plan_tabs(progress=rows)
    if sent is not None:
        tabs["Báo cáo đã gửi"] = [SENT_HEADER, sent]
    raw = raw_source(tabs)
    return load_plan(raw, 2017), raw.tabs


def at(day: int, month: int, hour: int = 9) -> datetime:
    return datetime(2017, month, day, hour, 0, tzinfo=VIETNAM)


# --- the sample: the half-year report 112/BC-SKHCN sent 13/06/2017, drafted from 12/06/2017 ---------


def test_the_sample_flags_the_row_bo_phan_phap_che_corrected_and_the_rows_typed_after_the_snapshot():
    (change,) = changes_after_sent(sample_plan(), date(2017, 12, 31), known_snapshots(Path("none"), True))
    assert change.report.number == "112/BC-SKHCN" and change.snapshot is not None
    assert change.snapshot.path == SAMPLE_HISTORY / "2017-06-12_20170612T163000"
    assert (change.period_start, change.period_end) == (date(2016, 12, 15), date(2017, 6, 14))
    comparison = change.comparison
    assert comparison is not None
    edited = comparison.edited_rows
    assert list(edited[["row_before", "row_after", "task_id", "unit", "date"]].itertuples(index=False)) == [
        (98, 98, "7", "PC", date(2017, 5, 30)),
        (98, 98, "7", "PC", date(2017, 5, 30)),
    ]
    assert list(zip(edited["field"], edited["before"], edited["after"], strict=True)) == [
        ("result", BEFORE, AFTER),
        ("count", "4", "5"),
    ]  # not the attendance the snapshot wrote as «45.0»: the same number
    # the rows dated 13/06 and 14/06, inside the period (cut-off 14/06), typed after the snapshot
    added = comparison.new_rows
    assert list(zip(added["row"], added["date"], added["unit"], strict=True)) == [
        (107, date(2017, 6, 13), "TTTK"),
        (108, date(2017, 6, 14), "TTTK"),
    ]
    assert (change.changed, change.added, change.deleted, change.flagged) == (1, 2, 0, 3)
    assert change_sentence(change) == SAMPLE_SENTENCE


def test_on_the_day_it_is_sent_only_the_rows_dated_up_to_then_are_seen():
    (change,) = changes_after_sent(sample_plan(), date(2017, 6, 13), known_snapshots(Path("none"), True))
    assert (change.changed, change.added, change.deleted) == (1, 1, 0)


def test_before_its_ngay_gui_a_report_is_not_sent_and_nothing_is_flagged():
    assert changes_after_sent(sample_plan(), date(2017, 6, 12), known_snapshots(Path("none"), True)) == []


def test_a_sent_report_without_a_snapshot_says_nothing_can_be_compared():
    (change,) = changes_after_sent(sample_plan(), date(2017, 12, 31), [])
    assert change.snapshot is None and change.comparison is None and change.flagged == 0
    assert change_sentence(change) == (
        "Không có bản chốt số liệu của báo cáo 6 tháng 2017 (số 112/BC-SKHCN ngày 13/06/2017) "
        "để so sánh với số liệu hiện nay."
    )


def test_a_unit_report_or_none_sent_flags_nothing():
    plan, _ = small(
        [progress_row("10/03/2017", "1", "TTTK")], sent=["6 tháng 2017", "PC", "1/BC-PC", "13/06/2017", ""]
    )
    assert changes_after_sent(plan, date(2017, 12, 31), []) == []  # a unit's own report
    plan, _ = small([progress_row("10/03/2017", "1", "TTTK")], sent=None)
    assert changes_after_sent(plan, date(2017, 12, 31), []) == []


# --- which snapshot, and which rows ---------------------------------------------------------------

FIRST = [progress_row("10/03/2017", "1", "TTTK", percent="40"), progress_row("20/04/2017", "2", "PC")]


def test_a_row_added_later_inside_the_period_counts_and_one_dated_after_its_cut_off_does_not(tmp_path):
    plan, tabs = small(FIRST)
    take_report_snapshot(plan, tabs, tmp_path, at(12, 6), "half_year")
    later = [*FIRST, progress_row("02/05/2017", "1", "VP"), progress_row("15/06/2017", "2", "PC")]
    (change,) = changes_after_sent(small(later)[0], date(2017, 12, 31), list_snapshots(tmp_path))
    assert change.comparison is not None
    assert list(change.comparison.new_rows["date"]) == [date(2017, 5, 2)]  # not the row of 15/06
    assert (change.added, change.changed, change.deleted) == (1, 0, 0)
    assert change_sentence(change).startswith(
        "1 dòng số liệu kỳ 6 tháng 2017 đã thêm hoặc sửa sau khi gửi báo cáo số 45/BC-SKHCN ngày 13/06/2017"
    )


def test_a_changed_and_a_deleted_row_are_told_apart(tmp_path):
    plan, tabs = small(FIRST)
    take_report_snapshot(plan, tabs, tmp_path, at(12, 6), "half_year")
    later = [progress_row("10/03/2017", "1", "TTTK", percent="60")]  # 40 → 60; the row of 20/04 deleted
    (change,) = changes_after_sent(small(later)[0], date(2017, 12, 31), list_snapshots(tmp_path))
    assert change.comparison is not None
    edited = change.comparison.edited_rows
    assert list(zip(edited["field"], edited["before"], edited["after"], strict=True)) == [
        ("percent", "40", "60")
    ]
    assert list(change.comparison.deleted_rows["date"]) == [date(2017, 4, 20)]
    assert change_sentence(change) == (
        "1 dòng số liệu kỳ 6 tháng 2017 đã thêm hoặc sửa sau khi gửi báo cáo số 45/BC-SKHCN ngày 13/06/2017 "
        "(1 dòng sửa); 1 dòng bị xóa."
    )


def test_nothing_changed_is_said_so(tmp_path):
    plan, tabs = small(FIRST)
    take_report_snapshot(plan, tabs, tmp_path, at(12, 6), "half_year")
    (change,) = changes_after_sent(plan, date(2017, 12, 31), list_snapshots(tmp_path))
    assert change.flagged == 0 and change.deleted == 0
    assert change_sentence(change) == (
        "Số liệu kỳ 6 tháng 2017 không thay đổi sau khi gửi báo cáo số 45/BC-SKHCN ngày 13/06/2017."
    )


def test_the_latest_snapshot_of_the_report_taken_by_ngay_gui_is_the_one_compared(tmp_path):
    plan, tabs = small(FIRST)
    take_report_snapshot(small(FIRST[:1])[0], tabs, tmp_path, at(5, 6), "half_year")  # older draft
    take_report_snapshot(plan, tabs, tmp_path, at(13, 6, hour=8), "half_year")  # the day it was sent
    take_report_snapshot(small([])[0], tabs, tmp_path, at(14, 6), "half_year")  # after Ngày gửi: not it
    take_report_snapshot(small([])[0], tabs, tmp_path, at(12, 6), "annual")  # another report: not it
    found = list_snapshots(tmp_path)
    (sent,) = plan.sent_reports
    chosen = drafted_from(sent, found)
    assert chosen is not None and chosen.created_at == at(13, 6, hour=8)
    (change,) = changes_after_sent(plan, date(2017, 12, 31), found)
    assert (change.added, change.changed, change.deleted) == (0, 0, 0)


def test_a_snapshot_taken_only_after_ngay_gui_is_not_used(tmp_path):
    plan, tabs = small(FIRST)
    take_report_snapshot(plan, tabs, tmp_path, at(14, 6), "half_year")
    (change,) = changes_after_sent(plan, date(2017, 12, 31), list_snapshots(tmp_path))
    assert change.snapshot is None and change.comparison is None
    assert change_sentence(change).startswith("Không có bản chốt số liệu của báo cáo 6 tháng 2017")


def test_a_snapshot_altered_after_its_export_is_not_compared(tmp_path):
    plan, tabs = small(FIRST)
    folder, _ = take_report_snapshot(plan, tabs, tmp_path, at(12, 6), "half_year")
    (folder / "progress.csv").write_text("row,date\r\n", encoding="utf-8")
    (change,) = changes_after_sent(plan, date(2017, 12, 31), list_snapshots(tmp_path))
    assert change.snapshot is not None and change.comparison is None
    assert change_sentence(change) == (
        "Bản chốt số liệu của báo cáo 6 tháng 2017 (số 45/BC-SKHCN ngày 13/06/2017) đã bị sửa sau khi xuất "
        "nên không so sánh được."
    )


# --- the pages --------------------------------------------------------------------------------------


@pytest.fixture
def place(monkeypatch, tmp_path):
    monkeypatch.setenv("CCHC_SNAPSHOTS", str(tmp_path / "lich-su"))
    ui.data.load.clear()
    yield tmp_path / "lich-su"
    ui.data.load.clear()


def _texts(page: AppTest, kind: str) -> list[str]:
    return [str(e.value) for e in page.main.get(kind)]


def test_tong_quan_flags_the_rows_and_links_to_lich_su(place):
    page = AppTest.from_file(APP, default_timeout=60).run()
    assert not page.exception
    assert SAMPLE_SENTENCE in _texts(page, "warning")
    (link,) = [e for e in page.main.get("page_link") if "Lịch sử" in e.proto.label]
    assert link.proto.page.endswith("history")
    page.sidebar.date_input(key="as_of").set_value(date(2017, 6, 12)).run()  # not yet sent
    assert not page.exception
    assert not any("sau khi gửi báo cáo" in text for text in _texts(page, "warning"))


def test_lich_su_shows_each_row_and_cell_changed_after_the_report_was_sent(place):
    page = AppTest.from_file(APP, default_timeout=60).run().switch_page("app_pages/history.py").run()
    assert not page.exception
    assert SAMPLE_SENTENCE in _texts(page, "warning")
    edited = next(frame.value for frame in page.dataframe if "Cột đã sửa" in frame.value.columns)
    columns = ["Đơn vị", "Ngày cập nhật", "Cột đã sửa", "Khi lập báo cáo", "Hiện nay"]
    assert list(edited[columns].itertuples(index=False, name=None)) == [
        ("Bộ phận Pháp chế", "30/05/2017", "Kết quả", BEFORE, AFTER),
        ("Bộ phận Pháp chế", "30/05/2017", "Số lượng", "4", "5"),
    ]
    added = next(frame.value for frame in page.dataframe if "Kết quả" in frame.value.columns)
    assert list(added["Ngày cập nhật"]) == ["13/06/2017", "14/06/2017"]
    assert "Trung tâm Thông tin và Thống kê KHCN" in set(added["Đơn vị"])  # names, not codes


def test_a_report_of_another_year_in_the_register_flags_nothing_for_the_plan_year():
    plan, _ = small(
        [progress_row("10/03/2017", "1", "TTTK")], sent=["6 tháng 2016", "", "9/BC-SKHCN", "13/06/2016", ""]
    )
    assert [s.year for s in plan.sent_reports] == [2016]  # kept by the register, with a warning
    assert changes_after_sent(plan, date(2017, 12, 31), []) == []


def test_the_schedule_the_internal_report_and_the_changes_read_one_register_lookup():
    from cchc.assess.schedule import sent_report

    plan = sample_plan()
    found = sent_report(plan.sent_reports, "half_year", 2017, date(2017, 12, 31))
    assert found is not None and found.number == "112/BC-SKHCN"
    assert sent_report(plan.sent_reports, "half_year", 2016, date(2017, 12, 31)) is None
    assert sent_report(plan.sent_reports, "half_year", 2017, date(2017, 6, 12)) is None
