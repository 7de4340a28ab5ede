"""Vocabulary: what every stage speaks. The sheet's template (`schema`), issue records (`issues`),
text keys (`text`), cell values (`values`), risk/role/state codes (`terms`), their Vietnamese words
(`labels`), A1 notation (`a1`) and the error base class (`errors`). Imports nothing else of cchc.

Public names load lazily (PEP 562), so importing one stage never loads another's libraries.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "CHANNELS": "schema",
    "CHECK_TAB": "schema",
    "CchcError": "errors",
    "ERROR": "issues",
    "ExportError": "errors",
    "FORMULA_START": "text",
    "FORM_TABS": "schema",
    "Field": "schema",
    "Issue": "issues",
    "PROGRESS": "schema",
    "Place": "issues",
    "REPORT_LABELS": "labels",
    "RISK_COLORS": "labels",
    "RISK_LABELS": "labels",
    "ROLE_LABELS": "labels",
    "Risk": "terms",
    "Role": "terms",
    "SETTINGS": "schema",
    "SETTINGS_KEYS": "schema",
    "SEVERITY": "terms",
    "SEVERITY_LABELS": "labels",
    "STATES": "schema",
    "STATE_NAMES": "labels",
    "Setting": "schema",
    "SourceError": "errors",
    "TABS": "schema",
    "TASKS": "schema",
    "TabSpec": "schema",
    "Timeframe": "values",
    "UNITS": "schema",
    "UsageError": "errors",
    "WARNING": "issues",
    "ZERO_WIDTH": "text",
    "as_text": "values",
    "cell": "a1",
    "clean": "text",
    "column_index": "a1",
    "column_letter": "a1",
    "count": "issues",
    "is_blank": "values",
    "looks_legacy": "text",
    "loose_key": "text",
    "loose_text": "text",
    "match_key": "text",
    "parse_count": "values",
    "parse_date": "values",
    "parse_day_month": "values",
    "parse_percent": "values",
    "parse_timeframe": "values",
    "quoted_tab": "a1",
    "raw_text": "values",
    "sheet_of": "schema",
    "shorten": "text",
    "sort_key": "text",
    "source_issue": "issues",
    "tab_names": "schema",
    "task_key": "values",
    "vn_date": "labels",
    "vn_number": "labels",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
