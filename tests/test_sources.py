"""Source adapters: a CSV folder and an .xlsx workbook give the same plan."""

from datetime import date, datetime

import pytest

from cchc.assess.status import assess
from cchc.sources import SAMPLE, SourceError, open_source
from cchc.validate.plan import load_plan
from tests.support.plans import plan_tabs, progress_row, write_csv_folder, write_workbook

AS_OF = date(2017, 10, 15)


def summary(source):
    status = assess(load_plan(open_source(str(source)), 2017), AS_OF)
    return (
        [(a.task_id, a.unit, a.state, a.percent, a.last_update, a.risk) for a in status.assignments],
        [(i.code, i.cell) for i in status.plan.issues],
    )


def test_a_workbook_with_typed_cells_reads_like_the_same_data_as_csv(tmp_path):
    text_rows = [
        progress_row("20/03/2017", 1, "TTTK", "Hoàn thành", "100"),
        progress_row("01/10/2017", 2, "PC", "Đang thực hiện", "50,5", count="2"),
    ]
    typed_rows = [
        progress_row(datetime(2017, 3, 20), 1, "TTTK", "Hoàn thành", 1.0),
        progress_row(date(2017, 10, 1), 2.0, "PC", "Đang thực hiện", 0.505, count=2),
    ]
    folder = write_csv_folder(tmp_path / "csv", plan_tabs(progress=text_rows))
    formats = {("Tiến độ", "E2"): "0%", ("Tiến độ", "E3"): "0.0%", ("Tiến độ", "A2"): "dd/mm/yyyy"}
    book = write_workbook(tmp_path / "plan.xlsx", plan_tabs(progress=typed_rows), formats)
    assert summary(book) == summary(folder)
    assert summary(book)[0][0][3] == 100.0  # a cell showing 100% is 100, not 1


def test_a_date_serial_typed_as_a_number_is_a_date(tmp_path):
    book = write_workbook(tmp_path / "plan.xlsx", plan_tabs(progress=[progress_row(42814, 1, "TTTK")]))
    plan = load_plan(open_source(str(book)), 2017)
    assert plan.progress["date"].dt.date.tolist() == [date(2017, 3, 20)]


def test_the_sample_is_the_default_source_and_reads_cleanly():
    raw = open_source(SAMPLE)
    assert raw.kind == "sample"
    # cchc/sample/ holds the four required tabs and the two optional report tabs (SPEC §2, §7)
    required = {"Cấu hình", "Đơn vị", "Nhiệm vụ", "Tiến độ"}
    assert {t.title for t in raw.tabs} == required | {"Báo cáo", "Báo cáo đã gửi"}


def test_csv_files_with_semicolons_and_a_bom_are_read(tmp_path):
    folder = tmp_path / "semi"
    folder.mkdir()
    for title, rows in plan_tabs(progress=[progress_row("01/03/2017", 1, "TTTK")]).items():
        text = "\r\n".join(";".join(str(c) for c in row) for row in rows)
        (folder / f"{title}.csv").write_text(text, encoding="utf-8-sig")
    plan = load_plan(open_source(str(folder)), 2017)
    assert len(plan.progress) == 1 and [i.code for i in plan.issues] == []


def test_a_csv_with_a_short_title_row_above_a_wider_table_is_read(tmp_path):
    tabs = plan_tabs(progress=[progress_row("31/02/2017", 1, "TTTK")])
    tabs["Tiến độ"] = [["SỔ THEO DÕI"], *tabs["Tiến độ"]]
    plan = load_plan(open_source(str(write_csv_folder(tmp_path / "p", tabs))), 2017)
    assert [(i.code, i.cell) for i in plan.issues] == [("date.invalid", "A3")]


@pytest.mark.parametrize("name", ["plan.txt", "plan.json"])
def test_an_unsupported_file_is_refused_with_a_vietnamese_message(tmp_path, name):
    (tmp_path / name).write_text("x")
    with pytest.raises(SourceError) as error:
        open_source(str(tmp_path / name))
    assert error.value.code == "source.unsupported" and name in error.value.message


def test_an_empty_folder_is_not_a_source(tmp_path):
    with pytest.raises(SourceError) as error:
        open_source(str(tmp_path))
    assert error.value.code == "source.empty"
