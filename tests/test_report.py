"""Report drafts (SPEC §11): the report to Sở Nội vụ, the internal report and a unit's own, on the
sample and on a messy plan, and the .docx read back."""

from __future__ import annotations

import io
import unicodedata
from datetime import UTC, date

import pandas as pd
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from cchc.assess.status import assess
from cchc.report.common import APPENDIX_COLUMNS, ReportDraft
from cchc.report.docx import report_docx
from cchc.report.draft import build_report, draft_text
from cchc.report.text import plain
from cchc.snapshot.export import export_snapshot
from cchc.sources import SAMPLE_DIR, open_source
from cchc.validate.plan import Plan, load_plan
from tests.support.plans import (
    PROGRESS_HEADER,
    PROGRESS_HEADER_REV2,
    plan_tabs,
    progress_row,
    raw_source,
)

HALF_YEAR = (date(2016, 12, 15), date(2017, 6, 14))
ANNUAL = (date(2016, 12, 15), date(2017, 12, 14))
HEADINGS = [
    "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
    "II. KẾT QUẢ THỰC HIỆN",
    "III. ĐÁNH GIÁ CHUNG",
    "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2017",
    "V. KIẾN NGHỊ, ĐỀ XUẤT",
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


@pytest.fixture(scope="module")
def messy() -> Plan:
    """The small plan with no report settings and no `Báo cáo`, task 1 finished late with a reason, a
    stale part, a possible duplicate and a data error."""
    return rev2_plan(MESSY_ROWS)


@pytest.fixture(scope="module")
def messy_settings() -> Plan:
    return rev2_plan(MESSY_ROWS, settings=MESSY_SETTINGS)


MESSY_ROWS = [
    progress_row("20/02/2017", 1, "TTTK", result="Đăng 2 tin", channel="Trang TTĐT", count=2),
    progress_row("20/02/2017", 1, "TTTK", result="Đăng 2 tin", channel="Trang TTĐT", count=2),
    progress_row(
        "06/04/2017",
        1,
        "TTTK",
        "Hoàn thành",
        completed_on="05/04/2017",
        note="Chờ hoàn thiện chuyên mục CCHC",
        channel="Hội nghị/tập huấn",
        count=1,
        attendance=80,
    ),
    progress_row("31/02/2017", 2, "TTTK"),
    progress_row("10/06/2017", 2, "TTTK", result="Niêm yết 3 thủ tục", channel="Niêm yết", count=3),
    progress_row("01/02/2017", 2, "PC", result="Gửi danh mục"),
]
MESSY_SETTINGS = [
    ["co_quan", "Sở Khoa học và Công nghệ tỉnh Bà Rịa - Vũng Tàu"],
    ["co_quan_chu_quan", "UBND TỈNH BÀ RỊA - VŨNG TÀU"],
    ["so_ke_hoach", "25/KH-SKHCN"],
    ["ngay_ke_hoach", "10/01/2017"],
    ["trich_yeu_ke_hoach", "thông tin, tuyên truyền cải cách hành chính năm 2017"],
    ["ky_hieu_bao_cao", "BC-SKHCN"],
    ["dia_danh", "Bà Rịa - Vũng Tàu"],
    ["chuc_vu_ky", "KT. GIÁM ĐỐC; PHÓ GIÁM ĐỐC"],
    ["nguoi_ky", "Nguyễn Văn Phó"],
    ["noi_nhan", "Sở Nội vụ; Lưu: VT, PC"],
]


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
    """Section II's paragraphs about one task (the sample's task N is the plan's N-th): its lead-in
    and the lines under it."""
    lines, inside = [], False
    for item in next(s for s in draft.sections if s.number == "II").items:
        if not item.level:
            inside = item.lead == f"{task_id}. "
        if inside:
            lines.append(item.lead + item.text)
    return lines


def products(lines: list[str]) -> Figures:
    """What lines `Channel: n measure; n measure.` say, by (channel, measure)."""
    found: Figures = {}
    for line in lines:
        line = line.replace("Trang thông tin điện tử (Trang TTĐT)", "Trang TTĐT").rstrip(".")
        channel, _, counts = line.partition(": ")
        for part in counts.split("; "):
            number, _, measure = part.partition(" ")
            found[(channel, measure)] = int(number)
    return found


def task_outputs(draft: ReportDraft, task_id: str) -> Figures:
    return {
        (o.channel, o.measure): o.count for o in next(t for t in draft.tasks if t.task_id == task_id).outputs
    }


def written_outputs(draft: ReportDraft, task_id: str) -> Figures:
    """The figures a task's «Sản phẩm trong kỳ» lines state, read back from the text: the `+` lines
    right under it."""
    items, inside, found = [], False, []
    for item in next(s for s in draft.sections if s.number == "II").items:
        if not item.level:
            inside = item.lead == f"{task_id}. "
        elif inside:
            items.append(item)
    for i, item in enumerate(items):
        if item.text == "Sản phẩm trong kỳ:":
            for line in items[i + 1 :]:
                if line.level != 2:
                    break
                found.append(line.text)
            break
    return products(found)


def rev2_plan(progress: list[list[object]], settings: list[list[object]] | None = None) -> Plan:
    """The small plan with revision 2's `Tiến độ` columns (`Ngày hoàn thành`, `Đơn vị tính`, …)."""
    tabs = plan_tabs(settings=settings)
    tabs["Tiến độ"] = [PROGRESS_HEADER + PROGRESS_HEADER_REV2, *progress]
    return load_plan(raw_source(tabs), fallback_year=2017)


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return "\n".join([*(p.text for p in doc.paragraphs), *cells])


# --- the report to Sở Nội vụ (§11.1) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("task", "channel"),
    [
        ("3", "Trang TTĐT"),  # 4 tin, bài and 16 văn bản: two measures, never one number
        ("6", "Báo/đài/tạp chí"),  # 10 tin, bài and 1 ấn phẩm
        ("7", "Niêm yết"),  # both leads, PC and VP: 51 thủ tục hành chính and VP's 4 «khác»
        ("2", "Đối thoại/họp mặt"),  # 2 hội nghị, cuộc họp and 12 lượt người (not TTRA's 4)
        ("1", "Họp giao ban"),  # TTTK's 1 (not QLCN's contribution)
    ],
)
def test_each_task_states_its_leads_outputs_by_channel_and_measure_inside_the_period(
    half_year, task, channel
):
    expected = {key: n for key, n in csv_outputs(task, *HALF_YEAR).items() if key[0] == channel}
    assert expected
    written = {key: n for key, n in written_outputs(half_year, task).items() if key[0] == channel}
    assert written == expected == {k: n for k, n in task_outputs(half_year, task).items() if k[0] == channel}


