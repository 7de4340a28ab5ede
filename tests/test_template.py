"""`template`: the sample as a workbook validates exactly like the CSV sample."""

from datetime import date

import openpyxl

from cchc.assess.status import assess
from cchc.cli.main import main
from cchc.sheet.template import write_template
from cchc.sources import SAMPLE, open_source
from cchc.validate.plan import load_plan
from cchc.vocab.schema import TABS


def _summary(spec):
    plan = load_plan(open_source(spec), 2017)
    status = assess(plan, date(2017, 10, 15))
    return (
        [(a.task_id, a.unit, a.state, a.percent, a.last_update, a.risk) for a in status.assignments],
        sorted((i.code, i.sheet, i.cell) for i in plan.issues),
    )


def test_sample_template_gives_the_same_status_and_issues_as_the_sample(tmp_path):
    out = tmp_path / "mau.xlsx"
    write_template(out, open_source(SAMPLE))
    assert _summary(str(out)) == _summary(SAMPLE)


def test_template_types_dates_and_freezes_headers(tmp_path):
    out = tmp_path / "mau.xlsx"
    write_template(out, open_source(SAMPLE))
    sheet = openpyxl.load_workbook(out)["Tiến độ"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A2"].value.year == 2017 and sheet["A2"].number_format == "dd/mm/yyyy"


def test_empty_template_has_only_canonical_headers(tmp_path, capsys):
    out = tmp_path / "trong.xlsx"
    assert main(["template", "--out", str(out), "--empty"]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [spec.title for spec in TABS]
    for spec in TABS:
        sheet = book[spec.title]
        assert [c.value for c in sheet[1]] == [f.header for f in spec.fields]
        assert sheet.max_row == 1


def test_template_never_overwrites_an_existing_file(tmp_path, capsys):
    out = tmp_path / "co-san.xlsx"
    out.write_bytes(b"du lieu cua don vi")
    assert main(["template", "--out", str(out)]) == 2
    assert out.read_bytes() == b"du lieu cua don vi"
    assert "không ghi đè" in capsys.readouterr().err


def test_template_offers_dropdowns_and_checks_where_units_type(tmp_path):
    out = tmp_path / "mau.xlsx"
    write_template(out, open_source(SAMPLE))
    rules = {
        str(dv.sqref): dv for dv in openpyxl.load_workbook(out)["Tiến độ"].data_validations.dataValidation
    }
    assert rules["D2:D5000"].type == "list" and "Hoàn thành" in rules["D2:D5000"].formula1
    assert rules["B2:B5000"].formula1 == "'Nhiệm vụ'!$A$4:$A$5000"  # below the sample's title rows
    assert rules["C2:C5000"].formula1 == "'Đơn vị'!$A$2:$A$5000"
    assert (rules["A2:A5000"].type, rules["A2:A5000"].errorStyle) == ("date", "stop")
    assert (rules["E2:E5000"].type, rules["E2:E5000"].formula2) == ("decimal", "100")
    assert rules["H2:H5000"].type == "whole"
