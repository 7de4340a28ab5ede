"""The one cached read of the source, shared by every session for a TTL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
import streamlit as st

from cchc.assess.trend import weekly_counts, weekly_risks
from cchc.config import load_config
from cchc.sources import GoogleAccess, RawSource, SourceError, SourceSpec, open_source
from cchc.validate.plan import Plan, load_plan

TTL_SECONDS = load_config().ttl  # a decorator's argument: read once, when the dashboard starts


@dataclass(frozen=True)
class Loaded:
    """One read of the source: the raw tabs and validated plan, or why it failed."""

    spec: str
    read_at: datetime
    raw: RawSource | None = None
    plan: Plan | None = None
    error_code: str | None = None
    error: str | None = None


@st.cache_data(ttl=TTL_SECONDS, show_spinner="Đang đọc dữ liệu…", max_entries=8)
def load(source: SourceSpec, google: GoogleAccess) -> Loaded:
    """Read and validate the source once per TTL, whatever the as-of date or filters."""
    now = datetime.now().astimezone()
    spec = source.text
    try:
        raw = open_source(source, google)
        return Loaded(spec, now, raw=raw, plan=load_plan(raw, fallback_year=now.year))
    except SourceError as error:
        return Loaded(spec, now, error_code=error.code, error=error.message)
    except Exception as error:  # noqa: BLE001 - a page must explain, never show a traceback
        message = (
            f"Lỗi ngoài dự kiến khi đọc nguồn dữ liệu ({type(error).__name__}). Hãy kiểm tra quyền đọc "
            "tệp/thư mục và cấu hình nguồn; nếu vẫn lỗi, báo cho người quản trị."
        )
        return Loaded(spec, now, error_code="source.unexpected", error=message)


@st.cache_data(ttl=TTL_SECONDS, max_entries=8, show_spinner=False)
def _weekly_risks(source: SourceSpec, google: GoogleAccess, read_at: datetime) -> pd.DataFrame:
    """Every part's risk at the end of each week of the year, once per read (a week's values never
    depend on the as-of date)."""
    loaded = load(source, google)
    if loaded.plan is None:
        return pd.DataFrame()
    return weekly_risks(loaded.plan, date(loaded.plan.year, 12, 31))


def trend(source: SourceSpec, google: GoogleAccess, read_at: datetime, unit: str | None) -> pd.DataFrame:
    """The year week by week: done-% and risk counts of every unit's parts, or of `unit`'s."""
    risks = _weekly_risks(source, google, read_at)
    return risks if risks.empty else weekly_counts(risks, unit)
