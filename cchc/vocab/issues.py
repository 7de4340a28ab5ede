"""Validation issues: one record per problem, with its place in the sheet and the fix."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from cchc.vocab import a1
from cchc.vocab.text import shorten

ERROR = "error"
WARNING = "warning"
_VALUE_LIMIT = 200


@dataclass(frozen=True)
class Issue:
    """One problem in the data (SPEC §4)."""

    severity: str
    sheet: str | None
    row: int | None
    column: str | None
    cell: str | None
    code: str
    message: str
    value: str
    text: str = field(default="", compare=False, repr=False)  # the message without its place

    def to_dict(self) -> dict[str, object]:
        """The issue as a JSON-ready record (SPEC §4 fields)."""
        record = asdict(self)
        del record["text"]
        return record


@dataclass(frozen=True)
class Place:
    """Where a cell is: the tab key and title, the header as written, its column index."""

    sheet: str
    tab: str
    column: str | None = None
    index: int | None = None

    def issue(self, code: str, row: int | None, raw: object, text: str, *, warn: bool = False) -> Issue:
        """An issue at this place; the message is prefixed with the tab and the cell."""
        cell = None
        if row is not None and self.index is not None:
            cell = a1.cell(row, self.index)
        where = f"Trang tính «{self.tab}»"
        if cell:
            where += f", ô {cell}" + (f" (cột «{self.column}»)" if self.column else "")
        elif row is not None:
            where += f", dòng {row}"
        value = "" if raw is None else shorten(raw, _VALUE_LIMIT)
        return Issue(
            severity=WARNING if warn else ERROR,
            sheet=self.sheet,
            row=row,
            column=self.column,
            cell=cell,
            code=code,
            message=f"{where}: {text}",
            value=value,
            text=text,
        )


def source_issue(
    code: str, text: str, *, warn: bool = False, value: str = "", sheet: str | None = None
) -> Issue:
    """An issue about a whole file or tab (a tab that is missing or cannot be read)."""
    severity = WARNING if warn else ERROR
    return Issue(severity, sheet, None, None, None, code, text, value, text)


def count(issues: list[Issue]) -> dict[str, int]:
    """Issue counts by severity."""
    errors = sum(1 for i in issues if i.severity == ERROR)
    return {"error": errors, "warning": len(issues) - errors}
