"""`python -m cchc remind` (SPEC §12) against a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import email
import json
import shutil
from dataclasses import replace
from datetime import UTC, date, datetime
from email.policy import default
from html import escape
from pathlib import Path

import pytest

from cchc.assess.status import assess
from cchc.cli.main import main
from cchc.config import load_config
from cchc.present.views import attention_parts
from cchc.remind import RemindSettings, compose, deliver, prepare, render, sentlog
from cchc.remind.build import Reminder
from cchc.remind.mail import to_message
from cchc.remind.settings import SmtpSettings
from cchc.sources import SAMPLE, open_source, parse_source
from cchc.validate.plan import load_plan
from cchc.vocab.labels import DARK_RISKS, RISK_COLORS
from cchc.vocab.terms import VIETNAM
from tests.support.settings import write_secrets
from tests.support.smtp import Mailbox, serve

PASSWORD = "S3cret-Pa55-xyz-941"
TTTK = "tttk.skhcn@baria-vungtau.gov.vn"
PC = "phapche.skhcn@baria-vungtau.gov.vn"
VP = "vanphong.skhcn@baria-vungtau.gov.vn"
DIRECTOR = "giamdoc@skhcn.example.vn"
SAMPLE_DIR = Path(__file__).resolve().parents[1] / "cchc" / "sample"


def _secrets(port: int, user: str = "", security: str = "none", url: str = "https://cchc.example.vn") -> None:
    write_secrets(
        Path(),
        f'[cchc]\nurl = "{url}"\n\n[cchc.smtp]\nhost = "127.0.0.1"\nport = {port}\n'
        f'security = "{security}"\nuser = "{user}"\npassword = "{PASSWORD}"\n'
        'sender = "cchc@skhcn.example.vn"\n\n'
        f'[cchc.remind]\ndirectors = ["{DIRECTOR}"]\n',
    )


@pytest.fixture
def log(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    path = tmp_path / "logs" / "remind.jsonl"
    monkeypatch.setenv("CCHC_REMIND_LOG", str(path))
    return path


def _status(as_of: date, source: str = SAMPLE):
    return assess(load_plan(open_source(parse_source(source)), fallback_year=2017), as_of)


def _text(message: email.message.EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def _html(message: email.message.EmailMessage) -> str:
    return message.get_body(("html",)).get_content()


def test_each_unit_gets_its_own_items_and_the_directors_a_digest(log: Path, capsys) -> None:
    with serve() as box:
        _secrets(box.port)
        assert main(["remind", "--as-of", "2017-12-10"]) == 0
    assert {r.recipients[0] for r in box.received} == {TTTK, PC, VP, DIRECTOR}
    assert all(len(r.recipients) == 1 and r.sender == "cchc@skhcn.example.vn" for r in box.received)
    (tttk,) = box.to(TTTK)
    text = _text(tttk)
    assert "Chậm cập nhật" in text and "Nhiệm vụ 4. Truyền truyền, phổ biến Bộ chỉ số" in text
    assert "55 ngày chưa có dòng tiến độ mới (từ 16/10/2017)" in text
    assert "Báo cáo năm 2017 của đơn vị: hôm nay là ngày cuối (chậm nhất 10/12/2017)" in text
    assert "Ô E30" in text and "Ô F124" in text  # its cells with errors
    assert "Ô A109" not in text  # Pháp chế's cell, not TTTK's
    assert "https://cchc.example.vn/update" in text and "https://cchc.example.vn/update" in _html(tttk)
    assert "Ô A109" in _text(box.to(PC)[0])
    assert "Nhiệm vụ 4" not in _text(box.to(VP)[0])
    (digest,) = box.to(DIRECTOR)
    summary = _text(digest)
    assert "Nhiệm vụ 4. Truyền truyền" in summary and "Trung tâm Thông tin và Thống kê KHCN" in summary
    assert "Báo cáo năm gửi Sở Nội vụ: chậm nhất 14/12/2017" in summary
    assert "1 trên" in summary and "Chậm cập nhật: 1" in summary
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert {entry["recipient"] for entry in lines} == {"TTTK", "PC", "VP", f"digest:{DIRECTOR}"}
    assert "stale:4:TTTK" in next(e["keys"] for e in lines if e["recipient"] == "TTTK")
    assert "Đã gửi 4 thư." in capsys.readouterr().out


@pytest.mark.parametrize(
    "subject",
    [
        "[CCHC] Tổng hợp nhắc việc: 1 phần việc cần chú ý (tính đến 10/12/2017)",
        "[CCHC] Trung tâm Thông tin và Thống kê KHCN: 8 việc cần làm (tính đến 10/12/2017)",
        "[CCHC] Phòng Quản lý Công nghệ và Thị trường công nghệ: 12 việc cần làm (tính đến 01/06/2017)",
    ],
)
def test_a_subject_keeps_every_space_between_its_words_in_any_mail_reader(subject: str) -> None:
    reminder = Reminder("a@sokhcn.gov.vn", "TTTK", subject, "x", "<p>x</p>", ())
    raw = bytes(to_message(reminder, "cchc@sokhcn.gov.vn", datetime(2017, 12, 10, tzinfo=UTC)))
    header = raw.split(b"\r\n\r\n", 1)[0]
    assert max(len(line) for line in header.split(b"\r\n")) <= 78  # folded, each encoded word whole
    assert email.message_from_bytes(raw, policy=default)["Subject"] == subject


def test_messages_are_multipart_utf8_with_headers(log: Path) -> None:
    with serve() as box:
        _secrets(box.port)
        assert main(["remind", "--as-of", "2017-06-14", "--unit", "TTTK"]) == 0
    (received,) = box.received
    message = received.message
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in message.iter_parts())
    assert message["Subject"].startswith("[CCHC] Trung tâm Thông tin và Thống kê KHCN:")
    assert b"=?utf-8?" in received.data.split(b"\r\n\r\n", 1)[0]  # the raw header is encoded
    assert message["Date"] and message["Message-ID"].endswith("@skhcn.example.vn>")
    assert message["From"] == "cchc@skhcn.example.vn"
    text = _text(message)
    assert "Tạm dừng" in text and "Nhiệm vụ 4" in text  # paused at 14/06/2017
    assert "Báo cáo năm" not in text  # the units' day (10/06) is past at 14/06
    assert "<img" not in _html(message) and 'style="' in _html(message)


def test_a_second_run_the_same_day_sends_nothing(log: Path, capsys) -> None:
    with serve() as box:
        _secrets(box.port)
        assert main(["remind", "--as-of", "2017-12-10"]) == 0
        first = len(box.received)
        assert main(["remind", "--as-of", "2017-12-10"]) == 0
    assert len(box.received) == first == 4
    assert "Không có thư nào cần gửi" in capsys.readouterr().out


def test_new_items_reach_a_unit_again_with_the_whole_list(log: Path) -> None:
    with serve() as box:
        _secrets(box.port)
        assert main(["remind", "--as-of", "2017-06-14", "--unit", "VP"]) == 0
        assert main(["remind", "--as-of", "2017-12-10", "--unit", "VP"]) == 0  # its own report is new
    assert len(box.to(VP)) == 2


@pytest.mark.parametrize("kind", ["refuse", "drop"])
def test_a_failed_send_exits_1_keeps_going_and_is_retried(log: Path, capsys, kind: str) -> None:
    box = Mailbox(**{kind: {TTTK}})
    with serve(box):
        _secrets(box.port)
        assert main(["remind", "--as-of", "2017-12-10"]) == 1
        err = capsys.readouterr().err
        assert "Không gửi được: TTTK" in err and "lần chạy sau sẽ gửi lại" in err
        assert {r.recipients[0] for r in box.received} == {PC, VP, DIRECTOR}
        logged = [json.loads(line)["recipient"] for line in log.read_text(encoding="utf-8").splitlines()]
        assert "TTTK" not in logged and len(logged) == 3
        getattr(box, kind).clear()
        assert main(["remind", "--as-of", "2017-12-10"]) == 0
    assert [r.recipients for r in box.received[3:]] == [[TTTK]]


def test_no_smtp_settings_cannot_run(log: Path, capsys) -> None:
    assert main(["remind", "--as-of", "2017-12-10"]) == 2
    assert "[cchc.smtp]" in capsys.readouterr().err
    assert not log.exists()


def test_an_unreadable_source_or_unknown_unit_cannot_run(log: Path, capsys, tmp_path: Path) -> None:
    _secrets(2525)
    assert main(["remind", str(tmp_path / "missing"), "--as-of", "2017-12-10"]) == 2
    assert main(["remind", "--as-of", "2017-12-10", "--unit", "XYZ"]) == 2
    assert "XYZ" in capsys.readouterr().err


def test_dry_run_writes_eml_files_and_logs_nothing(log: Path, tmp_path: Path) -> None:
    with serve() as box:
        _secrets(box.port)
        assert main(["remind", "--as-of", "2017-12-10", "--dry-run", str(tmp_path / "out")]) == 0
    assert not box.received and not log.exists()
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert [f for f in files if "TTTK" in f] and [f for f in files if "PC" in f] and len(files) == 4
    for path in (tmp_path / "out").iterdir():
        message = email.message_from_bytes(path.read_bytes(), policy=default)
        assert message["To"] and _text(message) and _html(message)  # type: ignore[arg-type]


def test_the_password_appears_in_no_output_log_or_file(log: Path, capsys, tmp_path: Path) -> None:
    box = Mailbox(logins={"cchc": PASSWORD}, refuse={PC})
    with serve(box):
        _secrets(box.port, user="cchc")
        assert main(["remind", "--as-of", "2017-12-10"]) == 1
        assert main(["remind", "--as-of", "2017-12-10", "--dry-run", str(tmp_path / "out")]) == 0
        _secrets(box.port, user="intruder")  # a wrong login: its error must not echo the password
        log.unlink()
        assert main(["remind", "--as-of", "2017-12-10"]) == 1
    assert box.logged_in and set(box.logged_in) == {"cchc"}
    seen = capsys.readouterr()
    written = [p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.name != "secrets.toml"]
    assert written and "đăng nhập máy chủ thư không được" in seen.err
    assert all(PASSWORD not in text for text in (seen.out, seen.err))
    assert all(PASSWORD.encode() not in data for data in written)
    assert PASSWORD not in repr(load_config().smtp())


def test_it_logs_in_only_when_a_user_is_set(log: Path) -> None:
    box = Mailbox(logins={"cchc": PASSWORD})
    with serve(box):
        _secrets(box.port, user="")
        assert main(["remind", "--as-of", "2017-06-14", "--unit", "VP"]) == 0
    assert box.logged_in == [] and len(box.received) == 1


def test_starttls_against_a_server_without_it_fails_cleanly(log: Path, capsys) -> None:
    with serve() as box:
        _secrets(box.port, user="cchc", security="starttls")
        assert main(["remind", "--as-of", "2017-06-14", "--unit", "VP"]) == 1
    assert not box.received
    err = capsys.readouterr().err
    assert "STARTTLS" in err and PASSWORD not in err


def test_units_without_email_are_unreachable_and_named_in_the_digest(log: Path, tmp_path: Path) -> None:
    source = tmp_path / "plan"
    shutil.copytree(SAMPLE_DIR, source)
    units = source / "Đơn vị.csv"
    units.write_text(units.read_text(encoding="utf-8").replace(VP, ""), encoding="utf-8")
    status = _status(date(2017, 6, 14), str(source))
    messages, unreachable = compose(status, RemindSettings(log, (DIRECTOR,)))
    assert unreachable == ["Văn phòng Sở"]
    assert [m.to for m in messages] == [PC, TTTK, DIRECTOR]  # VP has stale task 7 but no address
    assert "chưa có email" in messages[-1].text and "Văn phòng Sở" in messages[-1].text


def test_google_sheet_items_link_to_their_cells() -> None:
    status = _status(date(2017, 12, 10))
    plan = replace(status.plan, name="gsheet:1AbCdEfGhIjKlMnOpQrStUv", gids={"progress": 77})
    (tttk,), _ = compose(replace(status, plan=plan), RemindSettings(Path("x")), unit="TTTK")
    links = {i.key.split(":")[0]: i.link for i in tttk.items}
    assert links["stale"].startswith(
        "https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUv/edit#gid=77"
    )
    cell = next(i for i in tttk.items if ":E30:" in i.key)
    assert (
        cell.link
        and cell.link.endswith("&range=E30")
        and cell.link in tttk.text
        and escape(cell.link) in tttk.html
    )


def test_the_sent_log_sits_beside_the_audit_log_by_default(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CCHC_AUDIT_LOG", str(tmp_path / "a" / "audit.jsonl"))
    assert load_config().remind.sent_log == tmp_path / "a" / "remind.jsonl"
    monkeypatch.setenv("CCHC_REMIND_LOG", str(tmp_path / "r.jsonl"))
    assert load_config().remind.sent_log == tmp_path / "r.jsonl"


@pytest.mark.browser
def test_a_reminder_renders_on_a_phone_and_a_desktop(browser) -> None:
    status = _status(date(2017, 12, 10))
    plan = replace(status.plan, name="gsheet:1AbCdEfGhIjKlMnOpQrStUv", gids={"progress": 77})
    settings = RemindSettings(Path("x"), ("gd@x.vn",), "https://cchc.example.vn")
    messages, _ = compose(replace(status, plan=plan), settings)
    shots = Path("/tmp/remind-shots")
    shots.mkdir(exist_ok=True)
    for reminder in (m for m in messages if m.unit in ("TTTK", None)):
        for width in (390, 1000):
            page = browser.new_page(viewport={"width": width, "height": 800})
            page.set_content(reminder.html)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.screenshot(path=str(shots / f"{reminder.unit or 'digest'}-{width}.png"), full_page=True)
            page.close()


def test_a_record_after_a_torn_last_line_is_read_back(tmp_path: Path) -> None:
    log = tmp_path / "remind.jsonl"
    log.write_text('{"at": "2017-12-10T07:30:00+07:00", "recipient": "PC", "ke', encoding="utf-8")  # a crash
    (tttk,), _ = compose(_status(date(2017, 12, 10)), RemindSettings(log), unit="TTTK")
    at = datetime(2017, 12, 10, 7, 31, tzinfo=VIETNAM)
    sentlog.record(log, tttk, at, "<1@cchc>")
    assert sentlog.recent_keys(log, date(2017, 12, 10), 7) == {"TTTK": set(tttk.keys)}


def test_sub_task_ids_are_distinct_items_in_the_digest() -> None:
    status = _status(date(2017, 6, 14))
    parts = attention_parts(status)
    assert len(parts) == 2
    same = {"unit": "TTTK", "risk": parts[0].risk}  # one unit, one risk: only the task ids tell them apart
    renamed = {id(a): replace(a, task_id=f"1.{n}", **same) for n, a in enumerate(parts, 1)}
    status = replace(status, assignments=[renamed.get(id(a), a) for a in status.assignments])
    (digest,) = [m for m in compose(status, RemindSettings(Path("x"), (DIRECTOR,)))[0] if m.unit is None]
    mine = [i for i in digest.items if i.unit == "TTTK"]
    assert {i.key.split(":")[2] for i in mine} == {"1.1", "1.2"} and len(digest.keys) == len(digest.items)


def test_a_previewed_batch_is_sent_as_it_was_prepared(log: Path) -> None:
    status = _status(date(2017, 12, 10))
    batch = prepare(status, RemindSettings(log, (DIRECTOR,)), date(2017, 12, 10))
    with serve(Mailbox()) as box:
        smtp = SmtpSettings("127.0.0.1", box.port, "none", "cchc@sokhcn.gov.vn")
        outcome = deliver(batch, smtp, lambda: datetime(2017, 12, 10, 7, 30, tzinfo=VIETNAM))
        again = deliver(batch, smtp, lambda: datetime(2017, 12, 10, 7, 31, tzinfo=VIETNAM))
    assert outcome.sent == batch.due and len(box.received) == len(batch.due) > 0
    assert again.sent == []  # the sent-log, read again under the lock, holds them back
    assert len(sentlog.runs_path(log).read_text(encoding="utf-8").splitlines()) == 2


@pytest.mark.parametrize("risk", sorted(RISK_COLORS))
def test_a_badge_wears_its_risks_colour_of_the_pages(risk: str) -> None:
    back, fore = render.badge_colors(risk)
    assert RISK_COLORS[risk] in (back, fore) and "#ffffff" not in (back, fore)
    assert (fore == RISK_COLORS[risk]) == (risk in DARK_RISKS)  # light colours are never text
