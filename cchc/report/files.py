"""A report draft as a .docx file, always from a snapshot (its figures frozen, reproducible), and every
unit's own report in one zip."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from cchc.access.audit import KIND_SLUGS, PERIOD_SLUGS
from cchc.assess.risk import contributions, planned_pairs
from cchc.report.common import ReportDraft, period_report
from cchc.report.docx import report_docx
from cchc.report.draft import build_report
from cchc.sources.snapshot import is_snapshot, read_snapshot
from cchc.validate.plan import Plan, load_plan
from cchc.vocab.errors import ExportError

_UNSAFE = re.compile(r"[^0-9A-Za-z_-]+")


def snapshot_plan(folder: Path, fallback_year: int) -> Plan:
    """The plan a snapshot folder written by `export` holds (its figures frozen)."""
    if not is_snapshot(folder):
        raise ExportError(
            f"«{folder}» không phải bản chốt số liệu (thiếu manifest.json). Hãy chọn thư mục do `export` tạo."
        )
    return load_plan(read_snapshot(folder), fallback_year=fallback_year)


def report_from_snapshot(
    folder: Path,
    kind: str,
    year: int | None,
    fallback_year: int,
    period: str | None = None,
    unit: str | None = None,
) -> tuple[ReportDraft, bytes]:
    """The draft and its .docx bytes, from a snapshot folder written by `export`."""
    plan = snapshot_plan(folder, fallback_year)
    if unit is not None and unit not in plan.units.units:
        raise ExportError(
            f"Không có đơn vị «{unit}» trong trang tính «Đơn vị». Hãy dùng mã đơn vị, ví dụ TTTK."
        )
    draft = build_report(plan, kind, year, period, unit)
    return draft, report_docx(draft)


def file_part(code: str) -> str:
    """A unit code as it may appear in a file name."""
    return _UNSAFE.sub("-", code).strip("-") or "don-vi"


def report_file_name(kind: str, period: str, year: int, unit: str | None = None) -> str:
    """A report's file name: «bao-cao-6-thang-2017.docx», «bao-cao-lanh-dao-so-nam-2017.docx»,
    «bao-cao-don-vi-TTTK-6-thang-2017.docx» (the audit log reads it back: `audit.action_words`)."""
    when = f"{PERIOD_SLUGS[period]}-{year}"
    if kind == "unit":
        if not unit:
            raise ValueError("a unit's report needs the unit")
        return f"bao-cao-{KIND_SLUGS[kind]}-{file_part(unit)}-{when}.docx"
    if kind in KIND_SLUGS:
        return f"bao-cao-{KIND_SLUGS[kind]}-{when}.docx"
    return f"bao-cao-{when}.docx"


def unit_reports_zip_name(period: str, year: int) -> str:
    """«bao-cao-don-vi-6-thang-2017.zip»: every unit's own report of `period` in one zip."""
    return f"bao-cao-{KIND_SLUGS['unit']}-{PERIOD_SLUGS[period]}-{year}.zip"


def units_with_a_part(plan: Plan, period: str) -> list[str]:
    """The units that owe (or may send) their own report for `period`: every unit with an assignment,
    and every unit that contributed up to the units' deadline; in the order of the unit directory."""
    deadline = period_report(plan, period, plan.year).unit_deadline
    found = {unit for _, unit, _ in planned_pairs(plan)} | {c.unit for c in contributions(plan, deadline)}
    return [code for code in plan.units.units if code in found]


def unit_reports_zip(folder: Path, period: str, fallback_year: int) -> bytes:
    """One .docx per unit with a part, all from the one snapshot `folder`; the same snapshot gives
    the same bytes."""
    plan = snapshot_plan(folder, fallback_year)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for code in units_with_a_part(plan, period):
            draft = build_report(plan, "unit", None, period, code)
            entry = zipfile.ZipInfo(
                report_file_name("unit", period, draft.year, code), draft.created.timetuple()[:6]
            )
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, report_docx(draft))
    return buffer.getvalue()
