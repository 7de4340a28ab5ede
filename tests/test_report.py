"""Report drafts (issue #6): content on the sample and on tiny plans, and the .docx read back."""

from __future__ import annotations

import io
import unicodedata
from datetime import UTC, date
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from cchc.assess.status import Output, assess
from cchc.report.docx import report_docx
from cchc.report.draft import ReportDraft, build_report, draft_text, letterhead
from cchc.snapshot.export import export_snapshot
from cchc.sources import SAMPLE_DIR, open_source
from cchc.validate.plan import Plan, load_plan
from tests.support.plans import (
    PROGRESS_HEADER,
    PROGRESS_HEADER_REV2,
    TASKS,
    plan_tabs,
    progress_row,
    raw_source,
)

HALF_YEAR = (date(2016, 12, 15), date(2017, 6, 14))
ANNUAL = (date(2016, 12, 15), date(2017, 12, 14))
HEADINGS = [
    "I. KẾT QUẢ THỰC HIỆN",
    "II. TỒN TẠI, HẠN CHẾ",
    "III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI",
    "IV. ĐỀ XUẤT, KIẾN NGHỊ",
]
TTTK, PC, VP = "Trung tâm Thông tin và Thống kê KHCN", "Bộ phận Pháp chế", "Văn phòng Sở"

# What the test reads straight from the sample CSVs, written out from SPEC §2–§3 rather than
# taken from the code: the plan's `Đơn vị chủ trì` per task (Nhiệm vụ.csv), the states a row may
# name, and the measure a row without `Đơn vị tính` counts in, by its channel.
SAMPLE_LEADS = {**{task: {"TTTK"} for task in "123456"}, "7": {"PC", "VP"}}
STATES = [
    "Chưa thực hiện",
    "Chưa bắt đầu",
    "Đang thực hiện",
    "Đang triển khai",
    "Đang làm",
    "Đã thực hiện một phần",
    "Hoàn thành",
    "Đã hoàn thành",
    "Xong",
    "Tạm dừng",
    "Không phát sinh",
]
MEASURE_OF_CHANNEL = {
    "Trang TTĐT": "tin, bài",
    "Báo/đài/tạp chí": "tin, bài",
    "Hội nghị/tập huấn": "hội nghị, cuộc họp",
    "Đối thoại/họp mặt": "hội nghị, cuộc họp",
    "Họp giao ban": "hội nghị, cuộc họp",
    "Niêm yết": "thủ tục hành chính",
}
Figures = dict[tuple[str | None, str], int]


@pytest.fixture(scope="module")
def sample() -> Plan:
    return load_plan(open_source("sample"), fallback_year=2017)


@pytest.fixture(scope="module")
def half_year(sample: Plan) -> ReportDraft:
    return build_report(sample, "half_year")


@pytest.fixture(scope="module")
def annual(sample: Plan) -> ReportDraft:
    return build_report(sample, "annual")


@pytest.fixture(scope="module")
def half_year_docx(half_year: ReportDraft) -> bytes:
    return report_docx(half_year)


def _key(text: str) -> str:
    """A name's matching key (SPEC §3.1): case-folded, without accents, spaces or punctuation."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")).casefold()
    return "".join(c for c in plain if c.isalnum())


def _unit_codes() -> dict[str, str]:
    """Every code, name and other name of `Đơn vị.csv`, by its key, to the unit's code."""
    units = pd.read_csv(SAMPLE_DIR / "Đơn vị.csv", dtype=str, encoding="utf-8-sig").fillna("")
    codes = {}
    for code, name, other in zip(units["Mã đơn vị"], units["Tên đơn vị"], units["Tên khác"], strict=True):
        codes |= {_key(n): code for n in (code, name, *other.split(";")) if n.strip()}
    return codes


