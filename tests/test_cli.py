"""The command line (SPEC §7, §8) through `cchc.cli.main.main(argv)`, in process.

Every bad input must give a Vietnamese message naming the file, tab or cell, the exit code of
§8, and never a traceback. Test sources are tiny CSV folders written by `plan_source`, each
broken in one way.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from cchc.cli.main import main
from cchc.snapshot import serialize
from cchc.sources import open_source
from cchc.validate.plan import load_plan
from tests.support.plans import (
    ASSIGNMENT_FIELDS,
    PROGRESS_HEADER,
    REPORT_FIELDS,
    RISKS,
    TASK_HEADER,
    UNIT_HEADER,
)
from tests.support.plans import write_csv_folder as write_titled_tabs

AS_OF = "2017-10-15"
VIETNAMESE = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE
)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# --- a tiny valid plan, tab title → rows (canonical headers of cchc/schema.py) -------------

TITLES = {"settings": "Cấu hình", "units": "Đơn vị", "tasks": "Nhiệm vụ", "progress": "Tiến độ"}
PLAN: dict[str, list[list[str]]] = {
    "settings": [
        ["Khóa", "Giá trị"],
        ["ten_ke_hoach", "Kế hoạch tuyên truyền CCHC năm 2017"],
        ["nam", "2017"],
    ],
    "units": [
        UNIT_HEADER,
        ["TTTK", "Trung tâm Thông tin và Thống kê KHCN", "Trung tâm Thông tin", "Trần Minh Hoàng", ""],
        ["VP", "Văn phòng Sở", "", "Đặng Văn Lợi", ""],
        ["PC", "Bộ phận Pháp chế", "Pháp chế", "Lê Thị Ngọc Hân", ""],
    ],
    "tasks": [
        TASK_HEADER,
        ["1", "Tuyên truyền Kế hoạch CCHC năm 2017", "Quý 1/2017", "TTTK", "VP", "Trang TTĐT", "", ""],
        ["2", "Cập nhật thủ tục hành chính trên cổng", "Thường xuyên", "VP", "PC", "", "", "12"],
    ],
    "progress": [
        PROGRESS_HEADER,
        [
            "05/03/2017",
            "1",
            "TTTK",
            "Hoàn thành",
            "100",
            "Đăng 3 tin bài",
            "Trang TTĐT",
            "3",
            "",
            "",
            "Hoàng",
        ],
        ["20/03/2017", "1", "VP", "Đang thực hiện", "40", "Họp giao ban", "Họp giao ban", "1", "", "", ""],
        ["01/10/2017", "2", "VP", "Đang thực hiện", "", "Cập nhật 2 thủ tục", "Trang TTĐT", "2", "", "", ""],
        ["02/10/2017", "2", "PC", "Đang thực hiện", "", "Rà soát văn bản", "", "", "", "", "Hân"],
    ],
}
Tabs = dict[str, list[list[str]]]


def plan_tabs() -> Tabs:
    """A fresh copy of the tiny plan, to break in one way."""
    return copy.deepcopy(PLAN)


def write_csv_folder(folder: Path, tabs: Tabs) -> Path:
    """Write tabs (sheet key → rows; None drops the tab) as one UTF-8 CSV file per tab."""
    return write_titled_tabs(folder, {TITLES.get(k, k): rows for k, rows in tabs.items() if rows is not None})


@pytest.fixture
def plan_source(tmp_path: Path) -> Callable[..., Path]:
    """Write the tiny plan as a CSV folder, with tabs replaced (rows) or dropped (None)."""

    def build(name: str = "plan", **replaced: list[list[str]] | None) -> Path:
        tabs: dict[str, Any] = plan_tabs()
        tabs.update(replaced)
        return write_csv_folder(tmp_path / name, tabs)

    return build


@dataclass
class Run:
    """What one call of the CLI did."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run `main(argv)`; whatever the input, there is never a traceback."""

    def run(*argv: object) -> Run:
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.out + captured.err
        return Run(code, captured.out, captured.err)

    return run


def codes(issues: list[dict[str, Any]], severity: str | None = None) -> list[str]:
    return [i["code"] for i in issues if severity is None or i["severity"] == severity]


def only(issues: list[dict[str, Any]], code: str) -> dict[str, Any]:
    found = [i for i in issues if i["code"] == code]
    assert len(found) == 1, issues
    return found[0]


# --- exit codes (SPEC §8) --------------------------------------------------------------------


def test_validate_exits_0_on_clean_data(cli, plan_source):
    run = cli("validate", plan_source(), "--format", "json")
    assert run.code == 0
    assert run.json()["issues"] == []


