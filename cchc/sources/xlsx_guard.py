"""Check an .xlsx against the reading limits before calamine parses any of it.

The zip's directory is checked first (sizes as declared), then every XML member is inflated as
a stream and counted (a header may understate a size), each sheet scanned once (xlsx_scan) and,
when suspect, measured exactly (xlsx_extent). Anything over a limit is `source.too_large`.
"""

from __future__ import annotations

import copy
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from cchc.sources.base import SourceError
from cchc.sources.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_RATIO,
    MAX_ROWS,
    MAX_UNCOMPRESSED,
    RATIO_FLOOR,
)
from cchc.sources.xlsx_extent import Beyond, Malformed, check_extent
from cchc.sources.xlsx_scan import SheetScan, overlong_shared_string, scan_sheet
from cchc.sources.xlsx_styles import percent_styles, sheet_paths
from cchc.vocab.labels import vn_number

_CHUNK = 1 << 20
_MB = 1024 * 1024
_SAVE_AGAIN = "lưu lại rồi thử lại."


def unreadable(path: Path, reason: str) -> SourceError:
    """The file is not a workbook calamine (or this check) can read."""
    return SourceError(
        "source.unreadable",
        f"Không mở được «{path.name}» như một bảng tính Excel (.xlsx): {reason}. "
        "Hãy kiểm tra tệp có đúng là .xlsx (mở được bằng Excel) hoặc tải lại từ Google Sheets "
        "bằng «Tải xuống → Microsoft Excel (.xlsx)».",
    )


def _whole(value: int) -> str:
    return vn_number(value, 0)  # 200.000


def _too_large(text: str) -> SourceError:
    return SourceError("source.too_large", text)


