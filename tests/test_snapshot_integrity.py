"""Snapshots as evidence: one reader and one manifest format, files checked against the manifest's
SHA-256 on every read, and a snapshots folder that is a file or holds dead exports' staging folders."""

from __future__ import annotations

import ast
import json
import os
import shutil
import time
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import ui.data
from cchc.assess.status import assess
from cchc.cli.main import main
from cchc.config import VIETNAM
from cchc.present.history_views import snapshots_table
from cchc.snapshot.export import STALE_AFTER, export_snapshot
from cchc.snapshot.history import compare, list_snapshots, read_tables
from cchc.snapshot.store import take_snapshot
from cchc.sources import open_source
from cchc.sources.snapshot import Manifest, neutralize, read_snapshot, unescape
from cchc.validate.plan import load_plan
from cchc.vocab.errors import ExportError, SourceError

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
AS_OF = "2017-10-15"
TAKEN = datetime(2017, 10, 15, 9, 0, tzinfo=VIETNAM)


def sample_status():
    raw = open_source("sample")
    return assess(load_plan(raw, 2017), date(2017, 10, 15)), raw.tabs


def exported(folder: Path) -> Path:
    status, tabs = sample_status()
    export_snapshot(status, tabs, folder, created_at=TAKEN)
    return folder


def alter(folder: Path, how: str) -> str:
    """Change a snapshot after its export the way `how` says; the file concerned."""
    if how == "a table edited":
        path = folder / "progress.csv"
        path.write_bytes(path.read_bytes().replace(b"TTTK", b"TTTX", 1))
        return "progress.csv"
    if how == "a raw tab edited":
        path = folder / "raw" / "Tiến độ.csv"
        path.write_bytes(path.read_bytes() + b"01/10/2017,1,VP,,,,,,,,\r\n")
        return "raw/Tiến độ.csv"
    if how == "a file deleted":
        (folder / "issues.csv").unlink()
        return "issues.csv"
    (folder / "raw" / "Thêm.csv").write_bytes(b"\xef\xbb\xbfx\r\n")
    return "raw/Thêm.csv"


DAMAGE = ["a table edited", "a raw tab edited", "a file deleted", "a file added"]


def test_a_snapshot_whose_raw_tabs_were_deleted_reads_as_altered_not_as_a_csv_folder(tmp_path):
    folder = exported(tmp_path / "snap")
    shutil.rmtree(folder / "raw")
    with pytest.raises(SourceError) as caught:
        open_source(str(folder))
    assert caught.value.code == "snapshot.tampered" and "«raw/" in caught.value.message


# --- one reader, one manifest format, one escaping rule ------------------------------------------


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return found


def test_the_history_reads_snapshots_only_through_the_snapshot_source():
    history = ROOT / "cchc" / "snapshot" / "history.py"
    assert not {"json", "cchc.sources.csv_parse", "cchc.sources.csv_folder"} & _imports(history)
    text = history.read_text(encoding="utf-8")
    assert not any(call in text for call in ("read_bytes(", "read_text(", "open(", '"manifest.json"'))


def test_the_manifest_name_and_the_escaping_rule_are_defined_once():
    texts = {
        p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in (ROOT / "cchc").rglob("*.py")
    }
    defining = [name for name, text in texts.items() if 'MANIFEST = "manifest.json"' in text]
    escaping = [name for name, text in texts.items() if "FORMULA_START" in text and "/vocab/" not in name]
    assert defining == escaping == ["cchc/sources/snapshot.py"]


@pytest.mark.parametrize(
    "typed", ["=1+1", "+84 912", "-5", "@me", "\t=x", "'=x", "''", "'a", "a'", "", "Đăng"]
)
def test_escaping_then_unescaping_gives_back_what_was_typed(typed):
    written = neutralize(typed)
    assert not str(written).startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unescape(pd.Series([written], dtype=object)).tolist() == [typed]


def test_a_written_manifest_is_what_the_manifest_format_reads_and_writes(tmp_path):
    folder = exported(tmp_path / "snap")
    written = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert Manifest.from_json(written).to_json() == written
    keys = ["as_of", "created_at", "source", "plan", "rows", "raw_tabs", "unit", "sha256", "purpose"]
    assert list(written) == keys and written["purpose"] == {"kind": "saved"}
    older = {k: v for k, v in written.items() if k != "purpose"}  # written before purposes were kept
    assert Manifest.from_json(older).to_json() == older


