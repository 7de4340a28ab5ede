"""Source adapter: a folder with one CSV file per tab, the file named after the tab.

Reading only, except `append_line`: the dashboard's update page adds one progress row to a
tab's file, atomically (SPEC §12).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import threading
import unicodedata
from datetime import datetime
from pathlib import Path

import pandas as pd

from cchc.sources.base import RawSource, RawTab, SourceError, grid_from_rows
from cchc.sources.cell_issues import Cell, cell_issues
from cchc.sources.csv_parse import REPLACEMENT, guess_separator, parse_table, repair_utf8
from cchc.vocab.issues import Issue, source_issue
from cchc.vocab.schema import sheet_of

_APPEND_LOCK = threading.Lock()  # the dashboard's sessions are threads of one process
_CONTROL = bytes(range(0, 32)).replace(b"\t", b"").replace(b"\n", b"").replace(b"\r", b"")


def _looks_binary(path: Path, head: bytes) -> bool:
    """NUL bytes anywhere, or many control characters at the start: not a text file."""
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            if b"\x00" in chunk:
                return True
    controls = sum(head.count(bytes([c])) for c in _CONTROL)
    return controls > max(4, len(head) // 100)


def _from_cp1258(data: bytes, path: Path) -> tuple[bytes, Issue]:
    """A Windows-1258 file (Excel's Vietnamese CSV) as UTF-8 bytes, with a warning."""
    text = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    warning = source_issue(
        "file.encoding",
        f"Tệp «{path.name}» không phải UTF-8; đã đọc theo bảng mã Windows-1258 (Excel). "
        "Nên lưu lại bằng «CSV UTF-8» để tránh sai dấu.",
        warn=True,
        value=path.name,
    )
    return text.encode("utf-8"), warning


def _binary_issue(path: Path, title: str) -> Issue:
    sheet = sheet_of(title)
    fix = (
        "Hãy xuất lại trang tính này từ Google Sheets/Excel bằng «Tải xuống → CSV»."
        if sheet
        else "Tệp không thuộc mẫu bảng tính nên bị bỏ qua."
    )
    return source_issue(
        "file.binary",
        f"Tệp «{path.name}» (trang tính «{title}») chứa dữ liệu nhị phân, không phải văn bản CSV. {fix}",
        value=path.name,
        warn=sheet is None,
        sheet=sheet,
    )


def _replaced_cells(grid: pd.DataFrame) -> list[Cell]:
    """Cells holding a replacement character, row by row (each column searched as a whole)."""
    found: list[Cell] = []
    for col in grid.columns:
        text = grid[col].astype(str)
        hits = text[text.str.contains(REPLACEMENT, regex=False)]
        rows = zip(hits.index.tolist(), hits.tolist(), strict=True)
        found.extend((row, int(col), value) for row, value in rows)
    return sorted(found, key=lambda cell: (cell[0], cell[1]))


def _read_damaged(path: Path, title: str) -> tuple[RawTab, list[Issue]]:
    """A non-UTF-8 file: a few bad bytes are replaced and reported by cell, a legacy file read as cp1258."""
    raw = path.read_bytes()
    data = repair_utf8(raw)
    if data is None:
        data, warning = _from_cp1258(raw, path)
        grid, strays = parse_table(title, data, data[:65536], guess_separator(data))
        return RawTab(title, grid), [warning, *strays]
    grid, strays = parse_table(title, data, data[:65536], guess_separator(data))
    text = (
        f"tệp «{path.name}» có byte không hợp lệ theo UTF-8 trong ô này, đã được thay bằng «{REPLACEMENT}». "
        "Hãy gõ lại các ký tự bị hỏng, hoặc lưu lại tệp bằng «CSV UTF-8»."
    )
    found = cell_issues(title, "text.invalid_bytes", _replaced_cells(grid), lambda _: text, warn=True)
    return RawTab(title, grid), strays + found


def _read_tab(path: Path) -> tuple[RawTab | None, list[Issue]]:
    title = unicodedata.normalize("NFC", path.stem)
    with path.open("rb") as handle:
        head = handle.read(65536)
    if _looks_binary(path, head):
        return None, [_binary_issue(path, title)]
    if not head.strip() and path.stat().st_size <= len(head):
        return RawTab(title, grid_from_rows([])), []
    try:
        grid, strays = parse_table(title, path, head, guess_separator(head))
    except UnicodeDecodeError:
        return _read_damaged(path, title)
    return RawTab(title, grid), strays


def read_csv_folder(folder: Path, kind: str = "csv") -> RawSource:
    """Read every `*.csv` file of a folder as a tab named after the file."""
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
    if not files:
        raise SourceError(
            "source.empty",
            f"Thư mục «{folder}» không có tệp CSV nào. Cần các tệp «Cấu hình.csv», "
            "«Đơn vị.csv», «Nhiệm vụ.csv», «Tiến độ.csv».",
        )
    tabs: list[RawTab] = []
    issues: list[Issue] = []
    for path in files:
        tab, found = _read_tab(path)
        issues.extend(found)
        if tab is not None:
            tabs.append(tab)
    return RawSource(kind, str(folder), tuple(tabs), datetime.now().astimezone(), tuple(issues))


def tab_file(folder: Path, title: str) -> Path | None:
    """The CSV file of a folder whose name (NFC) is the tab `title`, or None."""
    wanted = unicodedata.normalize("NFC", title)
    files = (p for p in folder.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
    return next((p for p in files if unicodedata.normalize("NFC", p.stem) == wanted), None)


def _line(cells: list[str], data: bytes) -> bytes:
    """One CSV record in the file's own separator and line ending (UTF-8, quoted only when needed)."""
    newline = "\r\n" if b"\r\n" in data[:65536] else "\n"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=guess_separator(data[:65536]), lineterminator=newline).writerow(cells)
    text = buffer.getvalue()
    lead = newline if data and not data.endswith((b"\n", b"\r")) else ""  # a last line without its end
    return (lead + text).encode("utf-8")


def append_line(path: Path, cells: list[str]) -> None:
    """Add one record at the end of a UTF-8 CSV file, atomically: a copy with the new line replaces it.

    The existing bytes (BOM, separator, line endings, quoting) are kept exactly; a reader sees the
    old file or the new one, never half a line. A file that is not UTF-8 is refused (SourceError):
    re-encoding it would change every other line.
    """
    with _APPEND_LOCK:
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise SourceError(
                "file.encoding",
                f"Tệp «{path.name}» không lưu bằng UTF-8 nên chương trình không ghi thêm vào được. "
                "Hãy mở tệp và lưu lại bằng «CSV UTF-8», rồi cập nhật lại.",
            ) from None
        handle, temp = tempfile.mkstemp(prefix=".cchc-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data + _line(cells, data))
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temp, path.stat().st_mode & 0o7777)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
