"""Report drafts (issue #6): content on the sample and on tiny plans, and the .docx read back."""

from __future__ import annotations

import io
from datetime import UTC, date
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from cchc.assess.status import assess
from cchc.report.docx import report_docx
from cchc.report.draft import ReportDraft, build_report, draft_text, letterhead
from cchc.snapshot.export import export_snapshot
from cchc.sources import SAMPLE_DIR, open_source
from cchc.validate.plan import Plan, load_plan
from tests.support.plans import TASKS, progress_row

HALF_YEAR = (date(2016, 12, 15), date(2017, 6, 14))
HEADINGS = [
    "I. KẾT QUẢ THỰC HIỆN",
    "II. TỒN TẠI, HẠN CHẾ",
    "III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI",
    "IV. ĐỀ XUẤT, KIẾN NGHỊ",
]
TTTK, PC, VP = "Trung tâm Thông tin và Thống kê KHCN", "Bộ phận Pháp chế", "Văn phòng Sở"


@pytest.fixture(scope="module")
def sample() -> Plan:
    return load_plan(open_source("sample"), fallback_year=2017)


@pytest.fixture(scope="module")
def half_year(sample: Plan) -> ReportDraft:
    return build_report(sample, "half_year")


@pytest.fixture(scope="module")
def half_year_docx(half_year: ReportDraft) -> bytes:
    return report_docx(half_year)


def csv_outputs(task: int, start: date, end: date, channel: str | None = None) -> int:
    """`Số lượng` summed straight from the sample CSV: day-first or ISO dates, impossible dates dropped."""
    rows = pd.read_csv(SAMPLE_DIR / "Tiến độ.csv", dtype=str, encoding="utf-8-sig").dropna(how="all")
    raw = rows["Ngày cập nhật"]
    dates = pd.to_datetime(raw, format="%d/%m/%Y", errors="coerce").fillna(
        pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")
    )
    keep = (pd.to_numeric(rows["Mã nhiệm vụ"]) == task) & dates.between(
        pd.Timestamp(start), pd.Timestamp(end)
    )
    if channel:
        keep &= rows["Kênh"] == channel
    return int(pd.to_numeric(rows.loc[keep, "Số lượng"], errors="coerce").sum())


def section_lines(draft: ReportDraft, number: str) -> list[str]:
    section = next(s for s in draft.sections if s.number == number)
    return [i.lead + i.text for i in section.items]


def task_outputs(draft: ReportDraft, task_id: str) -> dict[str, int]:
    return dict(next(t for t in draft.facts.tasks if t.task_id == task_id).outputs)


@pytest.mark.parametrize(
    ("task", "channel"),
    [
        (3, "Trang TTĐT"),
        (6, "Báo/đài/tạp chí"),
        (7, "Niêm yết"),
        (2, "Đối thoại/họp mặt"),
        (1, "Họp giao ban"),
    ],
)
def test_half_year_report_counts_each_channel_only_inside_its_data_period(half_year, task, channel):
    expected = csv_outputs(task, *HALF_YEAR, channel)
    assert task_outputs(half_year, str(task))[channel] == expected
    assert f"{channel}: {expected}" in draft_text(half_year)


def test_half_year_report_counts_27_web_outputs_for_task_3_and_the_annual_report_more(sample, half_year):
    annual = build_report(sample, "annual")
    assert task_outputs(half_year, "3")["Trang TTĐT"] == 27
    assert task_outputs(annual, "3")["Trang TTĐT"] == csv_outputs(
        3, date(2016, 12, 15), date(2017, 12, 14), "Trang TTĐT"
    )
    assert task_outputs(annual, "3")["Trang TTĐT"] > 27


def test_half_year_report_states_target_and_share_achieved_in_vietnamese_style(half_year):
    done = csv_outputs(3, *HALF_YEAR)
    assert done == 35
    assert f"- Chỉ tiêu cả năm: 80; đã thực hiện: {done}, đạt 43,8 %." in draft_text(half_year)


