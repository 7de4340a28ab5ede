"""The `Cấu hình` tab: plan settings with their defaults (SPEC §2)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from cchc.sources.base import RawTab
from cchc.vocab.issues import Issue, Place
from cchc.vocab.schema import MAX_DAYS, RECIPIENTS, SETTINGS, SETTINGS_KEYS
from cchc.vocab.text import loose_key
from cchc.vocab.values import as_text, is_blank, parse_date, parse_day_month

_KNOWN = {loose_key(s.key): s for s in SETTINGS_KEYS}
_HEADER_KEYS = {loose_key(n) for n in ("Khóa", "Key", "Tên khóa", "key")}
_LEADING_PLAN = re.compile(r"^\s*kế\s+hoạch\b[\s:,.-]*", re.IGNORECASE)


def _split_list(text: str) -> list[str]:
    """The items of a `;`-separated cell, trimmed, empty ones dropped."""
    return [item.strip() for item in text.split(";") if item.strip()]


@dataclass(frozen=True)
class Settings:
    """Plan settings (SPEC §2), defaults filled in; `year` is None until it can be inferred from the tasks.

    Text settings a report cites are '' when not given: the report leaves the line out or marks
    the place to fill in (`co_quan_chu_quan`, `so_ke_hoach`, `ky_hieu_bao_cao`, `dia_danh`, `nguoi_ky`).
    """

    title: str = ""
    agency: str = ""
    year: int | None = None
    half_year_due: tuple[int, int] = (15, 6)
    annual_due: tuple[int, int] = (15, 12)
    half_year_cutoff: tuple[int, int] = (14, 6)
    annual_cutoff: tuple[int, int] = (14, 12)
    update_cycle: int = 30
    warn_days: int = 14
    unit_half_year_due: tuple[int, int] = (10, 6)
    unit_annual_due: tuple[int, int] = (10, 12)
    remind_days: int = 7
    governing_body: str = ""
    plan_number: str = ""
    plan_date: date | None = None
    plan_subject: str = ""  # as typed; `subject` gives the default
    report_symbol: str = ""
    place_name: str = ""
    signer_title: str = "GIÁM ĐỐC"
    signer: str = ""
    recipients: tuple[str, ...] = tuple(_split_list(RECIPIENTS))

    def day(self, day_month: tuple[int, int], year: int) -> date:
        """A dd/mm setting as a date of `year` (29/02 falls back to 28/02)."""
        day, month = day_month
        try:
            return date(year, month, day)
        except ValueError:
            return date(year, month, 28)

    def year_start(self, year: int) -> date:
        """The first day of the reporting year: the day after the previous year's annual data cut-off."""
        return self.day(self.annual_cutoff, year - 1) + timedelta(days=1)

    @property
    def subject(self) -> str:
        """What the plan is about, as a report's opening sentence cites it: `trich_yeu_ke_hoach`, or
        the title without its leading «Kế hoạch», first letter in lower case."""
        if self.plan_subject:
            return self.plan_subject
        text = _LEADING_PLAN.sub("", self.title).strip()
        return text[:1].lower() + text[1:]

    def as_rows(self) -> list[tuple[str, str]]:
        """Every key with the value in force (defaults filled in), as the sheet would write it."""
        return [(key, _written(getattr(self, name))) for key, name in _FIELDS.items()]


