"""Open a source named by the user: a CSV folder, an .xlsx workbook, a Google Sheet, or the sample."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from cchc.sources.base import RawSource, RawTab, SourceError
from cchc.sources.csv_folder import read_csv_folder
from cchc.sources.gsheet_spec import spreadsheet_id
from cchc.sources.snapshot import is_snapshot, read_snapshot
from cchc.sources.workbook import read_workbook

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample"
SAMPLE = "sample"

__all__ = ["SAMPLE", "SAMPLE_DIR", "RawSource", "RawTab", "SourceError", "open_source"]


def _read_google(key: str) -> RawSource:
    """A Google Sheet; when Google fails or the quota is spent, the last good read, marked stale."""
    from cchc.sources import gsheet, lastgood  # gspread loads only for Google sources

    folder = lastgood.cache_dir(os.environ)
    try:
        source = gsheet.read_gsheet(key)
    except SourceError as error:
        return lastgood.served_stale(error, key, folder)
    with contextlib.suppress(OSError):  # a spare copy that cannot be kept does not spoil this read
        lastgood.save(source, key, folder)
    return source


def open_source(spec: str) -> RawSource:
    """Read the whole source named by `spec` (a path, or `sample`)."""
    if spec == SAMPLE:
        return read_csv_folder(SAMPLE_DIR, kind="sample")
    key = spreadsheet_id(spec)
    if key:
        return _read_google(key)
    if spec.startswith("gsheet:"):
        raise SourceError(
            "gsheet.invalid_id",
            f"«{spec}» không phải mã bảng tính Google hợp lệ. Hãy dán cả đường dẫn của bảng tính, hoặc "
            "gsheet:<mã> với mã là phần giữa /d/ và /edit trong đường dẫn.",
        )
    path = Path(spec).expanduser()
    if not path.exists():
        raise SourceError(
            "source.not_found",
            f"Không tìm thấy «{spec}». Hãy kiểm tra đường dẫn: nguồn dữ liệu là một thư mục CSV, "
            "một tệp .xlsx, hoặc bỏ trống để dùng dữ liệu mẫu.",
        )
    if path.is_dir():
        return read_snapshot(path) if is_snapshot(path) else read_csv_folder(path)
    if path.suffix.lower() in {".xlsx", ".xlsm", ".xls", ".ods"}:
        return read_workbook(path)
    raise SourceError(
        "source.unsupported",
        f"«{path.name}» không phải nguồn dữ liệu được hỗ trợ. Hãy dùng một thư mục chứa các tệp "
        "CSV (mỗi tab một tệp) hoặc một tệp .xlsx.",
    )