def test_half_year_report_names_its_period_cut_off_and_due_date(half_year):
    assert (half_year.period_start, half_year.period_end, half_year.due) == (*HALF_YEAR, date(2017, 6, 15))
    assert (
        half_year.subject
        == "Kết quả thực hiện công tác tuyên truyền cải cách hành chính 6 tháng đầu năm 2017"
    )
    assert "(số liệu từ ngày 15/12/2016 đến ngày 14/06/2017)" in half_year.intro


def test_annual_report_runs_to_the_annual_cut_off(sample):
    annual = build_report(sample, "annual")
    assert (annual.period_end, annual.due) == (date(2017, 12, 14), date(2017, 12, 15))
    assert annual.subject.endswith("cải cách hành chính năm 2017")


def test_an_unknown_report_kind_is_refused(sample):
    with pytest.raises(ValueError, match="half_year"):
        build_report(sample, "quarterly")


def test_sample_half_year_report_lists_task_1_done_late_and_its_overdue_supports(half_year):
    line = next(line for line in section_lines(half_year, "II") if line.startswith("Nhiệm vụ 1 "))
    assert line.startswith(
        f"Nhiệm vụ 1 (hạn 31/03/2017): {TTTK} (chủ trì) hoàn thành ngày 05/04/2017, trễ 5 ngày"
    )
    assert (
        "Chi cục Tiêu chuẩn Đo lường Chất lượng (phối hợp) quá hạn 75 ngày, chưa có báo cáo tiến độ" in line
    )


def test_units_silent_longer_than_the_update_cycle_are_named_with_their_last_update(half_year):
    silent = {u.name: u.last_update for u in half_year.facts.silent}
    assert silent == {
        "Chi cục Tiêu chuẩn Đo lường Chất lượng": None,
        "Phòng Kế hoạch - Tài chính": date(2017, 3, 14),
        "Thanh tra Sở": date(2017, 4, 18),
    }
    lines = section_lines(half_year, "II")
    assert "Phòng Kế hoạch - Tài chính: cập nhật gần nhất ngày 14/03/2017 (92 ngày); nhiệm vụ: 6." in lines
    assert f"{VP} chưa cập nhật nhiệm vụ 3 từ 04/05/2017 (41 ngày)." in lines


def test_sample_half_year_report_proposes_only_the_unit_with_all_due_work_on_time(half_year):
    assert half_year.facts.commended == ("Phòng Quản lý Khoa học",)
    assert section_lines(half_year, "IV")[-1].startswith(
        "3. Đề nghị khen thưởng Phòng Quản lý Khoa học đã hoàn thành"
    )


def finished_after_cut_off(make_plan) -> Plan:
    """Task 1 (due 31/03) is done on 20/06, after the half-year cut-off; 3 of its 5 outputs come then."""
    return make_plan(
        progress=[
            progress_row("10/03/2017", 1, "TTTK", "Đang thực hiện", 40, channel="Trang TTĐT", count=2),
            progress_row(
                "20/06/2017", 1, "TTTK", "Hoàn thành", 100, result="Xong", channel="Trang TTĐT", count=3
            ),
            progress_row("25/03/2017", 1, "VP", "Hoàn thành", 100),
            progress_row("10/06/2017", 2, "TTTK", result="Cập nhật 2 thủ tục"),
            progress_row("10/06/2017", 2, "PC"),
        ]
    )


def test_a_task_finished_after_the_cut_off_is_overdue_in_the_half_year_report(make_plan):
    draft = build_report(finished_after_cut_off(make_plan), "half_year")
    task = draft.facts.tasks[0]
    assert (task.leads[0].state, task.leads[0].risk, task.outputs) == (
        "in_progress",
        "overdue",
        (("Trang TTĐT", 2),),
    )
    assert draft.appendix[0].cells[3:] == ("31/03/2017", "Đang thực hiện (40 %)", "Quá hạn")
    assert f"Nhiệm vụ 1 (hạn 31/03/2017): {TTTK}." in section_lines(draft, "III")
    assert "Đã hoàn thành 0/1 nhiệm vụ có thời hạn" in draft_text(draft)


def test_the_same_task_is_done_late_in_the_annual_report(make_plan):
    draft = build_report(finished_after_cut_off(make_plan), "annual")
    lead = draft.facts.tasks[0].leads[0]
    assert (lead.completed_on, lead.risk, draft.facts.tasks[0].total) == (date(2017, 6, 20), "done_late", 5)
    assert draft.appendix[0].cells[4:] == ("Hoàn thành ngày 20/06/2017", "Hoàn thành trễ hạn")