class _Workbook:
    """An open .xlsx zip, its sheets by member, and the inflated bytes counted so far."""

    def __init__(self, path: Path, book: zipfile.ZipFile) -> None:
        self.path = path
        self.book = book
        self.total = 0
        self.counted: set[str] = set()
        try:
            named = sheet_paths(book)
        except (KeyError, ElementTree.ParseError):
            named = {}
        self.sheets = {member: name for name, member in named.items()}
        for info in book.infolist():  # sheets the workbook does not list are still read: check them
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                self.sheets.setdefault(info.filename, info.filename.rsplit("/", 1)[-1])

    def part(self, member: str) -> str:
        """A member as a user knows it: its sheet, or the workbook's shared text."""
        if member in self.sheets:
            return f"trang «{self.sheets[member]}»"
        if member.lower().endswith("sharedstrings.xml"):
            return "phần chữ dùng chung của các ô (sharedStrings.xml)"
        return f"phần «{member}»"

    def check_declared(self) -> None:
        """Sizes as the zip's directory states them: refused before anything is inflated."""
        infos = self.book.infolist()
        declared = sum(info.file_size for info in infos)
        if declared > MAX_UNCOMPRESSED:
            biggest = max(infos, key=lambda info: info.file_size)
            raise self._size_error(declared, biggest.filename)
        for info in infos:
            self._check_ratio(info, info.file_size)

    def inflate(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """A member's bytes in chunks, counted as they come (the header's size is not trusted)."""
        unbounded = copy.copy(info)
        unbounded.file_size = MAX_UNCOMPRESSED + 1  # read past a size the header understates
        counting = info.filename not in self.counted  # a sheet measured twice counts once
        self.counted.add(info.filename)
        size = 0
        with self.book.open(unbounded) as handle:
            while chunk := handle.read(_CHUNK):
                size += len(chunk)
                self.total += len(chunk) if counting else 0
                if self.total > MAX_UNCOMPRESSED:
                    raise self._size_error(self.total, info.filename)
                self._check_ratio(info, size)
                yield chunk

    def _check_ratio(self, info: zipfile.ZipInfo, size: int) -> None:
        if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
            raise _too_large(
                f"Tệp «{self.path.name}»: {self.part(info.filename)} giải nén ra lớn gấp hơn {MAX_RATIO} "
                "lần dữ liệu nén, dấu hiệu của một ô chứa văn bản cực dài lặp lại hoặc của tệp bị hỏng "
                "(«bom nén»). Hãy mở tệp bằng Excel, xóa ô quá dài hoặc các ô thừa ngoài bảng, " + _SAVE_AGAIN
            )

    def _size_error(self, size: int, member: str) -> SourceError:
        return _too_large(
            f"Tệp «{self.path.name}» quá lớn: giải nén ra hơn {_whole(size // _MB)} MB, vượt "
            f"giới hạn {_whole(MAX_UNCOMPRESSED // _MB)} MB; phần lớn nhất là "
            f"{self.part(member)}. Thường đó là một ô chứa văn bản cực dài hoặc rất nhiều ô thừa nằm "
            "ngoài bảng: hãy xóa chúng (hoặc tách kế hoạch sang tệp khác), " + _SAVE_AGAIN
        )

    def overlong_error(self, member: str, cell: str) -> SourceError:
        """A cell whose text is longer than any spreadsheet app lets one hold."""
        where = f", ô {cell}" if cell else ""
        return _too_large(
            f"Tệp «{self.path.name}», {self.part(member)}{where}: có một ô dài hơn "
            f"{_whole(MAX_CELL_CHARS)} ký tự (giới hạn của Google Sheets cho một ô). "
            "Hãy rút gọn hoặc xóa nội dung ô đó, " + _SAVE_AGAIN
        )

    def extent_error(self, member: str, cell: str) -> SourceError:
        """A value so far from A1 that the sheet's grid would not fit the limits."""
        return _too_large(
            f"Tệp «{self.path.name}», {self.part(member)}: có dữ liệu ở ô {cell}, vượt giới hạn đọc "
            f"{_whole(MAX_ROWS)} dòng × {MAX_COLUMNS} cột của một trang. Thường đó là ô gõ "
            f"nhầm nằm rất xa bảng: hãy xóa ô {cell} (và các dòng, cột thừa ngoài bảng), " + _SAVE_AGAIN
        )


def _shared_strings(workbook: _Workbook) -> tuple[str | None, int | None]:
    for info in workbook.book.infolist():
        if info.filename.lower().endswith("sharedstrings.xml"):
            return info.filename, overlong_shared_string(workbook.inflate(info))
    return None, None


def _scan_sheet(
    workbook: _Workbook, info: zipfile.ZipInfo, styles: set[bytes], shared: int | None
) -> SheetScan:
    scan = scan_sheet(workbook.inflate(info), styles, shared)
    if scan.overlong is not None:
        raise workbook.overlong_error(info.filename, scan.overlong)
    if scan.suspect:
        try:
            check_extent(workbook.inflate(info))
        except Beyond as beyond:
            raise workbook.extent_error(info.filename, beyond.cell) from None
        except Malformed as error:
            raise unreadable(
                workbook.path, f"trang «{workbook.sheets[info.filename]}» hỏng ({error})"
            ) from None
    return scan


def _inspect(workbook: _Workbook) -> dict[str, SheetScan]:
    workbook.check_declared()
    shared_member, overlong = _shared_strings(workbook)
    styles = percent_styles(workbook.book)
    scans: dict[str, SheetScan] = {}
    for info in workbook.book.infolist():
        if info.filename in workbook.sheets:
            scan = _scan_sheet(workbook, info, styles, overlong)
            scans[workbook.sheets[info.filename]] = scan
            if overlong is not None and scan.shared_ref:
                raise workbook.overlong_error(info.filename, scan.shared_ref)
        elif info.filename.endswith((".xml", ".rels")) and info.filename != shared_member:
            for _ in workbook.inflate(info):  # calamine may read it: count its real size
                pass
    if shared_member is not None and overlong is not None:
        raise workbook.overlong_error(shared_member, "")
    return scans


def inspect_workbook(path: Path) -> dict[str, SheetScan]:
    """Per sheet name, what calamine will not say; raises SourceError when a limit is broken.

    A file that is not a zip (an old .xls) is left to calamine: its format has no compression
    and at most 65,536 × 256 cells, within the limits.
    """
    if not zipfile.is_zipfile(path):
        return {}
    try:
        with zipfile.ZipFile(path) as book:
            return _inspect(_Workbook(path, book))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError) as error:
        raise unreadable(path, type(error).__name__) from None
