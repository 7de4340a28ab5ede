"""Reminders (SPEC §12): one email per unit with something to do, a digest for the directors, sent
over SMTP at most once per `chu_ky_nhac` days for the same items (the sent-log decides).

The CLI (`python -m cchc remind`) and the dashboard's «Gửi nhắc việc» run the same sequence,
`run_reminders`: `build_reminders` (pure: a status in, messages out), `due_reminders` (which of them
the sent-log lets through), `send_reminders` (SMTP, then the log) or `write_eml` (the dry run), then
`record_run`; `prepare` is its first half, for a preview, and `deliver` its second. Public names
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
        "build_reminders": "build",
        "deliver": "run",
        "due_reminders": "sentlog",
        "prepare": "run",
        "run_reminders": "run",
        "send_reminders": "mail",
        "to_message": "mail",
        "unreachable_units": "build",
        "write_eml": "mail",
    },
)
