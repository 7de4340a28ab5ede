"""Read: open a source named by the user (a CSV folder, an .xlsx workbook, a snapshot, a Google
Sheet or the sample) into raw tabs, exactly as typed. Nothing here validates or writes a sheet."""

from __future__ import annotations

import contextlib
from pathlib import Path

from cchc.sources.base import RawSource, RawTab, SourceError, grid_from_rows, text_grid
from cchc.sources.csv_folder import read_csv_folder
from cchc.sources.snapshot import is_snapshot, read_snapshot
from cchc.sources.spec import (
    SAMPLE,
    GoogleAccess,
    SourceSpec,
    cell_link,
    invalid_id,
    parse_source,
    spreadsheet_id,
)
from cchc.sources.workbook import read_workbook

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample"
# The snapshot the sample's half-year report was drafted from (12/06/2017), kept with the sample so
# that «Lịch sử» can show the row a unit corrected after the report was sent.
SAMPLE_HISTORY = SAMPLE_DIR.parent / "sample_history"

__all__ = [
    "SAMPLE",
    "SAMPLE_DIR",
    "SAMPLE_HISTORY",
    "GoogleAccess",
    "RawSource",
    "RawTab",
    "SourceError",
    "SourceSpec",
    "cell_link",
    "grid_from_rows",
    "open_source",
    "parse_source",
    "spreadsheet_id",
    "text_grid",
]


def _read_google(key: str, google: GoogleAccess) -> RawSource:
    """A Google Sheet; when Google fails or the quota is spent, the last good read, marked stale."""
    from cchc.sources import gsheet, lastgood  # gspread loads only for Google sources

    try:
        source = gsheet.read_gsheet(key, google)
    except SourceError as error:
        if google.cache_dir is None:
            raise
        return lastgood.served_stale(error, key, google.cache_dir)
    if google.cache_dir is not None:
        with contextlib.suppress(OSError):  # a spare copy that cannot be kept does not spoil this read
            lastgood.save(source, key, google.cache_dir)
    return source


def open_source(spec: SourceSpec | str, google: GoogleAccess | None = None) -> RawSource:
    """Read the whole source named by `spec` (text is parsed first); `google` says how to reach Google."""
    spec = parse_source(spec) if isinstance(spec, str) else spec
    if spec.kind == "sample":
        return read_csv_folder(SAMPLE_DIR, kind="sample")
    if spec.kind == "gsheet":
        if spec.sheet_id is None:
            raise invalid_id(spec)
        return _read_google(spec.sheet_id, google or GoogleAccess())
    path = Path(spec.location).expanduser()
    if not path.exists():
        raise SourceError(
            "source.not_found",
            f"Không tìm thấy «{spec.location}». Hãy kiểm tra đường dẫn: nguồn dữ liệu là một thư mục CSV, "
            "một tệp .xlsx, hoặc bỏ trống để dùng dữ liệu mẫu.",
        )
    if path.is_dir():
        return read_snapshot(path) if is_snapshot(path) else read_csv_folder(path)
    if path.suffix.lower() in {".xlsx", ".xlsm", ".xls", ".ods"}:
        return read_workbook(path)
    raise SourceError(
        "source.unsupported",
        f"«{path.name}» không phải nguồn dữ liệu được hỗ trợ. Hãy dùng một thư mục chứa các tệp "
        "CSV (mỗi trang tính một tệp) hoặc một tệp .xlsx.",
    )
