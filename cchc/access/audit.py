"""The audit log: one JSON line per download or progress row added from the dashboard, appended and
synced, never rewritten.

A row added on the update page is logged with `what` = `progress-row:<task>:<sheet row>` (see
`appended_what`), the source as `snapshot_id` and the SHA-256 of the cells written.

The log keeps codes and ISO times with their offset (`role` = `director`, `at` = `…+07:00`);
`entries_frame` shows it in words: roles, what was downloaded, which snapshot, Việt Nam time.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from cchc.access.jsonlines import append_line
from cchc.access.roles import ROLE_WORDS, UNIT
from cchc.sources.snapshot import NAME_PATTERN, name_as_of
from cchc.sources.snapshot import file_sha256 as sha256  # the check code of a download, as a manifest's
from cchc.vocab.labels import PERIOD_WORDS, TABLE_LABELS
from cchc.vocab.terms import VIETNAM

FILE_NAME = "audit.jsonl"
APPENDED = "progress-row"  # `what` of a progress row added on the update page
_LOCK = threading.Lock()  # Streamlit sessions are threads of one process


@dataclass(frozen=True)
class Entry:
    """One download: who (email, or None without sign-in), when, what file, of which snapshot, its SHA-256."""

    at: datetime
    who: str | None
    what: str
    snapshot_id: str
    sha256: str
    role: str | None = None
    unit: str | None = None  # set when the export held only this unit's rows

    def to_json(self) -> str:
        """The entry as one line of the log."""
        record = asdict(self) | {"at": self.at.isoformat(timespec="seconds")}
        return json.dumps(record, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class Log:
    """The entries that could be read, and how many lines could not (a torn or edited line)."""

    entries: list[Entry]
    unreadable: int


def default_path(env: Mapping[str, str]) -> Path:
    """CCHC_AUDIT_LOG, else the user's data folder: kept apart from caches and from the code checkout."""
    configured = env.get("CCHC_AUDIT_LOG")
    if configured:
        return Path(configured)
    data = env.get("XDG_DATA_HOME") or str(Path(env.get("HOME") or Path.home()) / ".local" / "share")
    return Path(data) / "cchc" / FILE_NAME


def record(
    path: Path,
    *,
    who: str | None,
    what: str,
    snapshot_id: str,
    sha256: str,
    at: datetime,
    role: str | None = None,
    unit: str | None = None,
) -> Entry:
    """Append one entry to the log (O_APPEND, then fsync) and return it; earlier lines are never touched."""
    if at.tzinfo is None:
        raise ValueError("audit times must carry their UTC offset")
    entry = Entry(at, who, what, snapshot_id, sha256, role, unit)
    with _LOCK:
        append_line(path, entry.to_json().encode("utf-8"))
    return entry


def audited(
    build: Callable[[], bytes],
    path: Path,
    *,
    who: str | None,
    what: str,
    snapshot_id: str,
    clock: Callable[[], datetime],
    role: str | None = None,
    unit: str | None = None,
) -> Callable[[], bytes]:
    """A download's deferred `data`: build the bytes, record them, return them (one entry per download).

    Streamlit runs a callable `data` when the button is clicked, outside the script run: `who` is captured
    here, at render time, because `st.user` is not available there.
    """

    def download() -> bytes:
        data = build()
        record(
            path,
            who=who,
            what=what,
            snapshot_id=snapshot_id,
            sha256=sha256(data),
            at=clock(),
            role=role,
            unit=unit,
        )
        return data

    return download


def _entry(line: str) -> Entry | None:
    try:
        data = json.loads(line)
        at = datetime.fromisoformat(data["at"])
        fields = ("who", "what", "snapshot_id", "sha256", "role", "unit")
        values = {k: data.get(k) for k in fields}
        if not all(isinstance(values[k], str) for k in ("what", "snapshot_id", "sha256")):
            return None
        return Entry(at, **values)
    except (ValueError, KeyError, TypeError):
        return None


def read_log(path: Path) -> Log:
    """Every readable entry in order; a missing log is empty, a damaged line is counted and skipped."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return Log([], 0)
    entries: list[Entry] = []
    unreadable = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        entry = _entry(line)
        if entry is None:
            unreadable += 1
        else:
            entries.append(entry)
    return Log(entries, unreadable)


COLUMNS = ["Lúc", "Người tải", "Vai trò", "Đơn vị", "Thao tác", "Tệp", "Bản chốt số liệu", "Mã kiểm tra"]
_FOLDER = re.compile(rf"(?P<name>{NAME_PATTERN})(?P<rest>.*)", re.DOTALL)
_SAMPLE = "sample · "  # how a download from the live sample names it (the spec `sample`)


def _time(moment: datetime) -> str:
    """A logged moment in Việt Nam time, to the second (dd/mm/yyyy HH:MM:SS)."""
    return f"{moment.astimezone(VIETNAM):%d/%m/%Y %H:%M:%S}"


def role_words(role: str | None) -> str:
    """A logged role in words («Đơn vị» for a unit's account, whose unit has its own column); ''
    when none or unknown."""
    if role == UNIT:
        return "Đơn vị"
    return ROLE_WORDS.get(role or "", "")


def appended_what(task_id: str, row: int | None) -> str:
    """The `what` of a progress row added from the dashboard: its task and sheet row (empty if unknown)."""
    return f"{APPENDED}:{task_id}:{row or ''}"


def cells_sha256(cells: list[str]) -> str:
    """The check code of a row's cells, as written (JSON of the list, UTF-8)."""
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode("utf-8")).hexdigest()


