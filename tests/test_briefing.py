"""Printable briefings (present.briefing): Tổng quan and a unit's Việc cần làm as A4 PDF.

The text is read back two ways: with a small reader of fpdf2's uncompressed output (each string shown
on a page, its glyph codes mapped through the font's ToUnicode table), which needs nothing installed,
and with poppler's `pdftotext` when the machine has it (CI installs only Chromium).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from cchc.assess.status import assess
from cchc.present import briefing, todo_print, views
from cchc.present.quality import issues_table
from cchc.present.todo import todo_list
from cchc.sources import SAMPLE, open_source
from cchc.validate.plan import load_plan
from cchc.vocab.labels import RISK_LABELS
from tests.support.plans import AS_OF

JUNE_14, DECEMBER_10 = date(2017, 6, 14), date(2017, 12, 10)
PDFTOTEXT = shutil.which("pdftotext")
RISK_CODES = ["overdue", "stale", "paused", "at_risk", "done_late", "not_started", "upcoming", "on_track"]
NEVER = re.compile(rf"(?<!\w)(None|nan|NaN|True|False|{'|'.join(RISK_CODES)}|done_on_time)(?!\w)")
NOT_WORDS = re.compile(r"(?<!\w)(rủi ro|tabs?|phân công|bản chụp|chưa cập nhật)(?!\w)", re.IGNORECASE)
A4 = b"/MediaBox [0 0 595.28 841.89]"


@pytest.fixture(scope="module")
def plan():
    return load_plan(open_source(SAMPLE), 2017)


@pytest.fixture(scope="module")
def statuses(plan):
    return {day: assess(plan, day) for day in (JUNE_14, DECEMBER_10)}


# A reader of what fpdf2 writes uncompressed: objects found through the cross-reference table, fonts
# through their ToUnicode maps, text through the Tf, Tj and TJ operators of the page streams.
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_LITERAL = rb"\((?:\\.|[^\\)])*\)"
_SHOW = re.compile(
    rb"/(F\d+) [\d.]+ Tf|(" + _LITERAL + rb")\s*Tj|\[((?:" + _LITERAL + rb"|[^\]])*)\]\s*TJ|\bET\b", re.S
)


def _objects(data: bytes) -> dict[int, bytes]:
    table = data[data.rindex(b"\nxref\n") :]
    first, count = map(int, re.search(rb"xref\n(\d+) (\d+)", table).groups())
    offsets = [int(o) for o, kind in re.findall(rb"(\d{10}) \d{5} ([nf])", table) if kind == b"n"]
    ends = [*sorted(offsets)[1:], data.rindex(b"\nxref\n")]
    bounds = dict(zip(sorted(offsets), ends, strict=True))
    assert first == 0 and count == len(offsets) + 1
    return {n: data[off : bounds[off]] for n, off in enumerate(offsets, start=1)}


def _stream(body: bytes) -> bytes:
    length = int(re.search(rb"/Length (\d+)", body).group(1))
    start = body.index(b"stream\n") + len(b"stream\n")
    return body[start : start + length]


def _unescape(literal: bytes) -> bytes:
    out, i = bytearray(), 1
    while i < len(literal) - 1:
        if literal[i : i + 1] == b"\\":
            nxt = literal[i + 1 : i + 2]
            if nxt.isdigit():
                digits = re.match(rb"[0-7]{1,3}", literal[i + 1 : i + 4]).group(0)
                out.append(int(digits, 8))
                i += 1 + len(digits)
                continue
            out += _ESCAPES.get(nxt, nxt)
            i += 2
        else:
            out += literal[i : i + 1]
            i += 1
    return bytes(out)


def _to_unicode(objects: dict[int, bytes]) -> dict[bytes, dict[int, str]]:
    """Font resource name (F1, F2…) → glyph code → text, from each font's ToUnicode map."""
    names = dict(re.findall(rb"/(F\d+) (\d+) 0 R", b"".join(objects.values())))
    maps = {}
    for name, number in names.items():
        cmap = _stream(objects[int(re.search(rb"/ToUnicode (\d+) 0 R", objects[int(number)]).group(1))])
        pairs = re.findall(rb"<([0-9A-F]+)> <([0-9A-F]+)>", cmap.split(b"endcodespacerange")[1])
        maps[name] = {int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be") for code, text in pairs}
    return maps


def pdf_text(data: bytes) -> str:
    """Every text object the pages show (BT … ET), one per line, in drawing order."""
    objects = _objects(data)
    fonts, font, lines, line = _to_unicode(objects), {}, [], ""
    for body in objects.values():
        if b"/Length" not in body or b"BT" not in _stream(body)[:4000]:
            continue
        for m in _SHOW.finditer(_stream(body)):
            if m.group(1):
                font = fonts[m.group(1)]
            elif m.group(2) or m.group(3) is not None:
                literals = [m.group(2)] if m.group(2) else re.findall(_LITERAL, m.group(3), re.S)
                raw = b"".join(_unescape(s) for s in literals)
                line += "".join(font[int.from_bytes(raw[i : i + 2], "big")] for i in range(0, len(raw), 2))
            elif line:  # ET: the end of a text object
                lines.append(line)
                line = ""
    return "\n".join(lines)


def pages(data: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", data))


def flat(text: str) -> str:
    """Whitespace runs as one space: a phrase wrapped over lines of a cell reads as written."""
    return re.sub(r"\s+", " ", text).strip()


def poppler_text(data: bytes, tmp_path: Path) -> str:
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; the built-in reader's checks still run")
    path = tmp_path / "briefing.pdf"
    path.write_bytes(data)
    return subprocess.run(
        [PDFTOTEXT, "-raw", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def counts_text(counts: views.Counts, total: str) -> str:
    """A count group as read: the labels (the total first, then each risk that occurs), then the figures."""
    labels = " ".join([total, *(RISK_LABELS[r] for r, _ in counts.shown())])
    return f"{labels} {' '.join(str(n) for n in [counts.total, *(n for _, n in counts.shown())])}"


def attention_part(text: str) -> str:
    """The briefing's text from «Cần chú ý ngay» to the next section."""
    return text[text.index("Cần chú ý ngay") : text.index("Tình trạng phần việc theo đơn vị")]


@pytest.mark.parametrize("day", [JUNE_14, DECEMBER_10])
def test_the_briefing_is_one_a4_page_with_the_fonts_it_ships(statuses, day):
    data = briefing.briefing_pdf(statuses[day])
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert pages(data) == 1 and A4 in data
    assert data.count(b"/FontFile2") == 2  # regular and bold, embedded
    assert b"/BaseFont /MPDFAA+DejaVuSansBook" in data and b"/BaseFont /MPDFAA+DejaVuSansBold" in data


@pytest.mark.parametrize(("day", "urgent"), [(JUNE_14, 2), (DECEMBER_10, 1)])
def test_the_briefing_shows_the_figures_of_the_overview_page(statuses, day, urgent):
    status = statuses[day]
    text = flat(pdf_text(briefing.briefing_pdf(status, compress=False)))
    table = views.attention(status)
    assert len(table) == urgent
    assert f"Tính đến {day:%d/%m/%Y}" in text
    assert status.plan.settings.title in text
    assert flat(views.plan_sentence(status)) in text
    assert flat(views.next_report_text(status)) in text
    assert f"Cần chú ý ngay: {urgent} phần việc" in text
    assert counts_text(views.task_counts(status), "Tổng số nhiệm vụ") in text
    assert counts_text(views.part_counts(status), "Tổng số phần việc") in text
    part = attention_part(text)
    for row in table.to_dict("records"):
        for column in ("Tình trạng", "Nhiệm vụ", "Đơn vị", "Người phụ trách", "Vì sao"):
            assert flat(row[column]) in part, column
    assert "Trang 1/1" in text


def test_the_attention_rows_come_worst_first_with_their_state_first(statuses):
    part = attention_part(flat(pdf_text(briefing.briefing_pdf(statuses[JUNE_14], compress=False))))
    stale = part.index("Chậm cập nhật 7. Niêm yết công khai")
    paused = part.index("Tạm dừng 4. Truyền truyền")
    assert stale < paused
    assert "41 ngày chưa có dòng tiến độ mới, từ 04/05/2017 (chu kỳ 30 ngày)." in part
    assert "Tạm dừng từ 20/05/2017: Chờ UBND tỉnh công bố" in part


@pytest.mark.parametrize("day", [JUNE_14, DECEMBER_10])
@pytest.mark.parametrize("unit", [None, "TTTK", "VP", "PC", "KHTC"])
def test_no_briefing_shows_none_nan_booleans_risk_codes_or_words_spec_13_forbids(statuses, day, unit):
    status = statuses[day]
    for data in (
        briefing.briefing_pdf(status, unit, compress=False),
        *([todo_print.unit_todo_pdf(status, unit, compress=False)] if unit else []),
    ):
        text = pdf_text(data)
        assert len(re.findall(r"Trang \d+/\d+", text)) == pages(data)
        assert not NEVER.findall(text) and not NOT_WORDS.findall(text)


def test_a_units_briefing_has_only_that_units_parts(statuses):
    status = statuses[JUNE_14]
    text = flat(pdf_text(briefing.briefing_pdf(status, "TTTK", compress=False)))
    assert "Đơn vị: Trung tâm Thông tin và Thống kê KHCN" in text
    part = attention_part(text)
    assert "Cần chú ý ngay: 1 phần việc" in part
    assert "Trung tâm Thông tin và Thống kê KHCN (chủ trì)" in part and "Tạm dừng từ 20/05/2017" in part
    assert "Văn phòng Sở" not in part and "41 ngày" not in part
    assert "Văn phòng Sở" not in text and "Bộ phận Pháp chế" not in text  # the unit table too
    assert counts_text(views.task_counts(status, "TTTK"), "Tổng số nhiệm vụ") in text
    assert counts_text(views.part_counts(status, "TTTK"), "Tổng số phần việc") in text
    calm = flat(pdf_text(briefing.briefing_pdf(status, "PC", compress=False)))
    assert "Cần chú ý ngay: 0 phần việc" in calm and briefing.NO_ATTENTION in calm


def test_two_builds_of_the_same_status_are_byte_identical(plan, statuses):
    again = assess(plan, JUNE_14)
    assert briefing.briefing_pdf(statuses[JUNE_14]) == briefing.briefing_pdf(again)
    assert todo_print.unit_todo_pdf(statuses[JUNE_14], "TTTK") == todo_print.unit_todo_pdf(again, "TTTK")
    assert briefing.briefing_pdf(statuses[JUNE_14]) != briefing.briefing_pdf(statuses[DECEMBER_10])
    assert b"/CreationDate (D:20170614000000+07'00')" in briefing.briefing_pdf(statuses[JUNE_14])


def test_a_long_attention_list_runs_over_pages_repeating_its_header(make_plan):
    long = "Tuyên truyền, phổ biến các văn bản quy phạm pháp luật mới về cải cách thủ tục hành chính"
    tasks = [[str(i), f"{long} ({i})", "Quý 2/2017", "TTTK", "VP", "", "", ""] for i in range(1, 31)]
    status = assess(make_plan(tasks=tasks), AS_OF)
    data = briefing.briefing_pdf(status, compress=False)
    text = pdf_text(data)
    assert pages(data) >= 3
    assert f"Cần chú ý ngay: {len(views.attention(status))} phần việc" in flat(text)
    assert text.count("Người phụ\ntrách") >= pages(data) - 1  # the header on every page the list reaches
    assert [f"Trang {i}/{pages(data)}" for i in range(1, pages(data) + 1)] == re.findall(
        r"Trang \d+/\d+", text
    )


def test_a_units_todo_list_has_what_to_update_and_the_cells_to_fix(plan, statuses):
    status = statuses[JUNE_14]
    data = todo_print.unit_todo_pdf(status, "TTTK", compress=False)
    text = flat(pdf_text(data))
    assert pages(data) == 1 and A4 in data
    assert "Việc cần làm" in text and "Tính đến 14/06/2017" in text
    assert "Người phụ trách: Trần Minh Hoàng" in text
    items, cells = todo_list(status, "TTTK"), issues_table(plan, unit="TTTK")
    assert (
        f"Phần việc cần cập nhật: {len(items)}" in text and f"Ô cần sửa trong bảng tính: {len(cells)}" in text
    )
    for item in items:
        assert f"{RISK_LABELS[item.risk]} " in text and flat(item.title) in text and flat(item.detail) in text
    for cell, fix in zip(cells["Ô"], cells["Vấn đề và cách sửa"], strict=True):
        assert f" {cell} " in text and flat(fix) in text
    idle = flat(pdf_text(todo_print.unit_todo_pdf(status, "KHTC", compress=False)))
    assert "Phòng Kế hoạch - Tài chính không có phần việc nào cần cập nhật lúc này." in idle
    assert "Không có ô nào cần sửa." in idle


@pytest.mark.parametrize("day", [JUNE_14, DECEMBER_10])
def test_pdftotext_reads_the_vietnamese_text(statuses, day, tmp_path):
    status = statuses[day]
    text = flat(poppler_text(briefing.briefing_pdf(status), tmp_path))
    assert f"Tính đến {day:%d/%m/%Y}" in text
    assert f"Cần chú ý ngay: {len(views.attention(status))} phần việc" in text
    for row in views.attention(status).to_dict("records"):
        assert flat(row["Đơn vị"]) in text and flat(row["Vì sao"]) in text
    assert "Trang 1/1" in text and "\ufffd" not in text
    assert not NEVER.findall(text)


def test_the_fonts_and_their_licence_ship_in_the_package():
    fonts = Path(briefing.__file__).parent / "fonts"
    assert {p.name for p in fonts.iterdir()} >= {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE"}
    licence = (fonts / "LICENSE").read_text(encoding="utf-8")
    assert "Bitstream Vera Fonts Copyright" in licence and "Arev Fonts Copyright" in licence
    assert fonts == briefing.FONTS


def test_for_a_google_sheet_each_cell_to_fix_links_to_its_cell(statuses, monkeypatch):
    link = "https://docs.google.com/spreadsheets/d/abc/edit#gid=7&range=E30"
    cells = pd.DataFrame(
        [
            {
                "Mức": "Lỗi",
                "Trang tính": "Tiến độ",
                "Ô": "E30",
                "Mở ô": link,
                "Cột": "Tiến độ (%)",
                "Đơn vị": "TTTK",
                "Vấn đề và cách sửa": "tiến độ «120» nằm ngoài khoảng 0–100.",
                "Giá trị": None,
                "Mã lỗi": "progress.percent_range",
            }
        ]
    )
    monkeypatch.setattr(todo_print, "issues_table", lambda plan, unit: cells)
    data = todo_print.unit_todo_pdf(statuses[JUNE_14], "TTTK", compress=False)
    assert f"/URI ({link})".encode() in data
    text = pdf_text(data)
    assert "E30" in text and "progress.percent_range" not in text and not NEVER.findall(text)
