"""SPEC §2 revision 2: the optional tabs `Báo cáo` and `Báo cáo đã gửi`, read and validated."""

from datetime import date

import pytest

from cchc.sheet.layout import plan_init
from cchc.validate.plan import load_plan
from cchc.validate.reports import ReportText, SentReport, parse_period, section_of
from tests.support.plans import plan_tabs, raw_source

TEXT_HEADER = ["Kỳ", "Đơn vị", "Mục", "Nội dung", "Người viết"]
SENT_HEADER = ["Kỳ", "Đơn vị", "Số văn bản", "Ngày gửi", "Người ký"]


def plan_with(texts=None, sent=None, text_header=TEXT_HEADER, sent_header=SENT_HEADER):
    tabs = plan_tabs()
    if texts is not None:
        tabs["Báo cáo"] = [text_header, *texts]
    if sent is not None:
        tabs["Báo cáo đã gửi"] = [sent_header, *sent]
    return load_plan(raw_source(tabs), fallback_year=2017)


def issues_of(plan, *sheets):
    return [(i.code, i.cell, i.severity) for i in plan.issues if i.sheet in sheets]


@pytest.mark.parametrize(
    "raw, expected, code",
    [
        ("6 tháng", ("half_year", 2017), None),
        ("6 tháng đầu năm", ("half_year", 2017), None),
        ("6 THANG 2017", ("half_year", 2017), None),
        ("6 tháng/2017", ("half_year", 2017), None),
        ("Năm", ("annual", 2017), None),
        ("Cả năm 2017", ("annual", 2017), None),
        ("ca nam", ("annual", 2017), None),
        ("Năm 2016", ("annual", 2016), "period.other_year"),
        ("Quý 3", None, "period.invalid"),
        ("9 tháng", None, "period.invalid"),
        ("", None, "period.missing"),
    ],
)
def test_a_period_cell_names_the_kind_and_year_of_a_report(raw, expected, code):
    assert parse_period(raw, 2017) == (expected, code)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Chỉ đạo, điều hành", ("direction", None)),
        ("chi dao dieu hanh", ("direction", None)),
        ("Tồn tại, hạn chế", ("weaknesses", None)),
        ("Kiến nghị đề xuất", ("proposals", None)),
        ("KHEN THƯỞNG", ("commendation", None)),
        ("Kết quả", (None, "section.unknown")),
        ("", (None, "section.missing")),
    ],
)
def test_a_section_cell_matches_forgivingly_or_is_an_error(raw, expected):
    assert section_of(raw) == expected


def test_missing_report_tabs_are_no_issue_at_all():
    plan = plan_with()
    assert (plan.report_texts, plan.sent_reports) == ((), ())
    assert issues_of(plan, "reports", "sent_reports") == []
    assert not [i for i in plan.issues if i.code == "tab.missing"]


def test_report_tabs_with_only_their_headers_are_no_issue_either():
    plan = plan_with(texts=[], sent=[])
    assert issues_of(plan, "reports", "sent_reports") == []


def test_paragraphs_are_read_in_sheet_order_with_unit_and_writer():
    plan = plan_with(
        texts=[
            ["6 tháng", "", "Ưu điểm", "Các đơn vị chủ động.", "Lê Thị Ngọc Hân"],
            ["Năm 2017", "Pháp chế", "Phương hướng", "Tiếp tục rà soát TTHC.", ""],
        ]
    )
    assert plan.report_texts == (
        ReportText(2, "half_year", 2017, None, "strengths", "Các đơn vị chủ động.", "Lê Thị Ngọc Hân"),
        ReportText(3, "annual", 2017, "PC", "next_steps", "Tiếp tục rà soát TTHC.", ""),
    )
    assert issues_of(plan, "reports") == []


