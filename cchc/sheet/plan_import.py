"""Import a plan document's task table as `Nhiệm vụ` rows (issue 5, item 3; SPEC §2)."""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path
from typing import NamedTuple

from cchc.sources.base import SourceError
from cchc.validate.units import LOOSE, Directory
from cchc.vocab.schema import TASKS
from cchc.vocab.text import clean, loose_key

TASK_HEADERS = tuple(f.header for f in TASKS.fields)
TASKS_FILE = "Nhiệm vụ.csv"
ROLES = ("stt", "content", "timeframe", "units")
_MARKDOWN_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_LEAD = r"ch(?:ủ|u)\s+tr(?:ì|i)"  # "chủ trì", also typed without accents
_WITH = r"ph(?:ối|oi)\s+h(?:ợp|op)(?:\s+v(?:ới|oi))?"  # "phối hợp (với)"
_SUPPORT = re.compile(
    rf"\s*(?:[,;]?\s*{_LEAD}\s*)?[,;:]?\s*(?:(?:và|va)\s+)?{_WITH}\s*[,;:]?\s*", re.IGNORECASE
)
_LEAD_ONLY = re.compile(rf"\s*[,;]?\s*{_LEAD}\s*$", re.IGNORECASE)
_PIECES = re.compile(r"(\s*[;,\n]\s*|\s+(?:và|va)\s+)", re.IGNORECASE)
_UNREADABLE = {".doc", ".pdf", ".odt", ".rtf", ".xlsx", ".xls"}


class PlanImportError(SourceError):
    """The plan document cannot be read at all (CLI exit 2); the message is Vietnamese."""


class PlanRow(NamedTuple):
    """One row of the plan's task table as written; `problem` is set when it cannot be read."""

    stt: str
    content: str
    timeframe: str
    units_text: str
    line: int
    problem: str = ""


@dataclass(frozen=True)
class UnitNote:
    """A unit name from the plan that matched no unit, or matched only without accents."""

    name: str
    line: int
    suggestion: str | None


@dataclass(frozen=True)
class Problem:
    """A line or table row the importer could not read."""

    line: int
    message: str


@dataclass
class ImportResult:
    """The `Nhiệm vụ` rows in plan order, and what the user must check."""

    rows: list[dict[str, str]] = field(default_factory=list)
    unknown: list[UnitNote] = field(default_factory=list)
    loose: list[UnitNote] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _role(cell: str) -> str | None:
    """Which column of the plan's table a header cell names, if any."""
    key = loose_key(cell)
    if key in {"stt", "tt", "sott", "sothutu"}:
        return "stt"
    if key.startswith("noidung"):
        return "content"
    if key.startswith("thoigian"):
        return "timeframe"
    if key.endswith("thuchien") and (key.startswith("phong") or key.startswith("donvi")):
        return "units"
    return None


def _header_columns(cells: list[str]) -> dict[str, int] | None:
    """Column index of each role when the cells are the table's header row."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        role = _role(cell)
        if role and role not in columns:
            columns[role] = index
    return columns if set(columns) == set(ROLES) else None


def _split_line(line: str, separator: str) -> list[str]:
    """The cells of a text line: tab-separated, or a Markdown table row."""
    if separator == "|":
        line = line.strip()
        line = line.removeprefix("|").removesuffix("|")
    return [clean(cell) for cell in line.split(separator)]


def _separator(line: str) -> str:
    """The cell separator of a table line: a tab, or `|` in a Markdown table ('' for plain text)."""
    return "\t" if "\t" in line else "|" if "|" in line else ""


def _is_header(line: str) -> bool:
    """Whether a text line is the task table's header row."""
    return bool(_separator(line)) and _header_columns(_split_line(line, _separator(line))) is not None


