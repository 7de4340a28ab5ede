"""Hostile and damaged sources: each test builds its bad file in tmp_path.

A workbook over the reading limits is refused before calamine parses it; a stray cell far
from the table is reported and left out; formula errors keep their text; a CSV with a few
broken bytes or any line ending still reads; zero-width characters never hide a value.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import repeat
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from cchc.config import load_config
from cchc.sources import SourceError, open_source
from cchc.sources import workbook as workbook_module
from cchc.sources.xlsx_scan import scan_sheet
from cchc.validate.plan import load_plan
from cchc.vocab.values import (
    Timeframe,
    is_blank,
    parse_count,
    parse_date,
    parse_percent,
    parse_timeframe,
    task_key,
)
from emulator import Emulator
from tests.support.plans import PROGRESS_HEADER, plan_tabs, progress_row, write_csv_folder

ROOT = Path(__file__).resolve().parent.parent
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MB = 1 << 20

# --- workbooks -------------------------------------------------------------------------------


def plan_workbook(
    path: Path, progress: list[list[object]], extra: Callable[[Any, Any], object] | None = None
) -> Path:
    """The small plan as an .xlsx; `extra(book, sheet)` then writes more into «Tiến độ»."""
    book = xlsxwriter.Workbook(str(path))
    for title, rows in plan_tabs(progress=progress).items():
        sheet = book.add_worksheet(title)
        for index, row in enumerate(rows):
            sheet.write_row(index, 0, row)
        if title == "Tiến độ" and extra:
            extra(book, sheet)
    book.close()
    return path


def hand_workbook(path: Path, rows_xml: str, shared: Iterable[bytes] = (), level: int = 1) -> Path:
    """A one-sheet workbook («Tiến độ») written part by part; shared strings are streamed."""
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>'
        '<sheet name="Tiến độ" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
        f'Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><sheetData>{rows_xml}</sheetData>'
        "</worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as book:
        for name, text in parts.items():
            book.writestr(name, text)
        with book.open("xl/sharedStrings.xml", "w") as member:
            member.write(f'<sst xmlns="{MAIN}">'.encode())
            for chunk in shared:
                member.write(chunk)
            member.write(b"</sst>")
    return path


def one_string(size: int, letter: bytes = b"x") -> Iterator[bytes]:
    """A shared string of `size` letters, in 1 MB chunks (the test never holds it whole)."""
    yield b"<si><t>"
    yield from repeat(letter * MB, size // MB)
    yield letter * (size % MB)
    yield b"</t></si>"


def understate_size(path: Path, member: str, size: int) -> None:
    """Make the zip's headers claim `member` inflates to `size` bytes (its CRC stays true)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    with zipfile.ZipFile(path) as book:
        local = book.getinfo(member).header_offset
    data[local + 22 : local + 26] = size.to_bytes(4, "little")
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.find(b"PK\x01\x02", central + 4)
    data[central + 24 : central + 28] = size.to_bytes(4, "little")
    path.write_bytes(bytes(data))


def refusal(path: Path) -> SourceError:
    with pytest.raises(SourceError) as caught:
        open_source(str(path))
    return caught.value


@pytest.fixture
def no_calamine(monkeypatch: pytest.MonkeyPatch) -> None:
    """calamine must never see the file (it would try to allocate the whole grid)."""

    class Refused:
        @staticmethod
        def from_path(*_: object, **__: object) -> None:
            raise AssertionError("calamine was given a workbook over the limits")

    monkeypatch.setattr(workbook_module, "CalamineWorkbook", Refused)


# --- 1. a workbook is read within limits -----------------------------------------------------

ROWS = [progress_row("15/03/2017", 1, "TTTK", "Hoàn thành", "100")]
SHOWS_STRING_0 = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'  # A1 shows the first shared string


def issues_of(path: Path) -> list[tuple[str, str | None]]:
    return [(i.code, i.cell) for i in load_plan(open_source(str(path)), 2017).issues]


def test_a_value_at_xfd1048576_is_refused_as_too_large_before_calamine_reads_it(tmp_path, no_calamine):
    path = plan_workbook(
        tmp_path / "kế hoạch.xlsx", ROWS, lambda book, sheet: sheet.write(1_048_575, 16_383, "x")
    )
    error = refusal(path)
    assert error.code == "source.too_large"
    for part in ("«kế hoạch.xlsx»", "«Tiến độ»", "XFD1048576", "200.000 dòng × 100 cột", "hãy xóa"):
        assert part in error.message


