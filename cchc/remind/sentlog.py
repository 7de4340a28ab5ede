"""The sent-log: one JSON line per message actually sent (who, when, which items), appended, never
rewritten. It decides which reminders are due: a recipient is not sent the same items again within
`chu_ky_nhac` days; a failed send is never logged, so the next run retries it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

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


def due_reminders(reminders: list[Reminder], path: Path, today: date, days: int) -> list[Reminder]:
    """The messages that carry at least one item their recipient was not sent in the last `days` days."""
    sent = recent_keys(path, today, days)
    return [r for r in reminders if not r.keys <= sent.get(r.recipient, set())]


def record(path: Path, reminder: Reminder, at: datetime, message_id: str) -> None:
    """Append one sent message to the log, synced to disk before returning."""
    entry = {
        "at": at.isoformat(timespec="seconds"),
        "recipient": reminder.recipient,
        "to": reminder.to,
        "unit": reminder.unit,
        "message_id": message_id,
        "keys": sorted(reminder.keys),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    data = (json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
