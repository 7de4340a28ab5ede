"""The export audit log: appended, never rewritten, readable after a torn write."""

from __future__ import annotations

import hashlib
import json
import re
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from cchc.access.audit import (
    Entry,
    action_words,
    audited,
    default_path,
    entries_frame,
    read_log,
    record,
    sha256,
)

VN = timezone(timedelta(hours=7))
AT = datetime(2017, 12, 31, 16, 30, tzinfo=VN)


def download(path: Path, data: bytes, who: str | None = "phapche@sokhcn.gov.vn", **extra) -> Entry:
    return record(
        path,
        who=who,
        what="cchc-snapshot-2017-12-31.zip",
        snapshot_id="sample@2017-12-31",
        sha256=sha256(data),
        at=AT,
        **extra,
    )


def test_sha256_is_the_hex_digest_of_the_bytes():
    assert sha256(b"abc") == hashlib.sha256(b"abc").hexdigest()


def test_two_downloads_make_two_entries_with_their_checksums(tmp_path):
    log = tmp_path / "audit" / "audit.jsonl"
    first = download(log, b"zip one")
    second = download(log, b"zip two", who="tttk@sokhcn.gov.vn", role="unit", unit="TTTK")
    assert read_log(log).entries == [first, second]
    assert [e.sha256 for e in read_log(log).entries] == [sha256(b"zip one"), sha256(b"zip two")]
    assert read_log(log).entries[1].unit == "TTTK" and read_log(log).entries[0].at == AT


def test_each_entry_is_one_json_line_with_its_offset(tmp_path):
    log = tmp_path / "audit.jsonl"
    download(log, b"x", who=None)
    (line,) = log.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["at"] == "2017-12-31T16:30:00+07:00" and json.loads(line)["who"] is None


def test_recording_appends_and_never_changes_earlier_bytes(tmp_path):
    log = tmp_path / "audit.jsonl"
    download(log, b"one")
    before = log.read_bytes()
    download(log, b"two")
    assert log.read_bytes().startswith(before)


def test_the_log_is_private_to_the_server_account(tmp_path):
    log = tmp_path / "audit.jsonl"
    download(log, b"one")
    assert log.stat().st_mode & 0o777 == 0o600


def test_a_time_without_offset_is_refused(tmp_path):
    with pytest.raises(ValueError):
        record(tmp_path / "a.jsonl", who=None, what="x", snapshot_id="s", sha256="0", at=datetime(2017, 1, 1))


def test_a_missing_log_is_empty(tmp_path):
    assert read_log(tmp_path / "none.jsonl").entries == []


def test_a_torn_last_line_is_skipped_and_the_next_entry_starts_on_its_own_line(tmp_path):
    log = tmp_path / "audit.jsonl"
    first = download(log, b"one")
    with log.open("ab") as handle:
        handle.write(b'{"at": "2017-12-31T16:31:00+07:00", "who": "x@y')  # the server died mid-write
    assert read_log(log).entries == [first] and read_log(log).unreadable == 1
    second = download(log, b"two")
    assert read_log(log).entries == [first, second] and read_log(log).unreadable == 1


@pytest.mark.parametrize(
    "line",
    ["not json", "[]", '{"at": "yesterday"}', '{"at": "2017-01-01T00:00:00+07:00", "what": 5}', "\udcff"],
)
def test_an_edited_or_damaged_line_is_counted_not_fatal(tmp_path, line):
    log = tmp_path / "audit.jsonl"
    log.write_text(line + "\n", encoding="utf-8", errors="surrogateescape")
    assert read_log(log).entries == [] and read_log(log).unreadable == 1


def test_concurrent_downloads_each_leave_one_whole_line(tmp_path):
    log = tmp_path / "audit.jsonl"
    threads = [threading.Thread(target=download, args=(log, str(i).encode())) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    found = read_log(log)
    assert found.unreadable == 0
    assert sorted(e.sha256 for e in found.entries) == sorted(sha256(str(i).encode()) for i in range(20))


def test_utc_times_round_trip(tmp_path):
    log = tmp_path / "audit.jsonl"
    entry = record(log, who="a@x.vn", what="status.csv", snapshot_id="s", sha256="ab", at=AT.astimezone(UTC))
    assert read_log(log).entries == [entry]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"CCHC_AUDIT_LOG": "/srv/cchc/audit.jsonl", "HOME": "/home/a"}, "/srv/cchc/audit.jsonl"),
        ({"XDG_DATA_HOME": "/data", "HOME": "/home/a"}, "/data/cchc/audit.jsonl"),
        ({"HOME": "/home/a"}, "/home/a/.local/share/cchc/audit.jsonl"),
    ],
)
def test_the_default_log_lives_in_the_users_data_folder_unless_configured(env, expected):
    assert default_path(env) == Path(expected)


