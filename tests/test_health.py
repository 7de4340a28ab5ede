"""`python -m cchc health` (a monitoring check), the reminder run log, and «Tình trạng hệ thống»."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.runtime.secrets import secrets_singleton
from streamlit.testing.v1 import AppTest

import ui.data
from cchc import health
from cchc.cli.main import main
from cchc.remind.sentlog import Run, last_run, recent_keys, record_run, runs_path
from cchc.sources import SAMPLE, gsheet, parse_source
from cchc.vocab.terms import VIETNAM
from emulator import Emulator
from tests.support.access import SECRETS
from tests.support.app import APP
from tests.support.settings import write_secrets
from tests.support.smtp import Mailbox, serve

NOW = datetime(2017, 12, 10, 8, 0, tzinfo=VIETNAM)
DIRECTOR = {"is_logged_in": True, "email": "GiamDoc@sokhcn.gov.vn"}
UNIT = {"is_logged_in": True, "email": "tttk@sokhcn.gov.vn"}


@pytest.fixture(autouse=True)
def office(monkeypatch, tmp_path):
    """A private last-good folder and sent-log, no waiting between Google retries, no kept client."""
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CCHC_REMIND_LOG", str(tmp_path / "logs" / "remind.jsonl"))
    monkeypatch.setattr(gsheet, "RETRY_DELAYS", (0.01, 0.01, 0.01))
    gsheet._CLIENTS.clear()
    secrets_singleton._reset()
    ui.data.load.clear()
    yield tmp_path
    gsheet._CLIENTS.clear()
    secrets_singleton._reset()
    ui.data.load.clear()


@pytest.fixture
def sheet(monkeypatch):
    with Emulator.from_source(SAMPLE) as server:
        monkeypatch.setenv("CCHC_SHEETS_ENDPOINT", server.base_url)
        yield server


def _health(capsys, *args: str) -> tuple[int, list[str]]:
    code = main(["health", *args])
    return code, capsys.readouterr().out.splitlines()


def _age_kept_read(cache: Path, key: str, hours: float) -> None:
    """Make the last good read on disk `hours` old, as if Google had failed since."""
    kept = cache / f"{key}.json"
    document = json.loads(kept.read_text(encoding="utf-8"))
    document["read_at"] = (datetime.now(VIETNAM) - timedelta(hours=hours)).isoformat()
    kept.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


# The check on each kind of source -----------------------------------------------------------------


def test_the_sample_reads_now_and_the_check_passes(capsys):
    code, lines = _health(capsys)
    assert code == 0
    assert lines[0] == "BÌNH THƯỜNG: đọc được nguồn dữ liệu «dữ liệu mẫu»."
    assert "thành công" in lines[2] and "(vừa xong)" in lines[3]
    assert lines[4] == "Chưa chạy nhắc việc"


def test_a_google_sheet_failing_within_the_day_is_a_warning_with_exit_0(sheet, capsys):
    key = sheet.spreadsheet_id
    code, lines = _health(capsys, f"gsheet:{key}")
    assert code == 0 and lines[0].startswith("BÌNH THƯỜNG")
    sheet.fail_always(500)
    code, lines = _health(capsys, f"gsheet:{key}")
    assert code == 0
    assert lines[0].startswith("CẢNH BÁO: không đọc được nguồn dữ liệu") and "chưa quá 24 giờ" in lines[0]
    assert "không thành công" in lines[2] and "500" in lines[2]
    assert lines[3].startswith("Đọc bảng tính thành công lần cuối:")


def test_a_google_sheet_unreadable_longer_than_max_age_exits_1(sheet, capsys, office):
    key = sheet.spreadsheet_id
    assert _health(capsys, f"gsheet:{key}")[0] == 0
    sheet.fail_always(503)
    _age_kept_read(office / "cache", key, hours=30)
    code, lines = _health(capsys, f"gsheet:{key}")
    assert code == 1
    assert lines[0] == (
        f"LỖI: không đọc được nguồn dữ liệu «gsheet:{key}»; lần đọc thành công cuối 30 giờ trước, "
        "đã quá 24 giờ."
    )
    assert _health(capsys, f"gsheet:{key}", "--max-age", "48")[0] == 0


def test_a_sheet_no_longer_shared_counts_from_its_last_good_read_too(sheet, capsys, office):
    key = sheet.spreadsheet_id
    assert _health(capsys, f"gsheet:{key}")[0] == 0
    sheet.fail_always(403)  # not served from the last good read, but that read still dates the outage
    assert _health(capsys, f"gsheet:{key}")[0] == 0
    _age_kept_read(office / "cache", key, hours=25)
    code, lines = _health(capsys, f"gsheet:{key}")
    assert code == 1 and "25 giờ trước" in lines[0]


def test_a_sheet_never_read_successfully_exits_1(sheet, capsys):
    sheet.fail_always(500)
    code, lines = _health(capsys, f"gsheet:{sheet.spreadsheet_id}")
    assert code == 1 and "chưa có lần đọc thành công nào" in lines[0]
    assert lines[3] == "Chưa có lần đọc bảng tính thành công nào"


def test_an_unreadable_path_exits_1_and_says_why(capsys, tmp_path):
    code, lines = _health(capsys, str(tmp_path / "khong-co"))
    assert code == 1 and lines[0].startswith("LỖI") and "Không tìm thấy" in lines[2]


@pytest.mark.parametrize("hours", ["0", "-3", "abc", "nan"])
def test_a_max_age_that_is_not_a_positive_number_cannot_run(capsys, hours):
    assert main(["health", "--max-age", hours]) == 2
    assert "--max-age" in capsys.readouterr().err


# The verdict and its words, as pure functions -----------------------------------------------------


def _judged(read_now: bool, hours_ago: float | None) -> health.Health:
    last = None if hours_ago is None else NOW - timedelta(hours=hours_ago)
    return health.Health(health.Reading(parse_source(SAMPLE), read_now, last), None, NOW)


@pytest.mark.parametrize(
    "read_now, hours_ago, level",
    [
        (True, 0, "ok"),
        (False, 3, "degraded"),
        (False, 24, "degraded"),
        (False, 24.1, "down"),
        (False, None, "down"),
    ],
)
def test_a_failing_source_is_down_only_past_max_age(read_now, hours_ago, level):
    assert _judged(read_now, hours_ago).level == level


@pytest.mark.parametrize(
    "delta, words",
    [
        (timedelta(seconds=30), "vừa xong"),
        (timedelta(minutes=-5), "vừa xong"),
        (timedelta(minutes=42), "42 phút trước"),
        (timedelta(hours=30, minutes=59), "30 giờ trước"),
        (timedelta(days=3, hours=2), "3 ngày trước"),
    ],
)
def test_how_long_ago_is_said_in_minutes_hours_then_days(delta, words):
    assert health.ago(delta) == words


# Reminder runs ----------------------------------------------------------------------------------


def _smtp_secrets(port: int) -> None:
    write_secrets(
        Path(),
        f'[cchc.smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
        'sender = "cchc@skhcn.example.vn"\n',
    )


def test_every_remind_run_is_recorded_even_when_nothing_was_due_and_the_sent_log_is_unchanged(office, capsys):
    log = office / "logs" / "remind.jsonl"
    with serve() as box:
        _smtp_secrets(box.port)
        assert main(["remind", "--as-of", "2017-12-10"]) == 0
        assert last_run(log) is not None and (last_run(log).sent, last_run(log).failed) == (3, 0)
        assert main(["remind", "--as-of", "2017-12-10"]) == 0  # nothing due now
        assert main(["remind", "--as-of", "2017-12-10", "--dry-run", str(office / "eml")]) == 0
    runs = runs_path(log).read_text(encoding="utf-8").splitlines()
    assert len(runs) == 2  # the dry run is not a run
    latest = last_run(log)
    assert latest is not None and (latest.sent, latest.failed, latest.as_of) == (0, 0, date(2017, 12, 10))
    assert all("recipient" in json.loads(line) for line in log.read_text(encoding="utf-8").splitlines())
    capsys.readouterr()
    code, lines = _health(capsys)
    assert (
        code == 0
        and lines[4].startswith("Nhắc việc chạy lần cuối:")
        and lines[4].endswith("(gửi 0 thư, 0 thư lỗi)")
    )


def test_a_run_with_failed_sends_records_them(office):
    log = office / "logs" / "remind.jsonl"
    box = Mailbox(refuse={"tttk.skhcn@baria-vungtau.gov.vn"})
    with serve(box):
        _smtp_secrets(box.port)
        assert main(["remind", "--as-of", "2017-12-10"]) == 1
    latest = last_run(log)
    assert latest is not None and (latest.sent, latest.failed) == (2, 1)


def test_run_records_never_count_as_sent_messages(tmp_path):
    log = tmp_path / "remind.jsonl"
    record_run(log, Run(NOW, date(2017, 12, 10), 4, 0))
    runs_path(log).replace(log)  # even a run line inside the sent-log itself is no message
    assert recent_keys(log, NOW.date(), 7) == {}
    assert runs_path(log).name == "remind.runs.jsonl"


def test_the_latest_run_is_read_back_and_broken_lines_are_skipped(tmp_path):
    log = tmp_path / "remind.jsonl"
    record_run(log, Run(NOW - timedelta(days=1), date(2017, 12, 9), 5, 0))
    with runs_path(log).open("a", encoding="utf-8") as out:
        out.write('{"at": "not a time"}\n{"at": "2017-12-1\n')
    record_run(log, Run(NOW, date(2017, 12, 10), 2, 1, "TTTK"))
    assert last_run(log) == Run(NOW, date(2017, 12, 10), 2, 1, "TTTK")
    assert health.run_words(last_run(log)) == (
        "Nhắc việc chạy lần cuối: 10/12/2017 08:00 (gửi 2 thư, 1 thư lỗi, chỉ đơn vị TTTK)"
    )
    assert last_run(tmp_path / "none.jsonl") is None


# The dashboard's box ------------------------------------------------------------------------------


def _signed_in(folder: Path) -> None:
    write_secrets(folder, SECRETS)


def _sidebar_text(at: AppTest) -> str:
    kinds = ("markdown", "caption", "warning", "error")
    return "\n".join(str(e.value) for kind in kinds for e in at.sidebar.get(kind))


def _box_text(at: AppTest) -> str:
    text = _sidebar_text(at)
    assert text.count("**Tình trạng hệ thống**") == 1
    return text


def _run(user: dict[str, object] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if user is not None:
        at.user = user
    return at.run()


def test_a_director_sees_the_last_read_and_the_last_reminder_run(office):
    _signed_in(office)
    record_run(office / "logs" / "remind.jsonl", Run(NOW, date(2017, 12, 10), 4, 1))
    at = _run(DIRECTOR)
    text = _box_text(at)
    assert "Đọc bảng tính thành công lần cuối:" in text and "(vừa xong)" in text
    assert "Nhắc việc chạy lần cuối: 10/12/2017 08:00 (gửi 4 thư, 1 thư lỗi)" in text
    assert "remind" not in text and "CCHC_" not in text and not at.exception


def test_a_unit_account_does_not_see_the_box(office):
    _signed_in(office)
    at = _run(UNIT)
    text = _sidebar_text(at)
    assert "Tình trạng hệ thống" not in text and "Nhắc việc" not in text and not at.exception


def test_the_open_dashboard_shows_the_box_and_that_reminders_never_ran():
    assert "Chưa chạy nhắc việc" in _box_text(_run())


def test_the_box_warns_when_the_data_shown_is_the_last_good_read(sheet, monkeypatch):
    monkeypatch.setenv("CCHC_SOURCE", f"gsheet:{sheet.spreadsheet_id}")
    at = _run()
    sheet.fail_always(429)
    at.sidebar.button[0].click().run()  # «Làm mới dữ liệu»: Google now refuses
    text = _box_text(at)
    assert "Đọc bảng tính thành công lần cuối:" in text
    assert "số liệu đang hiển thị là của lần đọc thành công lần cuối" in text and not at.exception