def test_validate_exits_0_when_there_are_only_warnings(cli, plan_source):
    tabs = plan_tabs()
    # PC is neither lead nor support of task 1: a warning, the row still counts.
    tabs["progress"].append(["10/03/2017", "1", "PC", "Đang thực hiện", "", "", "", "", "", "", ""])
    run = cli("validate", plan_source(progress=tabs["progress"]), "--format", "json")
    assert run.code == 0
    assert codes(run.json()["issues"]) == ["unit.not_assigned"]


def test_validate_exits_1_on_data_errors(cli, plan_source):
    tabs = plan_tabs()
    tabs["progress"][2][0] = "31/02/2017"
    run = cli("validate", plan_source(progress=tabs["progress"]), "--format", "json")
    assert run.code == 1
    issue = only(run.json()["issues"], "date.invalid")
    assert (issue["sheet"], issue["cell"], issue["row"], issue["value"]) == (
        "progress",
        "A3",
        3,
        "31/02/2017",
    )
    assert "A3" in issue["message"]


def test_validate_exits_1_when_a_required_tab_is_missing(cli, plan_source):
    run = cli("validate", plan_source(progress=None), "--format", "json")
    assert run.code == 1
    issue = only(run.json()["issues"], "tab.missing")
    assert issue["severity"] == "error"
    assert "«Tiến độ»" in issue["message"]


def test_validate_exits_1_when_a_required_header_is_missing(cli, plan_source):
    rows = [[c for i, c in enumerate(r) if i != 3] for r in plan_tabs()["progress"]]  # no Trạng thái
    run = cli("validate", plan_source(progress=rows), "--format", "json")
    assert run.code == 1
    issue = only(run.json()["issues"], "header.missing")
    assert issue["severity"] == "error"
    assert "«Tiến độ»" in issue["message"] and "«Trạng thái»" in issue["message"]


def test_a_missing_settings_tab_is_only_a_warning(cli, plan_source):
    source = plan_source(settings=None)
    run = cli("validate", source, "--format", "json")
    assert run.code == 0
    assert codes(run.json()["issues"], "warning") == ["tab.missing"]
    assert cli("status", source, "--as-of", AS_OF).code == 0


def test_status_exits_0_whatever_the_data_errors(cli):
    run = cli("status", "--as-of", AS_OF, "--format", "json")
    assert run.code == 0
    assert run.json()["issue_counts"] == {"error": 8, "warning": 9}  # the sample's deliberate mistakes


def test_status_exits_2_when_a_required_tab_is_missing(cli, plan_source):
    run = cli("status", plan_source(units=None), "--as-of", AS_OF, "--format", "json")
    assert run.code == 2
    assert run.out == ""
    assert "«Đơn vị»" in run.err and VIETNAMESE.search(run.err)


def test_status_exits_2_when_a_required_header_is_missing(cli, plan_source):
    rows = [r[:1] + r[2:] for r in plan_tabs()["tasks"]]  # no Nội dung
    run = cli("status", plan_source(tasks=rows), "--as-of", AS_OF)
    assert run.code == 2
    assert "«Nhiệm vụ»" in run.err and "«Nội dung»" in run.err


@pytest.mark.parametrize("command", ["validate", "status", "export"])
def test_every_command_exits_2_when_the_source_does_not_exist(cli, tmp_path, command):
    missing = tmp_path / "không có"
    extra = ["--out", tmp_path / "snap"] if command == "export" else []
    run = cli(command, missing, "--as-of", AS_OF, *extra)
    assert run.code == 2
    assert "[source.not_found]" in run.err
    assert str(missing) in run.err
    assert not (tmp_path / "snap").exists()


def test_export_exits_0_on_data_with_errors(cli, tmp_path):
    run = cli("export", "--out", tmp_path / "snap", "--as-of", AS_OF)
    assert run.code == 0
    assert (tmp_path / "snap" / "manifest.json").is_file()


def test_export_exits_2_when_a_required_tab_is_missing_and_writes_nothing(cli, plan_source, tmp_path):
    run = cli("export", plan_source(tasks=None), "--out", tmp_path / "snap", "--as-of", AS_OF)
    assert run.code == 2
    assert "«Nhiệm vụ»" in run.err
    assert not (tmp_path / "snap").exists()
    assert not list(tmp_path.glob(".snap.*"))


# --- JSON and CSV shapes (SPEC §4, §8) -----------------------------------------------------

