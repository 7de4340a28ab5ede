"""«Gửi nhắc việc» on Việc cần làm: a director previews every reminder, then sends them through a real
SMTP server on loopback; the send is audited and not repeated; nobody else gets the button."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cchc.access.audit import read_log
from cchc.assess.schedule import default_as_of
from cchc.assess.status import assess
from cchc.config import load_config, today
from cchc.remind import compose
from cchc.sources import open_source
from cchc.validate.plan import load_plan
from tests.support.app import run_as
from tests.support.settings import fresh_reads, signed_in, write_secrets
from tests.support.smtp import Mailbox, serve, smtp_table

DIRECTOR = {"is_logged_in": True, "email": "GiamDoc@sokhcn.gov.vn"}
COMPILER = {"is_logged_in": True, "email": "phapche@sokhcn.gov.vn"}
PASSWORD = "mat-khau-thu-0123"
DECEMBER_10 = date(2017, 12, 10)


def _secrets(folder: Path, port: int | None) -> None:
    smtp = smtp_table(port, PASSWORD) if port else ""
    remind = '\n[cchc.remind]\ndirectors = ["giamdoc@sokhcn.gov.vn"]\n'
    write_secrets(folder, signed_in(f"{smtp}{remind}"))


@pytest.fixture(autouse=True)
def office(monkeypatch, tmp_path):
    monkeypatch.setenv("CCHC_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("CCHC_REMIND_LOG", str(tmp_path / "remind.jsonl"))
    with fresh_reads():
        yield tmp_path


def _todo(user: dict[str, object]) -> AppTest:
    at = run_as(user, "app_pages/todo.py", timeout=60, as_of=DECEMBER_10)
    assert not at.exception
    return at


def _expected() -> list[str]:
    """Today's messages, as the timer would send them (on the 2017 sample: as of 31/12/2017),
    whatever date the sidebar shows."""
    plan = load_plan(open_source("sample"), 2017)
    status = assess(plan, default_as_of(plan.year, today()))
    return sorted(r.to for r in compose(status, load_config().remind)[0])


def test_a_director_previews_every_reminder_then_sends_them_once(office):
    with serve(Mailbox()) as box:
        _secrets(office, box.port)
        at = _todo(DIRECTOR)
        expected = _expected()
        assert len(expected) >= 2  # the units with cells to fix at the end of 2017
        previews = [e.label for e in at.expander if "·" in e.label]
        assert sorted(label.split(" · ")[0].replace("\u2060", "") for label in previews) == expected
        (send,) = [b for b in at.button if b.key == "remind_send"]
        assert send.label == f"Gửi {len(expected)} thư nhắc việc"
        send.click().run()
        assert not at.exception
        assert sorted(a for r in box.received for a in r.recipients) == expected
        assert f"Đã gửi {len(expected)} thư nhắc việc." in [s.value for s in at.success]
        # the next view has nothing left to send: the sent-log holds every item
        at.run()
        assert not [b for b in at.button if b.key == "remind_send"]
        assert len(box.received) == len(expected)
    (entry,) = read_log(office / "audit.jsonl").entries
    assert entry.role == "director" and entry.who == "giamdoc@sokhcn.gov.vn"
    assert entry.what == f"nhac-viec:{len(expected)}:0"
    assert len((office / "remind.runs.jsonl").read_text(encoding="utf-8").splitlines()) == 1  # the run
    for path in office.rglob("*"):
        if path.is_file() and path.suffix in (".jsonl", ".eml"):
            assert PASSWORD not in path.read_text(encoding="utf-8")


def test_without_a_mail_server_the_director_is_told_plainly_and_nothing_is_logged(office):
    _secrets(office, None)
    at = _todo(DIRECTOR)
    (send,) = [b for b in at.button if b.key == "remind_send"]
    send.click().run()
    assert any("Chưa cấu hình máy chủ gửi thư" in e.value for e in at.error)
    assert not any("secrets" in e.value or "smtp" in e.value for e in at.error)
    assert not (office / "remind.jsonl").exists()


def test_only_a_director_gets_the_reminders(office):
    _secrets(office, None)
    at = _todo(COMPILER)
    assert not [b for b in at.button if b.key == "remind_send"]
    assert "Gửi nhắc việc qua email" not in [h.value for h in at.subheader]