def test_an_intact_snapshot_reads_back_its_raw_tabs_by_their_titles(tmp_path):
    source = read_snapshot(exported(tmp_path / "snap"))
    # the sample's six CSV files in the order the folder reader gives (by file name, as exported)
    assert [tab.title for tab in source.tabs] == [
        "Báo cáo đã gửi",
        "Báo cáo",
        "Cấu hình",
        "Nhiệm vụ",
        "Tiến độ",
        "Đơn vị",
    ]
    assert source.kind == "snapshot" and source.read_at.tzinfo is not None


# --- a snapshot altered after its export is no evidence -------------------------------------------


@pytest.mark.parametrize("how", DAMAGE)
def test_reading_an_altered_snapshot_fails_naming_the_file(tmp_path, how):
    folder = exported(tmp_path / "snap")
    name = alter(folder, how)
    with pytest.raises(SourceError) as caught:
        read_snapshot(folder)
    assert caught.value.code == "snapshot.tampered"
    assert f"«{name}»" in caught.value.message and str(folder) in caught.value.message
    assert "sau khi xuất" in caught.value.message and "minh chứng" in caught.value.message


@pytest.mark.parametrize("how", DAMAGE)
def test_status_of_an_altered_snapshot_exits_2_with_the_reason(tmp_path, capsys, how):
    folder = exported(tmp_path / "snap")
    name = alter(folder, how)
    assert main(["status", str(folder), "--as-of", AS_OF]) == 2
    captured = capsys.readouterr()
    assert "[snapshot.tampered]" in captured.err and f"«{name}»" in captured.err
    assert captured.out == "" and "Traceback" not in captured.err


def test_a_report_from_an_altered_snapshot_exits_2_and_writes_nothing(tmp_path, capsys):
    folder = exported(tmp_path / "snap")
    alter(folder, "a table edited")
    out = tmp_path / "bc.docx"
    assert main(["report", "--kind", "annual", "--snapshot", str(folder), "--out", str(out)]) == 2
    assert "[snapshot.tampered]" in capsys.readouterr().err and not out.exists()


