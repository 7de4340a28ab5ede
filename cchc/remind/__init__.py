"""Reminders (SPEC §12): one email per unit with something to do, a digest for the directors, sent
over SMTP at most once per `chu_ky_nhac` days for the same items (the sent-log decides).

The CLI (`python -m cchc remind`) and the dashboard's «Gửi nhắc việc» run the same sequence,
`run_reminders`: `prepare` (`compose`, pure: a status in, messages out; then `due_reminders`, which
of them the sent-log lets through), then `deliver` (`send_reminders`: SMTP, then the log; or
`write_eml`, the dry run; then `record_run`). The dashboard previews what `prepare` gives and
delivers that same batch. Public names
load on first use (`cchc.vocab.lazy`).
"""

from __future__ import annotations

from cchc.vocab.lazy import exports

__all__, __getattr__ = exports(
    __name__,
    {
        "Item": "items",
        "Batch": "run",
        "Outcome": "run",
        "RemindSettings": "settings",
        "Reminder": "build",
        "SendResult": "mail",
        "SentLogFolderError": "run",
        "SmtpConfigError": "settings",
        "SmtpSettings": "settings",
        "compose": "build",
        "deliver": "run",
        "due_reminders": "sentlog",
        "prepare": "run",
        "run_reminders": "run",
        "send_reminders": "mail",
        "to_message": "mail",
        "write_eml": "mail",
    },
)