def commendation_plan(make_plan, tttk_task_2: str) -> Plan:
    """TTTK and VP finish task 1 on time, PC task 3 late; TTTK last updates task 2 on `tttk_task_2`."""
    tasks = [*TASKS, ["3", "Rà soát thủ tục", "Quý 1/2017", "PC", "", "", "", ""]]
    return make_plan(
        tasks=tasks,
        progress=[
            progress_row("20/03/2017", 1, "TTTK", "Hoàn thành", 100),
            progress_row("25/03/2017", 1, "VP", "Hoàn thành", 100),
            progress_row("05/04/2017", 3, "PC", "Hoàn thành", 100),
            progress_row(tttk_task_2, 2, "TTTK"),
            progress_row("01/06/2017", 2, "PC"),
        ],
    )


def test_units_with_every_due_assignment_done_on_time_are_proposed_for_commendation(make_plan):
    draft = build_report(commendation_plan(make_plan, "01/06/2017"), "half_year")
    assert draft.facts.commended == (TTTK, VP)  # PC finished task 3 late; VP has no ongoing work to report
    praise = section_lines(draft, "IV")[-1]
    assert praise.startswith(f"3. Đề nghị khen thưởng {TTTK}, {VP} đã hoàn thành đúng hạn")


def test_a_unit_that_stopped_reporting_is_not_proposed_for_commendation(make_plan):
    draft = build_report(commendation_plan(make_plan, "01/03/2017"), "half_year")
    assert [u.name for u in draft.facts.silent] == [TTTK]  # 86 days since 20/03 at the 14/06 cut-off
    assert draft.facts.commended == (VP,)


def test_a_plan_with_no_unit_on_time_says_none_is_proposed(make_plan):
    draft = build_report(make_plan(), "half_year")
    assert draft.facts.commended == ()
    assert "chưa có phòng, đơn vị đủ điều kiện đề xuất khen thưởng" in section_lines(draft, "IV")[-1]


