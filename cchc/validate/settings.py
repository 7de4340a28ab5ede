"""The `Cấu hình` tab: plan settings with their defaults (SPEC §2)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from cchc.sources.base import RawTab
from cchc.vocab.issues import Issue, Place
from cchc.vocab.schema import SETTINGS, SETTINGS_KEYS
from cchc.vocab.text import loose_key
from cchc.vocab.values import as_text, is_blank, parse_day_month

_KNOWN = {loose_key(s.key): s for s in SETTINGS_KEYS}
_HEADER_KEYS = {loose_key(n) for n in ("Khóa", "Key", "Tên khóa", "key")}


@dataclass(frozen=True)
class Settings:
    """Plan settings; `year` is None until it can be inferred from the tasks."""

    title: str = ""
    agency: str = ""
    year: int | None = None
    half_year_due: tuple[int, int] = (15, 6)
    annual_due: tuple[int, int] = (15, 12)
    half_year_cutoff: tuple[int, int] = (14, 6)
    annual_cutoff: tuple[int, int] = (14, 12)
    update_cycle: int = 30
    warn_days: int = 14

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
}


def _whole(raw: object, low: int, high: int) -> int | None:
    text = as_text(raw)
    return int(text) if text.isdigit() and low <= int(text) <= high else None


def _parse(key: str, raw: object) -> tuple[object, str]:
    """A setting's value, or None and how to fix it."""
    if key in ("ten_ke_hoach", "co_quan"):
        return as_text(raw), ""
    if key == "nam":
        return _whole(raw, 1990, 2100), "Hãy ghi năm bốn chữ số, ví dụ 2017."
    if key in ("chu_ky_cap_nhat", "canh_bao_truoc"):
        return _whole(raw, 1, 366), "Hãy ghi số ngày là số nguyên từ 1 đến 366."
    return parse_day_month(raw), "Hãy ghi ngày/tháng dạng dd/mm, ví dụ 15/06."


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
            default = setting.default or "tính tự động"
            text = (
                f"giá trị «{as_text(raw)}» của «{setting.key}» ({setting.meaning}) không hợp lệ; "
                f"dùng mặc định ({default}). {fix}"
            )
            issues.append(value_place.issue("setting.invalid", row, raw, text))
            continue
        values[_FIELDS[setting.key]] = value
    return Settings(**values), issues  # type: ignore[arg-type]
