"""Việc cần làm as a printable A4 page for one unit: its contact, its parts to update now and its
cells to fix, drawn like the Tổng quan briefing (`cchc.present.briefing`)."""

from __future__ import annotations

import pandas as pd

from cchc.assess.status import Status
from cchc.present.briefing import (
    BOLD,
    LINK,
    PdfCell,
    cell_text,
    draw_heading,
    draw_para,
    draw_table,
    make_cell,
    new_sheet,
    risk_face,
    unit_name,
)
from cchc.present.quality import issues_table
from cchc.present.todo import Todo, todo_list
from cchc.vocab.labels import RISK_LABELS, vn_date


def _todo_rows(items: list[Todo]) -> list[list[PdfCell]]:
    return [
        [
            make_cell(RISK_LABELS[item.risk], risk_face(item.risk)),
            make_cell(cell_text(item.task)),
            make_cell(f"{cell_text(item.title)}\n{cell_text(item.detail)}"),
            make_cell(vn_date(item.since)),
        ]
        for item in items
    ]


def _cell_rows(cells: pd.DataFrame) -> list[list[PdfCell]]:
    """The cells to fix; for a Google Sheet each reference opens its cell."""
    links = cells["Mở ô"] if "Mở ô" in cells else [None] * len(cells)
    return [
        [
            make_cell(cell_text(level), BOLD if level == "Lỗi" else None),
            make_cell(cell_text(tab)),
            make_cell(cell_text(ref), LINK if link else None, link or None),
            make_cell(cell_text(text)),
            make_cell(cell_text(value)),
        ]
        for level, tab, ref, text, value, link in zip(
            cells["Mức"],
            cells["Trang tính"],
            cells["Ô"],
            cells["Vấn đề và cách sửa"],
            cells["Giá trị"],
            links,
            strict=True,
        )
    ]


def _what_to_do(status: Status, unit: str, items: int, cells: int) -> str:
    """How much the unit has to do, in one sentence."""
    update = (
        f"{items} phần việc cần cập nhật tiến độ" if items else "không có phần việc nào cần cập nhật tiến độ"
    )
    fix = f"{cells} ô cần sửa trong bảng tính" if cells else "không có ô nào cần sửa trong bảng tính"
    return f"{unit_name(status, unit)}: {update}; {fix}."


def unit_todo_pdf(status: Status, unit: str, *, compress: bool = True) -> bytes:
    """Việc cần làm as an A4 PDF for one unit: its contact, its parts to update now, its cells to fix."""
    pdf = new_sheet(status, "Việc cần làm", unit, compress)
    who = status.plan.units.units.get(unit)
    contact = " · ".join(cell_text(x) for x in ((who.head, who.email) if who else ()) if cell_text(x))
    if contact:
        draw_para(pdf, f"Người phụ trách: {contact}", size=10.5)
        pdf.ln(2)
    items = todo_list(status, unit)
    cells = issues_table(status.plan, unit=unit)
    draw_para(pdf, _what_to_do(status, unit, len(items), len(cells)), bold=True)
    draw_heading(pdf, f"Phần việc cần cập nhật: {len(items)}", "Việc gấp nhất trước." if items else "")
    if items:
        header = ["Tình trạng", "Nhiệm vụ", "Việc cần làm", "Từ ngày"]
        draw_table(pdf, header, (24, 44, 92, 20), _todo_rows(items))
    else:
        draw_para(pdf, f"{unit_name(status, unit)} không có phần việc nào cần cập nhật lúc này.")
    draw_heading(pdf, f"Ô cần sửa trong bảng tính: {len(cells)}")
    if cells.empty:
        draw_para(pdf, "Không có ô nào cần sửa.")
    else:
        header = ["Mức", "Trang tính", "Ô", "Vấn đề và cách sửa", "Giá trị"]
        draw_table(pdf, header, (16, 22, 14, 98, 30), _cell_rows(cells))
    return bytes(pdf.output())
