"""The one cached read of the source, shared by every session for a TTL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
import streamlit as st

from cchc.assess.trend import weekly_trend
from cchc.config import resolve_source
from cchc.sources import RawSource, SourceError, open_source
from cchc.validate.plan import Plan, load_plan


def _ttl(text: str | None, default: int = 60) -> int:
    """Seconds one read is kept (CCHC_TTL); a value that is not a positive number keeps the default."""
    return int(text) if text and text.strip().isdigit() and int(text) > 0 else default


TTL_SECONDS = _ttl(os.environ.get("CCHC_TTL"))


@dataclass(frozen=True)
class Loaded:
    """One read of the source: the raw tabs and validated plan, or why it failed."""

    spec: str
    read_at: datetime
    raw: RawSource | None = None
    plan: Plan | None = None
    error_code: str | None = None
    error: str | None = None


def configured_source() -> str:
    """The source to show: CCHC_SOURCE, then secrets.toml, then the sample (SPEC §7)."""
    return resolve_source(None)


@st.cache_data(ttl=TTL_SECONDS, show_spinner="Đang đọc dữ liệu…", max_entries=8)
def load(spec: str) -> Loaded:
    """Read and validate the source once per TTL, whatever the as-of date or filters."""
    now = datetime.now().astimezone()
    try:
        raw = open_source(spec)
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
def trend(spec: str, read_at: datetime) -> pd.DataFrame:
    """The whole plan year week by week, once per read (a week's values never depend on the as-of date)."""
    loaded = load(spec)
    if loaded.plan is None:
        return pd.DataFrame()
    return weekly_trend(loaded.plan, date(loaded.plan.year, 12, 31))
