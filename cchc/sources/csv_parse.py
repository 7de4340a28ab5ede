"""Parse one CSV file into a grid: fast with pyarrow, forgiving with the csv module.

Row numbers must match the sheet, so blank lines are kept. pyarrow reads a well-formed file
(every line as wide as the header) in a fraction of pandas' time; a file with ragged lines
(a short title row, an empty line) falls back to pandas' C parser, then to the csv module.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from cchc.schema import TABS
from cchc.sources.base import grid_from_rows
from cchc.text import loose_key

SEPARATORS = (",", ";", "\t")
_HEADERS = {loose_key(name) for spec in TABS for f in spec.fields for name in (f.header, *f.aliases)}
_BOM = b"\xef\xbb\xbf"


def guess_separator(data: bytes) -> str:
    """The separator under which the first lines hold the most template headers."""
    head = data[:8192].decode("utf-8", errors="replace").splitlines()[:6]

    def known_headers(sep: str) -> int:
        rows = csv.reader(head, delimiter=sep)
        return sum(1 for row in rows for cell in row if loose_key(cell) in _HEADERS)

    scores = {sep: known_headers(sep) for sep in SEPARATORS}
    if max(scores.values()) > 0:
        return max(SEPARATORS, key=scores.__getitem__)
    text = "\n".join(head)
    return max(SEPARATORS, key=text.count)


def _with_arrow(data: bytes, sep: str) -> pd.DataFrame:
    first = data[: data.find(b"\n") + 1 or len(data)].decode("utf-8")
    width = len(next(csv.reader([first], delimiter=sep), [""]))
    names = [f"c{i}" for i in range(width)]
    table = pa_csv.read_csv(
        io.BytesIO(data),
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


def _with_pandas(data: bytes, sep: str) -> pd.DataFrame:
    frame = pd.read_csv(
        io.BytesIO(data),
        header=None,
        sep=sep,
        dtype=str,
        keep_default_na=False,
        skip_blank_lines=False,
        engine="c",
    )
    return frame.fillna("")


def parse_csv(data: bytes, sep: str) -> pd.DataFrame:
    """A UTF-8 CSV as a grid of text, rows numbered from 1; raises UnicodeDecodeError if not UTF-8."""
    data = data.removeprefix(_BOM)
    try:
        frame = _with_arrow(data, sep)
    except (pa.ArrowInvalid, ValueError):
        try:
            frame = _with_pandas(data, sep)
        except (pd.errors.ParserError, pd.errors.EmptyDataError):
            rows = list(csv.reader(io.StringIO(data.decode("utf-8")), delimiter=sep))
            return grid_from_rows(rows)
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    return frame
