"""One streaming pass over a sheet's XML with byte regexes: what calamine would not tell us.

It finds formula error cells (calamine reads them as empty), percent-formatted cells, overlong
texts, and whether the sheet needs the exact (slower) measure of its extent: a cell beyond
column Z or row 200,000, or cells written in an unusual way. The XML is cut into segments so
that no cell is split; memory stays at a few MB whatever the sheet's size.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from cchc.sources.limits import MAX_CELL_BYTES, MAX_CELL_CHARS
from cchc.sources.xlsx_styles import percent_positions
from cchc.vocab.a1 import column_index

_CELL_WINDOW = 1 << 16  # how far back a cut looks for the last cell's start tag
# Cells that make the extent worth measuring exactly: any start tag other than a plain
# `<c r="B7"` in columns A-Z below row 200,000 (a far cell, `r` not first or missing, a
# prefixed `<x:c`). A plain file matches none; a false alarm only costs the exact measure.
_SUSPECT = (
    re.compile(rb'<c (?!r="[A-Z](?:1\d{5}|[1-9]\d{0,4})")'),
    re.compile(rb"<c[>/\t\n\r]"),
    re.compile(rb":c[\s>/]"),
)
_ERROR = re.compile(
    rb'<c r="([A-Za-z]{1,3})(\d{1,7})"[^>]*?\st="e"[^>]*>'
    rb"(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)?<v>([^<]{1,64})</v>"
)
_TEXT = re.compile(rb">[^<]{%d}" % MAX_CELL_CHARS)  # a text run at least as long in bytes
_CELL_REF = re.compile(rb'<c r="([A-Za-z]{1,3}\d{1,7})"')


@dataclass
class SheetScan:
    """What the pass found in one sheet (rows 1-based, columns 0-based)."""

    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    percents: set[tuple[int, int]] = field(default_factory=set)
    suspect: bool = False  # the extent must be measured exactly before calamine reads the sheet
    overlong: str | None = None  # the cell (A1, or "" if unknown) of a text over MAX_CELL_CHARS
    shared_ref: str | None = None  # a cell showing the overlong shared string


def segments(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The XML re-cut before the last cell (or tag) of each chunk, so no start tag is split.

    A run without any tag longer than MAX_CELL_BYTES is let through as it is (it is overlong
    whatever follows), so a carried remainder never grows past that.
    """
    rest = b""
    for chunk in chunks:
        data = rest + chunk
        cut = data.rfind(b"<c ", max(0, len(data) - _CELL_WINDOW))
        if cut <= 0:
            cut = max(data.rfind(b"<"), 0)
        if len(data) - cut > MAX_CELL_BYTES:
            cut = len(data)
        yield data[:cut]
        rest = data[cut:]
    yield rest


def _overlong_at(segment: bytes) -> int | None:
    """Where a text over MAX_CELL_CHARS characters starts in a segment, if one does."""
    for match in _TEXT.finditer(segment):
        end = segment.find(b"<", match.start() + 1)
        run = segment[match.start() + 1 : end if end >= 0 else len(segment)]
        if len(run) > MAX_CELL_BYTES or len(html.unescape(run.decode("utf-8", "replace"))) > MAX_CELL_CHARS:
            return match.start()
    return None


def _cell_before(segment: bytes, position: int) -> str:
    start = segment.rfind(b'<c r="', 0, position)
    match = _CELL_REF.match(segment, start) if start >= 0 else None
    return match[1].decode().upper() if match else ""


def _suspect(segment: bytes) -> bool:
    return any(pattern.search(segment) for pattern in _SUSPECT)


def _errors(segment: bytes) -> dict[tuple[int, int], str]:
    if b't="e"' not in segment:
        return {}
    return {
        (int(m[2]), column_index(m[1])): html.unescape(m[3].decode("utf-8", "replace"))
        for m in _ERROR.finditer(segment)
    }


def _shared_pattern(index: int | None) -> re.Pattern[bytes] | None:
    if index is None:
        return None
    return re.compile(rb'<c r="([A-Za-z]{1,3}\d{1,7})"[^>]*?\st="s"[^>]*><v>%d</v>' % index)


def scan_sheet(chunks: Iterable[bytes], styles: set[bytes], overlong_shared: int | None) -> SheetScan:
    """Scan one sheet's XML; stops at an overlong text (the sheet is refused then)."""
    scan = SheetScan()
    shown = _shared_pattern(overlong_shared)
    for segment in segments(chunks):
        if (where := _overlong_at(segment)) is not None:
            scan.overlong = _cell_before(segment, where)
            return scan
        scan.suspect = scan.suspect or _suspect(segment)
        scan.errors.update(_errors(segment))
        if styles:
            scan.percents |= percent_positions(segment, styles)
        if shown and scan.shared_ref is None and (match := shown.search(segment)):
            scan.shared_ref = match[1].decode().upper()
    return scan


def overlong_shared_string(chunks: Iterable[bytes]) -> int | None:
    """Index of the first shared string with a text over MAX_CELL_CHARS, if any."""
    seen = 0
    for segment in segments(chunks):
        where = _overlong_at(segment)
        if where is not None:
            before = segment[:where]
            return seen + before.count(b"<si>") + before.count(b"<si ") - 1
        seen += segment.count(b"<si>") + segment.count(b"<si ")
    return None