def test_a_far_value_written_without_its_address_first_is_refused_too(tmp_path, no_calamine):
    head = '<row r="1"><c r="A1" t="inlineStr"><is><t>Ngày</t></is></c></row>'
    rows = head + '<row r="300000"><c><v>1</v></c></row>'  # the cell's place follows from its row
    error = refusal(hand_workbook(tmp_path / "plan.xlsx", rows))
    assert error.code == "source.too_large" and "A300000" in error.message


def test_a_400_mb_string_is_refused_in_seconds_and_little_memory_with_exit_2(tmp_path):
    path = hand_workbook(tmp_path / "chuỗi.xlsx", SHOWS_STRING_0, one_string(400 * MB))
    assert path.stat().st_size < 4 * MB
    measure = (  # a parent of its own, so that its children's peak memory is only the CLI's
        "import resource, subprocess, sys, time; start = time.monotonic(); "
        "run = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss; "
        "print(run.returncode, peak, time.monotonic() - start); print(run.stderr + run.stdout)"
    )
    command = [sys.executable, "-c", measure, sys.executable, "-m", "cchc", "status", str(path)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    first, output = result.stdout.split("\n", 1)
    code, peak_kib, seconds = first.split()
    assert (int(code), "source.too_large" in output or "quá lớn" in output) == (2, True), output
    assert int(peak_kib) * 1024 < 500 * MB and float(seconds) < 10


def test_a_member_inflating_over_100_times_its_size_is_refused_as_a_zip_bomb(tmp_path, no_calamine):
    path = hand_workbook(tmp_path / "bom.xlsx", SHOWS_STRING_0, one_string(20 * MB))
    error = refusal(path)
    assert error.code == "source.too_large"
    assert "100 lần" in error.message and "sharedStrings" in error.message


def test_a_header_understating_a_members_size_does_not_get_it_past_the_limits(tmp_path, no_calamine):
    path = hand_workbook(tmp_path / "dối.xlsx", SHOWS_STRING_0, one_string(20 * MB))
    understate_size(path, "xl/sharedStrings.xml", 1000)
    assert refusal(path).code == "source.too_large"


def long_note_workbook(path: Path, text: str, inline: bool) -> Path:
    """`Tiến độ` with its header and one row whose note (J2) is `text`."""
    head = "".join(
        f'<c r="{chr(65 + index)}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for index, name in enumerate(PROGRESS_HEADER)
    )
    if inline:
        note, shared = f'<c r="J2" t="inlineStr"><is><t>{text}</t></is></c>', []
    else:
        note, shared = (
            '<c r="J2" t="s"><v>1</v></c>',
            ["<si><t>ngắn</t></si>".encode(), f"<si><t>{text}</t></si>".encode()],
        )
    row = f'<row r="2"><c r="A2" t="inlineStr"><is><t>15/03/2017</t></is></c>{note}</row>'
    return hand_workbook(path, f'<row r="1">{head}</row>{row}', shared)


@pytest.mark.parametrize("inline", [False, True], ids=["shared string", "inline string"])
def test_a_cell_over_5000_characters_is_reported_but_one_over_50000_refuses_the_file(tmp_path, inline):
    readable = long_note_workbook(tmp_path / "dài vừa.xlsx", "x" * 6000, inline)
    assert ("cell.too_long", "J2") in issues_of(readable)
    error = refusal(long_note_workbook(tmp_path / "dài.xlsx", "Đăng tin " * 7000, inline))  # 63,000 chars
    assert error.code == "source.too_large"
    assert all(part in error.message for part in ("«dài.xlsx»", "«Tiến độ»", "ô J2", "50.000 ký tự"))


@pytest.mark.parametrize("row, col, cell", [(295, 16_383, "XFD296"), (4, 99, "CV5"), (150_000, 1, "B150001")])
def test_a_stray_value_far_from_the_table_is_reported_and_left_out_of_the_grid(tmp_path, row, col, cell):
    def write(book: Any, sheet: Any) -> None:
        sheet.write(row, col, "lạc")
        sheet.write(1, 14, "ghi thêm")  # four columns right of the table: still part of it
        sheet.write_blank(1_048_575, 16_383, None, book.add_format({"bg_color": "yellow"}))  # no value

    source = open_source(str(plan_workbook(tmp_path / "plan.xlsx", ROWS, write)))
    progress = next(tab for tab in source.tabs if tab.title == "Tiến độ")
    assert progress.grid.shape == (2, 15) and progress.grid.at[2, 14] == "ghi thêm"
    (issue,) = source.issues
    assert (issue.code, issue.sheet, issue.cell) == ("cell.outside_table", "progress", cell)
    assert issue.severity == "warning"
    assert "«Tiến độ»" in issue.message and "ngoài bảng" in issue.message and "«lạc»" in issue.message


# --- 2. formula errors -----------------------------------------------------------------------


def test_formula_errors_keep_their_text_in_the_grid_and_are_reported_on_their_cell(tmp_path):
    def errors(book: Any, sheet: Any) -> None:
        sheet.write_formula("A2", "=#REF!", None, "#REF!")
        sheet.write_formula("E2", "=1/0", None, "#DIV/0!")

    path = plan_workbook(tmp_path / "plan.xlsx", ROWS, errors)
    source = open_source(str(path))
    grid = source.tabs[3].grid
    assert (grid.at[2, 0], grid.at[2, 4]) == ("#REF!", "#DIV/0!")
    found = [(i.code, i.cell, i.severity) for i in load_plan(source, 2017).issues]
    assert ("cell.formula_error", "A2", "error") in found and ("cell.formula_error", "E2", "error") in found
    assert ("date.invalid", "A2", "error") in found and ("date.missing", "A2", "error") not in found
    message = next(i.message for i in source.issues if i.cell == "A2")
    assert "«#REF!»" in message and "công thức" in message


# --- 3. CSV bytes and line endings -----------------------------------------------------------


def csv_plan(tmp_path: Path, transform: Callable[[str, bytes], bytes]) -> Path:
    rows = [progress_row("15/03/2017", 1, "TTTK", note="dòng 1\ndòng 2"), progress_row("16/03/2017", 2, "PC")]
    folder = write_csv_folder(tmp_path / "csv", plan_tabs(progress=rows))
    for path in folder.iterdir():
        path.write_bytes(transform(path.stem, path.read_bytes()))
    return folder


def test_one_invalid_byte_is_replaced_and_reported_on_its_cell_while_the_tab_reads_normally(tmp_path):
    def damage(title: str, data: bytes) -> bytes:
        return data.replace("Trần".encode(), b"Tr\xe1n") if title == "Đơn vị" else data

    plan = load_plan(open_source(str(csv_plan(tmp_path, damage))), 2017)
    assert len(plan.progress) == 2
    (issue,) = plan.issues
    assert (issue.code, issue.sheet, issue.cell, issue.severity) == (
        "text.invalid_bytes",
        "units",
        "D3",
        "warning",
    )
    assert "«Đơn vị.csv»" in issue.message and "UTF-8" in issue.message and "\ufffd" in issue.value


@pytest.mark.parametrize("title_row", [False, True], ids=["table", "title row above"])
def test_csv_files_read_the_same_with_crlf_lf_or_cr_line_endings(tmp_path, title_row):
    def ending(end: bytes) -> Callable[[str, bytes], bytes]:
        def rewrite(title: str, data: bytes) -> bytes:
            lines = data.replace(b"\r\n", b"\n").replace(b"\n", end)
            return ("SỔ THEO DÕI".encode() + end + lines) if title_row and title == "Tiến độ" else lines

        return rewrite

    for end in (b"\r\n", b"\n", b"\r"):  # Windows, Unix, old Mac (the note's line break is quoted)
        plan = load_plan(open_source(str(csv_plan(tmp_path / repr(end), ending(end)))), 2017)
        assert [i.code for i in plan.issues] == [], end
        notes = [text.replace("\r\n", "\n").replace("\r", "\n") for text in plan.progress["note"]]
        assert notes == ["dòng 1\ndòng 2", ""], end


# --- 4. zero-width characters ----------------------------------------------------------------


@pytest.mark.parametrize("mark", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])
def test_zero_width_characters_never_hide_an_id_a_date_a_percent_or_a_count(mark):
    assert task_key(f"NV1{mark}") == task_key("NV1") and task_key(f"{mark}1") == task_key("1")
    assert parse_date(f"15/03/2017{mark}") == (date(2017, 3, 15), None)
    assert parse_percent(f"50{mark}%") == (50.0, None) and parse_count(f"3{mark}") == (3, None)
    assert parse_timeframe(f"Quý 1/2017{mark}", 2017) == (Timeframe(date(2017, 3, 31), False), None)
    assert is_blank(mark) and is_blank(f" {mark} ")