@pytest.mark.parametrize(
    "row, issue, kept",
    [
        (["Quý 2", "", "Ưu điểm", "x", ""], ("period.invalid", "A2", "error"), False),
        (["", "", "Ưu điểm", "x", ""], ("period.missing", "A2", "error"), False),
        (["Năm 2016", "", "Ưu điểm", "x", ""], ("period.other_year", "A2", "warning"), True),
        (["6 tháng", "Phòng Z", "Ưu điểm", "x", ""], ("unit.unknown", "B2", "error"), False),
        (["6 tháng", "Phap che", "Ưu điểm", "x", ""], ("unit.loose_match", "B2", "warning"), True),
        (["6 tháng", "", "Thành tích", "x", ""], ("section.unknown", "C2", "error"), False),
        (["6 tháng", "", "", "x", ""], ("section.missing", "C2", "error"), False),
        (["6 tháng", "", "Ưu điểm", "", "Hân"], ("text.missing", "D2", "warning"), False),
    ],
)
def test_each_bad_paragraph_cell_is_one_issue_naming_its_cell(row, issue, kept):
    plan = plan_with(texts=[row])
    assert issues_of(plan, "reports") == [issue]
    assert len(plan.report_texts) == int(kept)
    (found,) = [i for i in plan.issues if i.sheet == "reports"]
    assert found.message.startswith(f"Trang tính «Báo cáo», ô {issue[1]}")


def test_the_register_records_each_sent_report_with_its_number_date_and_signer():
    plan = plan_with(sent=[["6 tháng 2017", "", "45/BC-SKHCN", "13/06/2017", "Nguyễn Văn D"]])
    assert plan.sent_reports == (
        SentReport(2, "half_year", 2017, None, "45/BC-SKHCN", date(2017, 6, 13), "Nguyễn Văn D"),
    )
    assert issues_of(plan, "sent_reports") == []


@pytest.mark.parametrize(
    "row, issue, kept",
    [
        (["6 tháng", "", "45/BC", "31/02/2017", ""], ("date.invalid", "D2", "error"), False),
        (["6 tháng", "", "45/BC", "hôm qua", ""], ("date.invalid", "D2", "error"), False),
        (["6 tháng", "", "45/BC", "", ""], ("date.missing", "D2", "error"), False),
        (["6 tháng", "", "45/BC", "13/06/2016", ""], ("date.before_period", "D2", "warning"), True),
        (["6 tháng", "", "", "13/06/2017", ""], ("number.missing", "C2", "warning"), True),
        (["Quý 2", "", "45/BC", "13/06/2017", ""], ("period.invalid", "A2", "error"), False),
        (["6 tháng", "XYZ", "45/BC", "13/06/2017", ""], ("unit.unknown", "B2", "error"), False),
    ],
)
def test_each_bad_register_cell_is_one_issue_naming_its_cell(row, issue, kept):
    plan = plan_with(sent=[row])
    assert issues_of(plan, "sent_reports") == [issue]
    assert len(plan.sent_reports) == int(kept)


def test_a_second_row_for_the_same_report_is_a_warning_and_the_earliest_counts():
    plan = plan_with(
        sent=[
            ["6 tháng", "", "46/BC", "20/06/2017", ""],
            ["6 tháng đầu năm", "", "45/BC", "13/06/2017", ""],
            ["6 tháng", "PC", "12/BC-PC", "09/06/2017", ""],
        ]
    )
    assert [(s.row, s.number, s.unit) for s in plan.sent_reports] == [
        (3, "45/BC", None),
        (4, "12/BC-PC", "PC"),
    ]
    assert issues_of(plan, "sent_reports") == [("sent.duplicate", "A2", "warning")]
    (found,) = [i for i in plan.issues if i.sheet == "sent_reports"]
    assert "dòng 3" in found.message


def test_a_tab_of_the_users_own_with_that_name_is_a_warning_not_an_error():
    tabs = plan_tabs()
    tabs["Báo cáo"] = [["Tổng hợp số liệu quý"], ["", "", "12"]]
    plan = load_plan(raw_source(tabs), fallback_year=2017)
    assert issues_of(plan, "reports") == [("header.missing", None, "warning")]
    assert plan.report_texts == ()


def test_english_and_alias_headers_are_accepted():
    plan = plan_with(
        texts=[["Năm", "", "Kiến nghị, đề xuất", "Đề nghị tập huấn.", ""]],
        text_header=["Period", "Unit", "Section", "Text", "Writer"],
    )
    assert [t.section for t in plan.report_texts] == ["proposals"]


def test_sheet_init_creates_both_report_tabs_with_their_headers():
    from datetime import datetime

    plan = plan_init([], datetime(2017, 10, 1))
    changes = "\n".join(plan.changes)
    assert "Tạo trang tính «Báo cáo»." in changes and "Tạo trang tính «Báo cáo đã gửi»." in changes
    assert "Ghi dòng tiêu đề vào trang tính «Báo cáo»: Kỳ, Đơn vị, Mục, Nội dung, Người viết." in changes
    assert "Ngày gửi" in changes and not plan.conflicts
