"""Snapshot export (SPEC §9) through `main(["export", "--out", DIR, …])`, in process."""

from __future__ import annotations

import contextlib
import copy
import csv
import hashlib
import io
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import cchc.snapshot.export
from cchc.cli.main import main
from cchc.snapshot import serialize
from cchc.sources import SAMPLE_DIR, open_source
from cchc.validate.plan import load_plan
from tests.support.isolation import isolate
from tests.support.plans import ASSIGNMENT_FIELDS, PROGRESS_HEADER, write_csv_folder

AS_OF = "2017-10-15"
TABLES = ["settings.csv", "tasks.csv", "units.csv", "progress.csv", "status.csv", "issues.csv"]
# One raw file per tab of the sample (cchc/sample/): the four required tabs and the optional two.
RAW_FILES = [
    "raw/Cấu hình.csv",
    "raw/Đơn vị.csv",
    "raw/Nhiệm vụ.csv",
    "raw/Tiến độ.csv",
    "raw/Báo cáo.csv",
    "raw/Báo cáo đã gửi.csv",
]
# SPEC §9, `status.csv`: the assignment fields of SPEC §8, then each one's window start and cycle.
STATUS_CSV_FIELDS = [*ASSIGNMENT_FIELDS, "start", "cycle"]
# SPEC §2, `Cấu hình`: every settings key, in the table's order (settings.csv lists each one).
SETTINGS_KEYS = [
    "ten_ke_hoach",
    "co_quan",
    "nam",
    "han_bao_cao_6_thang",
    "han_bao_cao_nam",
    "chot_so_lieu_6_thang",
    "chot_so_lieu_nam",
    "chu_ky_cap_nhat",
    "canh_bao_truoc",
    "han_don_vi_6_thang",
    "han_don_vi_nam",
    "chu_ky_nhac",
    "co_quan_chu_quan",
    "so_ke_hoach",
    "ngay_ke_hoach",
    "trich_yeu_ke_hoach",
    "ky_hieu_bao_cao",
    "dia_danh",
    "chuc_vu_ky",
    "nguoi_ky",
    "noi_nhan",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# --- a tiny plan (canonical headers of cchc/schema.py) -----------------------------------------

TITLES = {"settings": "Cấu hình", "units": "Đơn vị", "tasks": "Nhiệm vụ", "progress": "Tiến độ"}
PLAN: dict[str, list[list[str]]] = {
    "settings": [["Khóa", "Giá trị"], ["ten_ke_hoach", "Kế hoạch thử"], ["nam", "2017"]],
    "units": [
        ["Mã đơn vị", "Tên đơn vị", "Tên khác", "Người phụ trách", "Email"],
        ["TTTK", "Trung tâm Thông tin và Thống kê KHCN", "", "Trần Minh Hoàng", ""],
        ["VP", "Văn phòng Sở", "", "Đặng Văn Lợi", ""],
    ],
    "tasks": [
        ["Mã nhiệm vụ", "Nội dung", "Thời gian", "Đơn vị chủ trì", "Đơn vị phối hợp", "Hình thức"],
        ["1", "Tuyên truyền Kế hoạch CCHC năm 2017", "Quý 1/2017", "TTTK", "VP", "Trang TTĐT"],
        ["2", "Cập nhật thủ tục hành chính", "Thường xuyên", "VP", "", ""],
    ],
    "progress": [
        PROGRESS_HEADER,
        ["05/03/2017", "1", "TTTK", "Hoàn thành", "100", "Đăng 3 tin", "Trang TTĐT", "3", "", "", ""],
        ["20/03/2017", "1", "VP", "Đang thực hiện", "40", "", "", "", "", "", ""],
        ["01/10/2017", "2", "VP", "Đang thực hiện", "", "", "", "", "", "", ""],
    ],
}
# What a spreadsheet would run as a formula, in `Kết quả` (F) and `Ghi chú` (J).
DANGEROUS = ['=HYPERLINK("http://x")', "+84 912", "-5", "@me", "=1+1"]


@pytest.fixture
def tiny_plan(tmp_path: Path) -> Callable[..., Path]:
    """The tiny plan as a CSV folder, with `Tiến độ` rows given (default: the plan's own)."""

    def build(progress: list[list[str]] | None = None, name: str = "plan") -> Path:
        tabs = copy.deepcopy(PLAN)
        if progress is not None:
            tabs["progress"] = [PROGRESS_HEADER, *progress]
        return write_csv_folder(tmp_path / name, {TITLES[sheet]: rows for sheet, rows in tabs.items()})

    return build


def dangerous_rows() -> list[list[str]]:
    rows = copy.deepcopy(PLAN["progress"][1:])
    for i, value in enumerate(DANGEROUS):
        row = ["01/10/2017", "2", "VP", "Đang thực hiện", "", value, "", "", "", DANGEROUS[-1 - i], ""]
        rows.append(row)
    rows.append(
        ["02/10/2017", "2", "VP", "Đang thực hiện", "", "\t=cmd|' /C calc'!A0", "", "", "", "\r@x", ""]
    )
    return rows


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run `main(argv)`: exit code, stdout, stderr; never a traceback."""

    def run(*argv: object) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.out + captured.err
        return code, captured.out, captured.err

    return run


@pytest.fixture
def export(cli, tmp_path) -> Callable[..., Path]:
    """Export a source (None: the sample) into a new folder; return the folder."""

    def run(source: Path | None = None, name: str = "snapshot") -> Path:
        out = tmp_path / name
        code, stdout, stderr = cli("export", *([source] if source else []), "--out", out, "--as-of", AS_OF)
        assert code == 0, stderr
        assert f"«{out}»" in stdout
        return out

    return run


@pytest.fixture(scope="module")
def sample_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One export of the sample, shared by the tests that only read it."""
    out = tmp_path_factory.mktemp("shared") / "snapshot"
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(io.StringIO()):
        isolate(patch, out.parent)  # module-scoped: runs before the autouse `isolated` fixture
        assert main(["export", "--out", str(out), "--as-of", AS_OF]) == 0
    return out


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative POSIX path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def read(folder: Path, name: str, **options: Any) -> pd.DataFrame:
    return pd.read_csv(folder / name, encoding="utf-8-sig", dtype=str, keep_default_na=False, **options)


def status_json(cli, *source: object) -> dict[str, Any]:
    code, out, err = cli("status", *source, "--as-of", AS_OF, "--format", "json")
    assert code == 0, err
    return json.loads(out)


# --- what a snapshot holds ---------------------------------------------------------------------


def test_a_snapshot_holds_the_six_tables_the_raw_tabs_and_a_manifest(sample_snapshot):
    snapshot = sample_snapshot
    assert sorted(files_of(snapshot)) == sorted([*TABLES, *RAW_FILES, "manifest.json"])
    assert (snapshot / "raw").is_dir()


def test_every_snapshot_csv_starts_with_the_utf8_bom_and_reads_back(sample_snapshot):
    snapshot = sample_snapshot
    for name, data in files_of(snapshot).items():
        if name.endswith(".csv"):
            assert data.startswith(b"\xef\xbb\xbf"), name
            assert not data[3:].startswith(b"\xef\xbb\xbf"), name
            read(snapshot, name)  # parses
    assert list(read(snapshot, "status.csv").columns) == STATUS_CSV_FIELDS
    assert list(read(snapshot, "issues.csv").columns) == [
        "severity",
        "sheet",
        "row",
        "column",
        "cell",
        "code",
        "message",
        "value",
    ]
    settings = read(snapshot, "settings.csv")
    assert list(settings.columns) == ["key", "value"]
    assert list(settings["key"]) == SETTINGS_KEYS
    in_force = dict(zip(settings["key"], settings["value"], strict=True))
    # cchc/sample/Cấu hình.csv sets nguoi_ky and chu_ky_cap_nhat; chuc_vu_ky is left to its default
    assert (in_force["nguoi_ky"], in_force["chu_ky_cap_nhat"]) == ("Mai Thành Quang", "30")
    assert in_force["chuc_vu_ky"] == "GIÁM ĐỐC"
    tasks = read(snapshot, "tasks.csv")
    assert list(tasks.columns)[-3:] == ["start", "cycle", "row"]
    # the sample's 7 tasks: task 1 is «Quý 1/2017» (starts on the quarter's first day), the others
    # ongoing (1 January of the plan year); none sets its own «Chu kỳ cập nhật»
    assert set(tasks["start"]) == {"2017-01-01"} and set(tasks["cycle"]) == {""}
    units = read(snapshot, "units.csv")
    assert units.loc[units["unit"] == "TTUD", "name"].item() == "Trung tâm Ứng dụng tiến bộ KH&CN"


def test_status_csv_holds_the_assignments_status_prints(cli, sample_snapshot):
    snapshot = sample_snapshot
    code, out, _ = cli("status", "--as-of", AS_OF, "--format", "csv")
    assert code == 0
    printed = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert list(printed.columns) == ASSIGNMENT_FIELDS
    status = read(snapshot, "status.csv")
    pd.testing.assert_frame_equal(status[ASSIGNMENT_FIELDS], printed)
    # cchc/sample/Nhiệm vụ.csv: tasks 1–6 led by TTTK, task 5 supported by PC, task 7 led by PC and VP
    assert len(printed) == 9
    # every sample task starts on 1 January 2017 and follows the sheet's chu_ky_cap_nhat, 30 days
    assert set(status["start"]) == {"2017-01-01"} and set(status["cycle"]) == {"30"}


def test_progress_csv_holds_every_valid_row_with_its_sheet_row_number(sample_snapshot):
    progress = read(sample_snapshot, "progress.csv")
    rows = set(progress["row"].astype(int))
    # cchc/sample/Tiến độ.csv: rows 2–229 (228), less the blank row 112 and the six rows with an
    # error in a key cell, 228 − 1 − 6 = 221
    assert len(progress) == len(rows) == 221
    # errors in key cells: percent 120 (E30), 31/02 (A39), task 8 (B72), 06/15 (A109), unknown
    # unit (C147), unknown state (D163): left out
    assert not rows & {30, 39, 72, 109, 147, 163}
    assert {124, 201} <= rows  # errors in optional cells: legacy text (F124), «hai bài» (H201): kept
    assert {22, 23, 55, 58, 82, 90, 180, 187, 219} <= rows  # warnings: kept
    assert 112 not in rows  # the blank row
    assert progress["date"].str.fullmatch(r"2017-\d\d-\d\d").all()


def test_issues_csv_holds_every_validation_issue(cli, sample_snapshot):
    snapshot = sample_snapshot
    code, out, _ = cli("validate", "--format", "json")
    assert code == 1
    expected = [(i["code"], i["cell"]) for i in json.loads(out)["issues"]]
    issues = read(snapshot, "issues.csv")
    assert list(issues[["code", "cell"]].itertuples(index=False, name=None)) == expected


def cells_of(folder: Path) -> dict[str, list[str]]:
    """Every cell (headers included) of every CSV of a snapshot."""
    return {
        name: [cell for row in read(folder, name, header=None).itertuples(index=False) for cell in row]
        for name in files_of(folder)
        if name.endswith(".csv")
    }


@pytest.mark.parametrize("source", ["sample", "tiny plan with formulas"])
def test_no_cell_of_any_snapshot_csv_starts_like_a_formula(export, sample_snapshot, tiny_plan, source):
    snapshot = export(tiny_plan(dangerous_rows())) if source != "sample" else sample_snapshot
    for name, cells in cells_of(snapshot).items():
        assert not [c for c in cells if c.startswith(FORMULA_START)], name


def test_formula_like_cells_get_a_leading_apostrophe(export, tiny_plan):
    snapshot = export(tiny_plan(dangerous_rows()))
    progress = read(snapshot, "progress.csv")
    escaped = {"'" + v for v in DANGEROUS}
    assert escaped <= set(progress["result"]) and escaped <= set(progress["note"])
    assert "'=cmd|' /C calc'!A0" in set(progress["result"]) and "'@x" in set(progress["note"])
    raw = read(snapshot, "raw/Tiến độ.csv", header=None)
    assert escaped <= set(raw[5]) and escaped <= set(raw[9])
    assert "Đăng 3 tin" in set(progress["result"])  # ordinary text is left alone


# --- the manifest ----------------------------------------------------------------------------------


def test_the_manifest_sha256_of_every_file_is_its_real_sha256(sample_snapshot):
    snapshot = sample_snapshot
    manifest = json.loads((snapshot / "manifest.json").read_text(encoding="utf-8"))
    files = files_of(snapshot)
    del files["manifest.json"]
    assert manifest["sha256"] == {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}


def sheet_rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle))


