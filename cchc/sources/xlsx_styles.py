"""Which cells of an .xlsx are percent-formatted (calamine gives values, not formats).

A cell that shows `100%` holds 1.0; users mean 100. Only workbooks whose styles define a
percent format pay for a scan of the sheet XML.
"""

from __future__ import annotations

import re
import zipfile
from xml.etree import ElementTree

from cchc.vocab.a1 import column_index

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_BUILTIN_PERCENT = {9, 10}
_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?\ss="(\d+)"')


def percent_styles(book: zipfile.ZipFile) -> set[bytes]:
    """The style ids (as written in `s="…"`) whose number format shows a percent."""
    try:
        root = ElementTree.fromstring(book.read("xl/styles.xml"))
    except (KeyError, ElementTree.ParseError):
        return set()
    percent_ids = set(_BUILTIN_PERCENT)
    for fmt in root.iterfind("m:numFmts/m:numFmt", _NS):
        if "%" in fmt.get("formatCode", ""):
            percent_ids.add(int(fmt.get("numFmtId", "-1")))
    xfs = root.iterfind("m:cellXfs/m:xf", _NS)
    return {str(i).encode() for i, xf in enumerate(xfs) if int(xf.get("numFmtId", "0")) in percent_ids}


def sheet_paths(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the zip member holding its XML, as the workbook's relationships say."""
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iterfind("p:Relationship", _NS)}
    paths = {}
    for sheet in workbook.iterfind("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        paths[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return paths


def percent_positions(xml: bytes, styles: set[bytes]) -> set[tuple[int, int]]:
    """(row, column) of the cells of this sheet XML (whole start tags) with a percent style."""
    return {(int(m[2]), column_index(m[1])) for m in _CELL.finditer(xml) if m[3] in styles}