ISSUE_KEYS = {"severity", "sheet", "row", "column", "cell", "code", "message", "value"}
STATUS_KEYS = {
    "as_of",
    "source",
    "plan",
    "assignments",
    "contributions",
    "tasks",
    "units",
    "reports",
    "issue_counts",
}
SOURCE_KEYS = {"kind", "name", "read_at", "stale", "stale_reason"}
TASK_KEYS = {"task_id", "content", "start", "due", "ongoing", "risk", "outputs", "target"}
UNIT_KEYS = {"unit", "name", "assignments", *RISKS, "last_update", "days_since_update", "contributions"}
UNIT_KEYS |= {"on_time", "on_time_rate"}
REPORT_KEYS = set(REPORT_FIELDS)


@pytest.fixture
def sample_status(cli) -> dict[str, Any]:
    run = cli("status", "--as-of", AS_OF, "--format", "json")
    assert run.code == 0
    return run.json()


def test_validate_json_holds_the_source_and_issue_records_with_exactly_the_spec_keys(cli):
    run = cli("validate", "--format", "json")
    doc = run.json()
    assert set(doc) == {"source", "issues"}
    assert doc["source"].endswith("sample")
    assert len(doc["issues"]) == 17  # tests/test_sample.py lists them
    for issue in doc["issues"]:
        assert set(issue) == ISSUE_KEYS
        assert issue["severity"] in {"error", "warning"}
        assert issue["sheet"] in {"settings", "units", "tasks", "progress", "reports", "sent_reports", None}
        assert isinstance(issue["row"], int) and isinstance(issue["cell"], str)
        assert VIETNAMESE.search(issue["message"]) and issue["cell"] in issue["message"]


def test_status_json_has_exactly_the_spec_keys(sample_status):
    doc = sample_status
    assert set(doc) == STATUS_KEYS
    assert doc["as_of"] == AS_OF
    assert set(doc["source"]) == SOURCE_KEYS
    assert doc["source"]["kind"] == "sample" and doc["source"]["stale"] is False
    assert doc["source"]["stale_reason"] is None
    assert doc["plan"] == {
        "title": "Kế hoạch Thông tin, tuyên truyền cải cách hành chính của Sở Khoa học và Công nghệ năm 2017",
        "year": 2017,
    }
    assert doc["assignments"] and all(list(a) == ASSIGNMENT_FIELDS for a in doc["assignments"])
    assert doc["tasks"] and all(set(t) == TASK_KEYS for t in doc["tasks"])
    assert doc["units"] and all(set(u) == UNIT_KEYS for u in doc["units"])
    assert [set(r) for r in doc["reports"]] == [REPORT_KEYS, REPORT_KEYS]
    assert [r["kind"] for r in doc["reports"]] == ["half_year", "annual"]
    assert set(doc["issue_counts"]) == {"error", "warning"}
    assert {a["risk"] for a in doc["assignments"]} <= set(RISKS)
    assert all(a["role"] in {"lead", "support"} for a in doc["assignments"])


def test_every_date_in_status_json_is_iso_or_null(sample_status):
    doc = sample_status
    dates = [doc["as_of"]]
    dates += [a[k] for a in doc["assignments"] for k in ("due", "last_update", "completed_on")]
    dates += [t["due"] for t in doc["tasks"]]
    dates += [u["last_update"] for u in doc["units"]]
    dates += [r[k] for r in doc["reports"] for k in ("due", "period_start", "period_end")]
    assert all(d is None or ISO_DATE.match(d) for d in dates), dates
    assert any(d is None for d in dates) and sum(1 for d in dates if d) > 20


def test_status_json_lists_tasks_in_plan_order(sample_status):
    assert [t["task_id"] for t in sample_status["tasks"]] == ["1", "2", "3", "4", "5", "6", "7"]


def test_status_json_lists_assignments_by_task_with_leads_first(sample_status):
    assignments = sample_status["assignments"]
    task_order = [t["task_id"] for t in sample_status["tasks"]]
    positions = [task_order.index(a["task_id"]) for a in assignments]
    assert positions == sorted(positions)
    for task_id in task_order:
        roles = [a["role"] for a in assignments if a["task_id"] == task_id]
        assert roles[0] == "lead" and roles == sorted(roles)  # "lead" < "support"


def test_status_json_lists_units_in_vietnamese_alphabetical_order(sample_status):
    assert [u["unit"] for u in sample_status["units"]] == [
        "PC",  # Bộ phận Pháp chế
        "CCTC",  # Chi cục Tiêu chuẩn Đo lường Chất lượng
        "KHTC",  # Phòng Kế hoạch - Tài chính
        "QLCN",  # Phòng Quản lý Công nghệ và Thị trường công nghệ
        "QLKH",  # Phòng Quản lý Khoa học
        "TTRA",  # Thanh tra Sở
        "TTTK",  # Trung tâm Thông tin và Thống kê KHCN
        "TTUD",  # Trung tâm Ứng dụng tiến bộ KH&CN
        "VP",  # Văn phòng Sở
    ]


