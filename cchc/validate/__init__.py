"""Validate: from raw tabs to a `Plan` (settings, units, tasks, progress rows) and its issues.
Pure: no file, network or clock; `Plan.up_to(as_of)` is the one place rows are cut at a date.

Public names load on first use (`cchc.vocab.lazy`).
"""

from __future__ import annotations

from cchc.vocab.lazy import exports

__all__, __getattr__ = exports(
    __name__,
    {
        "COLUMNS": "progress",
        "COMPLETION_DATE": "progress_rules",
        "Directory": "units",
        "KEY_FIELDS": "progress",
        "LONG_CELL": "cells",
        "Plan": "plan",
        "RULES": "progress_rules",
        "ReportText": "reports",
        "Rule": "progress_rules",
        "Schedule": "task_cells",
        "SentReport": "reports",
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
        "default_measures": "progress_rules",
        "empty_progress": "progress",
        "infer_year": "tasks",
        "link_codes": "progress_rules",
        "load_plan": "plan",
        "locate_tabs": "table",
        "measure_of": "progress_rules",
        "parse_period": "reports",
        "read_progress": "progress",
        "read_report_texts": "reports",
        "read_schedule": "task_cells",
        "read_sent_reports": "reports",
        "read_settings": "settings",
        "read_table": "table",
        "read_target": "task_cells",
        "read_tasks": "tasks",
        "read_units": "units",
        "resolve_units": "tasks",
        "section_of": "reports",
        "state_of": "progress_rules",
        "suspicious_cells": "cells",
        "whole_people": "progress_rules",
    },
)