def _written(value: object) -> str:
    """A setting's value as text: dd/mm for a day of the year, dd/mm/yyyy for a date, «a; b» for a list."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return f"{value[0]:02d}/{value[1]:02d}"
    if isinstance(value, tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


_FIELDS = {
    "ten_ke_hoach": "title",
    "co_quan": "agency",
    "nam": "year",
    "han_bao_cao_6_thang": "half_year_due",
    "han_bao_cao_nam": "annual_due",
    "chot_so_lieu_6_thang": "half_year_cutoff",
    "chot_so_lieu_nam": "annual_cutoff",
    "chu_ky_cap_nhat": "update_cycle",
    "canh_bao_truoc": "warn_days",
    "han_don_vi_6_thang": "unit_half_year_due",
    "han_don_vi_nam": "unit_annual_due",
    "chu_ky_nhac": "remind_days",
    "co_quan_chu_quan": "governing_body",
    "so_ke_hoach": "plan_number",
    "ngay_ke_hoach": "plan_date",
    "trich_yeu_ke_hoach": "plan_subject",
    "ky_hieu_bao_cao": "report_symbol",
    "dia_danh": "place_name",
    "chuc_vu_ky": "signer_title",
    "nguoi_ky": "signer",
    "noi_nhan": "recipients",
}


def _whole(raw: object, low: int, high: int) -> int | None:
    text = as_text(raw)
    return int(text) if text.isdigit() and low <= int(text) <= high else None


Parser = Callable[[object], tuple[object, str]]
_DAYS = f"Hãy ghi số ngày là số nguyên từ 1 đến {MAX_DAYS}."
_PARSERS: dict[str, Parser] = {
    "nam": lambda raw: (_whole(raw, 1990, 2100), "Hãy ghi năm bốn chữ số, ví dụ 2017."),
    "chu_ky_cap_nhat": lambda raw: (_whole(raw, 1, MAX_DAYS), _DAYS),
    "canh_bao_truoc": lambda raw: (_whole(raw, 1, MAX_DAYS), _DAYS),
    "chu_ky_nhac": lambda raw: (_whole(raw, 1, MAX_DAYS), _DAYS),
    "ngay_ke_hoach": lambda raw: (parse_date(raw)[0], "Hãy ghi ngày dạng dd/mm/yyyy, ví dụ 20/01/2017."),
    "noi_nhan": lambda raw: (
        tuple(_split_list(as_text(raw))) or None,
        "Hãy ghi các nơi nhận, cách nhau bởi «;».",
    ),
}
_DAY_MONTH_KEYS = {
    "han_bao_cao_6_thang",
    "han_bao_cao_nam",
    "chot_so_lieu_6_thang",
    "chot_so_lieu_nam",
    "han_don_vi_6_thang",
    "han_don_vi_nam",
}


def _parse(key: str, raw: object) -> tuple[object, str]:
    """A setting's value, or None and how to fix it."""
    if key in _PARSERS:
        return _PARSERS[key](raw)
    if key in _DAY_MONTH_KEYS:
        return parse_day_month(raw), "Hãy ghi ngày/tháng dạng dd/mm, ví dụ 15/06."
    return as_text(raw), ""


def _pairs(tab: RawTab) -> Iterator[tuple[int, object, str, object]]:
    grid = tab.grid
    if grid.shape[1] < 2:
        return
    for row, key_raw, value in zip(grid.index, grid[0], grid[1], strict=True):
        key = loose_key(as_text(key_raw))
        if key and key not in _HEADER_KEYS:
            yield int(row), key_raw, key, value


def read_settings(tab: RawTab | None) -> tuple[Settings, list[Issue]]:
    """Read key/value rows (key in column A, value in B); unknown keys are warnings."""
    if tab is None:
        return Settings(), []
    values: dict[str, object] = {}
    issues: list[Issue] = []
    key_place = Place(SETTINGS.sheet, tab.title, "Khóa", 0)
    value_place = Place(SETTINGS.sheet, tab.title, "Giá trị", 1)
    seen: Counter[str] = Counter()
    for row, key_raw, key, raw in _pairs(tab):
        setting = _KNOWN.get(key)
        if setting is None and is_blank(raw):
            continue  # a title row or a note beside the settings, not a setting
        if setting is None:
            known = ", ".join(s.key for s in SETTINGS_KEYS)
            text = (
                f"khóa «{as_text(key_raw)}» không có trong danh sách khóa nên bị bỏ qua. "
                f"Các khóa hợp lệ: {known}."
            )
            issues.append(key_place.issue("setting.unknown", row, key_raw, text, warn=True))
            continue
        seen[setting.key] += 1
        if seen[setting.key] > 1:
            text = f"khóa «{setting.key}» xuất hiện nhiều lần; chỉ dòng đầu được dùng. Hãy xóa dòng trùng."
            issues.append(key_place.issue("setting.duplicate", row, key_raw, text, warn=True))
            continue
        if is_blank(raw):
            continue
        value, fix = _parse(setting.key, raw)
        if value is None:
            default = setting.default or setting.fallback
            text = (
                f"giá trị «{as_text(raw)}» của «{setting.key}» ({setting.meaning}) không hợp lệ; "
                f"dùng mặc định ({default}). {fix}"
            )
            issues.append(value_place.issue("setting.invalid", row, raw, text))
            continue
        values[_FIELDS[setting.key]] = value
    return Settings(**values), issues  # type: ignore[arg-type]
