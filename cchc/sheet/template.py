"""The sheet template as an .xlsx workbook: the sample's four tabs, or headers only."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from cchc.sheet.template_rules import add_validations
from cchc.sources.base import RawSource
from cchc.validate.table import locate_tabs
from cchc.vocab.schema import TABS, TabSpec
from cchc.vocab.values import as_text, parse_count, parse_date, parse_percent

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_DATE_FIELDS = {"date", "deadline", "start", "completed_on"}
_NUMBER_FIELDS = {
    "count": parse_count,
    "target": parse_count,
    "percent": parse_percent,
    "cycle": parse_count,
    "attendance": parse_count,
}
_WIDTHS = {"content": 60, "result": 60, "leads": 36, "supports": 36, "name": 40, "note": 30}


def _typed(key: str | None, raw: object) -> object:
    """A cell as a spreadsheet would hold it: real dates and numbers where they parse."""
    text = as_text(raw)
    if not text or key is None:
        return text
    if key in _DATE_FIELDS:
        day, code = parse_date(raw)
        return day if day and not code else text
    if key in _NUMBER_FIELDS and not text.endswith("%"):
        value, code = _NUMBER_FIELDS[key](raw)
        return value if value is not None and not code else text
    return text


def _headers(sheet: Worksheet, spec: TabSpec, row: int) -> None:
    for col, field in enumerate(spec.fields, start=1):
        cell = sheet.cell(row=row, column=col, value=field.header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = _WIDTHS.get(field.key, 18)
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)


def _copy_grid(sheet: Worksheet, spec: TabSpec, source: RawSource, title: str) -> int:
    """Copy a tab (dates and numbers typed); return its header row."""
    tab = next(t for t in source.tabs if t.title == title)
    header_keys = {f.header: f.key for f in spec.fields}
    header_row, keys = 0, {}
    for number, values in zip(tab.grid.index, tab.grid.itertuples(index=False), strict=True):
        texts = [as_text(v) for v in values]
        if not header_row and any(t in header_keys for t in texts):
            header_row = int(number)
            keys = {i: header_keys.get(t) for i, t in enumerate(texts)}
            _headers(sheet, spec, header_row)
            continue
        for col, raw in enumerate(values):
            value = _typed(keys.get(col), raw) if header_row else as_text(raw)
            if value != "":
                cell = sheet.cell(row=int(number), column=col + 1, value=value)
                if hasattr(value, "year"):
                    cell.number_format = "dd/mm/yyyy"
    return header_row or 1


def write_template(out: Path | BinaryIO, source: RawSource | None) -> None:
    """Write the template (frozen headers, dropdowns and checks where units type); with a source,
    its tabs' content too (dates and numbers typed)."""
    book = Workbook()
    book.remove(book.active)
    found, _ = locate_tabs(source) if source else ({}, [])
    header_rows: dict[str, int] = {}
    for spec in TABS:
        sheet = book.create_sheet(spec.title)
        if spec.sheet in found and source is not None:
            header_rows[spec.sheet] = _copy_grid(sheet, spec, source, found[spec.sheet].title)
        else:
            _headers(sheet, spec, 1)
            header_rows[spec.sheet] = 1
    add_validations(book, header_rows)
    book.save(out)
