"""The optional tabs `Báo cáo` (the compiler's paragraphs) and `Báo cáo đã gửi` (the register of
sent reports), SPEC §2: read cell by cell into small frozen records. A missing tab is no issue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from cchc.sources.base import RawTab
from cchc.validate.cells import blank
from cchc.validate.progress_rules import RULES, Rule
from cchc.validate.table import Table, read_table
from cchc.validate.units import LOOSE, Directory
from cchc.vocab.issues import WARNING, Issue
from cchc.vocab.schema import REPORT_SECTIONS, REPORTS, SENT_REPORTS, TabSpec
from cchc.vocab.text import loose_key
from cchc.vocab.values import as_text, is_blank, parse_date

_HALF_YEAR = re.compile(r"^(?:6|sau)thang(?:daunam)?(\d{4})?$")
_ANNUAL = re.compile(r"^(?:ca)?nam(\d{4})?$")
_SECTIONS = {loose_key(label): key for key, label in REPORT_SECTIONS.items()}
_SECTION_LIST = ", ".join(f"«{label}»" for label in REPORT_SECTIONS.values())
_PERIOD_HINT = "«6 tháng», «6 tháng đầu năm», «Năm» hoặc «Cả năm», có thể kèm năm (ví dụ «6 tháng 2017»)"


@dataclass(frozen=True)
class ReportText:
    """One paragraph of `Báo cáo`: what people write into a report, which no data can replace."""

    row: int
    kind: str  # half_year | annual
    year: int
    unit: str | None  # None: the Sở's report to Sở Nội vụ; else that unit's own report (§11)
    section: str  # a key of REPORT_SECTIONS
    text: str
    writer: str


@dataclass(frozen=True)
class SentReport:
    """One report of `Báo cáo đã gửi`: sent from `sent_on` on."""

    row: int
    kind: str
    year: int
    unit: str | None
    number: str
    sent_on: date
    signer: str


def parse_period(raw: object, plan_year: int) -> tuple[tuple[str, int] | None, str | None]:
    """A `Kỳ` cell: the report's kind and year (none written: the plan year), or an issue code."""
    if is_blank(raw):
        return None, "period.missing"
    key = loose_key(as_text(raw))
    for kind, pattern in (("half_year", _HALF_YEAR), ("annual", _ANNUAL)):
        if found := pattern.match(key):
            year = int(found.group(1) or plan_year)
            return (kind, year), None if year == plan_year else "period.other_year"
    return None, "period.invalid"


def section_of(raw: object) -> tuple[str | None, str | None]:
    """A `Mục` cell: the section it names (forgiving match), or an issue code."""
    if is_blank(raw):
        return None, "section.missing"
    section = _SECTIONS.get(loose_key(as_text(raw)))
    return (section, None) if section else (None, "section.unknown")


