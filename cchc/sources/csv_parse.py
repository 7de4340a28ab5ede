"""Parse one CSV file into a grid: fast with pyarrow, forgiving with the csv module.

Row numbers must match the sheet, so blank lines are kept. pyarrow reads a well-formed file
(every line as wide as the header) in a fraction of pandas' time; a file with ragged lines
(a short title row, an empty line) falls back to pandas' C parser, then to the csv module.
Lines may end in CRLF, LF or a lone CR (old Mac CSV), also inside quoted cells.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from cchc.sources.base import grid_from_rows
from cchc.sources.limits import MAX_COLUMNS
from cchc.sources.table_extent import table_grid
from cchc.vocab.issues import Issue
from cchc.vocab.schema import TABS
from cchc.vocab.text import loose_key

SEPARATORS = (",", ";", "\t")
_HEADERS = {loose_key(name) for spec in TABS for f in spec.fields for name in (f.header, *f.aliases)}
_BOM = b"\xef\xbb\xbf"
_ESCAPED = re.compile("[\udc80-\udcff]+")  # invalid bytes, as decoded with surrogateescape
REPLACEMENT = "\ufffd"


def guess_separator(head: bytes) -> str:
    """The separator under which the first lines hold the most template headers."""
    lines = head[:8192].decode("utf-8", errors="replace").splitlines()[:6]

    def known_headers(sep: str) -> int:
        rows = csv.reader(lines, delimiter=sep)
        return sum(1 for row in rows for cell in row if loose_key(cell) in _HEADERS)

    scores = {sep: known_headers(sep) for sep in SEPARATORS}
    if max(scores.values()) > 0:
        return max(SEPARATORS, key=scores.__getitem__)
    text = "\n".join(lines)
    return max(SEPARATORS, key=text.count)


def _width(head: bytes, sep: str) -> int:
    """Cells in the first record (any line ending; a quoted cell may span lines)."""
    text = head.removeprefix(_BOM).decode("utf-8", errors="replace")
    return len(next(csv.reader(io.StringIO(text, newline=""), delimiter=sep), [""]))


def _with_arrow(source: Path | bytes, head: bytes, sep: str) -> pd.DataFrame:
    names = [f"c{i}" for i in range(_width(head, sep))]
    table = pa_csv.read_csv(
        str(source) if isinstance(source, Path) else io.BytesIO(source),
        read_options=pa_csv.ReadOptions(column_names=names, block_size=1 << 22),
        parse_options=pa_csv.ParseOptions(delimiter=sep, newlines_in_values=True, ignore_empty_lines=False),
        convert_options=pa_csv.ConvertOptions(
            column_types={name: pa.string() for name in names},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            auto_dict_encode=False,
            check_utf8=True,
            timestamp_parsers=[],
            null_values=[],
        ),
    )
    frame = table.to_pandas()
    frame.columns = range(frame.shape[1])
    return frame


def _with_pandas(source: Path | bytes, sep: str) -> pd.DataFrame:
    handle = source if isinstance(source, Path) else io.BytesIO(source)
    frame = pd.read_csv(
        handle,
        header=None,
        sep=sep,
        dtype=str,
        keep_default_na=False,
        encoding="utf-8-sig",
        skip_blank_lines=False,
        engine="c",
    )
    return frame.fillna("")


def _csv_rows(source: Path | bytes, sep: str) -> list[list[str]]:
    data = source.read_bytes() if isinstance(source, Path) else source
    text = io.StringIO(data.decode("utf-8-sig"), newline="")  # every line ending, kept inside quotes
    return list(csv.reader(text, delimiter=sep))


def repair_utf8(data: bytes) -> bytes | None:
    """UTF-8 with its few invalid bytes replaced by U+FFFD; None when the file is not UTF-8 at all.

    A file in a legacy encoding (Excel's Windows-1258) has an invalid byte for most of its
    non-ASCII letters; a UTF-8 file damaged in a few places has a few among many valid ones.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    valid = _ESCAPED.sub("", text)
    invalid = len(text) - len(valid)
    letters = len(valid) - len(valid.encode("ascii", errors="ignore"))
    if invalid > letters:
        return None
    return _ESCAPED.sub(REPLACEMENT, text).encode("utf-8")


def _parse(source: Path | bytes, head: bytes, sep: str) -> pd.DataFrame | list[list[str]]:
    """A rectangular grid (pyarrow, pandas), or the ragged lines (the csv module).

    A first line wider than MAX_COLUMNS (a stray cell far right) goes to the csv module at
    once: pandas would pad every shorter line to its width.
    """
    if _width(head, sep) > MAX_COLUMNS:
        return _csv_rows(source, sep)
    try:
        return _with_arrow(source, head, sep)
    except (pa.ArrowInvalid, ValueError):
        try:
            return _with_pandas(source, sep)
        except (pd.errors.ParserError, pd.errors.EmptyDataError):
            return _csv_rows(source, sep)


def parse_csv(source: Path | bytes, head: bytes, sep: str) -> pd.DataFrame:
    """A UTF-8 CSV (a file, or its bytes) as a grid of text, rows numbered from 1.

    `head` is the file's first bytes. Raises UnicodeDecodeError when the file is not UTF-8.
    """
    parsed = _parse(source, head, sep)
    if isinstance(parsed, list):
        return grid_from_rows(parsed)
    parsed.index = pd.RangeIndex(1, len(parsed) + 1)
    return parsed


def parse_table(title: str, source: Path | bytes, head: bytes, sep: str) -> tuple[pd.DataFrame, list[Issue]]:
    """A CSV tab cut to its table (table_extent), with an issue per stray cell far outside it."""
    return table_grid(title, _parse(source, head, sep))