def _appended_words(what: str) -> str:
    _, task, row = [*what.split(":", 2), "", ""][:3]
    where = f", dòng {row}" if row else ""
    return f"Thêm dòng tiến độ (nhiệm vụ {task}{where})"


# How a report's file is named, kept here (the lowest layer that reads the names back) and used by
# `cchc.report.files` to build them: «bao-cao-[KIND-[UNIT-]]PERIOD-YEAR.docx»,
# «bao-cao-don-vi-PERIOD-YEAR.zip».
PERIOD_SLUGS = {"half_year": "6-thang", "annual": "nam"}
KIND_SLUGS = {"internal": "lanh-dao-so", "unit": "don-vi"}  # a report to Sở Nội vụ has none
_REPORT_FILE = re.compile(
    rf"bao-cao-(?:(?P<kind>{'|'.join(KIND_SLUGS.values())})-(?:.+-)?)?"
    rf"(?P<period>{'|'.join(PERIOD_SLUGS.values())})-\d{{4}}\.(?P<ext>docx|zip)"
)


def _report_words(name: str) -> str | None:
    """A report's file name (as `cchc.report.files` builds it) in words; None when it is none."""
    found = _REPORT_FILE.fullmatch(name)
    if found is None:
        return None
    period = next(PERIOD_WORDS[p] for p, slug in PERIOD_SLUGS.items() if slug == found["period"])
    if found["ext"] == "zip":
        return f"Tải báo cáo {period} của tất cả đơn vị (tệp nén)" if found["kind"] == "don-vi" else None
    if found["kind"] == KIND_SLUGS["internal"]:
        return f"Tải dự thảo báo cáo Lãnh đạo Sở {period}"
    if found["kind"] == KIND_SLUGS["unit"]:
        return f"Tải dự thảo báo cáo {period} của đơn vị"
    return f"Tải dự thảo báo cáo {period}"


def action_words(what: str) -> str:
    """What was done, in words: a download (from the file name the export page gives it) or a row added."""
    if what.startswith(f"{APPENDED}:"):
        return _appended_words(what)
    if what.startswith(f"{REMINDED}:"):
        return _reminded_words(what)
    name = what.lower()
    report = _report_words(name)
    if report:
        return report
    if name.endswith(".zip"):
        return "Tải bản chốt số liệu (tệp nén)"
    if name.endswith(".docx"):
        return "Tải dự thảo báo cáo"
    if name.endswith(".xlsx") and "tong-hop" in name:
        return "Tải bảng tổng hợp (Excel)"
    table = next((label for file, label in TABLE_LABELS.items() if name.endswith(file)), None)
    return f"Tải bảng «{table}»" if table else "Tải tệp"


def snapshot_words(snapshot_id: str) -> str:
    """Which data a download was made from, without folder names or codes.

    A dated snapshot is logged by its folder name (as-of date, then the moment taken in Việt Nam
    time); a download from the live read by the source, as-of date and read time.
    """
    found = _FOLDER.fullmatch(snapshot_id)
    dated = _dated(found["name"]) if found else None
    if found is None or dated is None:
        live = snapshot_id.removeprefix(_SAMPLE)
        return snapshot_id if live == snapshot_id else f"Dữ liệu mẫu · {live}"
    as_of, taken = dated
    return f"Tính đến {as_of:%d/%m/%Y}, chốt lúc {_time(taken)}{found['rest']}"


def _dated(name: str) -> tuple[date, datetime] | None:
    """A snapshot folder name's as-of date and moment taken (Việt Nam time); None when not dates."""
    as_of = name_as_of(Path(name))
    try:
        taken = datetime.strptime(name[11:26], "%Y%m%dT%H%M%S")
    except ValueError:
        return None
    return None if as_of is None else (as_of, taken.replace(tzinfo=VIETNAM))


def entries_frame(entries: list[Entry], names: dict[str, str] | None = None) -> pd.DataFrame:
    """The log for the export page, newest first, in words and Việt Nam time, units by their `names`."""
    names = names or {}
    rows = [
        {
            "Lúc": _time(e.at),
            "Người tải": e.who or "(không đăng nhập)",
            "Vai trò": role_words(e.role),
            "Đơn vị": names.get(e.unit, e.unit) if e.unit else "",
            "Thao tác": action_words(e.what),
            "Tệp": "" if _action(e.what) else e.what,  # a row added or reminders sent is no file
            "Bản chốt số liệu": "" if _action(e.what) else snapshot_words(e.snapshot_id),
            "Mã kiểm tra": e.sha256,
        }
        for e in reversed(entries)
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


REMINDED = "nhac-viec"  # the `what` of reminders sent from the dashboard: «nhac-viec:SENT:FAILED»


def reminded_what(sent: int, failed: int) -> str:
    """The `what` of a director's sending of reminders: how many went out and how many failed."""
    return f"{REMINDED}:{sent}:{failed}"


def _action(what: str) -> bool:
    """An entry for something done on the dashboard (a row added, reminders sent), not a download."""
    return what.startswith((f"{APPENDED}:", f"{REMINDED}:"))


def _reminded_words(what: str) -> str:
    _, sent, failed = [*what.split(":", 2), "0", "0"][:3]
    return f"Gửi {sent} thư nhắc việc" + (f" ({failed} thư chưa gửi được)" if failed not in ("", "0") else "")