def test_units_sort_a_before_ă_before_â_and_đ_after_d_not_by_code_point(cli, plan_source):
    units = [
        UNIT_HEADER,
        ["VP", "Văn phòng Sở", "", "", ""],
        ["DKT", "Đội Kiểm tra", "", "", ""],
        ["BAT", "Ban Âm thanh", "", "", ""],
        ["BAU", "Ban Ăn uống", "", "", ""],
        ["DV", "Dịch vụ", "", "", ""],
        ["BAN", "Ban An ninh", "", "", ""],
    ]
    tasks = [TASK_HEADER, ["1", "Tuyên truyền", "Quý 1/2017", "VP", "", "", "", ""]]
    progress = [PROGRESS_HEADER]
    run = cli(
        "status",
        plan_source(units=units, tasks=tasks, progress=progress),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    )
    assert [u["name"] for u in run.json()["units"]] == [
        "Ban An ninh",
        "Ban Ăn uống",
        "Ban Âm thanh",
        "Dịch vụ",
        "Đội Kiểm tra",
        "Văn phòng Sở",
    ]


def test_status_csv_prints_the_assignments_with_a_header_row(cli, sample_status):
    run = cli("status", "--as-of", AS_OF, "--format", "csv")
    assert run.code == 0
    assert run.out.splitlines()[0] == ",".join(ASSIGNMENT_FIELDS)
    frame = pd.read_csv(io.StringIO(run.out), dtype=str, keep_default_na=False)
    assert len(frame) == len(sample_status["assignments"])
    expected = [(a["task_id"], a["unit"], a["role"], a["risk"]) for a in sample_status["assignments"]]
    assert list(frame[["task_id", "unit", "role", "risk"]].itertuples(index=False, name=None)) == expected


def test_status_text_is_vietnamese_and_names_the_next_report(cli):
    run = cli("status", "--as-of", AS_OF)
    assert run.code == 0
    assert "14/12/2017" in run.out and "còn 60 ngày" in run.out  # the last day before «trước ngày 15/12»
    assert "Tính đến ngày 15/10/2017" in run.out


def test_the_sample_at_15_october_2017_has_its_known_facts(sample_status):
    by_pair = {(a["task_id"], a["unit"]): a for a in sample_status["assignments"]}
    lead = by_pair[("1", "TTTK")]
    assert (lead["role"], lead["state"], lead["risk"]) == ("lead", "done", "done_on_time")
    # finished 30/03 (Ngày hoàn thành), typed 05/04: on time
    assert (lead["due"], lead["completed_on"], lead["last_update"]) == (
        "2017-03-31",
        "2017-03-30",
        "2017-04-05",
    )
    assert ("1", "QLCN") not in by_pair  # a contribution, not an assignment
    assert {"task_id": "1", "unit": "QLCN", "rows": 1, "last_update": "2017-02-08"} in sample_status[
        "contributions"
    ]
    assert sample_status["tasks"][0]["risk"] == "done_on_time"
    half_year, annual = sample_status["reports"]
    assert half_year["sent"] == {"number": "112/BC-SKHCN", "date": "2017-06-13", "signer": "Mai Thành Quang"}
    assert half_year["late"] is False
    assert annual == {
        "kind": "annual",
        "due": "2017-12-15",
        "last_day": "2017-12-14",
        "period_start": "2016-12-15",
        "period_end": "2017-12-14",
        "days_left": 60,
        "unit_deadline": "2017-12-10",
        "sent": None,
        "late": False,
    }


def test_as_of_travels_back_in_time(cli):
    doc = cli("status", "--as-of", "2017-03-01", "--format", "json").json()
    lead = next(a for a in doc["assignments"] if (a["task_id"], a["unit"]) == ("1", "TTTK"))
    assert lead["risk"] != "done_late" and lead["completed_on"] is None
    assert doc["reports"][0]["days_left"] == 105  # the half-year report's last day is 14/06/2017
    assert doc["reports"][0]["sent"] is None  # it is sent on 13/06


# --- configuration precedence (SPEC §7) ----------------------------------------------------