def test_outputs_are_never_summed_across_measures_and_support_rows_never_count(half_year, annual):
    for draft, period in ((half_year, HALF_YEAR), (annual, ANNUAL)):
        for task in SAMPLE_LEADS:
            assert written_outputs(draft, task) == csv_outputs(task, *period), task
    web = {("Trang TTĐT", "tin, bài"): 4, ("Trang TTĐT", "văn bản"): 16}
    assert written_outputs(half_year, "3") == web
    assert "20 " not in " ".join(task_lines(half_year, "3"))  # 4 + 16 is no figure of the report
    for task in ("1", "2", "5", "6"):  # rows of units that do not lead the task
        assert csv_outputs(task, *HALF_YEAR, who="others")
        assert written_outputs(half_year, task) != csv_outputs(task, *HALF_YEAR, who="all")
    overview = section_lines(half_year, "II")
    assert overview[0] == "Trong kỳ, các phòng, đơn vị chủ trì đã thực hiện:"
    total: Figures = {}
    for task in SAMPLE_LEADS:
        for key, n in csv_outputs(task, *HALF_YEAR).items():
            total[key] = total.get(key, 0) + n
    channels = len({channel for channel, _ in total})
    assert products(overview[1 : 1 + channels]) == total


def test_the_sample_half_year_report_has_its_sections_in_order_and_no_blank_left(half_year):
    assert [s.heading for s in half_year.sections] == HEADINGS
    assert half_year.placeholders() == []  # every setting and every section of `Báo cáo` is there
    assert (half_year.period_start, half_year.period_end) == HALF_YEAR
    assert half_year.subject == "Kết quả thực hiện công tác thông tin, tuyên truyền cải cách hành chính"
    assert half_year.period_name == "6 tháng đầu năm 2017"
    assert half_year.intro == (
        "Thực hiện Kế hoạch của Sở Khoa học và Công nghệ về thông tin, tuyên truyền cải cách hành chính "
        "năm 2017, Sở Khoa học và Công nghệ báo cáo kết quả thực hiện 6 tháng đầu năm 2017 (số liệu từ "
        "ngày 15/12/2016 đến ngày 14/06/2017) như sau:"
    )


