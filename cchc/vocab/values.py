"""Parsers for cell values: dates, timeframes, percents, counts, task ids.

Every parser takes a raw cell (str, number, date or empty) and returns ``(value, code)``: the
parsed value and None, or None and a stable issue code. They never raise on any input.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cchc.vocab.text import clean, loose_text

Raw = object
_EPOCH = date(1899, 12, 30)
_DMY = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4}|\d{2})(?:[ T,]+\d{1,2}:\d{2}.*)?$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}.*)?$")
_WORDS = re.compile(r"^ngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})$")
_SERIAL = re.compile(r"^\d{4,7}(?:\.0+)?$")
_DAY_MONTH = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{1,2})$")
_QUARTER = re.compile(r"^quy ?(iv|i{1,3}|[1-4])(?: ?(?:/|-|nam) ?(\d{4}))?$")
_MONTH = re.compile(r"^thang ?(\d{1,2})(?: ?(?:/|-|nam) ?(\d{4}))?$")
_FIRST_HALF = re.compile(r"^(?:6|sau) thang dau nam(?: (\d{4}))?$")
_SECOND_HALF = re.compile(r"^(?:6|sau) thang cuoi nam(?: (\d{4}))?$")
_WHOLE_YEAR = re.compile(r"^(?:nam|ca nam)(?: (\d{4}))?$")
_ONGOING = re.compile(r"thuong xuyen|dinh ky|hang (?:ngay|tuan|thang|quy|nam)|lien tuc|ongoing")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_MIN_YEAR, _MAX_YEAR = 1990, 2100
_ID_SEPARATORS = re.compile(r"[\s_\-]+")


@dataclass(frozen=True)
class Timeframe:
    """A task's timeframe: a due date, or ongoing (judged by the freshness of updates)."""

    due: date | None
    ongoing: bool


def is_blank(raw: Raw) -> bool:
    """True for an empty cell (None, NaN, or only whitespace)."""
    if raw is None:
        return True
    if isinstance(raw, float):
        return math.isnan(raw)
    if not isinstance(raw, str):
        return False
    text = raw.strip()
    return not text or (not text.isascii() and not clean(text))  # only zero-width characters


def as_text(raw: Raw) -> str:
    """A cell as clean text; whole numbers lose the `.0` a spreadsheet number adds."""
    if is_blank(raw):
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(raw, date):
        return raw.strftime("%d/%m/%Y")
    return clean(str(raw))


def raw_text(raw: Raw) -> str:
    """A cell as text without any cleaning (only numbers and dates are written out)."""
    if isinstance(raw, str):
        return raw
    return as_text(raw)


def _make_date(year: int, month: int, day: int) -> date | None:
    if year < 100:
        year += 2000
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _from_serial(number: float) -> date | None:
    first, last = date(_MIN_YEAR, 1, 1), date(_MAX_YEAR, 12, 31)
    if not math.isfinite(number) or not (first - _EPOCH).days <= number <= (last - _EPOCH).days:
        return None
    return _EPOCH + timedelta(days=int(number))