_RULES: dict[str, Rule] = {
    "period.missing": Rule(
        False, lambda raw, c: f"thiếu kỳ báo cáo; dòng bị bỏ qua. Hãy ghi {_PERIOD_HINT}."
    ),
    "period.invalid": Rule(
        False, lambda raw, c: f"kỳ «{raw}» không hợp lệ; dòng bị bỏ qua. Hãy ghi {_PERIOD_HINT}."
    ),
    "period.other_year": Rule(
        True,
        lambda raw, year: (
            f"kỳ «{raw}» không thuộc năm kế hoạch {year}; dòng được giữ nhưng không dùng cho báo cáo "
            f"năm {year}. Hãy kiểm tra năm đã gõ."
        ),
    ),
    "section.missing": Rule(
        False, lambda raw, c: f"thiếu mục; dòng bị bỏ qua. Hãy chọn một trong: {_SECTION_LIST}."
    ),
    "section.unknown": Rule(
        False,
        lambda raw, c: (
            f"mục «{raw}» không có trong mẫu báo cáo; dòng bị bỏ qua. Hãy chọn một trong: {_SECTION_LIST}."
        ),
    ),
    "text.missing": Rule(
        True,
        lambda raw, c: (
            "dòng có kỳ và mục nhưng chưa có nội dung nên bị bỏ qua. Hãy viết đoạn văn vào cột này."
        ),
    ),
    "unit.unknown": Rule(
        False,
        lambda raw, c: (
            f"không có đơn vị «{raw}» trong trang tính «Đơn vị»; dòng bị bỏ qua. Hãy ghi mã hoặc tên đơn vị, "
            "hoặc để trống nếu là báo cáo của Sở."
        ),
    ),
    "unit.loose_match": RULES["unit.loose_match"],
    "date.missing": Rule(
        False,
        lambda raw, c: "thiếu ngày gửi; dòng bị bỏ qua. Hãy ghi ngày dạng dd/mm/yyyy, ví dụ 13/06/2017.",
    ),
    "date.invalid": Rule(
        False,
        lambda raw, c: (
            f"«{raw}» không phải ngày hợp lệ (ngày ghi trước tháng: dd/mm/yyyy); dòng bị bỏ qua. "
            "Hãy sửa lại, ví dụ 13/06/2017."
        ),
    ),
    "date.before_period": Rule(
        True,
        lambda raw, year: (
            f"ngày gửi «{raw}» trước năm {year} của kỳ báo cáo. Hãy kiểm tra ngày hoặc kỳ đã gõ."
        ),
    ),
    "number.missing": Rule(
        True,
        lambda raw, c: "chưa ghi số văn bản; báo cáo vẫn được tính là đã gửi. Hãy ghi số, ví dụ 45/BC-SKHCN.",
    ),
    "sent.duplicate": Rule(
        True,
        lambda raw, first: (
            f"báo cáo này đã được ghi ở dòng {first} (gửi sớm nhất), chỉ dòng đó được tính. "
            "Hãy xóa dòng thừa hoặc sửa kỳ, đơn vị cho đúng."
        ),
    ),
}


class _Reader:
    """Reads one optional tab row by row, collecting its issues."""

    def __init__(self, table: Table, units: Directory, year: int) -> None:
        self.table, self.units, self.year = table, units, year
        self.issues: list[Issue] = []

    def flag(self, key: str, row: int, code: str, context: object = None) -> None:
        """An issue on one cell, unless the table already reported it (legacy text, overlong)."""
        if (row, key) in self.table.bad:
            return
        raw = self.table.rows.at[row, key]
        rule = _RULES[code]
        issue = self.table.place(key).issue(code, row, raw, rule.text(raw, context), warn=rule.warn)
        self.issues.append(issue)

    def clean(self, row: int, keys: tuple[str, ...]) -> bool:
        """Whether none of these cells was reported as legacy text or an overlong cell."""
        return not any((row, key) in self.table.bad for key in keys)

    def period(self, row: int) -> tuple[str, int] | None:
        value, code = parse_period(self.table.rows.at[row, "period"], self.year)
        if code:
            self.flag("period", row, code, self.year)
        return value

    def unit(self, row: int) -> tuple[bool, str | None]:
        """Whether the `Đơn vị` cell is usable, and the unit's code (None: the Sở's report)."""
        raw = self.table.rows.at[row, "unit"]
        if is_blank(raw):
            return True, None
        code, how = self.units.match(as_text(raw))
        if code is None:
            self.flag("unit", row, "unit.unknown")
            return False, None
        if how == LOOSE:
            self.flag("unit", row, "unit.loose_match", self.units)
        return True, code


def _text_row(read: _Reader, row: int) -> ReportText | None:
    cells = read.table.rows.loc[row]
    period, (unit_ok, unit) = read.period(row), read.unit(row)
    section, code = section_of(cells["section"])
    if code:
        read.flag("section", row, code)
    text = as_text(cells["text"])
    if not text and period and section:
        read.flag("text", row, "text.missing")
    if not (
        period and unit_ok and section and text and read.clean(row, ("period", "unit", "section", "text"))
    ):
        return None
    return ReportText(row, period[0], period[1], unit, section, text, as_text(cells["writer"]))