def test_a_change_that_keeps_size_and_modification_time_is_still_found(tmp_path):
    folder = exported(tmp_path / "snap")
    path = folder / "status.csv"
    before = path.stat()
    path.write_bytes(path.read_bytes().replace(b"on_track", b"on_trace", 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    with pytest.raises(SourceError, match=r"status\.csv"):
        read_tables(folder)


def test_the_history_lists_an_altered_snapshot_marked_with_the_file(tmp_path):
    status, tabs = sample_status()
    older, _ = take_snapshot(status, tabs, tmp_path, TAKEN)
    newer, _ = take_snapshot(status, tabs, tmp_path, TAKEN.replace(hour=10))
    assert [info.altered for info in list_snapshots(tmp_path)] == [None, None]  # checked, then remembered
    alter(older, "a table edited")
    found = list_snapshots(tmp_path)
    assert [(info.path, info.altered) for info in found] == [(newer, None), (older, "progress.csv")]
    assert snapshots_table(found)["Tình trạng"].tolist() == [
        "Nguyên vẹn",
        "Đã bị sửa sau khi xuất: progress.csv đã bị sửa",
    ]


@pytest.mark.parametrize("how", DAMAGE)
def test_comparing_with_an_altered_snapshot_is_refused_naming_the_file(tmp_path, how):
    status, tabs = sample_status()
    older, _ = take_snapshot(status, tabs, tmp_path, TAKEN)
    newer, _ = take_snapshot(status, tabs, tmp_path, TAKEN.replace(hour=10))
    name = alter(newer, how)
    with pytest.raises(SourceError) as caught:
        compare(older, newer)
    assert caught.value.code == "snapshot.tampered" and f"«{name}»" in caught.value.message


def test_the_history_page_marks_an_altered_snapshot_and_refuses_to_compare_it(tmp_path, monkeypatch):
    root = tmp_path / "lich-su"
    monkeypatch.setenv("CCHC_SNAPSHOTS", str(root))
    status, tabs = sample_status()
    take_snapshot(status, tabs, root, TAKEN)
    newer, _ = take_snapshot(status, tabs, root, TAKEN.replace(hour=10))
    alter(newer, "a file deleted")
    ui.data.load.clear()
    try:
        at = AppTest.from_file(APP, default_timeout=30).run()
        at = at.switch_page("app_pages/history.py").run()
    finally:
        ui.data.load.clear()
    assert not at.exception
    listing = next(frame.value for frame in at.dataframe if "Tình trạng" in frame.value.columns)
    # the two taken here, then the sample's own snapshot of 12/06/2017
    assert listing["Tình trạng"].tolist() == [
        "Đã bị sửa sau khi xuất: issues.csv đã bị xoá",
        "Nguyên vẹn",
        "Nguyên vẹn",
    ]
    assert any("«issues.csv»" in error.value for error in at.error)
    assert not any("snapshot.tampered" in error.value for error in at.error)  # no internal code on a page


# --- the snapshots folder: a file by mistake, and staging folders of dead exports ------------------


@pytest.mark.parametrize("where", ["is a file", "lies under a file"])
def test_a_snapshots_folder_that_is_a_file_is_refused_at_once_naming_it(tmp_path, where):
    mistake = tmp_path / "lich-su"
    mistake.write_text("", encoding="utf-8")
    root = mistake if where == "is a file" else mistake / "con"
    started = time.perf_counter()
    with pytest.raises(ExportError) as caught:
        take_snapshot(*sample_status(), root, TAKEN)
    assert time.perf_counter() - started < 5
    assert caught.value.code == "snapshots.not_a_folder"
    assert f"«{mistake}» là một tệp" in caught.value.message and "CCHC_SNAPSHOTS" in caught.value.message
    assert "thử lại" not in caught.value.message


def test_export_into_a_snapshots_folder_that_is_a_file_exits_2_saying_so(tmp_path, monkeypatch, capsys):
    mistake = tmp_path / "lich-su"
    mistake.write_text("", encoding="utf-8")
    monkeypatch.setenv("CCHC_SNAPSHOTS", str(mistake))
    assert main(["export", "--as-of", AS_OF]) == 2
    err = capsys.readouterr().err
    assert "là một tệp, không phải thư mục" in err and "CCHC_SNAPSHOTS" in err


def _staging(parent: Path, name: str, age: float) -> Path:
    folder = parent / name
    (folder / "raw").mkdir(parents=True)
    (folder / "settings.csv").write_text("half written", encoding="utf-8")
    moment = time.time() - age
    os.utime(folder, (moment, moment))
    return folder


def test_taking_a_snapshot_removes_the_staging_folders_of_exports_that_died(tmp_path):
    dead = _staging(tmp_path, ".2017-06-14_20170614T083000.k3j_9x2a", STALE_AFTER + 60)
    dead_retry = _staging(tmp_path, ".2017-06-14_20170614T083000-2.abcdefgh", STALE_AFTER * 24)
    running = _staging(tmp_path, ".2017-06-14_20170614T090000.abcdefgh", 60)
    other = _staging(tmp_path, ".notes.abcdefgh", STALE_AFTER * 24)
    taken, _ = take_snapshot(*sample_status(), tmp_path, TAKEN)
    assert not dead.exists() and not dead_retry.exists()
    assert running.is_dir() and other.is_dir() and taken.is_dir()


def test_an_export_removes_a_dead_staging_folder_of_the_same_target(tmp_path, capsys):
    dead = _staging(tmp_path, ".snapshot.abcdefgh", STALE_AFTER + 60)
    other = _staging(tmp_path, ".other.abcdefgh", STALE_AFTER + 60)
    assert main(["export", "--out", str(tmp_path / "snapshot"), "--as-of", AS_OF]) == 0
    assert not dead.exists() and other.is_dir()


# --- a snapshot whose manifest is deleted, broken or edited --------------------------------------

MANIFEST_DAMAGE = {
    "deleted": "bị xoá",
    "garbage": "không đọc được",
    "not a manifest": "không đọc được",
    "a folder": "không đọc được",
}


def break_manifest(folder: Path, how: str) -> None:
    manifest = folder / "manifest.json"
    manifest.unlink()
    if how == "garbage":
        manifest.write_bytes(b"\x00\xff garbage {")
    elif how == "not a manifest":
        manifest.write_text(json.dumps({"as_of": AS_OF}), encoding="utf-8")
    elif how == "a folder":
        manifest.mkdir()


@pytest.mark.parametrize("how", list(MANIFEST_DAMAGE))
def test_the_history_lists_a_dated_snapshot_without_a_readable_manifest_marked(tmp_path, how):
    status, tabs = sample_status()
    older, _ = take_snapshot(status, tabs, tmp_path, TAKEN)
    newer, _ = take_snapshot(status, tabs, tmp_path, TAKEN.replace(hour=10))
    break_manifest(older, how)
    found = list_snapshots(tmp_path)
    assert [info.path for info in found] == [newer, older]
    assert (found[1].as_of, found[1].created_at) == (date(2017, 10, 15), TAKEN)
    table = snapshots_table(found)
    assert table["Tình trạng"].tolist() == [
        "Nguyên vẹn",
        f"Đã bị sửa sau khi xuất: manifest.json {MANIFEST_DAMAGE[how]}",
    ]
    assert table["Dòng tiến độ"].isna().tolist() == [False, True]
    with pytest.raises(SourceError) as caught:
        compare(older, newer)
    assert caught.value.code == "snapshot.tampered" and "«manifest.json»" in caught.value.message


def test_an_undated_folder_without_a_manifest_is_still_no_snapshot(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "manifest.json").write_text("{", encoding="utf-8")
    assert list_snapshots(tmp_path) == []


@pytest.mark.parametrize("how", list(MANIFEST_DAMAGE))
def test_status_of_a_snapshot_without_a_readable_manifest_is_refused_naming_it(tmp_path, capsys, how):
    folder = exported(tmp_path / "snap")
    break_manifest(folder, how)
    assert main(["status", str(folder), "--as-of", AS_OF]) == 2
    err = capsys.readouterr().err
    assert "[snapshot.tampered]" in err and f"«manifest.json» {MANIFEST_DAMAGE[how]}" in err
    assert "minh chứng" in err and "thiếu cột" not in err


@pytest.mark.parametrize("keep", ["raw/", "status.csv", "a dated name"])
def test_any_trace_of_an_export_makes_a_folder_without_manifest_a_snapshot(tmp_path, keep):
    folder = exported(tmp_path / ("2017-10-15_20171015T090000" if keep == "a dated name" else "snap"))
    (folder / "manifest.json").unlink()
    if keep != "raw/":
        shutil.rmtree(folder / "raw")
    if keep != "status.csv":
        (folder / "status.csv").unlink()
        (folder / "issues.csv").unlink()
    with pytest.raises(SourceError) as caught:
        open_source(str(folder))
    assert caught.value.code == "snapshot.tampered" and "«manifest.json» bị xoá" in caught.value.message


def test_a_report_from_a_snapshot_without_manifest_is_refused(tmp_path, capsys):
    folder = exported(tmp_path / "snap")
    (folder / "manifest.json").unlink()
    out = tmp_path / "bc.docx"
    assert main(["report", "--kind", "annual", "--snapshot", str(folder), "--out", str(out)]) == 2
    assert "manifest.json" in capsys.readouterr().err and not out.exists()


def _edit_as_of(folder: Path, as_of: str) -> None:
    manifest = folder / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**data, "as_of": as_of}, ensure_ascii=False), encoding="utf-8")