def _date_from_text(text: str) -> date | None:
    if m := _DMY.match(text):
        return _make_date(int(m[3]), int(m[2]), int(m[1]))
    if m := _YMD.match(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    if _SERIAL.match(text):
        return _from_serial(float(text))
    if m := _WORDS.match(loose_text(text).replace(",", "")):
        return _make_date(int(m[3]), int(m[2]), int(m[1]))
    return None


def parse_date(raw: Raw) -> tuple[date | None, str | None]:
    """A day-first date from any cell; ``date.missing`` or ``date.invalid`` otherwise."""
    if is_blank(raw):
        return None, "date.missing"
    if isinstance(raw, datetime):
        return raw.date(), None
    if isinstance(raw, date):
        return raw, None
    if isinstance(raw, bool):
        return None, "date.invalid"
    numeric = isinstance(raw, (int, float))
    day = _from_serial(float(raw)) if numeric else _date_from_text(clean(str(raw)))  # type: ignore[arg-type]
    return (day, None) if day else (None, "date.invalid")


def parse_day_month(raw: Raw) -> tuple[int, int] | None:
    """Day and month of a dd/mm setting (a full date keeps only its day and month)."""
    if isinstance(raw, str) and (m := _DAY_MONTH.match(clean(raw))):
        day, month = int(m[1]), int(m[2])
        return (day, month) if _make_date(2000, month, day) else None
    parsed, _ = parse_date(raw)
    return (parsed.day, parsed.month) if parsed else None


def _period_end(text: str, plan_year: int) -> date | None:
    if m := _QUARTER.match(text):
        quarter = _ROMAN.get(m[1]) or int(m[1])
        year = int(m[2] or plan_year)
        month = quarter * 3
        return _make_date(year, month, calendar.monthrange(year, month)[1])
    if m := _MONTH.match(text):
        year, month = int(m[2] or plan_year), int(m[1])
        if not 1 <= month <= 12:
            return None
        return _make_date(year, month, calendar.monthrange(year, month)[1])
    if m := _FIRST_HALF.match(text):
        return _make_date(int(m[1] or plan_year), 6, 30)
    for pattern in (_SECOND_HALF, _WHOLE_YEAR):
        if m := pattern.match(text):
            return _make_date(int(m[1] or plan_year), 12, 31)
    return None


def parse_timeframe(raw: Raw, plan_year: int) -> tuple[Timeframe | None, str | None]:
    """A `Thời gian` cell as a due date or ongoing; a missing year is the plan year."""
    if is_blank(raw):
        return None, "timeframe.missing"
    if not isinstance(raw, str):
        day, _ = parse_date(raw)
        return (Timeframe(day, False), None) if day else (None, "timeframe.invalid")
    text = loose_text(clean(raw)).replace("–", "-")
    if _ONGOING.search(text):
        return Timeframe(None, True), None
    due = _period_end(text, plan_year)
    if due is None:
        due = _date_from_text(clean(raw))
    return (Timeframe(due, False), None) if due else (None, "timeframe.invalid")


def period_start(raw: Raw, plan_year: int) -> date:
    """Where a `Thời gian` window starts: a quarter's or month's first day, 1/7 for the second
    half year, else (ongoing tasks, whole years, dates, unreadable text) 1 January of the plan year."""
    text = loose_text(clean(raw)).replace("–", "-") if isinstance(raw, str) else ""
    start: date | None = None
    if m := _QUARTER.match(text):
        start = _make_date(int(m[2] or plan_year), (_ROMAN.get(m[1]) or int(m[1])) * 3 - 2, 1)
    elif (m := _MONTH.match(text)) and 1 <= int(m[1]) <= 12:
        start = _make_date(int(m[2] or plan_year), int(m[1]), 1)
    elif m := _SECOND_HALF.match(text):
        start = _make_date(int(m[1] or plan_year), 7, 1)
    return start or date(plan_year, 1, 1)


def _number(raw: Raw) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return float(raw) if math.isfinite(raw) else None
    text = clean(str(raw)).replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def parse_percent(raw: Raw) -> tuple[float | None, str | None]:
    """A percent as the user sees it (`50`, `50%`, `50,5`); empty is not reported."""
    if is_blank(raw):
        return None, None
    text = raw
    if isinstance(raw, str):
        text = clean(raw).removesuffix("%").strip()
    number = _number(text)
    if number is None:
        return None, "percent.invalid"
    if not 0 <= number <= 100:
        return None, "percent.range"
    return number, None


def parse_count(raw: Raw) -> tuple[int | None, str | None]:
    """A whole, non-negative number of outputs; empty is none."""
    if is_blank(raw):
        return None, None
    number = _number(raw)
    if number is None or number < 0 or not number.is_integer():
        return None, "count.invalid"
    return int(number), None


def task_key(raw: Raw) -> str:
    """Comparison key of a task id: whole numbers by value (`1`, `01`, `1.0`), else text."""
    number = _number(raw)
    if number is not None and number.is_integer():
        return str(int(number))
    return _ID_SEPARATORS.sub("-", as_text(raw).casefold()).strip("-")  # "1.1" and "11" stay apart
