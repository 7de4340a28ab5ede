"""Plan import (issue 5, item 3): a plan document's task table becomes `Nhiệm vụ` rows."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import docx
import pytest

from cchc.sheet.plan_import import (
    TASK_HEADERS,
    PlanImportError,
    PlanRow,
    import_plan,
    read_plan_table,
    summary_text,
    write_tasks_csv,
)
from cchc.sources import SAMPLE, SAMPLE_DIR, open_source
from cchc.validate.plan import load_plan
from cchc.validate.table import locate_tabs, read_table
from cchc.validate.units import Directory, read_units
from cchc.vocab.schema import UNITS
from tests.support.plans import TASK_HEADER, TASK_HEADER_REV2

PLAN = Path(__file__).parent / "fixtures" / "plan_2017.txt"
TTTK = "Trung tâm Thông tin và Thống kê KHCN"
PC, VP = "Bộ phận Pháp chế", "Văn phòng Sở"
HEADER = "STT\tNội dung tuyên truyền\tThời gian\tPhòng, đơn vị thực hiện"


@pytest.fixture(scope="module")
def units() -> Directory:
    """The bundled sample's `Đơn vị` tab."""
    tabs, _ = locate_tabs(open_source(SAMPLE))
    table, _ = read_table(UNITS, tabs["units"])
    directory, issues = read_units(table)
    assert not issues
    return directory


def seed_cells() -> list[list[str]]:
    """The seed's table (header and 7 rows) as cells, from the fixture."""
    return [line.split("\t") for line in PLAN.read_text(encoding="utf-8").splitlines() if "\t" in line]