def test_an_as_of_date_edited_in_the_manifest_of_a_dated_snapshot_is_found(tmp_path, capsys):
    status, tabs = sample_status()
    older, _ = take_snapshot(status, tabs, tmp_path, TAKEN)
    newer, _ = take_snapshot(status, tabs, tmp_path, TAKEN.replace(hour=10))
    _edit_as_of(older, "2017-09-30")
    found = list_snapshots(tmp_path)
    assert [(info.path, info.altered) for info in found] == [(newer, None), (older, "manifest.json")]
    assert (
        snapshots_table(found)["Tình trạng"]
        .tolist()[1]
        .startswith("Đã bị sửa sau khi xuất: manifest.json ghi ngày tính đến 2017-09-30")
    )
    for reading in (lambda: compare(older, newer), lambda: read_snapshot(older)):
        with pytest.raises(SourceError) as caught:
            reading()
        assert caught.value.code == "snapshot.tampered" and "«manifest.json»" in caught.value.message
    assert main(["status", str(older), "--as-of", AS_OF]) == 2
    assert "[snapshot.tampered]" in capsys.readouterr().err


def test_a_snapshot_file_that_cannot_be_read_marks_the_snapshot_altered(tmp_path):
    status, tabs = sample_status()
    older, _ = take_snapshot(status, tabs, tmp_path, TAKEN)
    (older / "progress.csv").unlink()
    (older / "progress.csv").symlink_to(tmp_path / "nowhere")  # listed, but reading it fails
    (info,) = list_snapshots(tmp_path)
    assert (info.altered, info.damage) == ("progress.csv", "không đọc được")
    with pytest.raises(SourceError) as caught:
        read_snapshot(older)
    assert (
        caught.value.code == "snapshot.tampered" and "«progress.csv» không đọc được" in caught.value.message
    )