def _text_table(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """The header and rows of the first task table in a text: (line number, cells)."""
    start = next((i for i, line in enumerate(lines) if _is_header(line)), None)
    if start is None:
        return
    separator = _separator(lines[start])
    yield start + 1, _split_line(lines[start], separator)
    for number, line in enumerate(lines[start + 1 :], start + 2):
        if not line.strip() or _MARKDOWN_RULE.match(line.strip()):
            continue
        if separator not in line:
            return
        yield number, _split_line(line, separator)


def _docx_table(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The header and rows of the first task table in a Word document: (table row, cells)."""
    import docx  # python-docx loads only for .docx plans
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as error:
        text = f"Không mở được tệp Word «{path.name}» (tệp hỏng?). Hãy mở bằng Word và lưu lại dạng .docx."
        raise PlanImportError("plan.unreadable", text) from error
    for table in document.tables:
        rows = [[clean(cell.text) for cell in row.cells] for row in table.rows]
        start = next((i for i, cells in enumerate(rows) if _header_columns(cells)), None)
        if start is not None:
            yield from enumerate(rows[start:], start + 1)
            return


def _plan_rows(table: Iterable[tuple[int, list[str]]]) -> list[PlanRow]:
    """Rows of a table whose first item is its header."""
    items = iter(table)
    header = next(items, None)
    if header is None:
        return []
    columns = _header_columns(header[1]) or {}
    width = max(i for i, cell in enumerate(header[1]) if cell) + 1  # a trailing tab adds no column
    return [_plan_row(number, cells, columns, width) for number, cells in items if any(cells)]


def _plan_row(number: int, cells: list[str], columns: dict[str, int], width: int) -> PlanRow:
    """One table row, or a row carrying the reason it cannot be read."""
    while len(cells) > width and not cells[-1]:
        cells = cells[:-1]  # trailing empty cells (a tab at the end of the line)
    if len(cells) != width:
        why = f"dòng có {len(cells)} ô nhưng bảng có {width} cột"
        return PlanRow("", "", "", "", number, why)
    stt, content, timeframe, units = (cells[columns[role]] for role in ROLES)
    if len(set(cells)) == 1 and width > 1:
        return PlanRow("", content, "", "", number, "dòng gộp ô (tiêu đề nhóm?), không phải một nhiệm vụ")
    if not stt:
        return PlanRow("", content, timeframe, units, number, "dòng thiếu STT")
    return PlanRow(stt, content, timeframe, units, number)


def _read_text(path: Path) -> list[str]:
    """A plan's text lines, UTF-8."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        message = (
            f"Tệp «{path.name}» không phải văn bản UTF-8. Hãy lưu lại bằng mã UTF-8 hoặc dùng tệp .docx."
        )
        raise PlanImportError("plan.encoding", message) from error
    return [line.removesuffix("\r") for line in text.split("\n")]


def read_plan_table(path: Path) -> list[PlanRow]:
    """The task table of a plan (.txt/.md text, or .docx); raises PlanImportError without one."""
    if not path.is_file():
        raise PlanImportError("plan.not_found", f"Không tìm thấy tệp «{path}». Hãy kiểm tra đường dẫn.")
    suffix = path.suffix.lower()
    if suffix in _UNREADABLE:
        text = f"Không đọc được tệp «{path.name}». Hãy lưu kế hoạch thành .docx (Word) hoặc .txt (UTF-8)."
        raise PlanImportError("plan.unsupported", text)
    table = _docx_table(path) if suffix == ".docx" else _text_table(_read_text(path))
    rows = _plan_rows(table)
    if not rows:
        text = (
            f"Không tìm thấy bảng nhiệm vụ trong «{path.name}». Bảng cần dòng tiêu đề gồm các cột "
            "STT, Nội dung tuyên truyền, Thời gian, Phòng, đơn vị thực hiện (cách nhau bằng ký tự Tab "
            "hoặc dấu |, hoặc là một bảng trong tệp Word)."
        )
        raise PlanImportError("plan.no_table", text)
    return rows


def _split_roles(text: str) -> tuple[str, str]:
    """Lead and support text of a units cell: `A phối hợp (với) B`, `A chủ trì, phối hợp B`."""
    found = _SUPPORT.search(text)
    if found is None:
        return _LEAD_ONLY.sub("", text), ""
    return _LEAD_ONLY.sub("", text[: found.start()]), text[found.end() :]


def _names(text: str, units: Directory) -> list[str]:
    """Unit names in a text: the longest run of pieces that names one unit wins (whole text first)."""
    tokens = _PIECES.split(text.strip())
    pieces = tokens[::2]
    names: list[str] = []
    i = 0
    while i < len(pieces):
        for j in range(len(pieces), i, -1):
            joined = "".join(tokens[2 * i : 2 * j - 1])
            if j == i + 1 or units.match(joined)[0]:
                names.append(joined.strip())
                i = j
                break
    return [n for n in names if n]


def _resolve(text: str, line: int, units: Directory, result: ImportResult) -> list[str]:
    """Full unit names for a text; unknown names kept as written and noted, loose ones noted."""
    cell: list[str] = []
    for name in _names(text, units):
        code, how = units.match(name)
        if code is None:
            result.unknown.append(UnitNote(name, line, units.closest(name)))
        elif how == LOOSE:
            result.loose.append(UnitNote(name, line, units.units[code].name))
        written = units.units[code].name if code else name
        if written not in cell:
            cell.append(written)
    return cell


def import_plan(rows: Iterable[PlanRow], units: Directory) -> ImportResult:
    """`Nhiệm vụ` rows from the plan's table rows, with unknown and loose unit names listed."""
    result = ImportResult()
    for row in rows:
        if row.problem:
            result.problems.append(Problem(row.line, row.problem))
            continue
        lead_text, support_text = _split_roles(row.units_text)
        whole, _ = units.match(row.units_text)
        if whole:
            lead_text, support_text = row.units_text, ""
        leads = _resolve(lead_text, row.line, units, result)
        supports = [s for s in _resolve(support_text, row.line, units, result) if s not in leads]
        values = [row.stt, row.content, row.timeframe, "; ".join(leads), "; ".join(supports)]
        result.rows.append(dict(zip_longest(TASK_HEADERS, values, fillvalue="")))
    return result


def write_tasks_csv(result: ImportResult, folder: Path) -> Path:
    """Write `Nhiệm vụ.csv` into a folder; raises FileExistsError rather than overwrite."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / TASKS_FILE
    with path.open("x", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(TASK_HEADERS))
        writer.writeheader()
        writer.writerows(result.rows)
    return path


def _unknown_line(note: UnitNote) -> str:
    """The terminal line for a unit name that matched no unit."""
    guess = f"; có phải «{note.suggestion}»?" if note.suggestion else "."
    return (
        f"Không tìm thấy đơn vị «{note.name}» (dòng {note.line}) trong trang tính «Đơn vị»{guess} "
        "Hãy thêm đơn vị này vào trang tính «Đơn vị» hoặc sửa tên."
    )


def summary_text(result: ImportResult) -> str:
    """Vietnamese lines for the terminal: tasks read, unknown and loose units, unreadable lines."""
    lines = [f"Đã đọc {len(result.rows)} nhiệm vụ từ bảng kế hoạch."]
    lines += [_unknown_line(note) for note in result.unknown]
    lines += [
        f"Đơn vị «{note.name}» (dòng {note.line}) được hiểu là «{note.suggestion}» (khớp khi bỏ dấu). "
        "Hãy kiểm tra lại."
        for note in result.loose
    ]
    lines += [
        f"Dòng {p.line}: {p.message}; dòng này bị bỏ qua. Hãy sửa trong tệp kế hoạch rồi nhập lại."
        for p in result.problems
    ]
    return "\n".join(lines)