def write_secrets(folder: Path, source: Path | None) -> None:
    (folder / ".streamlit").mkdir(exist_ok=True)
    body = '[gcp_service_account]\nclient_email = "x@y.iam.gserviceaccount.com"\n'
    if source is not None:
        body += f"\n[cchc]\nsource = {json.dumps(str(source))}\n"
    (folder / ".streamlit" / "secrets.toml").write_text(body, encoding="utf-8")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"argument", "environment", "secrets"}, "argument"),
        ({"environment", "secrets"}, "environment"),
        ({"secrets"}, "secrets"),
        (set(), "sample"),
    ],
)
def test_the_source_is_the_argument_then_cchc_source_then_secrets_then_the_sample(
    cli, plan_source, tmp_path, monkeypatch, given, expected
):
    folders = {name: plan_source(name) for name in ("argument", "environment", "secrets")}
    if "environment" in given:
        monkeypatch.setenv("CCHC_SOURCE", str(folders["environment"]))
    write_secrets(tmp_path, folders["secrets"] if "secrets" in given else None)
    argument = [folders["argument"]] if "argument" in given else []
    source = cli("status", *argument, "--as-of", AS_OF, "--format", "json").json()["source"]
    if expected == "sample":
        assert source["kind"] == "sample"
        assert Path(source["name"]).name == "sample"
    else:
        assert (source["kind"], source["name"]) == ("csv", str(folders[expected]))


def test_an_unreadable_secrets_file_falls_back_to_the_sample(cli, tmp_path):
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text("[cchc\nsource = ", encoding="utf-8")
    run = cli("status", "--as-of", AS_OF, "--format", "json")
    assert run.code == 0
    assert run.json()["source"]["kind"] == "sample"


# --- bad input: a clear Vietnamese message, the right exit code, never a traceback ---------


def empty_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()  # one empty sheet, "Sheet"
    book.save(path)
    return path


def test_an_empty_workbook_reports_each_missing_tab_and_status_exits_2(cli, tmp_path):
    source = empty_workbook(tmp_path / "trống.xlsx")
    run = cli("validate", source, "--format", "json")
    assert run.code == 1
    issues = run.json()["issues"]
    missing = {i["value"]: i for i in issues if i["code"] == "tab.missing"}
    assert {t: missing[t]["severity"] for t in missing} == {
        "Cấu hình": "warning",
        "Đơn vị": "error",
        "Nhiệm vụ": "error",
        "Tiến độ": "error",
    }
    for title, issue in missing.items():
        assert f"«{title}»" in issue["message"] and VIETNAMESE.search(issue["message"])
    status = cli("status", source, "--as-of", AS_OF)
    assert status.code == 2
    assert all(f"«{t}»" in status.err for t in ("Đơn vị", "Nhiệm vụ", "Tiến độ"))


def test_a_folder_without_the_progress_file_reports_the_missing_tab(cli, plan_source):
    source = plan_source(progress=None)
    assert not (source / "Tiến độ.csv").exists()
    run = cli("validate", source)
    assert run.code == 1
    assert "tab.missing" in run.out and "«Tiến độ»" in run.out
    status = cli("status", source, "--as-of", AS_OF, "--format", "json")
    assert status.code == 2 and "«Tiến độ»" in status.err


def test_a_tab_with_only_headers_is_a_warning(cli, plan_source):
    source = plan_source(progress=[PROGRESS_HEADER])
    run = cli("validate", source, "--format", "json")
    assert run.code == 0
    issue = only(run.json()["issues"], "tab.no_rows")
    assert (issue["severity"], issue["sheet"], issue["row"]) == ("warning", "progress", 1)
    assert "«Tiến độ»" in issue["message"]
    doc = cli("status", source, "--as-of", AS_OF, "--format", "json").json()
    assert {a["risk"] for a in doc["assignments"] if a["task_id"] == "1"} == {"overdue"}


def test_title_rows_above_the_header_are_allowed_and_rows_count_from_the_top(cli, plan_source):
    rows = plan_tabs()["progress"]
    rows[3][0] = "32/03/2017"  # the 3rd data row
    titled = [["NHẬT KÝ TIẾN ĐỘ CCHC NĂM 2017"], [], *rows]  # header on row 3
    source = plan_source(progress=titled)
    run = cli("validate", source, "--format", "json")
    issue = only(run.json()["issues"], "date.invalid")
    assert len(run.json()["issues"]) == 1  # the title rows themselves are no problem
    assert (issue["row"], issue["cell"]) == (6, "A6")
    assert "A6" in issue["message"]
    rows[3][0] = "20/03/2017"
    clean = plan_source("clean", progress=[["NHẬT KÝ TIẾN ĐỘ CCHC NĂM 2017"], [], *rows])
    assert cli("validate", clean, "--format", "json").json()["issues"] == []