def test_an_audited_download_records_each_time_it_is_built_and_returns_the_same_bytes(tmp_path):
    log = tmp_path / "audit.jsonl"
    payloads = iter([b"first zip", b"second zip"])
    data = audited(
        lambda: next(payloads),
        log,
        who="tttk@sokhcn.gov.vn",
        what="cchc-snapshot-2017-12-31-TTTK.zip",
        snapshot_id="sample@2017-12-31",
        clock=lambda: AT,
        role="unit",
        unit="TTTK",
    )
    assert read_log(log).entries == []  # nothing is recorded until someone downloads
    assert (data(), data()) == (b"first zip", b"second zip")
    assert [e.sha256 for e in read_log(log).entries] == [sha256(b"first zip"), sha256(b"second zip")]
    assert {(e.who, e.unit, e.at) for e in read_log(log).entries} == {("tttk@sokhcn.gov.vn", "TTTK", AT)}


def test_a_failed_build_records_nothing(tmp_path):
    log = tmp_path / "audit.jsonl"

    def broken() -> bytes:
        raise OSError("disk full")

    data = audited(broken, log, who=None, what="x.zip", snapshot_id="s", clock=lambda: AT)
    with pytest.raises(OSError):
        data()
    assert read_log(log).entries == []


def test_the_log_table_shows_the_newest_download_first(tmp_path):
    log = tmp_path / "audit.jsonl"
    download(log, b"one", who=None)
    download(log, b"two", role="unit", unit="TTTK")
    table = entries_frame(read_log(log).entries)
    assert list(table["Mã kiểm tra"]) == [sha256(b"two"), sha256(b"one")]
    assert list(table["Người tải"]) == ["phapche@sokhcn.gov.vn", "(không đăng nhập)"]
    assert table.loc[0, "Lúc"] == "31/12/2017 16:30:00"
    assert entries_frame([]).empty


def test_the_log_table_shows_a_utc_moment_in_viet_nam_time(tmp_path):
    log = tmp_path / "audit.jsonl"
    download(log, b"one")
    record(
        log,
        who=None,
        what="x.zip",
        snapshot_id="s",
        sha256="0",
        at=datetime(2026, 11, 30, 14, 34, 36, tzinfo=UTC),
    )
    assert list(entries_frame(read_log(log).entries)["Lúc"]) == ["30/11/2026 21:34:36", "31/12/2017 16:30:00"]


@pytest.mark.parametrize(
    ("role", "unit", "words"),
    [
        ("director", None, "Giám đốc/Phó Giám đốc"),
        ("compiler", None, "Bộ phận tổng hợp"),
        ("unit", "TTTK", "Đơn vị"),  # the unit itself has its own column
        ("open", None, "Không đăng nhập"),
        (None, None, ""),  # an entry written before roles were logged
    ],
)
def test_the_log_table_names_roles_in_words(tmp_path, role, unit, words):
    log = tmp_path / "audit.jsonl"
    download(log, b"x", role=role, unit=unit)
    assert entries_frame(read_log(log).entries).loc[0, "Vai trò"] == words


