"""What a source may hold before it is refused or trimmed: the documented reading limits.

A workbook is checked against these before calamine sees it. calamine builds a sheet as a
dense grid from its first to its farthest cell (32 bytes a cell) and keeps every shared string
in memory, so without them one typed cell at XFD1048576 asks for ~512 GB and one 400 MB string
for gigabytes. Every limit is far above a real plan (the template's tabs have 11 columns).
"""

from __future__ import annotations

# A sheet is refused (`source.too_large`) when a cell holding a value lies past MAX_ROWS, or
# when the grid from A1 to its farthest value would hold more than MAX_ROWS × MAX_COLUMNS cells
# (what calamine allocates; ~0.7 GB at the limit). So a lone cell at XFD296 still reads.
MAX_ROWS = 200_000
MAX_COLUMNS = 100
MAX_CELLS = MAX_ROWS * MAX_COLUMNS
SHEET_COLUMNS = 16_384  # A to XFD, the most a spreadsheet has: a value past XFD is refused

# The zip's members, inflated, may total MAX_UNCOMPRESSED bytes; a member over RATIO_FLOOR may
# inflate to at most MAX_RATIO times its compressed size (Apache POI's zip-bomb default). Real
# sheet XML compresses about 10:1; a 400 MB run of one letter compresses 1000:1.
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024

# One cell's text may be MAX_CELL_CHARS characters: Google Sheets' own limit (Excel's is 32,767),
# so only a crafted or broken file has a longer one. Cells over 5,000 characters still read and
# are reported by validation (`cell.too_long`). A text written in more than MAX_CELL_BYTES bytes
# of XML is over the limit whatever its characters (12 bytes is the longest character reference).
MAX_CELL_CHARS = 50_000
MAX_CELL_BYTES = 12 * MAX_CELL_CHARS

# The table of a tab runs from its first filled column (row) to the last one reached without
# skipping more than COLUMN_GAP empty columns (ROW_GAP empty rows), and never past MAX_COLUMNS
# (MAX_ROWS). A value beyond is `cell.outside_table`: reported, then dropped from the grid, so a
# stray cell at column CV does not add 90 empty columns to every check and export.
COLUMN_GAP = 20
ROW_GAP = 10_000

# A tab reports at most this many cells per source issue code, then one line with the rest's count.
MAX_CELL_ISSUES = 100