def test_a_duplicated_header_is_an_error_naming_its_cell(cli, plan_source):
    rows = [[*r, "ghi thêm"] for r in plan_tabs()["progress"]]
    rows[0][-1] = "Kết quả"
    run = cli("validate", plan_source(progress=rows), "--format", "json")
    assert run.code == 1
    issue = only(run.json()["issues"], "header.duplicate")
    assert (issue["severity"], issue["cell"], issue["column"]) == ("error", "L1", "Kết quả")
    assert "L1" in issue["message"] and "«Tiến độ»" in issue["message"]


def test_a_blank_header_over_a_column_with_data_is_a_warning_naming_its_cell(cli, plan_source):
    rows = [[*r, "dữ liệu lạc"] for r in plan_tabs()["progress"]]
    rows[0][-1] = ""
    run = cli("validate", plan_source(progress=rows), "--format", "json")
    assert run.code == 0
    issue = only(run.json()["issues"], "header.blank")
    assert (issue["severity"], issue["cell"]) == ("warning", "L1")
    assert "L1" in issue["message"] and "«Tiến độ»" in issue["message"]


def test_a_50000_character_cell_is_an_error_with_a_short_value(cli, plan_source):
    rows = plan_tabs()["progress"]
    rows[2][5] = "Đăng tin " * 5000 + "x" * 5000  # 50,000 characters in Kết quả
    assert len(rows[2][5]) == 50_000
    source = plan_source(progress=rows)
    run = cli("validate", source, "--format", "json")
    assert run.code == 1
    issue = only(run.json()["issues"], "cell.too_long")
    assert (issue["sheet"], issue["cell"], issue["column"]) == ("progress", "F3", "Kết quả")
    assert "F3" in issue["message"] and "50000" in issue["message"]
    assert len(issue["value"]) <= 200
    assert len(run.out) < 10_000  # the cell is not echoed in full
    # An error in an optional cell: the row still counts.
    doc = cli("status", source, "--as-of", AS_OF, "--format", "json").json()
    support = next(a for a in doc["assignments"] if (a["task_id"], a["unit"]) == ("1", "VP"))
    assert support["last_update"] == "2017-03-20"


JUNK = bytes(range(256)) * 8 + b"PK\x03\x04\x00\x00\x00binary"


def test_binary_junk_in_a_csv_file_is_an_error_naming_the_file(cli, plan_source):
    source = plan_source()
    (source / "Tiến độ.csv").write_bytes(JUNK)
    run = cli("validate", source, "--format", "json")
    assert run.code == 1
    issue = only(run.json()["issues"], "file.binary")
    assert issue["severity"] == "error"
    assert "«Tiến độ.csv»" in issue["message"] and VIETNAMESE.search(issue["message"])
    assert "tab.missing" in codes(run.json()["issues"])
    assert cli("status", source, "--as-of", AS_OF).code == 2


def test_a_file_named_xlsx_that_is_not_a_workbook_exits_2(cli, tmp_path):
    fake = tmp_path / "kế hoạch.xlsx"
    fake.write_text("Mã nhiệm vụ,Nội dung\n1,Tuyên truyền\n", encoding="utf-8")
    for command in ("validate", "status"):
        run = cli(command, fake, "--as-of", AS_OF)
        assert run.code == 2
        assert "[source.unreadable]" in run.err
        assert "«kế hoạch.xlsx»" in run.err and VIETNAMESE.search(run.err)
        assert run.out == ""


def test_a_nonexistent_path_exits_2_naming_it(cli, tmp_path):
    run = cli("validate", tmp_path / "nhầm.xlsx", "--format", "json")
    assert run.code == 2
    assert "[source.not_found]" in run.err and "nhầm.xlsx" in run.err
    assert VIETNAMESE.search(run.err)


def test_a_folder_without_csv_files_exits_2(cli, tmp_path):
    (tmp_path / "rỗng").mkdir()
    run = cli("status", tmp_path / "rỗng", "--as-of", AS_OF)
    assert run.code == 2
    assert "[source.empty]" in run.err and "rỗng" in run.err


def test_a_file_of_an_unsupported_kind_exits_2(cli, tmp_path):
    (tmp_path / "kế hoạch.txt").write_text("x", encoding="utf-8")
    run = cli("validate", tmp_path / "kế hoạch.txt")
    assert run.code == 2
    assert "[source.unsupported]" in run.err and "«kế hoạch.txt»" in run.err