def _sent_on(read: _Reader, row: int, year: int | None) -> date | None:
    value, code = parse_date(read.table.rows.at[row, "sent_on"])  # date.missing or date.invalid
    if code or value is None:
        read.flag("sent_on", row, code or "date.invalid")
        return None
    if year is not None and value < date(year, 1, 1):
        read.flag("sent_on", row, "date.before_period", year)
    return value


def _sent_row(read: _Reader, row: int) -> SentReport | None:
    cells = read.table.rows.loc[row]
    period, (unit_ok, unit) = read.period(row), read.unit(row)
    sent_on = _sent_on(read, row, period[1] if period else None)
    number = as_text(cells["number"])
    if not (period and unit_ok and sent_on and read.clean(row, ("period", "unit", "sent_on"))):
        return None
    if not number:
        read.flag("number", row, "number.missing")
    return SentReport(row, period[0], period[1], unit, number, sent_on, as_text(cells["signer"]))


def _first_sent(read: _Reader, sent: list[SentReport]) -> tuple[SentReport, ...]:
    """One row per report: the earliest sent (then the higher row); a warning on the others."""
    kept: dict[tuple[str, int, str | None], SentReport] = {}
    for report in sorted(sent, key=lambda s: (s.sent_on, s.row)):
        first = kept.setdefault((report.kind, report.year, report.unit), report)
        if first is not report:
            read.flag("period", report.row, "sent.duplicate", first.row)
    return tuple(sorted(kept.values(), key=lambda s: s.row))


def _table(spec: TabSpec, tab: RawTab | None) -> tuple[Table | None, list[Issue]]:
    """An optional tab's table: absent, empty or header-only is no issue; no header is a warning."""
    if tab is None or all(blank(tab.grid[col]).all() for col in tab.grid.columns):
        return None, []
    table, issues = read_table(spec, tab)
    kept = [i for i in issues if i.code != "tab.no_rows"]
    if table is None:  # a tab of the user's own that happens to bear the name: ignored, with a word
        kept = [i if i.code != "header.missing" else _as_warning(i, spec) for i in kept]
    return table, kept


def _as_warning(issue: Issue, spec: TabSpec) -> Issue:
    headers = ", ".join(f.header for f in spec.fields)
    text = (
        "không tìm thấy dòng tiêu đề trong 5 dòng đầu nên trang tính bị bỏ qua. "
        f"Nếu đây là trang tính «{spec.title}» "
        f"của chương trình, hãy đặt ở dòng 1 các tiêu đề: {headers}."
    )
    where = issue.message.split(":", 1)[0]
    return replace(issue, severity=WARNING, message=f"{where}: {text}", text=text)


def read_report_texts(
    tab: RawTab | None, units: Directory, year: int
) -> tuple[tuple[ReportText, ...], list[Issue]]:
    """The paragraphs of `Báo cáo`, in sheet order, and the issues of its cells."""
    table, issues = _table(REPORTS, tab)
    if table is None:
        return (), issues
    read = _Reader(table, units, year)
    texts = tuple(t for row in table.rows.index if (t := _text_row(read, int(row))) is not None)
    return texts, issues + read.issues


def read_sent_reports(
    tab: RawTab | None, units: Directory, year: int
) -> tuple[tuple[SentReport, ...], list[Issue]]:
    """The register `Báo cáo đã gửi`: one record per report (the earliest sent), and the issues."""
    table, issues = _table(SENT_REPORTS, tab)
    if table is None:
        return (), issues
    read = _Reader(table, units, year)
    sent = [s for row in table.rows.index if (s := _sent_row(read, int(row))) is not None]
    return _first_sent(read, sent), issues + read.issues
