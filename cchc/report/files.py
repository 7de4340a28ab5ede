"""A report draft as a .docx file, always from a snapshot (its figures frozen, reproducible), and every
unit's own report in one zip."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

from cchc.assess.risk import contributions, planned_pairs
from cchc.assess.schedule import reports
from cchc.report.common import PERIODS, ReportDraft
from cchc.report.docx import report_docx
from cchc.report.draft import build_report
from cchc.sources.snapshot import is_snapshot, read_snapshot
from cchc.validate.plan import Plan, load_plan
from cchc.vocab.errors import ExportError

_UNSAFE = re.compile(r"[^0-9A-Za-z_-]+")


def report_from_snapshot(
    folder: Path,
    kind: str,
    year: int | None,
    fallback_year: int,
    period: str | None = None,
    unit: str | None = None,
) -> tuple[ReportDraft, bytes]:
    """The draft and its .docx bytes, from a snapshot folder written by `export`."""
    if not is_snapshot(folder):
        raise ExportError(
            f"«{folder}» không phải bản chốt số liệu (thiếu manifest.json). Hãy chọn thư mục do `export` tạo."
        )
    plan = load_plan(read_snapshot(folder), fallback_year=fallback_year)
    if unit is not None and unit not in plan.units.units:
        raise ExportError(
            f"Không có đơn vị «{unit}» trong trang tính «Đơn vị». Hãy dùng mã đơn vị, ví dụ TTTK."
        )
    draft = build_report(plan, kind, year, period, unit)
    return draft, report_docx(draft)


def report_period(kind: str, period: str | None = None) -> str:
    """The period a report covers, hence the snapshot it is built from: the kind itself for the
    reports to Sở Nội vụ, `period` (default 6 months) for the internal report and a unit's."""
    return kind if kind in PERIODS else period or "half_year"


def file_part(code: str) -> str:
    """A unit code as it may appear in a file name."""
    return _UNSAFE.sub("-", code).strip("-") or "don-vi"


def unit_report_name(code: str, period: str, year: int) -> str:
    """«bao-cao-don-vi-TTTK-6-thang-2017.docx»."""
    return f"bao-cao-don-vi-{file_part(code)}-{'6-thang' if period == 'half_year' else 'nam'}-{year}.docx"


def units_with_a_part(plan: Plan, period: str) -> list[str]:
    """The units that owe (or may send) their own report for `period`: every unit with an assignment,
    and every unit that contributed up to the units' deadline; in the order of the unit directory."""
    deadline = next(
        r.unit_deadline for r in reports(plan.settings, plan.year, date(plan.year, 1, 1)) if r.kind == period
    )
    found = {unit for _, unit, _ in planned_pairs(plan)} | {c.unit for c in contributions(plan, deadline)}
    return [code for code in plan.units.units if code in found]


def unit_reports_zip(folder: Path, period: str, fallback_year: int) -> bytes:
    """One .docx per unit with a part, all from the one snapshot `folder`; the same snapshot gives
    the same bytes."""
    plan = load_plan(read_snapshot(folder), fallback_year=fallback_year)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for code in units_with_a_part(plan, period):
            draft = build_report(plan, "unit", None, period, code)
            entry = zipfile.ZipInfo(unit_report_name(code, period, draft.year), draft.created.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, report_docx(draft))
    return buffer.getvalue()