def test_a_progress_row_with_zero_width_spaces_counts_like_a_clean_one(tmp_path):
    rows = [progress_row("15/03/2017\u200b", "1\u200b", "TTTK\u200b", "Hoàn thành", "100\u200b")]
    plan = load_plan(open_source(str(write_csv_folder(tmp_path / "p", plan_tabs(progress=rows)))), 2017)
    assert plan.issues == [] and plan.progress["date"].dt.date.tolist() == [date(2017, 3, 15)]


# --- 5. cell addresses written any way calamine reads them ----------------------------------

HEAD_A1 = '<row r="1"><c r="A1" t="inlineStr"><is><t>Ngày</t></is></c></row>'
FAR_ADDRESSES = [  # each would have calamine allocate gigabytes (or crash the process)
    ("xfd200000", 200_000, "XFD200000"),  # lowercase
    ("AAAA30000", 30_000, "AAAA30000"),  # four letters
    ("ZZZZZZ2", 2, "ZZZZZZ2"),
    ("xfd1048576", 1_048_576, "XFD1048576"),
    ("$XFD$1048576", 1_048_576, "XFD1048576"),
    ("XFE2", 2, "XFE2"),  # past the last column a spreadsheet has
]


def run_cli(*args: object) -> subprocess.CompletedProcess[str]:
    """The CLI in a process of its own: a native crash fails the test instead of ending the run."""
    command = [sys.executable, "-m", "cchc", *map(str, args)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("ref, row, cell", FAR_ADDRESSES, ids=[ref for ref, _, _ in FAR_ADDRESSES])
def test_a_far_address_in_any_case_or_length_exits_2_naming_its_cell(tmp_path, ref, row, cell):
    path = hand_workbook(tmp_path / "xa.xlsx", HEAD_A1 + f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>')
    result = run_cli("status", path)
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "source.too_large" in output and f"ô {cell}," in output


@pytest.mark.parametrize("ref, row, cell", FAR_ADDRESSES, ids=[ref for ref, _, _ in FAR_ADDRESSES])
def test_the_quick_scan_sends_a_sheet_with_such_an_address_to_the_exact_measure(ref, row, cell):
    xml = f'<worksheet><sheetData><row r="{row}"><c r="{ref}"><v>1</v></c></row></sheetData></worksheet>'
    assert scan_sheet([xml.encode()], set(), None).suspect


def test_a_cell_without_address_lands_on_its_rows_row_after_the_previous_cell(tmp_path, no_calamine):
    far_row = '<row r="300000"><c r="A1"/><c><v>1</v></c></row>'  # calamine puts the value at B300000
    error = refusal(hand_workbook(tmp_path / "xa.xlsx", HEAD_A1 + far_row))
    assert error.code == "source.too_large" and "ô B300000," in error.message


def test_a_far_address_without_a_value_does_not_move_the_next_cells_row(tmp_path):
    near_row = '<row r="2"><c r="A300000"/><c t="inlineStr"><is><t>gần</t></is></c></row>'
    grid = open_source(str(hand_workbook(tmp_path / "gần.xlsx", HEAD_A1 + near_row))).tabs[0].grid
    assert grid.shape == (2, 2) and grid.at[2, 1] == "gần"


@pytest.mark.parametrize("ref", ["3", "B", "B-3", "A0"])
def test_an_address_calamine_cannot_read_makes_the_file_unreadable(tmp_path, no_calamine, ref):
    rows = HEAD_A1 + f'<row r="2"><c r="{ref}"><v>1</v></c></row>'
    error = refusal(hand_workbook(tmp_path / "hỏng.xlsx", rows))
    assert error.code == "source.unreadable" and f"«{ref}»" in error.message


# --- 6. stray cells far from the table of a CSV or a Google Sheet ----------------------------

TWO_ROWS = [progress_row("15/03/2017", 1, "TTTK"), progress_row("16/03/2017", 2, "PC")]


def far_progress(line: int) -> dict[str, list[list[object]]]:
    """The small plan with «lạc» at column XFD of `line` of «Tiến độ» (4: a line of its own)."""
    tabs = plan_tabs(progress=TWO_ROWS)
    rows: list[list[object]] = [*tabs["Tiến độ"], []]
    rows[line - 1] = [*rows[line - 1], *[""] * (16_383 - len(rows[line - 1])), "lạc"]
    return {**tabs, "Tiến độ": rows}


def assert_stray_left_out(source: Any, cell: str) -> None:
    progress = next(tab for tab in source.tabs if tab.title == "Tiến độ")
    assert progress.grid.shape == (3, 11)
    (issue,) = source.issues
    assert (issue.code, issue.sheet, issue.cell, issue.severity) == (
        "cell.outside_table",
        "progress",
        cell,
        "warning",
    )
    assert "«lạc»" in issue.message


@pytest.mark.parametrize("line", [1, 4], ids=["on the header line", "on a line of its own"])
def test_a_csv_value_at_column_xfd_is_reported_and_left_out_of_the_grid(tmp_path, line):
    folder = write_csv_folder(tmp_path / "xa", far_progress(line))
    assert_stray_left_out(open_source(str(folder)), f"XFD{line}")


def test_exporting_a_csv_with_a_value_at_column_xfd_writes_a_narrow_raw_tab(tmp_path):
    folder = write_csv_folder(tmp_path / "xa", far_progress(4))
    result = run_cli("export", folder, "--out", tmp_path / "out", "--as-of", "2017-10-15")
    assert result.returncode == 0, result.stderr
    with (tmp_path / "out" / "raw" / "Tiến độ.csv").open(encoding="utf-8-sig", newline="") as handle:
        widths = {len(row) for row in csv.reader(handle)}
    assert widths == {11}
    issues = (tmp_path / "out" / "issues.csv").read_text(encoding="utf-8-sig")
    assert "cell.outside_table" in issues and "XFD4" in issues


def test_a_google_sheet_value_at_column_xfd_is_reported_and_left_out_of_the_grid(monkeypatch, tmp_path):
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "cache"))
    with Emulator(far_progress(4)) as server:
        monkeypatch.setenv("CCHC_SHEETS_ENDPOINT", server.base_url)
        source = open_source(f"gsheet:{server.spreadsheet_id}", load_config().google)
    assert_stray_left_out(source, "XFD4")