def test_the_annual_report_plans_the_next_year_and_leaves_its_unwritten_sections_blank(annual):
    assert [s.heading for s in annual.sections][3] == "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2018"
    assert annual.period_end == ANNUAL[1] and annual.period_name == "năm 2017"
    # the sample's `Báo cáo` has, for the year, only «Chỉ đạo, điều hành», «Ưu điểm», «Khen thưởng»
    assert annual.placeholders() == [
        "Nêu tồn tại, hạn chế",
        "Nêu nguyên nhân",
        "Nêu phương hướng, nhiệm vụ kỳ tới",
        "Nêu kiến nghị, đề xuất",
    ]


def test_the_compilers_words_go_where_they_belong_and_a_units_words_stay_in_its_own_report(sample, half_year):
    texts = {
        t.section: t.text
        for t in sample.report_texts
        if (t.kind, t.year, t.unit) == ("half_year", 2017, None)
    }
    assert section_lines(half_year, "I")[0] == texts["direction"]
    review = section_lines(half_year, "III")
    assert review[review.index("1. Ưu điểm") + 1] == texts["strengths"]
    assert review[review.index("2. Tồn tại, hạn chế") + 1] == texts["weaknesses"]
    assert review[review.index("3. Nguyên nhân") + 1] == texts["causes"]
    assert section_lines(half_year, "IV")[0] == texts["next_steps"]
    assert section_lines(half_year, "V") == [texts["proposals"]]
    unit_text = next(t.text for t in sample.report_texts if t.unit == "TTTK")
    assert unit_text not in draft_text(half_year)
    assert unit_text in draft_text(build_report(sample, "unit", period="half_year", unit="TTTK"))


INTERNAL_WORDS = (
    "lượt cập nhật",
    "chậm cập nhật",
    "Chậm cập nhật",
    "Chưa đến thời gian thực hiện",
    "lỗi dữ liệu",
    "nhập hai lần",
    "bảng theo dõi",
    "Lãnh đạo Sở chỉ đạo",
    "khen thưởng",
    "Khen thưởng",
    "(Ký, ghi rõ họ tên",
)


@pytest.mark.parametrize("kind", ["half_year", "annual"])
def test_nothing_about_the_tracking_itself_goes_to_so_noi_vu(sample, kind, messy):
    for plan in (sample, messy):
        text = docx_text(report_docx(build_report(plan, kind)))
        found = [word for word in INTERNAL_WORDS if word in text]
        assert not found, (kind, found)


def test_a_late_task_reads_with_the_leads_own_reason_and_an_ongoing_one_in_plain_words(messy):
    draft = build_report(messy, "half_year")
    lines = task_lines(draft, "1")
    assert lines[-1] == (
        "Tình hình đến ngày 14/06/2017: hoàn thành ngày 05/04/2017, chậm 5 ngày so với kế hoạch "
        "(Quý 1/2017) do chờ hoàn thiện chuyên mục CCHC."
    )
    assert lines[0] == "1. Tuyên truyền kế hoạch cải cách hành chính (CCHC) (Quý 1/2017)."  # spelled out once
    assert task_lines(draft, "2")[-1] == "Tình hình đến ngày 14/06/2017: đang thực hiện (thường xuyên)."
    review = section_lines(draft, "III")
    assert any(line.startswith("Nhiệm vụ 1 (") and "do chờ hoàn thiện" in line for line in review)


