"""Data-validation rules of the template workbook: `cchc.sheet.rules` written the openpyxl way."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from cchc.sheet.rules import LOOKUP_TABS, RULES, ColumnRule
from cchc.vocab.a1 import column_letter
from cchc.vocab.schema import MAX_DAYS, TabSpec

LAST_ROW = 5000
_FIRST_DAY, _LAST_DAY = 32874, 73415  # 01/01/1990 and 31/12/2100 as sheet serial numbers
_KINDS = {  # kind → openpyxl type, formula1, formula2, operator
    "date": ("date", str(_FIRST_DAY), str(_LAST_DAY), "between"),
    "percent": ("decimal", "0", "100", "between"),
    "count": ("whole", "0", None, "greaterThanOrEqual"),
    "days": ("whole", "1", str(MAX_DAYS), "between"),
}


def _column(spec: TabSpec, key: str) -> str:
    return column_letter(next(i for i, f in enumerate(spec.fields) if f.key == key))


def _validation(rule: ColumnRule, header_rows: dict[str, int]) -> DataValidation:
    if rule.kind == "list":
        # An Excel list formula separates items by commas and has no escape: `tin, bài` is written
        # `tin bài`, which reading matches to the same item (names match blind to punctuation).
        items = ",".join(v.replace(",", "") for v in rule.values)
        kind, first, second, operator = "list", f'"{items}"', None, None
    elif rule.kind == "lookup":
        spec = LOOKUP_TABS[rule.values[0]]
        top = header_rows.get(spec.sheet, 1) + 1
        column = _column(spec, rule.values[1])
        kind, first, second, operator = (
            "list",
            f"'{spec.title}'!${column}${top}:${column}${LAST_ROW}",
            None,
            None,
        )
    else:
        kind, first, second, operator = _KINDS[rule.kind]
    return DataValidation(
        type=kind,
        formula1=first,
        formula2=second,
        operator=operator,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if rule.strict else "warning",
        errorTitle="Giá trị chưa đúng",
        error=rule.message,
    )


def add_validations(book: Workbook, header_rows: dict[str, int]) -> None:
    """Dropdowns for state, channel, task and unit; checks on dates, percents, counts and targets."""
    for rule in RULES:
        sheet = book[rule.tab.title]
        validation = _validation(rule, header_rows)
        column = _column(rule.tab, rule.field)
        validation.add(f"{column}{header_rows.get(rule.tab.sheet, 1) + 1}:{column}{LAST_ROW}")
        sheet.add_data_validation(validation)
