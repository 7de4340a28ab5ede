"""The sent-log: one JSON line per message actually sent (who, when, which items), appended, never
rewritten. It decides which reminders are due: a recipient is not sent the same items again within
`chu_ky_nhac` days; a failed send is never logged, so the next run retries it.

Beside it, the run log (`remind.runs.jsonl` for `remind.jsonl`): one line per `remind` run that
reached the sending step, even when nothing was due (when, as of which day, how many sent and
failed), so an administrator can see that the timer runs. It is a separate file so that the
sent-log keeps one kind of line and its readers need not tell runs from messages.
"""

from __future__ import annotations

import fcntl
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from cchc.access.jsonlines import append_line

if TYPE_CHECKING:
    from cchc.remind.build import Reminder


def _entries(path: Path) -> Iterable[dict[str, object]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:  # a line cut short by a crash: the others still count
            continue
        if isinstance(entry, dict):
            yield entry


def recent_keys(path: Path, today: date, days: int) -> dict[str, set[str]]:
    """The item keys sent to each recipient in the last `days` days (today included)."""
    since = today - timedelta(days=days - 1)
    sent: dict[str, set[str]] = {}
    for entry in _entries(path):
        try:
            day = datetime.fromisoformat(str(entry["at"])).date()
        except (KeyError, ValueError):
            continue
        keys = entry.get("keys")
        if since <= day <= today and isinstance(keys, list):
            sent.setdefault(str(entry.get("recipient")), set()).update(str(k) for k in keys)
    return sent


@contextmanager
def locked(sent_log: Path) -> Iterator[None]:
    """Hold the lock beside the sent-log (`remind.lock` for `remind.jsonl`) for the block: one
    sending at a time, across processes (the timer, the dashboard's sessions); its folder must exist."""
    with open(sent_log.with_name(f"{sent_log.stem}.lock"), "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def due_reminders(reminders: list[Reminder], path: Path, today: date, days: int) -> list[Reminder]:
    """The messages that carry at least one item their recipient was not sent in the last `days` days."""
    sent = recent_keys(path, today, days)
    return [r for r in reminders if not r.keys <= sent.get(r.recipient, set())]


def _append(path: Path, entry: dict[str, object]) -> None:
    """Append one JSON line, synced to disk before returning (a crash never loses a logged line)."""
    append_line(path, json.dumps(entry, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def record(path: Path, reminder: Reminder, at: datetime, message_id: str) -> None:
    """Append one sent message to the log, synced to disk before returning."""
    entry: dict[str, object] = {
        "at": at.isoformat(timespec="seconds"),
        "recipient": reminder.recipient,
        "to": reminder.to,
        "unit": reminder.unit,
        "message_id": message_id,
        "keys": sorted(reminder.keys),
    }
    _append(path, entry)


@dataclass(frozen=True)
class Run:
    """One `remind` run: when it ended, the day it reminded about, and how many messages went out."""

    at: datetime
    as_of: date | None
    sent: int
    failed: int
    unit: str | None = None  # `--unit`: only this unit was reminded


def runs_path(sent_log: Path) -> Path:
    """The run log kept beside the sent-log: `remind.runs.jsonl` for `remind.jsonl`."""
    return sent_log.with_name(f"{sent_log.stem}.runs{sent_log.suffix or '.jsonl'}")


def record_run(sent_log: Path, run: Run) -> None:
    """Append one run (a dry run is never recorded) to the run log beside `sent_log`."""
    entry: dict[str, object] = {
        "at": run.at.isoformat(timespec="seconds"),
        "as_of": run.as_of.isoformat() if run.as_of else None,
        "sent": run.sent,
        "failed": run.failed,
        "unit": run.unit,
    }
    _append(runs_path(sent_log), entry)


def _run(entry: dict[str, object]) -> Run | None:
    try:
        at = datetime.fromisoformat(str(entry["at"]))
        as_of = date.fromisoformat(str(entry["as_of"])) if entry.get("as_of") else None
        sent, failed = entry.get("sent", 0), entry.get("failed", 0)
        if not isinstance(sent, int) or not isinstance(failed, int):
            return None
    except (KeyError, ValueError):
        return None
    unit = entry.get("unit")
    return Run(at, as_of, sent, failed, str(unit) if unit else None)


def last_run(sent_log: Path) -> Run | None:
    """The latest run recorded beside `sent_log`, or None when `remind` has never run there."""
    try:
        runs = [r for r in map(_run, _entries(runs_path(sent_log))) if r is not None]
    except OSError:  # unreadable: the health check says «not run», never fails the page
        return None
    aware = sorted(
        (r for r in runs if r.at.tzinfo is not None), key=lambda r: r.at
    )  # stable: ties keep file order
    return aware[-1] if aware else None