def test_the_plan_is_cited_with_its_number_and_date_and_the_settings_fill_the_letterhead(messy_settings):
    draft = build_report(messy_settings, "half_year")
    assert draft.intro.startswith(
        "Thực hiện Kế hoạch số 25/KH-SKHCN ngày 10/01/2017 của Sở Khoa học và Công nghệ về thông tin, "
        "tuyên truyền cải cách hành chính năm 2017, Sở Khoa học và Công nghệ báo cáo"
    )
    head = draft.letterhead
    assert (head.parent, head.agency, head.number) == (
        "UBND TỈNH BÀ RỊA - VŨNG TÀU",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "Số: …/BC-SKHCN",
    )
    assert head.place_date == "Bà Rịa - Vũng Tàu, ngày … tháng … năm 2017"
    assert draft.signer_title == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC") and draft.signer == "Nguyễn Văn Phó"
    assert draft.recipients == ("Sở Nội vụ", "Lưu: VT, PC")


def test_every_missing_setting_and_section_is_a_highlighted_placeholder_in_the_docx(messy):
    draft = build_report(messy, "half_year")
    assert draft.placeholders() == [
        "TÊN CƠ QUAN",
        "ký hiệu",
        "địa danh",
        "tên cơ quan",
        "trích yếu của Kế hoạch",
        "tên cơ quan",
        "Nêu công tác chỉ đạo, điều hành",
        "Nêu ưu điểm",
        "Nêu tồn tại, hạn chế",
        "Nêu nguyên nhân",
        "Nêu phương hướng, nhiệm vụ kỳ tới",
        "Nêu kiến nghị, đề xuất",
        "ký hiệu",
        "tên cơ quan",
        "họ và tên người ký",
    ]
    doc = Document(io.BytesIO(report_docx(draft)))
    runs = [r for p in _all_paragraphs(doc) for r in p.runs]
    marked = [r.text for r in runs if r.font.highlight_color is not None]
    assert sorted(marked) == sorted(f"[{hint}]" for hint in draft.placeholders())
    assert all(r.text.startswith("[") for r in runs if r.font.highlight_color is not None)
    assert not any("⟦" in r.text or "⟧" in r.text for r in runs)


