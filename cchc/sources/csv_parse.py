"""Parse one CSV file into a grid: fast with pyarrow, forgiving with the csv module.

Row numbers must match the sheet, so blank lines are kept. pyarrow reads a well-formed file
(every line as wide as the header) in a fraction of pandas' time; a file with ragged lines
(a short title row, an empty line) falls back to pandas' C parser, then to the csv module.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from cchc.sources.base import grid_from_rows
from cchc.vocab.schema import TABS
from cchc.vocab.text import loose_key

SEPARATORS = (",", ";", "\t")
_HEADERS = {loose_key(name) for spec in TABS for f in spec.fields for name in (f.header, *f.aliases)}
_BOM = b"\xef\xbb\xbf"


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
    first = head.removeprefix(_BOM).split(b"\n", 1)[0].decode("utf-8", errors="replace")
    return len(next(csv.reader([first], delimiter=sep), [""]))


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


def _with_csv_module(source: Path | bytes, sep: str) -> pd.DataFrame:
    text = source.read_text(encoding="utf-8-sig") if isinstance(source, Path) else source.decode("utf-8-sig")
    return grid_from_rows(list(csv.reader(io.StringIO(text), delimiter=sep)))


def parse_csv(source: Path | bytes, head: bytes, sep: str) -> pd.DataFrame:
    """A UTF-8 CSV (a file, or its bytes) as a grid of text, rows numbered from 1.

    `head` is the file's first bytes. Raises UnicodeDecodeError when the file is not UTF-8.
    """
    try:
        frame = _with_arrow(source, head, sep)
    except (pa.ArrowInvalid, ValueError):
        try:
            frame = _with_pandas(source, sep)
        except (pd.errors.ParserError, pd.errors.EmptyDataError):
            return _with_csv_module(source, sep)
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    return frame
