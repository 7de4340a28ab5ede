"""Sheet: setting up and checking the shared Google Sheet: layout and validation rules (`layout`,
`rules`, `requests`), the check tab (`check`), the one Google write client (`write`), the run end
to end (`sync`), the .xlsx template (`template`) and importing a plan's task table (`plan_import`).

Public names load lazily (PEP 562), so importing one stage never loads another's libraries.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "CheckPlan": "check",
    "ColumnRule": "rules",
    "HEADER_NOTE": "layout",
    "ImportResult": "plan_import",
    "InitPlan": "layout",
    "LAST_ROW": "template_rules",
    "LOOKUP_TABS": "rules",
    "NOTE_PREFIX": "check",
    "Outcome": "sync",
    "Placed": "layout",
    "PlanImportError": "plan_import",
    "PlanRow": "plan_import",
    "Problem": "plan_import",
    "ROLES": "plan_import",
    "RULES": "rules",
    "SheetTab": "layout",
    "TASKS_FILE": "plan_import",
    "TASK_HEADERS": "plan_import",
    "TabInfo": "write",
    "UnitNote": "plan_import",
    "add_sheet": "requests",
    "add_validations": "template_rules",
    "append_columns": "requests",
    "append_rows": "requests",
    "check_lines": "check",
    "check_sheet": "sync",
    "fetch_layout": "write",
    "fetch_notes": "write",
    "fetch_tabs": "write",
    "freeze_rows": "requests",
    "import_plan": "plan_import",
    "init_sheet": "sync",
    "load_sheet_plan": "sync",
    "new_sheet_id": "requests",
    "plan_check": "check",
    "plan_init": "layout",
    "position": "check",
    "protect_row": "requests",
    "protect_tab": "requests",
    "quoted": "requests",
    "read_plan_table": "plan_import",
    "replace_tab": "requests",
    "rules_for": "rules",
    "same_rule": "requests",
    "send": "write",
    "set_note": "requests",
    "set_validation": "requests",
    "sheet_key": "sync",
    "summary_text": "plan_import",
    "text_cell": "requests",
    "validation_rule": "requests",
    "wanted_notes": "check",
    "write_cells": "requests",
    "write_tasks_csv": "plan_import",
    "write_template": "template",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
