"""Lay a report draft out as a Word document in the administrative layout of Nghị định 30/2020.

A4, margins 20/20/30/15 mm, Times New Roman (also for East-Asian text, so Vietnamese never falls
back to another font) 13 pt body and 14 pt title, page numbers from page 2. The same draft always
gives the same bytes: core properties and zip timestamps come from the report's cut-off.
"""

from __future__ import annotations

import io
import re
import zipfile

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from cchc.report.common import APPENDIX_COLUMNS, Appendix, ReportDraft
from cchc.report.text import PLACEHOLDER, Item, Section

FONT = "Times New Roman"
BODY, TITLE, SMALL = Pt(13), Pt(14), Pt(12)
RECIPIENT = Pt(11)
INDENT = Mm(10)
TEXT_WIDTH = 165  # mm: A4 width 210 less the 30 + 15 mm side margins
HEAD_COLUMNS = (70, 95)  # mm: agency | national motto
APPENDIX_WIDTHS = (11, 38, 24, 17, 28, 30, 17)  # mm, adds up to TEXT_WIDTH
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # not allowed in XML 1.0
_THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(rpr: BaseOxmlElement) -> None:
    """Times New Roman for every script of a run or style, theme fonts removed (they would win)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in _THEME_FONTS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def add_run(
    paragraph: Paragraph, text: str, size: Length = BODY, bold: bool = False, italic: bool = False
) -> Run:
    """Runs in Times New Roman at `size`, bold or italic as asked; each placeholder «[…]» highlighted
    in yellow. Returns the last run."""
    text = _NOT_XML.sub("", text)  # a control character pasted from a PDF
    pieces = PLACEHOLDER.split(text)  # text, hint, text, hint, …, text
    run = None
    for index, piece in enumerate(pieces):
        if not piece and index % 2 == 0 and len(pieces) > 1:
            continue
        run = paragraph.add_run(f"[{piece}]" if index % 2 else piece)
        run.font.name, run.font.size, run.font.bold, run.font.italic = FONT, size, bold, italic
        if index % 2:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        set_fonts(run._r.get_or_add_rPr())
    assert run is not None
    return run


def add_paragraph(
    where: DocxDocument | _Cell,
    text: str = "",
    size: Length = BODY,
    align: WD_ALIGN_PARAGRAPH = CENTER,
    bold: bool = False,
    italic: bool = False,
) -> Paragraph:
    """A paragraph with one run; in a cell, its empty first paragraph is used first."""
    first = where.paragraphs[0] if isinstance(where, _Cell) else None
    paragraph = first if first is not None and not first.text and not first.runs else where.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    if text:
        add_run(paragraph, text, size, bold, italic)
    return paragraph


def _styles(doc: DocxDocument) -> None:
    """Normal and the two heading levels in Times New Roman, black, Vietnamese."""
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, BODY
    rpr = normal.element.get_or_add_rPr()
    set_fonts(rpr)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    rpr.append(lang)
    for name in ("Heading 1", "Heading 2"):
        style = doc.styles[name]
        font = style.font
        font.name, font.size, font.bold, font.italic = FONT, BODY, True, False
        font.color.rgb = RGBColor(0, 0, 0)
        set_fonts(style.element.get_or_add_rPr())
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after, fmt.first_line_indent = Pt(6), Pt(6), INDENT


def _page(doc: DocxDocument) -> None:
    """A4 portrait, Nghị định 30 margins, page number centred at the top from page 2."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    field.append(add_run(paragraph, "2")._r)
    paragraph._p.append(field)


def _rule(where: DocxDocument | _Cell, width: int, room: int) -> None:
    """A short centred line: the top border of an empty paragraph indented from both sides."""
    paragraph = add_paragraph(where, size=Pt(2))
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm((room - width) / 2)
    fmt.space_before = Pt(3)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)