def csv_outputs(task: str, start: date, end: date, who: str = "lead") -> Figures:
    """`Số lượng` per (channel, measure), summed straight from the sample's `Tiến độ.csv` over the
    rows of `who` (`lead`: the task's lead units; `others`: support and contributions; `all`)
    dated from `start` to `end`, leaving out the rows validation drops (a bad date, an unknown
    unit or state, a percent outside 0–100) and counts that are not numbers."""
    rows = pd.read_csv(SAMPLE_DIR / "Tiến độ.csv", dtype=str, encoding="utf-8-sig").dropna(how="all")
    rows = rows.fillna("")
    raw = rows["Ngày cập nhật"]
    dates = pd.to_datetime(raw, format="%d/%m/%Y", errors="coerce").fillna(
        pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")
    )
    percent = pd.to_numeric(rows["Tiến độ (%)"].str.rstrip("%").str.replace(",", "."), errors="coerce")
    codes = _unit_codes()
    unit = rows["Đơn vị"].map(lambda name: codes.get(_key(name)))
    states = {_key(s) for s in STATES}
    valid = dates.notna() & unit.notna() & ~percent.gt(100) & ~percent.lt(0)
    valid &= rows["Trạng thái"].map(_key).isin(states)
    keep = valid & (rows["Mã nhiệm vụ"] == task) & dates.between(pd.Timestamp(start), pd.Timestamp(end))
    lead = unit.isin(SAMPLE_LEADS[task])
    keep &= {"lead": lead, "others": ~lead, "all": lead | ~lead}[who]
    count = pd.to_numeric(rows["Số lượng"], errors="coerce")
    found: Figures = {}
    for i in rows.index[keep & count.notna()]:
        channel = rows.at[i, "Kênh"] or None
        measure = rows.at[i, "Đơn vị tính"] or MEASURE_OF_CHANNEL.get(channel or "", "khác")
        found[(channel, measure)] = found.get((channel, measure), 0) + int(count[i])
    return found


def section_lines(draft: ReportDraft, number: str) -> list[str]:
    section = next(s for s in draft.sections if s.number == number)
    return [i.lead + i.text for i in section.items]


def task_lines(draft: ReportDraft, task_id: str) -> list[str]:
    """Section I's paragraphs about one task: its lead-in and the `- ` lines under it."""
    lines, inside = [], False
    for item in next(s for s in draft.sections if s.number == "I").items:
        if item.lead.startswith("Nhiệm vụ "):
            inside = item.lead == f"Nhiệm vụ {task_id}. "
        if inside:
            lines.append(item.lead + item.text)
    return lines


def task_outputs(draft: ReportDraft, task_id: str) -> Figures:
    return {
        (o.channel, o.measure): o.count
        for o in next(t for t in draft.facts.tasks if t.task_id == task_id).outputs
    }


def rev2_plan(progress: list[list[object]]) -> Plan:
    """The small plan with revision 2's `Tiến độ` columns (`Ngày hoàn thành`, `Đơn vị tính`, …)."""
    tabs = plan_tabs()
    tabs["Tiến độ"] = [PROGRESS_HEADER + PROGRESS_HEADER_REV2, *progress]
    return load_plan(raw_source(tabs), fallback_year=2017)


@pytest.mark.parametrize(
    ("task", "channel"),
    [
        (3, "Trang TTĐT"),  # 4 tin, bài and 16 văn bản: two measures, never one number
        (6, "Báo/đài/tạp chí"),  # 10 tin, bài and 1 ấn phẩm
        (7, "Niêm yết"),  # both leads, PC and VP: 51 thủ tục hành chính and VP's 4 «khác»
        (2, "Đối thoại/họp mặt"),  # 2 hội nghị, cuộc họp and 12 lượt người (not TTRA's 4)
        (1, "Họp giao ban"),  # TTTK's 1 (not QLCN's contribution)
    ],
)
def test_half_year_report_counts_each_channel_by_measure_inside_its_data_period(half_year, task, channel):
    expected = {key: n for key, n in csv_outputs(str(task), *HALF_YEAR).items() if key[0] == channel}
    assert expected
    assert {key: n for key, n in task_outputs(half_year, str(task)).items() if key[0] == channel} == expected
    (products,) = [line for line in task_lines(half_year, str(task)) if line.startswith("Sản phẩm")]
    for (_, measure), n in expected.items():
        assert f"{channel}: {n} {measure}" in products