def _all_paragraphs(doc) -> list:
    cells = [p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return [*doc.paragraphs, *cells]


def test_the_docx_reads_back_with_its_headings_letterhead_and_signing_block(half_year_docx):
    doc = Document(io.BytesIO(half_year_docx))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [*HEADINGS, "TÀI LIỆU KIỂM CHỨNG"]
    head = doc.tables[0]
    left = [p.text for p in head.rows[0].cells[0].paragraphs if p.text]
    assert left == ["UBND TỈNH BÀ RỊA - VŨNG TÀU", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    assert head.rows[1].cells[0].paragraphs[0].text == "Số: …/BC-SKHCN"
    assert head.rows[1].cells[1].paragraphs[0].text == "Bà Rịa - Vũng Tàu, ngày … tháng … năm 2017"
    closing = doc.tables[1]
    recipients = [p.text for p in closing.rows[0].cells[0].paragraphs if p.text]
    assert recipients == ["Nơi nhận:", "- Sở Nội vụ", "- Giám đốc, các Phó Giám đốc Sở", "- Lưu: VT, PC"]
    signing = [p.text for p in closing.rows[0].cells[1].paragraphs if p.text]
    assert signing == ["GIÁM ĐỐC", "Mai Thành Quang"]


def test_the_appendix_has_one_row_per_task_with_its_state_and_evidence_count(sample, half_year_docx):
    doc = Document(io.BytesIO(half_year_docx))
    table = doc.tables[2]
    assert [c.text for c in table.rows[0].cells] == list(APPENDIX_COLUMNS)
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [r[0] for r in rows] == [t.task_id for t in sample.tasks]  # STT once per task
    assert rows[6][2] == "Bộ phận Pháp chế, Văn phòng Sở"
    assert rows[0][5] == "Hoàn thành ngày 30/03/2017, đúng kế hoạch"
    assert rows[2][4] == "Trang TTĐT: 4 tin, bài; 16 văn bản"
    assert all(r[6].isdigit() for r in rows)
    note = next(p.text for p in doc.paragraphs if p.text.startswith("(Kèm theo Báo cáo số"))
    assert note == "(Kèm theo Báo cáo số …/BC-SKHCN ngày … tháng … năm 2017 của Sở Khoa học và Công nghệ)"


def test_every_docx_run_is_times_new_roman_for_latin_and_east_asian_text(half_year_docx):
    doc = Document(io.BytesIO(half_year_docx))
    for run in (r for p in _all_paragraphs(doc) for r in p.runs if r.text.strip()):
        fonts = run._r.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:eastAsia")) == "Times New Roman"


def test_the_docx_title_is_14_pt_and_the_body_13_pt(half_year_docx):
    doc = Document(io.BytesIO(half_year_docx))
    title = next(p for p in doc.paragraphs if p.text == "BÁO CÁO")
    assert title.runs[0].font.size == Pt(14)
    body = next(p for p in doc.paragraphs if p.text.startswith("Thực hiện Kế hoạch"))
    assert {r.font.size for r in body.runs} == {Pt(13)}


def test_the_docx_page_is_a4_with_the_decree_30_margins(half_year_docx):
    section = Document(io.BytesIO(half_year_docx)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]


def test_the_same_draft_gives_the_same_bytes_and_the_clock_plays_no_part(half_year, half_year_docx):
    assert report_docx(half_year) == half_year_docx
    props = Document(io.BytesIO(half_year_docx)).core_properties
    assert props.created.replace(tzinfo=UTC).date() == half_year.period_end


def test_a_report_from_a_snapshot_is_the_same_document_as_from_its_source(tmp_path, sample, half_year_docx):
    from cchc.report.files import report_from_snapshot

    export_snapshot(assess(sample, date(2017, 12, 31)), open_source("sample").tabs, tmp_path / "snap")
    for kind, period, unit in (
        ("half_year", None, None),
        ("internal", "annual", None),
        ("unit", "half_year", "PC"),
    ):
        _, data = report_from_snapshot(tmp_path / "snap", kind, None, 2017, period, unit)
        assert data == report_docx(build_report(sample, kind, None, period, unit))
    assert report_from_snapshot(tmp_path / "snap", "half_year", None, 2017)[1] == half_year_docx


@pytest.mark.parametrize("pasted", ["\x0bKết quả\x07", "a\ufffeb"])
def test_a_control_character_pasted_into_a_result_does_not_break_the_docx(make_plan, pasted):
    plan = make_plan(progress=[progress_row("10/02/2017", 1, "TTTK", result=pasted)])
    for kind, unit in (("half_year", None), ("unit", "TTTK")):
        Document(io.BytesIO(report_docx(build_report(plan, kind, unit=unit))))


# --- the internal report (§11.2) ----------------------------------------------------------------


def test_the_internal_report_counts_states_scores_units_and_proposes_commendation(sample):
    draft = build_report(sample, "internal", period="annual")
    assert [s.heading for s in draft.sections] == [
        "I. TÌNH HÌNH CHUNG",
        "II. KẾT QUẢ CỦA CÁC PHÒNG, ĐƠN VỊ",
        "III. THEO DÕI, CẬP NHẬT TIẾN ĐỘ",
        "IV. ĐỀ XUẤT KHEN THƯỞNG",
    ]
    status = assess(sample, ANNUAL[1])
    assert section_lines(draft, "I")[0].startswith(f"Kế hoạch có {len(status.tasks)} nhiệm vụ: ")
    units = section_lines(draft, "II")
    card = next(c for c in status.units if c.unit == "TTTK")
    line = next(u for u in units if u.startswith(f"{TTTK}: "))
    assert f"đúng hạn {card.on_time}/{card.on_time_divisor}" in line
    text = draft_text(draft)
    assert "không phải quyết định khen thưởng" in text
    written = next(t.text for t in sample.report_texts if t.section == "commendation")
    assert written in text  # the compiler's own proposal, as written
    assert "lỗi dữ liệu chưa sửa" in text and "có thể nhập hai lần" in text


def test_commendation_goes_to_units_with_every_due_part_done_on_time_and_none_stale(make_plan):
    tasks = [
        ["1", "Tuyên truyền kế hoạch", "Quý 1/2017", "TTTK", "", "", "", ""],
        ["2", "Niêm yết thủ tục", "Quý 1/2017", "PC", "", "", "", ""],
        ["3", "Cập nhật chuyên mục", "Thường xuyên", "VP", "", "", "", ""],
    ]
    plan = make_plan(
        tasks=tasks,
        progress=[
            progress_row("20/03/2017", 1, "TTTK", "Hoàn thành", reporter="Nguyễn Thị Hà"),
            progress_row("20/04/2017", 2, "PC", "Hoàn thành", reporter="Lê Văn Bình"),
            progress_row("20/03/2017", 3, "VP"),
        ],
    )
    lines = section_lines(build_report(plan, "internal", period="half_year"), "IV")
    collectives = lines[lines.index("1. Tập thể") + 1 : lines.index("2. Cá nhân")]
    people = lines[lines.index("2. Cá nhân") + 1 :]
    # PC finished late; VP has no part due in the period (and is stale by 14/06)
    assert collectives == [f"{TTTK}: hoàn thành đúng hạn 1/1 nhiệm vụ đến hạn trong kỳ (1)."]
    assert people == [
        f"Lê Văn A: người phụ trách của {TTTK}.",
        f"Nguyễn Thị Hà: cập nhật hoàn thành nhiệm vụ 1 của {TTTK}.",
    ]


# --- a unit's own report (§11.3) ---------------------------------------------------------------


def test_a_units_report_is_its_own_up_to_its_own_deadline(sample):
    draft = build_report(sample, "unit", period="half_year", unit="PC")
    assert draft.period_end == date(2017, 6, 10)  # han_don_vi_6_thang
    head = draft.letterhead
    assert (head.parent, head.agency, head.number) == ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "BỘ PHẬN PHÁP CHẾ", "")
    assert draft.addressee == "Kính gửi: Lãnh đạo Sở Khoa học và Công nghệ"
    given = section_lines(draft, "I")
    assert given[0].startswith("Nhiệm vụ 5 (phối hợp): ") and given[1].startswith("Nhiệm vụ 7 (chủ trì): ")
    text = draft_text(draft)
    assert "Nhiệm vụ 1 (" not in text and TTTK not in text.split("II. KẾT QUẢ")[0]
    assert draft.signer == "Lê Thị Ngọc Hân"  # the unit's `Người phụ trách`
    # no row dated after its own deadline (PC's 12/06 rows are the Sở's, not the unit's)
    assert "12/06/2017" not in section_lines(draft, "II")[-1] and "12/06/2017:" not in text


def test_a_unit_with_its_own_symbol_numbers_its_report():
    tabs = plan_tabs(units=[["TTTK", "Trung tâm Thông tin và Thống kê KHCN", "", "Lê Văn A", "", "BC-TTTK"]])
    tabs["Đơn vị"][0] = [*tabs["Đơn vị"][0], "Ký hiệu"]
    plan = load_plan(raw_source(tabs), fallback_year=2017)
    assert build_report(plan, "unit", unit="TTTK").letterhead.number == "Số: …/BC-TTTK"


def test_an_unknown_kind_or_a_unit_report_without_a_unit_is_refused(sample):
    with pytest.raises(ValueError, match="half_year"):
        build_report(sample, "quarterly")
    with pytest.raises(ValueError, match="unit"):
        build_report(sample, "unit")


@pytest.mark.parametrize(
    ("kind", "period", "unit"),
    [
        ("half_year", None, None),
        ("annual", None, None),
        ("internal", "half_year", None),
        ("unit", "annual", "TTTK"),
    ],
)
@pytest.mark.parametrize("plan_name", ["sample", "messy"])
def test_every_kind_reads_back_from_its_docx_with_its_headings_opening_and_blanks(
    request, kind, period, unit, plan_name
):
    plan = request.getfixturevalue(plan_name)
    draft = build_report(plan, kind, period=period, unit=unit)
    data = report_docx(draft)
    doc = Document(io.BytesIO(data))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    evidence = ["TÀI LIỆU KIỂM CHỨNG"] if draft.appendix else []
    assert headings == [*(s.heading for s in draft.sections), *evidence]
    text = docx_text(data)
    assert draft_text(draft).split("\n")[-1].lstrip(" -") in text  # the last paragraph is there too
    assert plain(draft.intro) in text and "⟦" not in text
    marked = [r.text for p in _all_paragraphs(doc) for r in p.runs if r.font.highlight_color is not None]
    assert sorted(marked) == sorted(f"[{hint}]" for hint in draft.placeholders())
    assert report_docx(build_report(plan, kind, period=period, unit=unit)) == data  # the same bytes again
