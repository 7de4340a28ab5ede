"""Reading the configured source for a command: the plan, its as-of day, and the refusal to go on
when the source lacks a required sheet or column."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from cchc.assess.schedule import default_as_of
from cchc.config import Config, today
from cchc.sources import RawSource, open_source
from cchc.validate.plan import Plan, load_plan


def load(args: argparse.Namespace, config: Config) -> tuple[RawSource, Plan, date]:
    """Read and validate the configured source; the as-of date defaults to today, inside the plan year."""
    raw = open_source(config.source, config.google)
    plan = load_plan(raw, fallback_year=(args.as_of or today()).year)
    return raw, plan, args.as_of or default_as_of(plan.year, today())


def incomplete(plan: Plan, cannot: str) -> bool:
    """True, after saying which required sheets or columns are missing, when `plan` cannot be used.

    `cannot` says what cannot be done, e.g. «Không tính được tình trạng».
    """
    if plan.complete:
        return False
    problems = [
        i.message
        for i in plan.issues
        if i.code in ("tab.missing", "header.missing") and i.severity == "error"
    ]
    print(f"{cannot} vì thiếu trang tính hoặc cột bắt buộc:", file=sys.stderr)
    print("\n".join(f"- {p}" for p in problems), file=sys.stderr)
    return True