def test_half_year_report_counts_task_3_documents_apart_from_news_and_the_annual_report_more(
    half_year, annual
):
    # Tiến độ.csv, task 3, TTTK, 15/12/2016–14/06/2017: văn bản 2+2+1+1+2+2+1+1+2+1+1 (the row
    # dated 31/02 is no date) and tin, bài 1+2+1 (rows without `Đơn vị tính` on Trang TTĐT)
    web = {("Trang TTĐT", "tin, bài"): 4, ("Trang TTĐT", "văn bản"): 16}
    assert task_outputs(half_year, "3") == csv_outputs("3", *HALF_YEAR) == web
    documents = task_outputs(annual, "3")[("Trang TTĐT", "văn bản")]
    assert documents == csv_outputs("3", *ANNUAL)[("Trang TTĐT", "văn bản")] > 16
    task = next(t for t in annual.facts.tasks if t.task_id == "3")
    assert (task.main_measure, task.total) == ("văn bản", documents)
    products = [
        line for t in SAMPLE_LEADS for line in task_lines(half_year, t) if line.startswith("Sản phẩm")
    ]
    assert len(products) == 7 and not any("tổng cộng" in line for line in products)  # no sum of measures


def test_support_and_contribution_rows_never_count_in_a_tasks_output(half_year):
    # Half-year rows with a count from units that do not lead the task (Tiến độ.csv): QLCN on
    # task 1 (Họp giao ban), TTRA on task 2 (4 lượt người), PC, task 5's support unit (Khác: 22
    # thủ tục hành chính sent to TTTK to post), QLKH on task 6 (1 tin, bài)
    for task in ("1", "2", "5", "6"):
        assert csv_outputs(task, *HALF_YEAR, who="others")
        assert task_outputs(half_year, task) == csv_outputs(task, *HALF_YEAR)
        assert task_outputs(half_year, task) != csv_outputs(task, *HALF_YEAR, who="all")
    assert task_outputs(half_year, "2")[("Đối thoại/họp mặt", "lượt người")] == 12
    assert ("Khác", "thủ tục hành chính") not in task_outputs(half_year, "5")


def test_the_overview_adds_tasks_outputs_per_channel_and_measure_only(half_year):
    expected: Figures = {}
    for task in SAMPLE_LEADS:
        for key, n in csv_outputs(task, *HALF_YEAR).items():
            expected[key] = expected.get(key, 0) + n
    assert {(o.channel, o.measure): o.count for o in half_year.facts.outputs} == expected
    overview = section_lines(half_year, "I")[0]
    for (channel, measure), n in expected.items():
        assert f"{channel}: {n} {measure}" in overview


def test_a_target_is_compared_with_the_leads_output_in_the_tasks_main_measure(make_plan):
    # Task 2 of the small plan: target 12, lead TTTK, support PC; VP only contributes
    draft = build_report(
        make_plan(
            progress=[
                progress_row("10/02/2017", 2, "TTTK", channel="Niêm yết", count=3),
                progress_row("10/03/2017", 2, "TTTK", channel="Trang TTĐT", count=4),
                progress_row("10/04/2017", 2, "TTTK", channel="Niêm yết", count=2),
                progress_row("10/05/2017", 2, "PC", channel="Niêm yết", count=5),
                progress_row("12/05/2017", 2, "VP", channel="Niêm yết", count=4),
            ]
        ),
        "half_year",
    )
    task = draft.facts.tasks[1]
    # two of the lead's three rows count thủ tục hành chính (Niêm yết): 3 + 2 of the 12
    assert (task.main_measure, task.total, task.target) == ("thủ tục hành chính", 5, 12)
    assert task.outputs == (Output("Trang TTĐT", "tin, bài", 4), Output("Niêm yết", "thủ tục hành chính", 5))
    assert "Chỉ tiêu cả năm: 12 thủ tục hành chính; đã thực hiện: 5, đạt 41,7" in draft_text(draft)
    assert "còn 7 thủ tục hành chính so với chỉ tiêu 12 thủ tục hành chính" in draft_text(draft)


