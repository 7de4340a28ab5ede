"""Validate: from raw tabs to a `Plan` (settings, units, tasks, progress rows) and its issues.
Pure: no file, network or clock; `Plan.up_to(as_of)` is the one place rows are cut at a date.

Public names load lazily (PEP 562), so importing one stage never loads another's libraries.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "COLUMNS": "progress",
    "Directory": "units",
    "KEY_FIELDS": "progress",
    "LONG_CELL": "cells",
    "Plan": "plan",
    "RULES": "progress_rules",
    "Rule": "progress_rules",
    "Settings": "settings",
    "TEXT_COLUMNS": "progress",
    "Table": "table",
    "Task": "tasks",
    "Unit": "units",
    "Window": "progress",
    "blank": "cells",
    "blank_rows": "cells",
    "channel_of": "progress_rules",
    "clean_text": "progress",
    "empty_progress": "progress",
    "infer_year": "tasks",
    "link_codes": "progress_rules",
    "load_plan": "plan",
    "locate_tabs": "table",
    "read_progress": "progress",
    "read_settings": "settings",
    "read_table": "table",
    "read_tasks": "tasks",
    "read_units": "units",
    "resolve_units": "tasks",
    "state_of": "progress_rules",
    "suspicious_cells": "cells",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
