"""A report draft as a .docx file, always from a snapshot (its figures frozen, reproducible)."""

from __future__ import annotations

from pathlib import Path

from cchc.report.docx import report_docx
from cchc.report.draft import ReportDraft, build_report
from cchc.sources.snapshot import is_snapshot, read_snapshot
from cchc.validate.plan import load_plan
from cchc.vocab.errors import ExportError


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