def test_half_year_report_names_its_period_cut_off_and_due_date(half_year):
    assert (half_year.period_start, half_year.period_end, half_year.due) == (*HALF_YEAR, date(2017, 6, 15))
    assert (
        half_year.subject
        == "Kết quả thực hiện công tác tuyên truyền cải cách hành chính 6 tháng đầu năm 2017"
    )
    assert "(số liệu từ ngày 15/12/2016 đến ngày 14/06/2017)" in half_year.intro


def test_annual_report_runs_to_the_annual_cut_off(annual):
    assert (annual.period_end, annual.due) == (date(2017, 12, 14), date(2017, 12, 15))
    assert annual.subject.endswith("cải cách hành chính năm 2017")


def test_an_unknown_report_kind_is_refused(sample):
    with pytest.raises(ValueError, match="half_year"):
        build_report(sample, "quarterly")


def test_a_task_done_late_is_listed_with_its_overdue_support_unit():
    # Small plan, task 1 (Quý 1/2017, due 31/03): TTTK leads and finishes on 05/04; VP, its
    # support unit, never writes a row: 75 days overdue at the 14/06 cut-off (30 + 31 + 14)
    draft = build_report(rev2_plan([progress_row("05/04/2017", 1, "TTTK", "Hoàn thành", 100)]), "half_year")
    line = next(line for line in section_lines(draft, "II") if line.startswith("Nhiệm vụ 1 "))
    assert line == (
        f"Nhiệm vụ 1 (hạn 31/03/2017): {TTTK} (chủ trì) hoàn thành ngày 05/04/2017, chậm 5 ngày so với "
        f"kế hoạch; {VP} (phối hợp) quá hạn 75 ngày, chưa có thông tin tiến độ."
    )


def test_a_task_finished_on_time_but_recorded_late_is_not_late():
    # The same row typed on 05/04 with `Ngày hoàn thành` 30/03: done on time, only VP is late
    row = progress_row("05/04/2017", 1, "TTTK", "Hoàn thành", 100, completed_on="30/03/2017")
    draft = build_report(rev2_plan([row]), "half_year")
    lead = draft.facts.tasks[0].leads[0]
    assert (lead.completed_on, lead.risk) == (date(2017, 3, 30), "done_on_time")
    line = next(line for line in section_lines(draft, "II") if line.startswith("Nhiệm vụ 1 "))
    assert line == f"Nhiệm vụ 1 (hạn 31/03/2017): {VP} (phối hợp) quá hạn 75 ngày, chưa có thông tin tiến độ."


def test_units_silent_longer_than_the_update_cycle_are_named_with_their_last_update(half_year):
    # VP leads task 7; its last row on or before 14/06 is «Van phong So» on 04/05 (41 days > 30).
    # TTRA (22/03), QLCN (08/02) and QLKH (27/03) are quieter still, but only contribute: no risk.
    assert {u.name: u.last_update for u in half_year.facts.silent} == {VP: date(2017, 5, 4)}
    assert f"{VP}: cập nhật gần nhất ngày 04/05/2017 (41 ngày); nhiệm vụ: 7." in section_lines(
        half_year, "II"
    )