@pytest.mark.parametrize(
    ("agency", "expected"),
    [
        (
            "Sở Khoa học và Công nghệ tỉnh Bà Rịa - Vũng Tàu",
            (
                "UBND TỈNH BÀ RỊA - VŨNG TÀU",
                "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
                "Số: …/BC-SKHCN",
                "Bà Rịa - Vũng Tàu",
            ),
        ),
        ("Sở Nội vụ thành phố Hà Nội", ("UBND THÀNH PHỐ HÀ NỘI", "SỞ NỘI VỤ", "Số: …/BC-SNV", "Hà Nội")),
        ("", ("UBND TỈNH …", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Số: …/BC-SKHCN", "…")),
    ],
)
def test_the_letterhead_comes_from_the_agency_setting(agency, expected):
    head, _ = letterhead(agency, 2017)
    parent, name, number, place = expected
    assert (head.parent, head.agency, head.number) == (parent, name, number)
    assert head.place_date == f"{place}, ngày … tháng … năm 2017"


def test_the_appendix_has_one_row_per_task_and_lead_unit(sample, half_year):
    assert len(half_year.appendix) == sum(len(t.leads) for t in sample.tasks) == 8
    assert [r.unit for r in half_year.appendix if r.task_id == "7"] == [PC, VP]
    assert half_year.appendix[0].cells[3:] == (
        "31/03/2017",
        "Hoàn thành ngày 05/04/2017",
        "Hoàn thành trễ hạn",
    )


def test_the_docx_reads_back_with_the_four_headings_in_order(half_year_docx):
    doc = Document(io.BytesIO(half_year_docx))
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"] == HEADINGS
    texts = [p.text for p in doc.paragraphs]
    assert texts[:2] == [
        "BÁO CÁO",
        "Kết quả thực hiện công tác tuyên truyền cải cách hành chính\n6 tháng đầu năm 2017",
    ]


def test_the_docx_letterhead_and_closing_blocks_read_back(half_year_docx):
    head, closing = Document(io.BytesIO(half_year_docx)).tables[:2]
    assert head.cell(0, 0).text == "UBND TỈNH BÀ RỊA - VŨNG TÀU\nSỞ KHOA HỌC VÀ CÔNG NGHỆ\n"
    assert head.cell(0, 1).text.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    assert head.cell(1, 1).text == "Bà Rịa - Vũng Tàu, ngày … tháng … năm 2017"
    assert head.cell(1, 1).paragraphs[0].runs[0].italic
    lines = closing.cell(0, 0).text.split("\n")
    assert lines == ["Nơi nhận:", "- Sở Nội vụ;", "- Lãnh đạo Sở;", "- Lưu: VT, …."]


def test_the_docx_appendix_table_has_a_header_and_one_row_per_lead_assignment(half_year, half_year_docx):
    table = Document(io.BytesIO(half_year_docx)).tables[-1]
    assert len(table.rows) == 1 + len(half_year.appendix)
    assert [c.text for c in table.rows[0].cells] == [
        "STT",
        "Nội dung nhiệm vụ",
        "Đơn vị chủ trì",
        "Thời hạn",
        "Trạng thái",
        "Đánh giá",
    ]
    assert [c.text for c in table.rows[-1].cells][2:] == [
        VP,
        "Thường xuyên",
        "Đang thực hiện",
        "Đúng tiến độ",
    ]
    assert table.style.name == "Table Grid"


def all_runs(doc):
    for paragraph in doc.paragraphs:
        yield from paragraph.runs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield from paragraph.runs


def test_every_docx_run_is_times_new_roman_for_latin_and_east_asian_text(half_year_docx):
    runs = [r for r in all_runs(Document(io.BytesIO(half_year_docx))) if r.text.strip()]
    assert runs
    assert {r.font.name for r in runs} == {"Times New Roman"}
    assert {r._r.rPr.rFonts.get(qn("w:eastAsia")) for r in runs} == {"Times New Roman"}


def test_the_docx_title_is_14_pt_and_the_body_13_pt(half_year_docx):
    doc = Document(io.BytesIO(half_year_docx))
    by_text = {p.text: p for p in doc.paragraphs}
    assert {r.font.size for r in by_text["BÁO CÁO"].runs} == {Pt(14)}
    intro = next(p for p in doc.paragraphs if p.text.startswith("Thực hiện Kế hoạch"))
    assert {r.font.size for r in intro.runs} == {Pt(13)}
    assert {r.font.size for r in all_runs(doc) if r.text.strip()} <= {Pt(11), Pt(12), Pt(13), Pt(14)}


def test_the_docx_page_is_a4_with_the_decree_30_margins(half_year_docx):
    section = Document(io.BytesIO(half_year_docx)).sections[0]
    sizes = (section.page_width, section.page_height)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(length.mm) for length in (*sizes, *margins)] == [210, 297, 20, 20, 30, 15]


def test_the_docx_core_properties_are_fixed_by_the_report_not_the_clock(half_year, half_year_docx):
    props = Document(io.BytesIO(half_year_docx)).core_properties
    assert props.created == props.modified == half_year.created.replace(tzinfo=UTC)
    assert props.title == half_year.subject


def test_a_report_from_a_snapshot_is_the_same_document_as_from_its_source(
    sample, half_year_docx, tmp_path: Path
):
    source = open_source("sample")
    export_snapshot(assess(sample, date(2017, 10, 15)), source.tabs, tmp_path / "snap")
    again = load_plan(open_source(str(tmp_path / "snap")), fallback_year=2017)
    assert report_docx(build_report(again, "half_year")) == half_year_docx
    assert report_docx(build_report(again, "half_year")) == report_docx(build_report(again, "half_year"))


@pytest.mark.parametrize("pasted", ["\x08", "\x07", "\x1f", "\x00", "\ufffe"])
def test_a_control_character_pasted_into_a_result_does_not_break_the_docx(make_plan, pasted):
    rows = [progress_row("10/03/2017", "1", "TTTK", "Hoàn thành", "100", result=f"Đăng tin{pasted} CCHC")]
    draft = build_report(make_plan(progress=rows), "half_year")
    text = "\n".join(p.text for p in Document(io.BytesIO(report_docx(draft))).paragraphs)
    assert "Đăng tin CCHC" in text
