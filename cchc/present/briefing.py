"""Printable briefings as A4 PDF: the Tổng quan page for the meeting table, and one unit's list of what
to do, from the same figures as the pages. The fonts ship in `fonts/` (never the machine's), and the
same status gives the same bytes: the file's creation date is the as-of date."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pandas as pd
from fpdf import FPDF, FontFace
from fpdf.table import Table

from cchc.assess.risk import SEVERITY
from cchc.assess.status import Status
from cchc.present.views import (
    Counts,
    attention,
    next_report_text,
    part_counts,
    plan_sentence,
    risk_by_unit,
    task_count_note,
    task_counts,
)
from cchc.vocab.labels import RISK_COLORS, RISK_LABELS, vn_date
from cchc.vocab.terms import VIETNAM, Risk

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"
INK = "#212529"
MUTED = "#5f6770"
HEAD = FontFace(emphasis="BOLD", fill_color="#eceff3")
ROOM = 30  # mm a heading needs below it, so that it never ends a page alone
NO_ATTENTION = "Không có phần việc nào quá hạn, chậm cập nhật, tạm dừng hay có nguy cơ chậm tiến độ."
BOLD = FontFace(emphasis="BOLD")
LINK = FontFace(emphasis="UNDERLINE", color="#1565c0")
_SPACE = re.compile(r"\s+")
PdfCell = tuple[str, FontFace | None, str | None]  # a table cell's text, style and link


class _Sheet(FPDF):
    """A4 portrait with the fonts embedded, fixed metadata, and «Trang i/n» at the foot of each page."""

    def __init__(self, title: str, as_of: date, foot: str, compress: bool) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.foot = foot
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(15, 14, 15)
        self.set_auto_page_break(True, margin=16)
        self.set_creation_date(datetime.combine(as_of, time(), VIETNAM))  # same status, same bytes
        self.set_compression(compress)
        self.set_title(title)
        self.set_creator("CCHC")
        self.set_lang("vi")
        self.add_page()

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FAMILY, size=7.5)
        self.set_text_color(MUTED)
        self.cell(self.epw * 0.8, 4, self.foot)
        self.cell(self.epw * 0.2, 4, f"Trang {self.page_no()}/{{nb}}", align="R")


def cell_text(value: object) -> str:
    """Text from the data on one line, composed (NFC) so each Vietnamese letter is one glyph."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", str(value))).strip()


def _ink(color: str) -> str:
    """Black or white, whichever reads on `color` (the pages' choice for each risk colour)."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * red + 0.587 * green + 0.114 * blue > 128 else "#ffffff"


def make_cell(text: str, face: FontFace | None = None, link: str | None = None) -> PdfCell:
    return text, face, link


def risk_face(risk: str) -> FontFace:
    """A risk's cell as the pages colour it, in bold."""
    color = RISK_COLORS[risk]
    return FontFace(emphasis="BOLD", color=_ink(color), fill_color=color)


def draw_para(pdf: _Sheet, text: str, size: float = 10, bold: bool = False, color: str = INK) -> None:
    pdf.set_font(FAMILY, "B" if bold else "", size)
    pdf.set_text_color(color)
    pdf.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")


def draw_heading(pdf: _Sheet, text: str, note: str = "") -> None:
    """A section's title (on a new page when too little room is left), and its explanation."""
    if pdf.will_page_break(ROOM):
        pdf.add_page()
    pdf.ln(3)
    draw_para(pdf, text, size=12, bold=True)
    if note:
        draw_para(pdf, note, size=8.5, color=MUTED)
    pdf.ln(1.5)


@contextmanager
def _table(pdf: _Sheet, size: float, **layout: Any) -> Iterator[Table]:
    """A table in `size` pt ink, its first row a header in the briefing's style."""
    pdf.set_font(FAMILY, size=size)
    pdf.set_text_color(INK)
    with pdf.table(headings_style=HEAD, padding=1.2, **layout) as table:
        yield table


def _counts(pdf: _Sheet, counts: Counts, total_label: str) -> None:
    """The total, then one figure per risk that occurs, each under its label in the risk's colour."""
    shown = counts.shown()
    columns = len(shown) + 1
    width = min(30.0, pdf.epw / columns)
    with _table(pdf, 8, width=width * columns, align="LEFT", text_align="CENTER", line_height=3.8) as table:
        labels = table.row()
        labels.cell(total_label)
        for risk, _ in shown:
            labels.cell(RISK_LABELS[risk], style=risk_face(risk))
        figures = table.row()
        for n in [counts.total, *(n for _, n in shown)]:
            figures.cell(str(n), style=FontFace(emphasis="BOLD", size_pt=14), padding=(2.2, 1.2, 1.2, 1.2))


def draw_table(
    pdf: _Sheet,
    header: Sequence[str],
    widths: Sequence[float],
    rows: Sequence[Sequence[PdfCell]],
) -> None:
    """A table in 8.5 pt that wraps long text and repeats its header on each new page."""
    with _table(pdf, 8.5, col_widths=tuple(widths), text_align="LEFT", v_align="TOP", line_height=4) as table:
        top = table.row()
        for name in header:
            top.cell(name)
        for cells in rows:
            row = table.row()
            for text, face, link in cells:
                row.cell(text, style=face, link=link)