def test_a_stale_assignment_of_a_unit_still_reporting_is_named_with_its_last_update(annual):
    # TTTK's last task 4 row on or before 14/12 is 16/10 (59 days > 30); it keeps reporting others
    assert annual.facts.silent == ()
    assert [(s.task_id, s.work.unit, s.days) for s in annual.facts.stale] == [("4", "TTTK", 59)]
    assert f"{TTTK} chậm cập nhật nhiệm vụ 4: cập nhật gần nhất ngày 16/10/2017 (59 ngày)." in section_lines(
        annual, "II"
    )


def test_a_unit_without_any_row_is_named_as_having_no_progress_information(make_plan):
    draft = build_report(make_plan(), "half_year")
    assert {u.unit: u.last_update for u in draft.facts.silent} == {"TTTK": None, "PC": None, "VP": None}
    assert f"{PC}: chưa có thông tin tiến độ; nhiệm vụ: 2." in section_lines(draft, "II")
    assert draft.appendix[0].cells[4:] == ("Chưa có thông tin tiến độ", "Quá hạn")


def test_a_task_behind_its_pace_is_named_at_risk_in_the_words_of_spec_13(make_plan):
    # Quý 2/2017 runs 01/04–30/06: at the 14/06 cut-off the straight-line pace is 74/90 ≈ 82%, and
    # 10% is more than 25 points below it (SPEC §5, at_risk rule 7)
    tasks = [*TASKS, ["3", "Tuyên truyền Chỉ số CCHC", "Quý 2/2017", "PC", "", "", "", ""]]
    draft = build_report(
        make_plan(tasks=tasks, progress=[progress_row("01/06/2017", 3, "PC", percent=10)]), "half_year"
    )
    assert draft.facts.tasks[2].risk == "at_risk"
    assert (
        f"Nhiệm vụ 3: Tuyên truyền Chỉ số CCHC (hạn 30/06/2017; chủ trì: {PC}; có nguy cơ chậm tiến độ)."
        in (section_lines(draft, "III"))
    )


def test_sample_reports_propose_no_unit_on_contributions_or_with_a_stale_assignment(half_year, annual):
    # QLKH, the only unit to qualify under revision 1, now only contributes (task 6): no assignment
    assert "Phòng Quản lý Khoa học" not in half_year.facts.commended
    # TTTK finished task 1 on time, but its task 4 is stale at 14/12; PC and VP have no due date
    assert annual.facts.commended == ()
    assert "chưa có phòng, đơn vị đủ điều kiện đề xuất khen thưởng" in section_lines(annual, "IV")[-1]


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
        (Output("Trang TTĐT", "tin, bài", 2),),
    )
    assert draft.appendix[0].cells[3:] == ("31/03/2017", "Đang thực hiện (40 %)", "Quá hạn")
    assert f"Nhiệm vụ 1 (hạn 31/03/2017): {TTTK}." in section_lines(draft, "III")
    assert "Đã hoàn thành 0/1 nhiệm vụ có thời hạn" in draft_text(draft)


def test_the_same_task_is_done_late_in_the_annual_report(make_plan):
    draft = build_report(finished_after_cut_off(make_plan), "annual")
    lead = draft.facts.tasks[0].leads[0]
    assert (lead.completed_on, lead.risk, draft.facts.tasks[0].total) == (date(2017, 6, 20), "done_late", 5)
    assert draft.appendix[0].cells[4:] == ("Hoàn thành ngày 20/06/2017", "Hoàn thành quá hạn")
    assert "(0 đúng hạn, 1 quá hạn)" in draft_text(draft)


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
    # Tiến độ.csv: TTTK's `Hoàn thành` row for task 1 is typed on 05/04 with `Ngày hoàn thành` 30/03
    assert half_year.appendix[0].cells[3:] == (
        "31/03/2017",
        "Hoàn thành ngày 30/03/2017",
        "Hoàn thành đúng hạn",
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
        "Tình trạng",
    ]
    last = [c.text for c in table.rows[-1].cells]
    assert last[2:5] == [VP, "Thường xuyên", "Đang thực hiện"]
    assert last[2:] == list(half_year.appendix[-1].cells[2:])
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
