"""One reminder run (SPEC §12), as both shells do it: build the messages, keep those the sent-log lets
through, send them (or write them as `.eml` files: the dry run), log each one sent, record the run.

The shells read the configuration (the SMTP server, the sender of a dry run, the clock) and pass it
in; they say what happened from the `Outcome`. Nothing here prints, and only the sent-log, the run
log, the SMTP server and a dry run's folder are touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from cchc.assess.status import Status
from cchc.remind.build import Reminder, compose
from cchc.remind.mail import send_reminders, write_eml
from cchc.remind.sentlog import Run, due_reminders, record_run
from cchc.remind.settings import RemindSettings, SmtpSettings

Clock = Callable[[], datetime]
Progress = Callable[[Reminder, str | None], None]


@dataclass(frozen=True)
class Batch:
    """Today's messages: every one built, those the sent-log lets through, the units without email."""

    every: list[Reminder]
    due: list[Reminder]
    unreachable: list[str]
    days: int  # `chu_ky_nhac`: the same items go to a recipient at most once in this many days
    sent_log: Path
    as_of: date | None = None  # the day the messages remind about (the run log records it)
    unit: str | None = None  # `--unit`: only this unit's messages

    @property
    def held(self) -> int:
        """How many messages the sent-log holds back (their items went out within `days`)."""
        return len(self.every) - len(self.due)


@dataclass(frozen=True)
class DryRun:
    """Write the due messages into `folder` as `.eml` files from `sender`; send and log nothing."""

    folder: Path
    sender: str


@dataclass(frozen=True)
class Outcome:
    """What a run did: its batch, the messages sent, failed (with the reason) or written (a dry run)."""

    batch: Batch
    sent: list[Reminder] = field(default_factory=list)
    failed: list[tuple[Reminder, str]] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    unrecorded: str | None = None  # why the run log could not take this run (it is never fatal)


class FolderError(Exception):
    """A folder the run writes into cannot be used; `why` is the system's word, None for a file."""

    def __init__(self, folder: Path, why: str | None) -> None:
        super().__init__(str(folder))
        self.folder = folder
        self.why = why


class SentLogFolderError(FolderError):
    """The sent-log's folder cannot be made: nothing was sent."""


class DryRunFolderError(FolderError):
    """The dry run's folder is a file or cannot be written."""


def _why(error: OSError) -> str:
    return error.strerror or type(error).__name__


def prepare(status: Status, settings: RemindSettings, today: date, unit: str | None = None) -> Batch:
    """Build the messages (of one unit, with `unit`) and pick those due per the sent-log on `today`."""
    days = status.plan.settings.remind_days
    every, unreachable = compose(status, settings, unit)
    due = due_reminders(every, settings.sent_log, today, days)
    return Batch(every, due, unreachable, days, settings.sent_log, status.as_of, unit)


def _write(due: list[Reminder], dry_run: DryRun, at: datetime) -> list[Path]:
    folder = dry_run.folder
    if folder.exists() and not folder.is_dir():
        raise DryRunFolderError(folder, None)
    try:
        return write_eml(due, folder, dry_run.sender, at)
    except OSError as error:
        raise DryRunFolderError(folder, _why(error)) from None


def _send(batch: Batch, smtp: SmtpSettings, clock: Clock, on_progress: Progress | None) -> Outcome:
    try:  # for the lock; the appends make it too (jsonlines), but only here a failure stops the sending
        batch.sent_log.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SentLogFolderError(batch.sent_log.parent, _why(error)) from None
    result = send_reminders(
        batch.due, smtp, batch.sent_log, clock(), on_progress=on_progress, days=batch.days
    )
    return Outcome(batch, result.sent, result.failed)


def _record(batch: Batch, outcome: Outcome, clock: Clock) -> Outcome:
    """Record the run (even when nothing was due: the health check reads when reminders last ran)."""
    run = Run(clock(), batch.as_of, len(outcome.sent), len(outcome.failed), batch.unit)
    try:
        record_run(batch.sent_log, run)
    except OSError as error:
        return Outcome(batch, outcome.sent, outcome.failed, unrecorded=_why(error))
    return outcome


def deliver(
    batch: Batch, by: SmtpSettings | DryRun, clock: Clock, on_progress: Progress | None = None
) -> Outcome:
    """Send a prepared batch's due messages and record the run, or write them (a dry run)."""
    if isinstance(by, DryRun):  # a dry run is not a run: the run log does not take it
        return Outcome(batch, written=_write(batch.due, by, clock()))
    outcome = _send(batch, by, clock, on_progress) if batch.due else Outcome(batch)
    return _record(batch, outcome, clock)


def run_reminders(
    status: Status,
    settings: RemindSettings,
    by: SmtpSettings | DryRun,
    clock: Clock,
    unit: str | None = None,
    on_due: Callable[[Batch], None] | None = None,
    on_progress: Progress | None = None,
) -> Outcome:
    """Remind as of `status.as_of`: prepare, then send and record the run, or write a dry run.

    `on_due(batch)` is called once the due messages are known, before any is sent or written;
    `on_progress(reminder, reason)` after each send (reason None when it went out).
    """
    batch = prepare(status, settings, clock().date(), unit)
    if on_due:
        on_due(batch)
    return deliver(batch, by, clock, on_progress)
