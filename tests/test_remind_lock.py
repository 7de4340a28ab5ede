"""Two sendings at once (the timer and a director's click) take turns: no item goes out twice."""

from __future__ import annotations

import threading
from datetime import date, datetime

from cchc.assess.status import assess
from cchc.config import VIETNAM
from cchc.remind import compose, send_reminders
from cchc.remind.settings import RemindSettings, SmtpSettings
from cchc.sources import open_source
from cchc.validate.plan import load_plan
from tests.support.smtp import Mailbox, serve


def test_two_runs_at_once_send_each_message_once(tmp_path):
    status = assess(load_plan(open_source("sample"), 2017), date(2017, 12, 10))
    log = tmp_path / "remind.jsonl"
    reminders, _ = compose(status, RemindSettings(sent_log=log, directors=("giamdoc@sokhcn.gov.vn",)))
    assert len(reminders) >= 4
    at = datetime(2017, 12, 10, 7, 30, tzinfo=VIETNAM)
    with serve(Mailbox()) as box:
        smtp = SmtpSettings("127.0.0.1", box.port, "none", "cchc@sokhcn.gov.vn")
        runs = [
            threading.Thread(target=send_reminders, args=(reminders, smtp, log, at), kwargs={"days": 7})
            for _ in range(2)
        ]
        for run in runs:
            run.start()
        for run in runs:
            run.join(timeout=60)
        received = sorted(a for r in box.received for a in r.recipients)
    assert received == sorted(r.to for r in reminders)  # each once, though both runs found them due
    assert len(log.read_text(encoding="utf-8").splitlines()) == len(reminders)
