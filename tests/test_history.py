"""Snapshot history (issue #6): naming, listing and comparing snapshots."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest

from cchc.assess.status import assess
from cchc.present.history_views import named, snapshot_choices, snapshot_label, snapshots_table
from cchc.snapshot.export import export_snapshot
from cchc.snapshot.history import compare, compare_tables, list_snapshots, read_tables
from cchc.snapshot.history_rows import FIELDS
from cchc.snapshot.purpose import SAVED, Purpose
from cchc.snapshot.store import report_cutoff, take_report_snapshot, take_snapshot
from cchc.sources import SAMPLE, SAMPLE_HISTORY, open_source
from cchc.sources.base import SourceError
from cchc.sources.snapshot import read_snapshot, snapshot_name
from cchc.validate.plan import load_plan
from tests.support.plans import plan_tabs, progress_row, raw_source

OLDER_AS_OF = date(2017, 6, 14)
STATUS_COLUMNS = ["task_id", "unit", "role", "due", "ongoing", "state", "percent", "last_update"]
STATUS_COLUMNS += ["completed_on", "risk"]

# --- constructed tables, as `status.csv` and `progress.csv` hold them -------------------------


def rows(*records: tuple[object, ...]) -> pd.DataFrame:
    """Progress rows from (row, date, task, unit, state, percent, result, reporter)."""
    frame = pd.DataFrame(
        [
            {
                "row": r,
                "date": d,
                "task_id": t,
                "unit": u,
                "state": s,
                "percent": p,
                "result": res,
                "reporter": who,
            }
            for r, d, t, u, s, p, res, who in records
        ]
    )
    return frame.reindex(columns=["row", *FIELDS], fill_value="")


def status(*records: tuple[str, str, str, str]) -> pd.DataFrame:
    """Assignments from (task, unit, risk, state)."""
    frame = pd.DataFrame(
        [{"task_id": t, "unit": u, "role": "lead", "risk": r, "state": s} for t, u, r, s in records]
    )
    return frame.reindex(columns=STATUS_COLUMNS, fill_value="")


A = (2, "2017-03-05", "1", "TTTK", "done", "100.0", "Đăng 3 tin", "Lê Văn A")
B = (3, "2017-03-20", "1", "VP", "in_progress", "40.0", "Soạn tin", "Nguyễn Văn C")
C = (4, "2017-05-02", "2", "PC", "in_progress", "", "Rà soát TTHC", "Trần Thị B")
BASE = rows(A, B, C)
STATUS = status(("1", "TTTK", "done_on_time", "done"), ("1", "VP", "on_track", "in_progress"))


def shifted(record: tuple[object, ...], by: int = 1, **changes: object) -> tuple[object, ...]:
    """A row moved down `by` sheet rows, with some cells changed."""
    names = ["row", "date", "task_id", "unit", "state", "percent", "result", "reporter"]
    values = dict(zip(names, record, strict=True)) | changes
    values["row"] = int(record[0]) + by  # type: ignore[call-overload]
    return tuple(values[n] for n in names)


def diff(newer: pd.DataFrame, newer_status: pd.DataFrame = STATUS):
    return compare_tables(STATUS, BASE, newer_status, newer, OLDER_AS_OF)


# --- comparing constructed tables ------------------------------------------------------------


def test_identical_snapshots_show_no_change():
    result = diff(BASE)
    assert result.unchanged == 3
    assert result.risk_changes.empty and result.new_rows.empty
    assert result.edited_rows.empty and result.deleted_rows.empty


def test_an_assignment_whose_risk_changed_is_listed_with_both_risks_and_states():
    newer = status(("1", "TTTK", "done_on_time", "done"), ("1", "VP", "overdue", "in_progress"))
    changes = diff(BASE, newer).risk_changes
    assert changes[["task_id", "unit", "risk_before", "risk_after"]].values.tolist() == [
        ["1", "VP", "on_track", "overdue"]
    ]
    assert changes.loc[0, "state_before"] == changes.loc[0, "state_after"] == "in_progress"


def test_an_assignment_on_one_side_only_shows_no_risk_on_the_other():
    newer = status(
        *[tuple(r) for r in STATUS[["task_id", "unit", "risk", "state"]].values], ("2", "PC", "stale", "")
    )
    changes = diff(BASE, newer).risk_changes
    assert changes[["task_id", "unit", "risk_before", "risk_after", "state_after"]].values.tolist() == [
        ["2", "PC", None, "stale", None]
    ]


@pytest.mark.parametrize(
    ("day", "backdated"),
    [("2017-06-20", False), ("2017-06-14", True), ("2017-02-01", True)],
)
def test_a_new_row_is_listed_and_flagged_backdated_when_dated_by_the_older_as_of(day, backdated):
    added = (5, day, "2", "PC", "done", "100", "Xong", "Trần Thị B")
    result = diff(rows(A, B, C, added))
    assert result.new_rows[["row", "task_id", "unit", "result", "reporter"]].values.tolist() == [
        [5, "2", "PC", "Xong", "Trần Thị B"]
    ]
    assert result.new_rows.loc[0, "date"] == date.fromisoformat(day)
    assert bool(result.new_rows.loc[0, "backdated"]) is backdated
    assert result.unchanged == 3 and result.edited_rows.empty


def test_an_edited_cell_is_listed_with_its_value_before_and_after_and_who_edited():
    result = diff(
        rows(A, shifted(B, 0, result="Soạn và đăng 2 tin", percent="60", reporter="Đặng Văn Lợi"), C)
    )
    edits = result.edited_rows
    assert edits[["row_before", "row_after", "field", "before", "after"]].values.tolist() == [
        [3, 3, "percent", "40", "60"],
        [3, 3, "result", "Soạn tin", "Soạn và đăng 2 tin"],
        [3, 3, "reporter", "Nguyễn Văn C", "Đặng Văn Lợi"],
    ]
    assert set(edits["reporter"]) == {"Đặng Văn Lợi"} and set(edits["date"]) == {date(2017, 3, 20)}
    assert result.edited_count == 1 and result.unchanged == 2
    assert result.new_rows.empty and result.deleted_rows.empty


def test_a_deleted_row_is_listed_with_its_content():
    result = diff(rows(A, shifted(C, -1)))
    assert result.deleted_rows[["row", "unit", "result"]].values.tolist() == [[3, "VP", "Soạn tin"]]
    assert result.deleted_rows.loc[0, "date"] == date(2017, 3, 20)
    assert result.unchanged == 2 and result.edited_rows.empty and result.new_rows.empty


@pytest.mark.parametrize(
    ("case", "newer"),
    [
        (
            "a row inserted above",
            rows((2, "2017-01-10", "2", "PC", "not_started", "0", "", ""), *map(shifted, (A, B, C))),
        ),
        ("the tab sorted another way", rows(shifted(C, -2), shifted(A, 1), shifted(B, 1))),
        ("numbers written another way", rows(shifted(A, 0, percent="100"), B, C)),
    ],
)
def test_rows_that_only_moved_or_were_rewritten_the_same_are_not_edited(case, newer):
    result = diff(newer)
    assert result.unchanged == 3, case
    assert result.edited_rows.empty and result.deleted_rows.empty, case


def test_an_edit_below_an_inserted_row_is_still_an_edit_of_the_same_row():
    inserted = (2, "2017-01-10", "2", "PC", "not_started", "0", "", "")
    result = diff(rows(inserted, shifted(A), shifted(B, result="Đã đăng 2 tin"), shifted(C)))
    assert result.edited_rows[["row_before", "row_after", "field"]].values.tolist() == [[3, 4, "result"]]
    assert result.new_rows["row"].tolist() == [2] and result.deleted_rows.empty


def test_a_row_whose_date_was_changed_in_place_is_an_edit_of_its_date():
    inserted = (2, "2017-01-10", "2", "PC", "not_started", "0", "", "")
    result = diff(rows(inserted, shifted(A), shifted(B, date="2017-03-02"), shifted(C)))
    assert result.edited_rows[["row_before", "row_after", "field", "before", "after"]].values.tolist() == [
        [3, 4, "date", "2017-03-20", "2017-03-02"]
    ]


def test_a_row_replaced_by_another_units_row_on_another_task_is_a_deletion_and_a_new_row():
    result = diff(rows(A, (3, "2017-03-20", "2", "PC", "in_progress", "", "Khác hẳn", ""), C))
    assert result.edited_rows.empty
    assert result.deleted_rows["result"].tolist() == ["Soạn tin"]
    assert result.new_rows["result"].tolist() == ["Khác hẳn"]


def test_of_two_identical_rows_the_one_deleted_is_reported_once():
    older = rows(A, shifted(A), B)
    result = compare_tables(STATUS, older, STATUS, rows(A, shifted(B, -1)), OLDER_AS_OF)
    assert result.deleted_rows["row"].tolist() == [3]
    assert result.unchanged == 2 and result.edited_rows.empty


# --- snapshots on disk --------------------------------------------------------------------------


def snapshot(folder: Path, progress: list[list[object]], as_of: date, form: bool = False) -> Path:
    """Export a small plan with these progress rows into the history folder; return the snapshot."""
    tabs = plan_tabs(progress=progress)
    if form:  # a Google Form responses tab instead of `Tiến độ`
        header = tabs.pop("Tiến độ")[0]
        tabs["Câu trả lời biểu mẫu 1"] = [["Dấu thời gian", *header[1:]], *progress]
    source = raw_source(tabs)
    created = datetime(2017, as_of.month, as_of.day, 8, 30, tzinfo=timezone(timedelta(hours=7)))
    out = folder / snapshot_name(as_of, created)
    export_snapshot(assess(load_plan(source, 2017), as_of), source.tabs, out)
    return out


FIRST = [progress_row("05/03/2017", 1, "TTTK", "Hoàn thành", 100, result="Đăng 3 tin", reporter="Lê Văn A")]


def test_snapshot_names_sort_by_as_of_then_by_when_taken():
    taken = datetime(2017, 6, 14, 8, 30, 5)
    assert snapshot_name(date(2017, 6, 14), taken) == "2017-06-14_20170614T083005"
    names = [snapshot_name(date(2017, 6, 14), taken + timedelta(days=d)) for d in (3, 0)]
    assert sorted([*names, snapshot_name(date(2017, 12, 14), taken)]) == [
        *reversed(names),
        "2017-12-14_20170614T083005",
    ]


def test_list_snapshots_lists_the_snapshots_newest_first_with_their_manifest_facts(tmp_path):
    history = tmp_path / "history"
    june = snapshot(history, FIRST, date(2017, 6, 14))
    december = snapshot(history, FIRST, date(2017, 12, 14))
    (history / "notes").mkdir()
    (history / "broken").mkdir()
    (history / "broken" / "manifest.json").write_text("{", encoding="utf-8")
    (history / ".staging.x").mkdir()
    (history / "readme.txt").write_text("", encoding="utf-8")
    found = list_snapshots(history)
    assert [s.path for s in found] == [december, june]
    assert found[1].name == "2017-06-14_20170614T083000"
    assert (found[1].as_of, found[1].source_kind, found[1].created_at.tzinfo is not None) == (
        date(2017, 6, 14),
        "test",
        True,
    )
    assert found[1].rows["progress.csv"] == 1 and found[1].rows["status.csv"] == 4
    assert found[1].year == 2017


def test_list_snapshots_of_a_missing_folder_is_empty(tmp_path):
    assert list_snapshots(tmp_path / "nowhere") == []


def test_comparing_two_snapshots_on_disk_finds_the_new_edited_and_deleted_rows(tmp_path):
    gone = progress_row("10/03/2017", 1, "VP", "Đang thực hiện", 20, result="Sẽ xoá")
    older = snapshot(
        tmp_path, [*FIRST, gone, progress_row("20/03/2017", 1, "VP", result="=1+1")], date(2017, 3, 25)
    )
    edited = progress_row(
        "05/03/2017", 1, "TTTK", "Hoàn thành", 100, result="Đăng 4 tin", reporter="Lê Văn A"
    )
    late = progress_row("01/03/2017", 2, "TTTK", result="Bổ sung", reporter="Trần Thị B")
    newer = snapshot(
        tmp_path, [edited, progress_row("20/03/2017", 1, "VP", result="=1+1"), late], date(2017, 4, 5)
    )
    result = compare(older, newer)
    assert result.older_as_of == date(2017, 3, 25)
    assert result.edited_rows[["row_before", "row_after", "field", "after"]].values.tolist() == [
        [2, 2, "result", "Đăng 4 tin"]
    ]
    assert result.deleted_rows["result"].tolist() == ["Sẽ xoá"]
    assert result.new_rows[["row", "result", "reporter", "backdated"]].values.tolist() == [
        [4, "Bổ sung", "Trần Thị B", True]
    ]
    assert result.unchanged == 1
    assert "=1+1" in read_tables(newer)[2]["result"].tolist()  # read back as typed
    assert ("1", "VP", "at_risk", "overdue") in [
        tuple(r) for r in result.risk_changes[["task_id", "unit", "risk_before", "risk_after"]].values
    ]


def test_a_form_response_row_carries_its_timestamp(tmp_path):
    older = snapshot(tmp_path, [["05/03/2017 09:15:00", *FIRST[0][1:]]], date(2017, 3, 25), form=True)
    added = ["02/04/2017 14:30:05", "1", "VP", "Hoàn thành", "100", "", "", "", "", "", "Nguyễn Văn C"]
    newer = snapshot(tmp_path, [["05/03/2017 09:15:00", *FIRST[0][1:]], added], date(2017, 4, 5), form=True)
    result = compare(older, newer)
    assert result.new_rows[["date", "stamp", "reporter"]].values.tolist() == [
        [date(2017, 4, 2), "02/04/2017 14:30:05", "Nguyễn Văn C"]
    ]
    assert read_tables(older)[2]["stamp"].tolist() == ["05/03/2017 09:15:00"]


def test_a_sheet_row_has_no_timestamp(tmp_path):
    assert read_tables(snapshot(tmp_path, FIRST, date(2017, 3, 25)))[2]["stamp"].tolist() == [""]


@pytest.mark.parametrize("damage", ["no manifest", "broken manifest", "no progress.csv"])
def test_comparing_with_a_damaged_snapshot_says_which_one(tmp_path, damage):
    good = snapshot(tmp_path, FIRST, date(2017, 3, 25))
    bad = snapshot(tmp_path, FIRST, date(2017, 4, 5))
    if damage == "no progress.csv":
        (bad / "progress.csv").unlink()
    else:
        (bad / "manifest.json").unlink()
        if damage == "broken manifest":
            (bad / "manifest.json").write_text(json.dumps({"as_of": "x"}), encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        compare(good, bad)
    assert str(bad) in caught.value.message


def test_a_column_only_the_newer_snapshot_has_is_not_an_edit_of_every_row():
    older = BASE.drop(columns=["measure", "completed_on", "attendance"])
    newer = BASE.assign(measure="tin bài")
    result = compare_tables(STATUS, older, STATUS, newer, OLDER_AS_OF)
    assert result.edited_rows.empty and result.new_rows.empty and result.deleted_rows.empty


def test_the_sample_comes_with_the_snapshot_its_half_year_report_was_drafted_from(tmp_path):
    """12/06/2017, the day before the report was sent; Bộ phận Pháp chế corrected one row after it."""
    (bundled,) = list_snapshots(SAMPLE_HISTORY)
    assert (bundled.as_of, bundled.name) == (date(2017, 6, 12), "2017-06-12_20170612T163000")
    read_snapshot(bundled.path)  # intact: every file matches its SHA-256 in the manifest
    raw = open_source(SAMPLE)
    export_snapshot(assess(load_plan(raw, 2017), date(2017, 12, 31)), raw.tabs, tmp_path / "now")
    result = compare(bundled.path, tmp_path / "now")
    edited = result.edited_rows
    assert set(edited["row_after"]) == {98} and set(edited["unit"]) == {"PC"}
    assert dict(zip(edited["field"], edited["after"], strict=True)) == {
        "result": "Thay thế 5 thủ tục hành chính đã hết hiệu lực trên bảng niêm yết tại Bộ phận TN&TKQ",
        "count": "5",
    }
    assert set(edited["before"]) == {
        "Thay thế 4 thủ tục hành chính đã hết hiệu lực trên bảng niêm yết tại Bộ phận TN&TKQ",
        "4",
    }
    assert result.deleted_rows.empty  # the rows typed since 12/06 are new, nothing was removed
    assert (result.new_rows["date"] > date(2017, 6, 12)).all()


# --- why a snapshot was taken, and its moment in Việt Nam time --------------------------------------

UTC_MOMENT = datetime(2017, 10, 15, 2, 0, tzinfo=UTC)  # 09:00 in Việt Nam
FOLDER_NAME = re.compile(r"\d{4}-\d{2}-\d{2}_\d{8}T\d{6}")


def sample_plan():
    raw = open_source(SAMPLE)
    return load_plan(raw, 2017), raw.tabs


@pytest.mark.parametrize(
    ("kind", "cut_off", "label"),
    [
        ("half_year", date(2017, 6, 14), "Chốt số liệu báo cáo 6 tháng 2017"),
        ("annual", date(2017, 12, 14), "Chốt số liệu báo cáo năm 2017"),
    ],
)
def test_a_reports_snapshot_is_cut_at_its_own_cut_off_and_named_for_it(tmp_path, kind, cut_off, label):
    plan, tabs = sample_plan()
    folder, manifest = take_report_snapshot(plan, tabs, tmp_path, UTC_MOMENT, kind)
    assert manifest["purpose"] == {"kind": "report", "report": kind, "year": 2017}
    (info,) = list_snapshots(tmp_path)
    assert (info.path, info.as_of, snapshot_label(info)) == (folder, cut_off, label)
    assert report_cutoff(plan, kind, 2017) == cut_off


def test_a_saved_snapshot_is_named_by_the_viet_nam_time_it_was_taken(tmp_path):
    plan, tabs = sample_plan()
    folder, manifest = take_snapshot(assess(plan, date(2017, 12, 31)), tabs, tmp_path, UTC_MOMENT)
    assert folder.name == "2017-12-31_20171015T090000"  # the folder, like every name, in Việt Nam time
    assert (manifest["created_at"], manifest["purpose"]) == ("2017-10-15T09:00:00+07:00", {"kind": "saved"})
    (info,) = list_snapshots(tmp_path)
    assert snapshot_label(info) == "Lưu lúc 15/10/2017 09:00"
    assert snapshots_table([info]).loc[0, "Chốt lúc"] == "15/10/2017 09:00"


def test_the_bundled_sample_snapshot_is_the_half_year_reports():
    (bundled,) = list_snapshots(SAMPLE_HISTORY)
    assert "purpose" not in json.loads((bundled.path / "manifest.json").read_text(encoding="utf-8"))
    assert snapshot_label(bundled) == "Chốt số liệu báo cáo 6 tháng 2017"
    assert snapshots_table([bundled]).loc[0, "Chốt lúc"] == "12/06/2017 16:30"


def test_an_old_manifest_without_purpose_elsewhere_reads_as_saved(tmp_path):
    (bundled,) = list_snapshots(SAMPLE_HISTORY)
    shutil.copytree(bundled.path, tmp_path / bundled.name)  # the same files, outside the sample's history
    (info,) = list_snapshots(tmp_path)
    assert info.altered is None and snapshot_label(info) == "Lưu lúc 12/06/2017 16:30"


def test_a_manifest_time_without_offset_is_viet_nam_time(tmp_path):
    plan, tabs = sample_plan()
    naive = datetime(2017, 6, 14, 8, 30)
    export_snapshot(assess(plan, date(2017, 6, 14)), tabs, tmp_path / "a", created_at=naive)
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["created_at"] == "2017-06-14T08:30:00+07:00"


@pytest.mark.parametrize(
    "written",
    [None, "report", {"kind": "report"}, {"kind": "report", "report": "quy", "year": 2017}, {"kind": "x"}],
)
def test_a_purpose_that_is_not_one_is_ignored(written):
    assert Purpose.from_json(written) is None
    assert Purpose.from_json({"kind": "saved"}) == SAVED


def test_the_snapshots_table_names_each_snapshot_first_and_never_by_its_folder(tmp_path):
    plan, tabs = sample_plan()
    take_report_snapshot(plan, tabs, tmp_path, UTC_MOMENT, "half_year")
    take_snapshot(assess(plan, date(2017, 12, 31)), tabs, tmp_path, UTC_MOMENT)
    take_snapshot(assess(plan, date(2017, 12, 31)), tabs, tmp_path, UTC_MOMENT)  # the same second
    found = list_snapshots(tmp_path)
    table = snapshots_table(found)
    assert list(table.columns[:4]) == ["Bản chốt số liệu", "Tính đến", "Chốt lúc", "Tình trạng"]
    assert list(table["Bản chốt số liệu"]) == [  # two taken in the same minute: the later is «(2)»
        "Lưu lúc 15/10/2017 09:00 (2)",
        "Lưu lúc 15/10/2017 09:00",
        "Chốt số liệu báo cáo 6 tháng 2017",
    ]
    assert list(table["Tính đến"]) == ["31/12/2017", "31/12/2017", "14/06/2017"]
    choices = snapshot_choices(found)
    assert list(choices) == [str(info.path) for info in found]
    assert list(choices.values()) == [
        "Lưu lúc 15/10/2017 09:00 (tính đến 31/12/2017) (2)",
        "Lưu lúc 15/10/2017 09:00 (tính đến 31/12/2017)",
        "Chốt số liệu báo cáo 6 tháng 2017 (tính đến 14/06/2017, chốt lúc 15/10/2017 09:00)",
    ]
    shown = " ".join([*map(str, table.to_numpy().ravel()), *choices.values()])
    assert not FOLDER_NAME.search(shown)


def test_a_message_quoting_a_snapshot_folder_names_the_snapshot_instead(tmp_path):
    plan, tabs = sample_plan()
    folder, _ = take_report_snapshot(plan, tabs, tmp_path, UTC_MOMENT, "annual")
    choices = snapshot_choices(list_snapshots(tmp_path))
    message = f"Bản chốt số liệu «{folder}» đã bị thay đổi sau khi xuất."
    assert named(message, choices) == (
        "Bản chốt số liệu «Chốt số liệu báo cáo năm 2017 (tính đến 14/12/2017, chốt lúc 15/10/2017 09:00)» "
        "đã bị thay đổi sau khi xuất."
    )


def test_every_progress_column_an_edit_can_touch_is_named_in_words_on_the_history_page():
    from cchc.present.history_views import FIELD_NAMES

    assert set(FIELDS) <= set(FIELD_NAMES)
    assert FIELD_NAMES["attendance"] == "Số người tham dự" and FIELD_NAMES["task_id"] == "Mã nhiệm vụ"


def test_an_attendance_edit_shows_its_column_in_words_not_its_field_name():
    from cchc.present.history_views import edited_rows_table

    newer = rows(A, B, C).astype({"attendance": object})
    newer.loc[1, "attendance"] = "45"
    table = edited_rows_table(diff(newer), {})
    assert list(table["Ô đã sửa"]) == ["Số người tham dự"]


def test_edited_cells_are_shown_in_words_only_when_asked():
    from cchc.present.history_views import edited_rows_table

    result = diff(rows(A, shifted(B, 0, state="done", unit="VP"), C))
    plain = edited_rows_table(result, {"VP": "Văn phòng Sở"})
    worded = edited_rows_table(result, {"VP": "Văn phòng Sở"}, in_words=True)
    assert list(plain["Sau"]) == ["done"]  # the general comparison table keeps the cell as written
    assert list(worded["Sau"]) == ["Hoàn thành"] and list(worded["Trước"]) == ["Đang thực hiện"]


def test_the_rows_of_a_comparison_are_the_rows_compare_rows_finds():
    from cchc.snapshot.history import compare_rows

    newer = rows(
        A, shifted(B, 0, result="Soạn và đăng 2 tin"), C, (9, "2017-01-02", "3", "VP", "done", "", "", "")
    )
    both, only_rows = diff(newer), compare_rows(BASE, newer)
    assert "backdated" not in only_rows.new_rows and list(both.new_rows["backdated"]) == [True]
    assert both.new_rows.drop(columns="backdated").equals(only_rows.new_rows)
    assert both.edited_rows.equals(only_rows.edited_rows) and both.deleted_rows.equals(only_rows.deleted_rows)
    assert (both.unchanged, both.edited_count) == (only_rows.unchanged, only_rows.edited_count)