def write_plan(folder: Path, *rows: str) -> Path:
    """A small plan text with a task table (tab-separated rows) between paragraphs."""
    path = folder / "ke_hoach.txt"
    lines = ["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH", "", HEADER, *rows, "", "IV. TỔ CHỨC THỰC HIỆN"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_docx(path: Path, cells: list[list[str]]) -> Path:
    """A Word plan: text, an unrelated table, then the task table under a title row."""
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH Thông tin, tuyên truyền cải cách hành chính năm 2017")
    other = document.add_table(rows=1, cols=2)
    other.rows[0].cells[0].text, other.rows[0].cells[1].text = "Nơi nhận", "Sở Nội vụ"
    document.add_paragraph("3. Nội dung, hình thức, thời gian tuyên truyền:")
    table = document.add_table(rows=0, cols=len(cells[0]))
    for values in [["Bảng 1", "", "", ""], *cells]:
        row = table.add_row()
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("III. KINH PHÍ THỰC HIỆN")
    document.save(str(path))
    return path


def leads_and_supports(rows: list[dict[str, str]]) -> list[tuple[str, str]]:
    """Each task's `Đơn vị chủ trì` and `Đơn vị phối hợp` cells."""
    return [(r["Đơn vị chủ trì"], r["Đơn vị phối hợp"]) for r in rows]


SEED_UNITS = [(TTTK, "")] * 4 + [(TTTK, PC), (TTTK, ""), (f"{PC}; {VP}", "")]


def test_the_seed_table_gives_seven_tasks_in_plan_order_with_their_timeframes(units):
    result = import_plan(read_plan_table(PLAN), units)
    assert [r["Mã nhiệm vụ"] for r in result.rows] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [r["Thời gian"] for r in result.rows] == ["Quý 1/2017"] + ["Thường xuyên"] * 6
    assert result.rows[6]["Nội dung"] == "Niêm yết công khai các thủ tục hành chính tại Bộ phận TN&TKQ"
    assert (result.unknown, result.loose, result.problems) == ([], [], [])


def test_the_seed_units_split_into_leads_and_supports_with_the_centre_as_one_unit_despite_va(units):
    result = import_plan(read_plan_table(PLAN), units)
    assert leads_and_supports(result.rows) == SEED_UNITS


def test_rows_have_exactly_the_canonical_headers_and_empty_optional_cells(units):
    result = import_plan(read_plan_table(PLAN), units)
    assert (*TASK_HEADER, *TASK_HEADER_REV2) == TASK_HEADERS
    assert all(tuple(r) == TASK_HEADERS for r in result.rows)
    assert {r["Hình thức"] + r["Hạn hoàn thành"] + r["Chỉ tiêu"] for r in result.rows} == {""}


def test_the_reader_finds_the_table_inside_the_plan_text_and_keeps_line_numbers():
    rows = read_plan_table(PLAN)
    assert [r.line for r in rows] == list(range(13, 20))
    assert rows[4].units_text == f"{TTTK} phối hợp {PC}"


def test_a_docx_plan_with_the_same_table_gives_the_same_tasks(tmp_path, units):
    path = write_docx(tmp_path / "ke_hoach.docx", seed_cells())
    from_docx = import_plan(read_plan_table(path), units)
    from_text = import_plan(read_plan_table(PLAN), units)
    assert from_docx.rows == from_text.rows
    assert [r.line for r in read_plan_table(path)] == list(range(3, 10))


def test_a_markdown_table_is_read_like_a_tab_separated_one(tmp_path, units):
    lines = ["Kế hoạch", "", *("| " + " | ".join(c) + " |" for c in seed_cells()), "", "Hết."]
    lines.insert(3, "|---|---|:---:|---|")
    path = tmp_path / "ke_hoach.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = import_plan(read_plan_table(path), units)
    assert leads_and_supports(result.rows) == SEED_UNITS
    assert result.problems == []


@pytest.mark.parametrize(
    "text",
    [
        f"{TTTK} phối hợp {PC}",
        f"{TTTK} phối hợp với {PC}",
        f"{TTTK} chủ trì, phối hợp {PC}",
        f"TTTK chủ trì phối hợp với {PC}",
    ],
)
def test_every_way_of_writing_phoi_hop_gives_a_lead_and_a_support(units, text):
    result = import_plan([PlanRow("1", "Nội dung", "Quý 1/2017", text, 5)], units)
    assert leads_and_supports(result.rows) == [(TTTK, PC)]


def test_two_units_joined_by_va_after_the_centre_are_three_leads(units):
    text = f"{TTTK} và {PC} và {VP}"
    result = import_plan([PlanRow("1", "Nội dung", "Năm 2017", text, 5)], units)
    assert leads_and_supports(result.rows) == [(f"{TTTK}; {PC}; {VP}", "")]


def test_an_unknown_unit_is_reported_with_its_line_and_closest_match_and_kept_as_written(tmp_path, units):
    path = write_plan(
        tmp_path,
        "1\tTuyên truyền kế hoạch\tQuý 1/2017\tPhòng Tổng hợp phối hợp Văn phòng",
        "2\tCông khai thủ tục\tThường xuyên\tPhòng Kế hoạch Tài vụ",
    )
    result = import_plan(read_plan_table(path), units)
    assert leads_and_supports(result.rows) == [("Phòng Tổng hợp", VP), ("Phòng Kế hoạch Tài vụ", "")]
    found = [(u.name, u.line, u.suggestion) for u in result.unknown]
    assert found == [("Phòng Tổng hợp", 4, None), ("Phòng Kế hoạch Tài vụ", 5, "Phòng Kế hoạch - Tài chính")]
    summary = summary_text(result)
    assert "Đã đọc 2 nhiệm vụ" in summary
    assert (
        "Không tìm thấy đơn vị «Phòng Kế hoạch Tài vụ» (dòng 5) trong trang tính «Đơn vị»; có phải "
        "«Phòng Kế hoạch - Tài chính»? Hãy thêm đơn vị này vào trang tính «Đơn vị» hoặc sửa tên."
    ) in summary
    assert "«Phòng Tổng hợp» (dòng 4)" in summary


def test_an_accent_free_unit_name_is_listed_as_loose_and_written_as_the_full_name(tmp_path, units):
    path = write_plan(tmp_path, "1\tTuyên truyền\tThường xuyên\tBo phan Phap che va Van phong So")
    result = import_plan(read_plan_table(path), units)
    assert leads_and_supports(result.rows) == [(f"{PC}; {VP}", "")]
    assert [(u.name, u.line, u.suggestion) for u in result.loose] == [
        ("Bo phan Phap che", 4, PC),
        ("Van phong So", 4, VP),
    ]
    assert result.unknown == []
    assert "«Bo phan Phap che» (dòng 4) được hiểu là «Bộ phận Pháp chế»" in summary_text(result)


def test_a_row_with_the_wrong_number_of_cells_is_reported_with_its_line_and_left_out(tmp_path, units):
    path = write_plan(tmp_path, "1\tTuyên truyền\tQuý 1/2017", f"2\tCông khai\tThường xuyên\t{VP}")
    result = import_plan(read_plan_table(path), units)
    assert [r["Mã nhiệm vụ"] for r in result.rows] == ["2"]
    assert [(p.line, p.message) for p in result.problems] == [(4, "dòng có 3 ô nhưng bảng có 4 cột")]
    assert "Dòng 4: dòng có 3 ô nhưng bảng có 4 cột; dòng này bị bỏ qua." in summary_text(result)


def test_a_trailing_tab_adds_no_column_and_a_row_without_stt_is_reported(tmp_path, units):
    path = write_plan(tmp_path, f"1\tTuyên truyền\tQuý 1/2017\t{VP}\t", f"\tCông khai\tThường xuyên\t{PC}")
    path.write_text(path.read_text(encoding="utf-8").replace(HEADER, HEADER + "\t"), encoding="utf-8")
    result = import_plan(read_plan_table(path), units)
    assert leads_and_supports(result.rows) == [(VP, "")]
    assert [(p.line, p.message) for p in result.problems] == [(5, "dòng thiếu STT")]


def test_a_merged_heading_row_in_a_docx_is_reported_and_a_merged_unit_cell_counts_for_each_row(
    tmp_path, units
):
    document = docx.Document()
    table = document.add_table(rows=4, cols=4)
    for cell, value in zip(table.rows[0].cells, HEADER.split("\t"), strict=True):
        cell.text = value
    table.cell(1, 0).merge(table.cell(1, 3)).text = "I. Tuyên truyền chung"
    for row, (stt, content) in zip(table.rows[2:], [("1", "Tuyên truyền"), ("2", "Niêm yết")], strict=True):
        row.cells[0].text, row.cells[1].text, row.cells[2].text = stt, content, "Thường xuyên"
    table.cell(2, 3).merge(table.cell(3, 3)).text = f"{PC} chủ trì, phối hợp {VP}"
    document.save(str(tmp_path / "ke_hoach.docx"))
    result = import_plan(read_plan_table(tmp_path / "ke_hoach.docx"), units)
    assert leads_and_supports(result.rows) == [(PC, VP), (PC, VP)]
    assert [p.line for p in result.problems] == [2]


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("ke_hoach.docx", b"not a zip file", "plan.unreadable"),
        ("ke_hoach.txt", "STT\tN\xf4i dung".encode("latin-1"), "plan.encoding"),
        ("ke_hoach.doc", b"\xd0\xcf\x11\xe0", "plan.unsupported"),
    ],
)
def test_a_file_that_cannot_be_read_is_an_error_that_says_how_to_fix_it(tmp_path, name, data, code):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(PlanImportError, match="Hãy") as error:
        read_plan_table(path)
    assert error.value.code == code