def _cell_margins(table: Table, side: float) -> None:
    """Narrow left and right cell margins (in mm) so short dates stay on one line."""
    margins = OxmlElement("w:tblCellMar")
    for edge in ("w:left", "w:right"):
        margin = OxmlElement(edge)
        margin.set(qn("w:w"), str(int(Mm(side).twips)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)


def _grid(doc: DocxDocument, rows: int, widths: tuple[int, ...], style: str | None = None) -> Table:
    """A fixed-width table (widths in mm) centred on the page."""
    table = doc.add_table(rows=rows, cols=len(widths))
    if style:
        table.style = doc.styles[style]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    return table


def _letterhead(doc: DocxDocument, draft: ReportDraft) -> None:
    head = draft.letterhead
    table = _grid(doc, 2, HEAD_COLUMNS)
    left, right = table.rows[0].cells
    if head.parent:
        add_paragraph(left, head.parent, SMALL)
    add_paragraph(left, head.agency, SMALL, bold=True)
    _rule(left, 25, HEAD_COLUMNS[0])
    add_paragraph(right, MOTTO[0], SMALL, bold=True)
    add_paragraph(right, MOTTO[1], BODY, bold=True)
    _rule(right, 58, HEAD_COLUMNS[1])
    number, place = table.rows[1].cells
    if head.number:
        add_paragraph(number, head.number, BODY)
    add_paragraph(place, head.place_date, BODY, italic=True)


def _title(doc: DocxDocument, draft: ReportDraft) -> None:
    """`BÁO CÁO`, the subject with the period on its own line, a short rule, the opening sentence."""
    add_paragraph(doc, "BÁO CÁO", TITLE, bold=True).paragraph_format.space_before = Pt(18)
    subject = add_paragraph(doc, draft.subject, TITLE, bold=True)
    add_run(subject, "", TITLE).add_break()
    add_run(subject, draft.period_name, TITLE, bold=True)
    _rule(doc, 40, TEXT_WIDTH)
    if draft.addressee:
        add_paragraph(doc, draft.addressee, BODY).paragraph_format.space_before = Pt(6)
    intro = add_paragraph(doc, draft.intro, align=JUSTIFY)
    intro.paragraph_format.space_before = Pt(6)
    _body(intro)


def _body(paragraph: Paragraph) -> None:
    fmt = paragraph.paragraph_format
    fmt.first_line_indent, fmt.space_after, fmt.line_spacing = INDENT, Pt(6), 1.1


def _item(doc: DocxDocument, item: Item, align: WD_ALIGN_PARAGRAPH = JUSTIFY) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = align
    _body(paragraph)
    if item.level:
        add_run(paragraph, "- " if item.level == 1 else "+ ")
        if item.level > 1:
            paragraph.paragraph_format.left_indent = INDENT
    if item.lead:
        add_run(paragraph, item.lead, bold=True)
    if item.text:
        add_run(paragraph, item.text, italic=item.italic)


def _section(doc: DocxDocument, section: Section) -> None:
    heading = doc.add_paragraph(style="Heading 1")
    add_run(heading, section.heading, bold=True)
    for item in section.items:
        _item(doc, item)


def _closing(doc: DocxDocument, draft: ReportDraft) -> None:
    """`Nơi nhận` on the left, the signer's title on the right."""
    doc.add_paragraph().paragraph_format.space_after = Pt(0)
    table = _grid(doc, 1, (80, 85))
    left, right = table.rows[0].cells
    add_paragraph(left, "Nơi nhận:", SMALL, LEFT, bold=True, italic=True)
    for line in draft.recipients:
        add_paragraph(left, f"- {line}", RECIPIENT, LEFT)
    for line in draft.signer_title:
        add_paragraph(right, line, BODY, bold=True)
    for _ in range(4):
        add_paragraph(right)
    add_paragraph(right, draft.signer, BODY, bold=True)


def _appendix(doc: DocxDocument, appendix: Appendix) -> None:
    """The table of the plan's tasks (one row each), then the evidence links by task."""
    add_paragraph(doc).add_run().add_break(WD_BREAK.PAGE)
    add_paragraph(doc, "PHỤ LỤC", TITLE, bold=True)
    add_paragraph(doc, appendix.title, BODY, bold=True)
    add_paragraph(doc, appendix.note, BODY, italic=True).paragraph_format.space_after = Pt(12)
    table = _grid(doc, 1 + len(appendix.rows), APPENDIX_WIDTHS, "Table Grid")
    _cell_margins(table, 1.2)
    for cell, text in zip(table.rows[0].cells, APPENDIX_COLUMNS, strict=True):
        add_paragraph(cell, text, RECIPIENT, bold=True)
    _repeat_header(table)
    for row, record in zip(table.rows[1:], appendix.rows, strict=True):
        for column, (cell, text) in enumerate(zip(row.cells, record, strict=True)):
            paragraph = add_paragraph(cell, text, RECIPIENT, CENTER if column in (0, 3, 6) else LEFT)
            paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(2)
    heading = doc.add_paragraph(style="Heading 1")
    heading.paragraph_format.space_before = Pt(12)
    add_run(heading, "TÀI LIỆU KIỂM CHỨNG", bold=True)
    for item in appendix.links:
        _item(doc, item, LEFT)  # a long address justified would spread the date across the line


def _repeat_header(table: Table) -> None:
    """The header row repeats at the top of every page the table runs onto."""
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(header)


def _properties(doc: DocxDocument, draft: ReportDraft) -> None:
    """Title, author and dates from the draft; the template's thumbnail (a blank page) dropped."""
    rels = doc.part.package.rels
    for key in [k for k, rel in rels.items() if rel.reltype.endswith("/thumbnail")]:
        del rels[key]
    props = doc.core_properties
    props.title = f"{draft.subject} {draft.period_name}"
    props.author = props.last_modified_by = draft.author
    props.created = props.modified = props.last_printed = draft.created
    props.revision, props.language = 1, "vi-VN"


def _frozen_zip(data: bytes, draft: ReportDraft) -> bytes:
    """The same archive with every entry dated at the report's cut-off (zip needs 1980 or later)."""
    stamp = max(draft.created.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            target.writestr(entry, source.read(info), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def report_docx(draft: ReportDraft) -> bytes:
    """The draft as the bytes of a .docx file (same draft, same bytes)."""
    doc = Document()
    _styles(doc)
    _page(doc)
    _letterhead(doc, draft)
    _title(doc, draft)
    for section in draft.sections:
        _section(doc, section)
    _closing(doc, draft)
    if draft.appendix:
        _appendix(doc, draft.appendix)
    _properties(doc, draft)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _frozen_zip(buffer.getvalue(), draft)
