"""The closed vocabularies of the model: an assignment's risk and role, a progress row's state.

Values are the stable codes of exports and JSON (SPEC §8); `cchc.vocab.labels` gives their words.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal
from zoneinfo import ZoneInfo


class Risk(StrEnum):
    """An assignment's risk at an as-of date (SPEC §5), declared worst first."""

    OVERDUE = "overdue"
    STALE = "stale"
    PAUSED = "paused"
    AT_RISK = "at_risk"
    DONE_LATE = "done_late"
    NOT_STARTED = "not_started"
    UPCOMING = "upcoming"
    ON_TRACK = "on_track"
    DONE_ON_TIME = "done_on_time"


class Role(StrEnum):
    """A unit's part in a task: it leads it or supports it (a contribution is no assignment)."""

    LEAD = "lead"
    SUPPORT = "support"


# `no_activity` (Không phát sinh): nothing arose this cycle; a fresh update without a percent.
State = Literal["not_started", "in_progress", "done", "paused", "no_activity"]

# Worst first: the order in which a task's lead assignments decide the task's risk.
SEVERITY: tuple[Risk, ...] = tuple(Risk)

# What needs attention now (SPEC §5): a director acts on these, worst first.
ATTENTION: tuple[Risk, ...] = (Risk.OVERDUE, Risk.STALE, Risk.PAUSED, Risk.AT_RISK)

# The one time zone of every page, log, snapshot name and default date (the office is in Việt Nam).
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
