"""`sheet init` and `sheet check` end to end: read the Google Sheet, decide, send one batchUpdate.

Shared by the command line and the dashboard's button; the decisions themselves are the pure
`cchc.sheet.layout` and `cchc.sheet.check`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cchc.sheet.check import CheckPlan, plan_check
from cchc.sheet.layout import InitPlan, plan_init
from cchc.sheet.write import fetch_layout, fetch_notes, fetch_tabs, send
from cchc.sources import GoogleAccess, SourceError
from cchc.sources.spec import spreadsheet_id
from cchc.validate.plan import Plan, load_plan


@dataclass(frozen=True)
class Outcome:
    """What a run decided and whether it was sent."""

    requests: list[dict[str, Any]]
    sent: bool

    def kinds(self) -> str:
        """`addSheet ×4, updateCells ×4`: the requests of the one batchUpdate, by kind."""
        counts = Counter(next(iter(request)) for request in self.requests)
        return ", ".join(f"{kind} ×{count}" for kind, count in counts.items())


def sheet_key(spec: str) -> str:
    """The spreadsheet id of a Google Sheet source; SourceError for any other source."""
    key = spreadsheet_id(spec)
    if key is None:
        raise SourceError(
            "source.unsupported",
            f"«{spec}» không phải bảng tính Google. Lệnh `sheet` chỉ dùng cho Google Sheet "
            "(gsheet:<mã> hoặc đường dẫn); với tệp .xlsx hãy dùng `python -m cchc template`.",
        )
    return key


def init_sheet(
    spec: str, google: GoogleAccess, now: datetime, dry_run: bool = False
) -> tuple[InitPlan, Outcome]:
    """Set a Google Sheet up (tabs, headers, frozen and protected header rows, validation)."""
    key = sheet_key(spec)
    plan = plan_init(fetch_layout(key, google), now)
    go = bool(plan.requests) and not plan.conflicts and not dry_run
    if go:
        send(key, plan.requests, google)
    return plan, Outcome(plan.requests, go)


def load_sheet_plan(spec: str, google: GoogleAccess, now: datetime) -> Plan:
    """A fresh read of the sheet (never the last good copy: a check must describe the sheet now)."""
    from cchc.sources.gsheet import read_gsheet

    return load_plan(read_gsheet(sheet_key(spec), google), fallback_year=now.year)


def check_sheet(
    plan: Plan, google: GoogleAccess, now: datetime, notes: bool, dry_run: bool = False
) -> tuple[CheckPlan, Outcome]:
    """Write a read plan's issues into `Kiểm tra` (and as `[CCHC]` notes when asked)."""
    key = sheet_key(plan.name)
    if plan.stale:
        raise SourceError(
            "gsheet.stale",
            "Dữ liệu đang xem là bản lưu lần đọc trước (Google chưa trả lời), nên không ghi kết quả "
            "kiểm tra vào bảng tính. Hãy làm mới dữ liệu rồi thử lại.",
        )
    existing = fetch_notes(key, sorted(plan.tabs.values()), google) if notes else None
    decided = plan_check(plan, fetch_tabs(key, google), now, existing)
    if not dry_run:
        send(key, decided.requests, google)
    return decided, Outcome(decided.requests, not dry_run)