# --- 7. formula errors in the count column and in the raw snapshot ---------------------------


def test_an_na_error_in_the_count_column_is_a_formula_error_on_its_cell(tmp_path):
    def na(book: Any, sheet: Any) -> None:
        sheet.write_formula("H2", "=NA()", None, "#N/A")  # «Số lượng»

    source = open_source(str(plan_workbook(tmp_path / "plan.xlsx", ROWS, na)))
    assert source.tabs[3].grid.at[2, 7] == "#N/A"
    found = [(i.code, i.cell, i.severity) for i in load_plan(source, 2017).issues]
    assert ("cell.formula_error", "H2", "error") in found


def test_the_raw_snapshot_keeps_a_formula_errors_text(tmp_path):
    def ref(book: Any, sheet: Any) -> None:
        sheet.write_formula("J2", "=#REF!", None, "#REF!")  # «Ghi chú»

    path = plan_workbook(tmp_path / "plan.xlsx", ROWS, ref)
    result = run_cli("export", path, "--out", tmp_path / "out", "--as-of", "2017-10-15")
    assert result.returncode == 0, result.stderr
    with (tmp_path / "out" / "raw" / "Tiến độ.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][9] == "#REF!"


def test_a_csv_tab_longer_than_the_workbook_row_limit_is_read_whole_and_kept_as_parsed():
    import pandas as pd

    from cchc.sources.limits import MAX_ROWS
    from cchc.sources.table_extent import table_grid

    parsed = pd.DataFrame(
        {0: ["Ngày"] + ["01/01/2017"] * (MAX_ROWS + 4), 1: ["Kết quả"] + ["x"] * (MAX_ROWS + 4)}
    )
    parsed = parsed.astype("str")
    grid, issues = table_grid("Tiến độ", parsed)
    assert len(grid) == MAX_ROWS + 5 and not issues
    assert grid.index[0] == 1 and isinstance(grid.dtypes[0], pd.StringDtype)  # no object copy