@pytest.mark.parametrize(
    ("what", "words"),
    [
        ("cchc-snapshot-2017-12-31.zip", "Tải bản chốt số liệu (tệp nén)"),
        ("cchc-snapshot-2017-12-31-TTTK.zip", "Tải bản chốt số liệu (tệp nén)"),
        ("bao-cao-6-thang-2017.docx", "Tải dự thảo báo cáo 6 tháng"),
        ("bao-cao-nam-2017.docx", "Tải dự thảo báo cáo năm"),
        ("bao-cao-lanh-dao-so-6-thang-2017.docx", "Tải dự thảo báo cáo Lãnh đạo Sở 6 tháng"),
        ("bao-cao-lanh-dao-so-nam-2017.docx", "Tải dự thảo báo cáo Lãnh đạo Sở năm"),
        ("bao-cao-don-vi-TTTK-6-thang-2017.docx", "Tải dự thảo báo cáo 6 tháng của đơn vị"),
        ("bao-cao-don-vi-PC-nam-2017.docx", "Tải dự thảo báo cáo năm của đơn vị"),
        ("bao-cao-don-vi-6-thang-2017.zip", "Tải báo cáo 6 tháng của tất cả đơn vị (tệp nén)"),
        ("bao-cao-don-vi-nam-2017.zip", "Tải báo cáo năm của tất cả đơn vị (tệp nén)"),
        ("2017-12-31-progress.csv", "Tải bảng «Tiến độ»"),
        ("2017-12-31-TTTK-status.csv", "Tải bảng «Tình trạng từng phần việc»"),
        ("Bang-tong-hop_2017-06-14_TTTK.xlsx", "Tải bảng tổng hợp (Excel)"),
    ],
)
def test_the_log_table_says_what_was_downloaded_in_words(tmp_path, what, words):
    log = tmp_path / "audit.jsonl"
    record(log, who=None, what=what, snapshot_id="s", sha256="0", at=AT, role="open")
    assert entries_frame(read_log(log).entries).loc[0, "Thao tác"] == words


@pytest.mark.parametrize(
    ("snapshot_id", "words"),
    [
        ("2017-06-14_20261130T213433", "Tính đến 14/06/2017, chốt lúc 30/11/2026 21:34:33"),
        ("2017-06-14_20261130T213433-2", "Tính đến 14/06/2017, chốt lúc 30/11/2026 21:34:33"),
        (
            "2017-12-31_20261130T213433 (không lưu được vào thư mục lịch sử)",
            "Tính đến 31/12/2017, chốt lúc 30/11/2026 21:34:33 (không lưu được vào thư mục lịch sử)",
        ),
        (
            "sample · tính đến 31/12/2017 · đọc lúc 21:34:36 30/11/2026",
            "Dữ liệu mẫu · tính đến 31/12/2017 · đọc lúc 21:34:36 30/11/2026",
        ),
        ("/srv/ke-hoach · tính đến 31/12/2017", "/srv/ke-hoach · tính đến 31/12/2017"),
    ],
)
def test_the_log_table_names_the_data_of_a_download_without_folder_names(tmp_path, snapshot_id, words):
    log = tmp_path / "audit.jsonl"
    record(log, who=None, what="x.zip", snapshot_id=snapshot_id, sha256="0", at=AT, role="open")
    assert entries_frame(read_log(log).entries).loc[0, "Bản chốt số liệu"] == words


def test_the_log_table_shows_no_internal_code_but_the_check_code(tmp_path):
    log = tmp_path / "audit.jsonl"
    for role, unit in (("director", None), ("compiler", None), ("unit", "TTTK"), ("open", None)):
        record(
            log,
            who=None,
            what="bao-cao-nam-2017.docx",
            snapshot_id="2017-12-14_20261130T213433",
            sha256=sha256(b"x"),
            at=AT,
            role=role,
            unit=unit,
        )
    table = entries_frame(read_log(log).entries)
    shown = " ".join(str(cell) for cell in table.drop(columns=["Tệp", "Mã kiểm tra"]).to_numpy().ravel())
    assert not re.search(r"director|compiler|\bunit\b|\bopen\b|\d{8}T\d{6}|\+07:00", shown)
    assert list(table.columns)[-1] == "Mã kiểm tra"


@pytest.mark.parametrize(
    ("kind", "period", "unit"),
    [("half_year", "half_year", None), ("annual", "annual", None)]
    + [("internal", p, None) for p in ("half_year", "annual")]
    + [("unit", p, u) for p in ("half_year", "annual") for u in ("TTTK", "VP")],
)
def test_every_report_file_name_the_export_page_gives_is_worded_as_its_report(kind, period, unit):
    from cchc.report.files import report_file_name, unit_reports_zip_name

    words = action_words(report_file_name(kind, period, 2017, unit))
    when = "6 tháng" if period == "half_year" else "năm"
    assert words.startswith("Tải dự thảo báo cáo") and when in words
    assert ("Lãnh đạo Sở" in words) == (kind == "internal") and ("đơn vị" in words) == (kind == "unit")
    assert (
        action_words(unit_reports_zip_name(period, 2017)) == f"Tải báo cáo {when} của tất cả đơn vị (tệp nén)"
    )
