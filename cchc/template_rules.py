"""Data-validation rules of the template workbook: dropdowns and ranges where units type."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from cchc.schema import CHANNELS, PROGRESS, STATE_LABELS, TASKS, UNITS, TabSpec

LAST_ROW = 5000
_FIRST_DAY, _LAST_DAY = 32874, 73415  # 01/01/1990 and 31/12/2100 as sheet serial numbers


def _column(spec: TabSpec, key: str) -> str:
    return get_column_letter(next(i for i, f in enumerate(spec.fields, 1) if f.key == key))


def _rule(
    kind: str,
    formula: str,
    message: str,
    *,
    strict: bool,
    second: str | None = None,
    operator: str | None = None,
) -> DataValidation:
    return DataValidation(
        type=kind,
        formula1=formula,
        formula2=second,
        operator=operator,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
        errorTitle="Giá trị chưa đúng",
        error=message,
    )


def _quoted_list(values: tuple[str, ...] | list[str]) -> str:
    return '"' + ",".join(values) + '"'


def add_validations(book: Workbook, header_rows: dict[str, int]) -> None:
    """Dropdowns for state, channel, task and unit, and checks on dates, percents and counts."""
    sheet = book[PROGRESS.title]
    first = header_rows.get(PROGRESS.sheet, 1) + 1
    tasks_from = header_rows.get(TASKS.sheet, 1) + 1
    units_from = header_rows.get(UNITS.sheet, 1) + 1
    rules = {
        "date": _rule(
            "date",
            str(_FIRST_DAY),
            "Hãy nhập một ngày, dạng dd/mm/yyyy.",
            strict=True,
            second=str(_LAST_DAY),
            operator="between",
        ),
        "task": _rule(
            "list",
            f"'{TASKS.title}'!$A${tasks_from}:$A${LAST_ROW}",
            "Hãy chọn mã nhiệm vụ có trong tab «Nhiệm vụ».",
            strict=False,
        ),
        "unit": _rule(
            "list",
            f"'{UNITS.title}'!$A${units_from}:$A${LAST_ROW}",
            "Hãy chọn mã đơn vị có trong tab «Đơn vị».",
            strict=False,
        ),
        "state": _rule(
            "list",
            _quoted_list(list(STATE_LABELS.values())),
            "Hãy chọn một trạng thái trong danh sách.",
            strict=False,
        ),
        "percent": _rule(
            "decimal", "0", "Tiến độ là một số từ 0 đến 100.", strict=True, second="100", operator="between"
        ),
        "channel": _rule("list", _quoted_list(CHANNELS), "Nên chọn một kênh trong danh sách.", strict=False),
        "count": _rule(
            "whole", "0", "Số lượng là một số nguyên không âm.", strict=True, operator="greaterThanOrEqual"
        ),
    }
    for key, rule in rules.items():
        column = _column(PROGRESS, key)
        rule.add(f"{column}{first}:{column}{LAST_ROW}")
        sheet.add_data_validation(rule)