def _attention(pdf: _Sheet, urgent: pd.DataFrame) -> None:
    if urgent.empty:
        draw_para(pdf, NO_ATTENTION)
        return
    rows = [
        [
            make_cell(RISK_LABELS[r["risk"]], risk_face(r["risk"])),
            make_cell(cell_text(r["Nhiệm vụ"])),
            make_cell(f"{cell_text(r['Đơn vị'])} ({cell_text(r['Phần việc']).lower()})"),
            make_cell(cell_text(r["Người phụ trách"])),
            make_cell(cell_text(r["Vì sao"])),
        ]
        for r in urgent.to_dict("records")
    ]
    header = ["Tình trạng", "Nhiệm vụ", "Đơn vị", "Người phụ trách", "Vì sao"]
    draw_table(pdf, header, (24, 46, 36, 26, 48), rows)


def _unit_rows(long: pd.DataFrame, risks: list[Risk]) -> list[tuple[str, list[int]]]:
    """Each unit (in the pages' order) with its number of parts in each of `risks`."""
    names: dict[int, str] = {}
    counts: dict[tuple[int, str], int] = {}
    for order, name, risk, n in zip(
        long["order"], long["Đơn vị"], long["risk"], long["Số phần việc"], strict=True
    ):
        names[int(order)] = cell_text(name)
        counts[int(order), str(risk)] = int(n)
    return [(names[i], [counts.get((i, r), 0) for r in risks]) for i in sorted(names)]


def _by_unit(pdf: _Sheet, long: pd.DataFrame) -> None:
    """Unit × risk: how many parts each unit has in each risk that occurs, and its total."""
    if long.empty:
        draw_para(pdf, "Chưa có phần việc nào.")
        return
    risks = [r for r in SEVERITY if r in set(long["risk"])]
    pdf.set_font(FAMILY, size=8)
    pdf.set_text_color(INK)
    with pdf.table(
        col_widths=(60, *([18] * len(risks)), 14),
        width=min(pdf.epw, 74 + 18 * len(risks)),
        align="LEFT",
        text_align=("LEFT", *(["CENTER"] * (len(risks) + 1))),
        headings_style=HEAD,
        line_height=3.8,
        padding=1.2,
    ) as table:
        top = table.row()
        top.cell("Đơn vị")
        for risk in risks:
            top.cell(RISK_LABELS[risk], style=risk_face(risk))
        top.cell("Tổng")
        for name, figures in _unit_rows(long, risks):
            row = table.row()
            row.cell(name)
            for n in figures:
                row.cell(str(n) if n else "")
            row.cell(str(sum(figures)), style=BOLD)


def unit_name(status: Status, unit: str) -> str:
    """A unit's name as a PDF cell shows it (its code when the sheet does not know it)."""
    return cell_text(status.plan.units.name(unit))


def _title(status: Status) -> str:
    return cell_text(status.plan.settings.title) or f"Kế hoạch năm {status.plan.year}"


def _top(pdf: _Sheet, status: Status, what: str, unit: str | None) -> None:
    """The page's name, the plan, the unit when one is chosen, and the as-of date."""
    draw_para(pdf, what, size=16, bold=True)
    pdf.ln(1)
    draw_para(pdf, _title(status), size=10.5, bold=True)
    if unit is not None:
        draw_para(pdf, f"Đơn vị: {unit_name(status, unit)}", size=10.5)
    draw_para(pdf, f"Tính đến {vn_date(status.as_of)}", size=10.5)
    pdf.ln(2)


def new_sheet(status: Status, what: str, unit: str | None, compress: bool) -> _Sheet:
    foot = f"{what} · tính đến {vn_date(status.as_of)}"
    if unit is not None:
        foot = f"{what} · {unit_name(status, unit)} · tính đến {vn_date(status.as_of)}"
    pdf = _Sheet(f"{what}: {_title(status)}", status.as_of, foot, compress)
    _top(pdf, status, what, unit)
    return pdf


def briefing_pdf(status: Status, unit: str | None = None, *, compress: bool = True) -> bytes:
    """Tổng quan as an A4 PDF: counts of tasks and of units' parts, what needs attention now, the
    reports to Sở Nội vụ and parts by unit; with `unit`, that unit's tasks, parts and attention."""
    pdf = new_sheet(status, "Tổng quan", unit, compress)
    tasks, parts = task_counts(status, unit), part_counts(status, unit)
    urgent = attention(status, unit)
    draw_para(pdf, cell_text(plan_sentence(status, unit)), bold=True)
    pdf.ln(1.5)
    draw_para(pdf, cell_text(next_report_text(status)), size=9.5)
    draw_heading(
        pdf,
        "Nhiệm vụ" if unit is None else "Nhiệm vụ đơn vị chủ trì",
        task_count_note(unit),
    )
    _counts(pdf, tasks, "Tổng số nhiệm vụ")
    draw_heading(
        pdf,
        "Phần việc của các đơn vị" if unit is None else "Phần việc của đơn vị",
        "Mỗi đơn vị chủ trì hoặc phối hợp một nhiệm vụ có một phần việc; đơn vị tham gia không tính ở đây.",
    )
    _counts(pdf, parts, "Tổng số phần việc")
    draw_heading(
        pdf,
        f"Cần chú ý ngay: {len(urgent)} phần việc",
        "Quá hạn, chậm cập nhật, tạm dừng, có nguy cơ chậm tiến độ; nặng nhất trước." if len(urgent) else "",
    )
    _attention(pdf, urgent)
    draw_heading(pdf, "Tình trạng phần việc theo đơn vị", "Số phần việc (chủ trì, phối hợp) của mỗi đơn vị.")
    _by_unit(pdf, risk_by_unit(status, unit))
    return bytes(pdf.output())
