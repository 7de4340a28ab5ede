"""Download buttons whose every download is written to the audit log (who, when, which snapshot, check code).

The bytes are built when the button is clicked (a callable `data`), and the entry is written
then; who is captured when the button is drawn, since `st.user` is not available at click time.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import streamlit as st

from cchc.access import audit
from cchc.assess.status import Status
from cchc.config import now
from cchc.report.common import covered_period
from cchc.report.files import report_from_snapshot, unit_reports_zip
from cchc.snapshot.export import zip_folder
from cchc.snapshot.store import take_report_snapshot, take_snapshot
from cchc.vocab.errors import ExportError
from cchc.vocab.terms import VIETNAM
from ui.frame import Context

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def snapshot_id(ctx: Context) -> str:
    """The live read a download is taken from: the source, the as-of date and the time it was read."""
    read_at = (ctx.loaded.raw.read_at if ctx.loaded.raw else ctx.loaded.read_at).astimezone(VIETNAM)
    return f"{ctx.loaded.spec} · tính đến {ctx.as_of:%d/%m/%Y} · đọc lúc {read_at:%d/%m/%Y %H:%M:%S}"


def button(ctx: Context, label: str, build: Callable[[], bytes], file_name: str, mime: str, key: str) -> None:
    """A download of `build()`'s bytes, recorded in the audit log when clicked."""
    access = ctx.access
    data = audit.audited(
        build,
        ctx.config.audit_log,
        who=access.email,
        what=file_name,
        snapshot_id=snapshot_id(ctx),
        clock=now,
        role=access.role,
        unit=access.export_unit,
    )
    st.download_button(
        label,
        data=data,
        file_name=file_name,
        mime=mime,
        on_click="ignore",
        key=key,
        type="primary" if key == "zip" else "secondary",
    )


Take = Callable[[Path, datetime], tuple[Path, object]]


def _saved(ctx: Context, what: str, take: Take, make: Callable[[Path], bytes]) -> Callable[[], bytes]:
    """On click: save a dated snapshot into the history folder, make the file from it, record it.

    When the history folder cannot be written, the file is still made, from a temporary snapshot.
    """
    access = ctx.access
    root, log = ctx.config.snapshots, ctx.config.audit_log  # taken now: the click runs outside the page

    def build() -> bytes:
        moment = now()
        try:
            folder, _ = take(root, moment)
            data, kept = make(folder), folder.name
        except (ExportError, OSError):
            with tempfile.TemporaryDirectory() as tmp:
                folder, _ = take(Path(tmp), moment)
                data, kept = make(folder), f"{folder.name} (không lưu được vào thư mục lịch sử)"
        audit.record(
            log,
            who=access.email,
            what=what,
            snapshot_id=kept,
            sha256=audit.sha256(data),
            at=moment,
            role=access.role,
            unit=access.export_unit,
        )
        return data

    return build


def snapshot_button(ctx: Context, status: Status, file_name: str) -> None:
    """The whole snapshot as a zip, kept in the history folder as well."""
    raw_tabs = ctx.loaded.raw.tabs if ctx.loaded.raw else ()
    data = _saved(
        ctx, file_name, lambda root, moment: take_snapshot(status, raw_tabs, root, moment), zip_folder
    )
    st.download_button(
        "Tải bản chốt số liệu (tệp nén)",
        data=data,
        file_name=file_name,
        mime="application/zip",
        on_click="ignore",
        key="zip",
        type="primary",
    )


def _refused(allowed: bool) -> bool:
    """A report the account may not download is refused on the page (a unit account: only its own)."""
    if not allowed:
        st.error("Tài khoản này chỉ tải được báo cáo của đơn vị mình.")
    return not allowed


def report_button(
    ctx: Context,
    status: Status,
    kind: str,
    file_name: str,
    period: str | None = None,
    unit: str | None = None,
) -> None:
    """The report draft: the snapshot of the report's period is taken first (the plan at its cut-off,
    marked as the report's), the report built from it, then recorded."""
    if _refused(ctx.access.may_download_report(kind, unit)):
        return
    raw_tabs = ctx.loaded.raw.tabs if ctx.loaded.raw else ()
    covered = covered_period(kind, period)

    def take(root: Path, moment: datetime) -> tuple[Path, object]:
        return take_report_snapshot(status.plan, raw_tabs, root, moment, covered)

    def make(folder: Path) -> bytes:
        return report_from_snapshot(folder, kind, None, status.plan.year, covered, unit)[1]

    st.download_button(
        "Tải dự thảo báo cáo (Word)",
        data=_saved(ctx, file_name, take, make),
        file_name=file_name,
        mime=DOCX,
        on_click="ignore",
        key="report",
        type="primary",
    )


def unit_reports_button(ctx: Context, status: Status, period: str, file_name: str) -> None:
    """Every unit's own report for `period` in one zip, from one snapshot, recorded once."""
    if _refused(ctx.access.may_download_all_units_reports):
        return
    raw_tabs = ctx.loaded.raw.tabs if ctx.loaded.raw else ()

    def take(root: Path, moment: datetime) -> tuple[Path, object]:
        return take_report_snapshot(status.plan, raw_tabs, root, moment, period)

    st.download_button(
        "Tải báo cáo của tất cả đơn vị (tệp nén)",
        data=_saved(ctx, file_name, take, lambda folder: unit_reports_zip(folder, period, status.plan.year)),
        file_name=file_name,
        mime="application/zip",
        on_click="ignore",
        key="unit_reports",
    )