def test_a_document_without_a_task_table_is_an_error_that_names_the_columns(tmp_path):
    path = tmp_path / "cong_van.txt"
    path.write_text("Kính gửi: Sở Nội vụ\n\nNội dung\tThời gian\n", encoding="utf-8")
    with pytest.raises(PlanImportError, match="Không tìm thấy bảng nhiệm vụ") as error:
        read_plan_table(path)
    assert error.value.code == "plan.no_table"


def _sample_without_tasks(folder: Path) -> Path:
    folder.mkdir()
    for name in ("Cấu hình.csv", "Tiến độ.csv", "Đơn vị.csv"):
        shutil.copy(SAMPLE_DIR / name, folder / name)
    return folder


def test_the_written_tasks_file_loads_as_the_plans_tasks_without_task_issues(tmp_path, units):
    folder = _sample_without_tasks(tmp_path / "plan")
    path = write_tasks_csv(import_plan(read_plan_table(PLAN), units), folder)
    assert path == folder / "Nhiệm vụ.csv"
    plan = load_plan(open_source(str(folder)), fallback_year=2017)
    assert [i for i in plan.issues if i.sheet == "tasks"] == []
    assert [(t.task_id, t.leads, t.supports) for t in plan.tasks] == [
        *((str(n), ("TTTK",), ()) for n in range(1, 5)),
        ("5", ("TTTK",), ("PC",)),
        ("6", ("TTTK",), ()),
        ("7", ("PC", "VP"), ()),
    ]
    assert (plan.tasks[0].due, plan.tasks[1].ongoing) == (date(2017, 3, 31), True)


def test_writing_the_tasks_file_never_overwrites_an_existing_one(tmp_path, units):
    folder = _sample_without_tasks(tmp_path / "plan")
    existing = folder / "Nhiệm vụ.csv"
    existing.write_text("Mã nhiệm vụ,Nội dung\n1,Dữ liệu của người dùng\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_tasks_csv(import_plan(read_plan_table(PLAN), units), folder)
    assert existing.read_text(encoding="utf-8") == "Mã nhiệm vụ,Nội dung\n1,Dữ liệu của người dùng\n"


def test_the_plan_import_command_prints_the_summary_and_writes_the_tasks_once(tmp_path, capsys):
    from cchc.cli.main import main

    fixture = Path(__file__).parent / "fixtures" / "plan_2017.txt"
    assert main(["plan", "import", str(fixture)]) == 0
    assert "7 nhiệm vụ" in capsys.readouterr().out
    assert main(["plan", "import", str(fixture), "--out", str(tmp_path / "ra")]) == 0
    assert (tmp_path / "ra" / "Nhiệm vụ.csv").exists()
    assert main(["plan", "import", str(fixture), "--out", str(tmp_path / "ra")]) == 2
    assert "không ghi đè" in capsys.readouterr().err


def test_the_plan_import_command_exits_1_when_a_unit_is_unknown(tmp_path, capsys):
    from cchc.cli.main import main

    plan = tmp_path / "ke-hoach.txt"
    plan.write_text(
        "STT\tNội dung tuyên truyền\tThời gian\tPhòng, đơn vị thực hiện\n"
        "1\tTuyên truyền\tQuý 2/2017\tPhòng Tổng hợp\n",
        encoding="utf-8",
    )
    assert main(["plan", "import", str(plan)]) == 1
    assert "Phòng Tổng hợp" in capsys.readouterr().out