def test_the_manifest_row_counts_match_the_files(sample_snapshot):
    snapshot = sample_snapshot
    rows = json.loads((snapshot / "manifest.json").read_text(encoding="utf-8"))["rows"]
    assert sorted(rows) == sorted([*TABLES, *RAW_FILES])
    for name in TABLES:
        assert rows[name] == len(read(snapshot, name)), name
    for name in RAW_FILES:  # a raw tab counts every sheet row, blank ones included
        assert rows[name] == sheet_rows(SAMPLE_DIR / name.removeprefix("raw/")), name
    # 221 valid progress rows and 9 assignments (see the two tests above); 17 issues: the 6 key-cell
    # errors and 2 optional-cell errors listed there, and 9 warnings (a possible duplicate F22,
    # contributions C23, C55, C58, C187, loose matches C82, D219, a link I90, a channel G180)
    assert (rows["progress.csv"], rows["status.csv"], rows["issues.csv"]) == (221, 9, 17)


def test_the_manifest_records_as_of_created_at_and_the_source(export):
    before = datetime.now().astimezone().replace(microsecond=0)
    snapshot = export()
    manifest = json.loads((snapshot / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["as_of"] == AS_OF
    created = datetime.fromisoformat(manifest["created_at"])
    assert created.tzinfo is not None and created >= before
    assert set(manifest["source"]) == {"kind", "name", "read_at", "stale", "stale_reason"}
    assert manifest["source"]["kind"] == "sample"


def test_a_snapshot_holds_no_secret(export, tmp_path, monkeypatch):
    key = "MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQC7FAKEKEY"
    key_file = tmp_path / "creds" / "service-account.json"
    key_file.parent.mkdir()
    key_file.write_text(
        json.dumps(
            {
                "type": "service_account",
                "private_key_id": "abc123fakeid",
                "private_key": f"-----BEGIN PRIVATE KEY-----\n{key}\n-----END PRIVATE KEY-----\n",
                "client_email": "cchc-bot@fake-project.iam.gserviceaccount.com",
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key_file))
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        f'[gcp_service_account]\nprivate_key = "{key}"\n'
        'client_email = "cchc-bot@fake-project.iam.gserviceaccount.com"\n',
        encoding="utf-8",
    )
    snapshot = export()
    everything = b"\n".join(files_of(snapshot).values()).decode("utf-8-sig")
    for secret in (key, "private_key", "abc123fakeid", "PRIVATE KEY", str(key_file), "service-account.json"):
        assert secret not in everything


# --- where a snapshot may be written, and atomically ------------------------------------------


def test_an_export_into_an_empty_existing_folder_works(export, tmp_path):
    (tmp_path / "snapshot").mkdir()
    snapshot = export()
    assert (snapshot / "manifest.json").is_file()
    assert not list(tmp_path.glob(".snapshot.*"))


def tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else b"", p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


@pytest.mark.parametrize("holding", ["a file", "an empty subfolder", "a previous snapshot"])
def test_an_export_into_a_folder_that_holds_something_exits_2_and_changes_nothing(
    cli, export, tmp_path, holding
):
    out = tmp_path / "out"
    if holding == "a previous snapshot":
        export(name="out")
    else:
        out.mkdir()
        if holding == "a file":
            (out / "báo cáo 6 tháng.docx").write_bytes(b"do not touch")
        else:
            (out / "con").mkdir()
    before = tree(tmp_path)
    code, stdout, stderr = cli("export", "--out", out, "--as-of", AS_OF)
    assert code == 2
    assert stdout == ""
    assert f"«{out}»" in stderr and "ghi đè" in stderr
    assert tree(tmp_path) == before


def test_an_export_onto_an_existing_file_exits_2_and_leaves_it(cli, tmp_path):
    target = tmp_path / "snapshot.csv"
    target.write_bytes(b"keep")
    code, _, stderr = cli("export", "--out", target, "--as-of", AS_OF)
    assert code == 2 and f"«{target}»" in stderr
    assert target.read_bytes() == b"keep"


@pytest.mark.parametrize("existing", [False, True], ids=["new folder", "empty folder"])
def test_a_failed_export_leaves_no_partial_snapshot(cli, tmp_path, monkeypatch, existing):
    out = tmp_path / "snapshot"
    if existing:
        out.mkdir()
    seen: list[Path] = []

    def fail_midway(status: object, unit: object = None) -> dict[str, pd.DataFrame]:
        staging = list(tmp_path.glob(".snapshot.*"))
        assert len(staging) == 1 and staging[0].is_dir()
        (staging[0] / "settings.csv").write_text("half written", encoding="utf-8")
        seen.append(staging[0])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cchc.snapshot.export, "snapshot_tables", fail_midway)
    code, stdout, stderr = cli("export", "--out", out, "--as-of", AS_OF)
    assert seen  # the failure happened while the staging folder existed
    assert code == 2
    assert stderr and "Đã xuất" not in stdout
    assert not list(tmp_path.glob(".snapshot.*"))
    if existing:
        assert out.is_dir() and not any(out.iterdir())
    else:
        assert not out.exists()


# --- a snapshot is a source ------------------------------------------------------------------------


def test_a_snapshot_read_back_gives_the_same_status_as_the_sample(cli, sample_snapshot):
    snapshot = sample_snapshot
    original = status_json(cli)
    again = status_json(cli, snapshot)
    assert again["source"]["kind"] == "snapshot"
    assert again["source"]["name"] == str(snapshot)
    for part in ("assignments", "tasks", "units", "reports", "plan"):
        assert again[part] == original[part], part


def test_a_snapshot_read_back_strips_the_apostrophes_the_exporter_added(cli, export, tiny_plan):
    source = tiny_plan(dangerous_rows())
    snapshot = export(source)
    again = export(snapshot, name="again")
    first, second = read(snapshot, "progress.csv"), read(again, "progress.csv")
    assert {"'" + v for v in DANGEROUS} <= set(second["result"])  # escaped once, not twice
    pd.testing.assert_frame_equal(first.drop(columns="row"), second.drop(columns="row"))
    assert status_json(cli, snapshot)["assignments"] == status_json(cli, source)["assignments"]


def test_a_snapshot_read_back_gives_the_same_issue_counts_and_cells_as_the_sample(cli, sample_snapshot):
    snapshot = sample_snapshot
    assert status_json(cli, snapshot)["issue_counts"] == status_json(cli)["issue_counts"]
    issues = [json.loads(cli("validate", *s, "--format", "json")[1])["issues"] for s in ([], [snapshot])]
    assert [(i["code"], i["cell"]) for i in issues[1]] == [(i["code"], i["cell"]) for i in issues[0]]


def test_raw_files_hold_the_tab_rows_from_row_1(sample_snapshot):
    snapshot = sample_snapshot
    rows = json.loads((snapshot / "manifest.json").read_text(encoding="utf-8"))["rows"]
    for name in RAW_FILES:
        raw = read(snapshot, name, header=None)
        assert len(raw) == rows[name], name
    assert list(read(snapshot, "raw/Đơn vị.csv", header=None).iloc[0]) == [
        "Mã đơn vị",
        "Tên đơn vị",
        "Tên khác",
        "Người phụ trách",
        "Email",
    ]


def test_a_snapshot_of_a_plan_whose_header_is_on_row_5_can_be_read_back(cli, export, tiny_plan):
    source = tiny_plan()
    progress = source / "Tiến độ.csv"
    progress.write_text(
        "NHẬT KÝ TIẾN ĐỘ\n\nSở Khoa học và Công nghệ\n\n" + progress.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    expected = status_json(cli, source)["assignments"]
    snapshot = export(source)
    code, _, stderr = cli("status", snapshot, "--as-of", AS_OF, "--format", "json")
    assert code == 0, stderr
    assert status_json(cli, snapshot)["assignments"] == expected


def test_a_cell_that_begins_with_an_apostrophe_survives_a_round_trip(export, tiny_plan):
    rows = copy.deepcopy(PLAN["progress"][1:])
    rows[0][9] = "'-5"  # Ghi chú, typed with its apostrophe
    source = tiny_plan(rows)
    snapshot = export(source)
    assert read(snapshot, "progress.csv")["note"][0] == "''-5"  # escaped: reading strips one
    notes = [
        serialize.progress_frame(load_plan(open_source(str(s)), 2017))["note"][0] for s in (source, snapshot)
    ]
    assert notes == ["'-5", "'-5"]


def test_raw_files_keep_each_cell_exactly_as_read(export, tiny_plan):
    rows = copy.deepcopy(PLAN["progress"][1:])
    rows[0][5] = "Đăng 3 tin:\n- tin 1\n- tin 2"
    snapshot = export(tiny_plan(rows))
    raw = read(snapshot, "raw/Tiến độ.csv", header=None)
    assert rows[0][5] in set(raw[5])
