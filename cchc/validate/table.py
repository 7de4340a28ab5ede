"""From raw tabs to tables: find each tab, its header row and its columns, forgivingly."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pandas as pd

from cchc.sources.base import RawSource, RawTab
from cchc.validate.cells import LONG_CELL, blank, blank_rows, suspicious_cells
from cchc.vocab.issues import Issue, Place, source_issue
from cchc.vocab.schema import TABS, TabSpec, tab_names
from cchc.vocab.text import loose_key

_HEADER_ROWS = 5


@dataclass(frozen=True)
class Table:
    """A tab's data rows (index: sheet row numbers; columns: field keys, '' if absent)."""

    spec: TabSpec
    title: str
    header_row: int
    columns: dict[str, int]
    headers: dict[str, str]
    rows: pd.DataFrame
    bad: frozenset[tuple[int, str]]

    def place(self, key: str) -> Place:
        """Where a field's cells are, for issue messages."""
        return Place(self.spec.sheet, self.title, self.headers.get(key), self.columns.get(key))


def match_tab(titles: list[str], spec: TabSpec) -> int | None:
    """Which of the titles is read as the template's tab (forgiving names, in its order of
    preference; the first of equal titles wins), by position; None when none is."""
    by_key: dict[str, int] = {}
    for i, title in enumerate(titles):
        by_key.setdefault(loose_key(title), i)
    return next((by_key[k] for k in map(loose_key, tab_names(spec)) if k in by_key), None)


def locate_tabs(source: RawSource) -> tuple[dict[str, RawTab], list[Issue]]:
    """Match the source's tabs to the template's by forgiving name; report missing ones."""
    titles = [tab.title for tab in source.tabs]
    found: dict[str, RawTab] = {}
    issues: list[Issue] = []
    for spec in TABS:
        at = match_tab(titles, spec)
        if at is not None:
            found[spec.sheet] = source.tabs[at]
        elif spec.required or spec.missing_note:
            issues.append(_missing_tab(spec))
    return found, issues


def _missing_tab(spec: TabSpec) -> Issue:
    if not spec.required:
        return source_issue("tab.missing", spec.missing_note, warn=True, value=spec.title, sheet=spec.sheet)
    headers = ", ".join(f.header for f in spec.fields if f.required)
    return source_issue(
        "tab.missing",
        f"Không tìm thấy trang tính «{spec.title}». Hãy thêm trang tính tên «{spec.title}» với dòng tiêu đề: "
        f"{headers} (lệnh `python -m cchc template` tạo sẵn mẫu).",
        value=spec.title,
        sheet=spec.sheet,
    )


def _field_keys(spec: TabSpec) -> dict[str, str]:
    keys: dict[str, str] = {}
    for field in spec.fields:
        for name in (field.header, field.key, *field.aliases):
            keys.setdefault(loose_key(name), field.key)
    return keys


def _find_header(grid: pd.DataFrame, spec: TabSpec) -> int | None:
    keys = _field_keys(spec)
    for row in grid.index[:_HEADER_ROWS]:
        matched = {keys.get(loose_key(str(v))) for v in grid.loc[row]} - {None}
        if len(matched) >= min(2, len(spec.fields)):
            return int(row)
    return None


def _map_columns(
    grid: pd.DataFrame, row: int, spec: TabSpec, title: str
) -> tuple[dict[str, int], dict[str, str], list[Issue]]:
    keys = _field_keys(spec)
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    issues: list[Issue] = []
    below = grid.loc[row + 1 :]
    for index, value in enumerate(grid.loc[row]):
        header = str(value).strip()
        place = Place(spec.sheet, title, header or None, index)
        if not header:
            if not blank(below[index]).all():
                text = "cột có dữ liệu nhưng không có tiêu đề nên bị bỏ qua. Hãy đặt tiêu đề."
                issues.append(place.issue("header.blank", row, value, text, warn=True))
            continue
        key = keys.get(loose_key(header))
        if key is None:
            continue
        if key in columns:
            first = headers[key]
            text = (
                f"tiêu đề «{header}» trùng với cột «{first}»; chỉ cột đầu được đọc. "
                "Hãy đổi tên hoặc xóa cột thừa."
            )
            issues.append(place.issue("header.duplicate", row, value, text))
            continue
        columns[key], headers[key] = index, header
    return columns, headers, issues


def _missing_headers(spec: TabSpec, title: str, row: int, columns: dict[str, int]) -> list[Issue]:
    issues = []
    for field in spec.fields:
        if field.required and field.key not in columns:
            text = f"thiếu cột «{field.header}» ở dòng tiêu đề. Hãy thêm cột có tiêu đề «{field.header}»."
            issues.append(Place(spec.sheet, title).issue("header.missing", row, "", text))
    return issues


def _text_problems(rows: pd.DataFrame, table: Table) -> tuple[frozenset[tuple[int, str]], list[Issue]]:
    """Cells typed in a legacy font encoding, and cells too long to be real entries."""
    bad: set[tuple[int, str]] = set()
    issues: list[Issue] = []
    # pyarrow's string kernels let go of the GIL: two threads check two columns at once
    keys = list(table.columns)

    def check(key: str) -> tuple[list[int], list[int]]:
        return suspicious_cells(rows[key])

    with ThreadPoolExecutor(max_workers=2) as pool:
        found = dict(zip(keys, pool.map(check, keys), strict=True))
    for key, (too_long, legacy) in found.items():
        place = table.place(key)
        for row in too_long:
            size = len(str(rows.at[row, key]))
            fix = (
                f"ô dài {size} ký tự, quá giới hạn {LONG_CELL} ký tự. "
                "Hãy rút gọn, đưa chi tiết vào tệp minh chứng."
            )
            issues.append(place.issue("cell.too_long", row, rows.at[row, key], fix))
        for row in legacy:
            fix = (
                "chữ được gõ bằng bảng mã cũ (TCVN3/VNI), không phải Unicode. Hãy chuyển mã "
                "bằng công cụ chuyển mã của Unikey (sang Unicode) hoặc gõ lại bằng Unicode."
            )
            issues.append(place.issue("text.legacy_encoding", row, rows.at[row, key], fix))
        bad.update((row, key) for row in [*too_long, *legacy])
    return frozenset(bad), issues


def read_table(spec: TabSpec, tab: RawTab) -> tuple[Table | None, list[Issue]]:
    """Find the header row and the columns of a tab; return its non-blank data rows."""
    grid = tab.grid
    empty_place = Place(spec.sheet, tab.title)
    row = _find_header(grid, spec)
    if row is None:
        names = ", ".join(f.header for f in spec.fields if f.required)
        text = f"không tìm thấy dòng tiêu đề trong 5 dòng đầu. Hãy đặt ở dòng 1 các tiêu đề: {names}."
        return None, [empty_place.issue("header.missing", 1 if len(grid) else None, "", text)]
    columns, headers, issues = _map_columns(grid, row, spec, tab.title)
    issues += _missing_headers(spec, tab.title, row, columns)
    body = grid.loc[row + 1 :]
    data = pd.DataFrame(
        {f.key: body[columns[f.key]] if f.key in columns else "" for f in spec.fields},
        index=body.index,
    )
    data = data[~blank_rows(data, list(columns))]
    table = Table(spec, tab.title, row, columns, headers, data, frozenset())
    bad, text_issues = _text_problems(data, table)
    if data.empty:
        text = "trang tính chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào."
        issues.append(empty_place.issue("tab.no_rows", row, "", text, warn=True))
    return Table(spec, tab.title, row, columns, headers, data, bad), issues + text_issues