def test_export_into_a_folder_that_holds_files_exits_2_and_leaves_them_untouched(cli, tmp_path):
    out = tmp_path / "bản chụp"
    out.mkdir()
    (out / "báo cáo.docx").write_bytes(b"keep me")
    run = cli("export", "--out", out, "--as-of", AS_OF)
    assert run.code == 2
    assert f"«{out}»" in run.err and VIETNAMESE.search(run.err)
    assert [p.name for p in out.iterdir()] == ["báo cáo.docx"]
    assert (out / "báo cáo.docx").read_bytes() == b"keep me"


@pytest.mark.parametrize(
    "argv",
    [
        ["frobnicate"],
        [],
        ["status", "--as-of", "15/10/2017"],
        ["status", "--as-of", "2017-02-30"],
        ["validate", "--format", "xml"],
        ["status", "--bogus"],
        ["export", "--out"],  # --out needs a folder
        ["validate", "a", "b"],
    ],
    ids=[
        "unknown-command",
        "no-command",
        "day-first-as-of",
        "impossible-as-of",
        "bad-format",
        "bad-option",
        "no-out",
        "two-sources",
    ],
)
def test_a_wrong_call_exits_2_with_a_vietnamese_message(cli, argv):
    run = cli(*argv)
    assert run.code == 2
    assert run.out == ""
    assert "Lệnh không đúng" in run.err and VIETNAMESE.search(run.err)


def test_a_bad_as_of_message_names_the_value_and_the_expected_form(cli):
    run = cli("status", "--as-of", "15/10/2017")
    assert "«15/10/2017»" in run.err and "YYYY-MM-DD" in run.err


# --- a CSV saved by Excel in Windows-1258 with `;` separators (SPEC §7) ---------------------

TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng


def to_cp1258(text: str) -> bytes:
    """Encode as Excel does: letters cp1258 lacks become base letter + combining tone mark."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258")
    return bytes(out)


def all_text(tabs: Tabs) -> str:
    return "\n".join(cell for rows in tabs.values() for row in rows for cell in row)


def test_the_cp1258_helper_round_trips_vietnamese_text():
    text = all_text(PLAN) + " ậ ặ ỗ ữ ợ ỵ Ấ Ỹ đ Đ ơ ư ã ẽ"
    encoded = to_cp1258(text)
    assert encoded != text.encode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        encoded.decode("utf-8")
    assert unicodedata.normalize("NFC", encoded.decode("cp1258")) == unicodedata.normalize("NFC", text)


def write_excel_cp1258(folder: Path, tabs: Tabs) -> Path:
    folder.mkdir(parents=True)
    for sheet, rows in tabs.items():
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
        (folder / f"{TITLES[sheet]}.csv").write_bytes(to_cp1258(buffer.getvalue()))
    return folder


def test_an_excel_cp1258_csv_with_semicolons_reads_like_the_utf8_one_with_a_warning(
    cli, plan_source, tmp_path
):
    tabs = plan_tabs()
    tabs["progress"][1][5] = "Đăng 3 tin bài, 1 phóng sự; cập nhật chuyên mục «Cải cách hành chính»"
    utf8 = plan_source("utf8", **tabs)
    excel = write_excel_cp1258(tmp_path / "excel", tabs)

    issues = cli("validate", excel, "--format", "json").json()["issues"]
    warnings = [i for i in issues if i["code"] == "file.encoding"]
    assert {i["value"] for i in warnings} == {f"{t}.csv" for t in TITLES.values()}
    assert all(i["severity"] == "warning" and f"«{i['value']}»" in i["message"] for i in warnings)
    assert len(issues) == len(warnings)
    assert cli("validate", excel).code == 0

    want = cli("status", utf8, "--as-of", AS_OF, "--format", "json").json()
    got = cli("status", excel, "--as-of", AS_OF, "--format", "json").json()
    assert got["issue_counts"] == {"error": 0, "warning": 4}
    for doc in (want, got):
        del doc["source"], doc["issue_counts"]
    assert got == want
    plans = [load_plan(open_source(str(s)), fallback_year=2017) for s in (utf8, excel)]
    frames = [
        (serialize.tasks_frame(p), serialize.units_frame(p), serialize.progress_frame(p)) for p in plans
    ]
    for a, b in zip(*frames, strict=True):
        pd.testing.assert_frame_equal(a, b)
    assert frames[1][2].loc[0, "result"] == tabs["progress"][1][5]


# --- never a traceback ------------------------------------------------------------------------


def broken_sources(tmp_path: Path) -> dict[str, Path]:
    """One source per way of being broken (each in its own folder)."""
    sources: dict[str, Path] = {}
    sources["empty workbook"] = empty_workbook(tmp_path / "empty.xlsx")
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(JUNK)
    sources["fake xlsx"] = fake
    sources["missing"] = tmp_path / "missing"
    binary = write_csv_folder(tmp_path / "binary", plan_tabs())
    (binary / "Đơn vị.csv").write_bytes(JUNK)
    sources["binary csv"] = binary
    tabs = plan_tabs()
    tabs["progress"] = [["", *PROGRESS_HEADER[1:], "Kết quả"], ["x" * 60_000, "abc", "", "", "-1"], []]
    tabs["units"] = [UNIT_HEADER, ["TTTK", "", "", "", "not-an-email"], ["TTTK", "Trùng", "", "", ""]]
    tabs["tasks"] = [TASK_HEADER, ["1", "", "Quý 9/2017", "Ai đó", "", "", "31/02/2017", "-3"], ["01"]]
    tabs["settings"] = [["nam", "hai nghìn"], ["han_bao_cao_nam", "32/13"], ["khóa lạ", "1"]]
    sources["everything wrong"] = write_csv_folder(tmp_path / "wrong", tabs)
    only_titles = {sheet: [["Tiêu đề"]] for sheet in TITLES}
    sources["titles only"] = write_csv_folder(tmp_path / "titles", only_titles)
    (tmp_path / "empty files").mkdir()
    for title in TITLES.values():
        (tmp_path / "empty files" / f"{title}.csv").write_bytes(b"")
    sources["empty files"] = tmp_path / "empty files"
    return sources


@pytest.mark.parametrize("command", ["validate", "status", "export"])
def test_no_bad_input_ever_gives_a_traceback(cli, tmp_path, command):
    for name, source in broken_sources(tmp_path).items():
        extra = ["--out", tmp_path / f"out-{len(name)}-{name}"] if command == "export" else []
        run = cli(command, source, "--as-of", AS_OF, *extra)  # `cli` asserts: no "Traceback"
        assert run.code in {0, 1, 2}, name
        assert "Lỗi ngoài dự kiến" not in run.err, (name, run.err)
        message = run.err if run.code == 2 else run.out
        assert VIETNAMESE.search(message), (name, message)


MANY_UNITS = ["VP", "PC", "TTRA", "QLKH", "QLCN", "KHTC", "CCTC", "TTUD"]


def many_separators_plan() -> Tabs:
    """Seven tasks each naming eight support units and three forms, `;`-separated as §2 says,
    and progress results listing sixteen items with commas."""
    tabs = plan_tabs()
    tabs["units"] += [[code, f"Phòng {code}", "", "", ""] for code in MANY_UNITS[2:]]
    supports, forms = "; ".join(MANY_UNITS), "Trang TTĐT; Hội nghị/tập huấn; Họp giao ban"
    tabs["tasks"] = [TASK_HEADER] + [
        [str(i), f"Nhiệm vụ {i}", "Quý 4/2017", "TTTK", supports, forms, "", ""] for i in range(1, 8)
    ]
    listing = "Đăng 16 tin: " + ", ".join(f"số {i}" for i in range(1, 17))
    for row in tabs["progress"][1:]:
        row[5] = listing
    return tabs


@pytest.mark.parametrize("form", ["google sheets utf-8 with commas", "excel cp1258 with semicolons"])
def test_separators_inside_cells_do_not_confuse_the_csv_reader(cli, tmp_path, form):
    tabs = many_separators_plan()
    if form.startswith("excel"):
        source = write_excel_cp1258(tmp_path / "excel", tabs)
    else:
        source = write_csv_folder(tmp_path / "sheets", tabs)
    issues = cli("validate", source, "--format", "json").json()["issues"]
    assert set(codes(issues)) <= {"file.encoding"}
    doc = cli("status", source, "--as-of", AS_OF, "--format", "json").json()
    assert [t["task_id"] for t in doc["tasks"]] == [str(i) for i in range(1, 8)]


def test_export_without_out_goes_to_a_dated_folder_of_the_snapshots_folder(cli, tmp_path, monkeypatch):
    from cchc.snapshot.history import list_snapshots

    monkeypatch.setenv("CCHC_SNAPSHOTS", str(tmp_path / "lich-su"))
    run = cli("export", "--as-of", "2017-06-14")
    assert run.code == 0
    (taken,) = list_snapshots(tmp_path / "lich-su")
    assert taken.as_of.isoformat() == "2017-06-14" and taken.name.startswith("2017-06-14_")
    assert taken.name in run.out
