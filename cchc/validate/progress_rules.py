"""Progress-row rules: state and channel wording, and each issue's Vietnamese message."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cchc.vocab.labels import STATE_NAMES
from cchc.vocab.schema import CHANNEL_MEASURES, CHANNELS, MEASURES, OTHER_MEASURE, STATES
from cchc.vocab.text import loose_key, match_key, shorten
from cchc.vocab.values import as_text, is_blank, parse_count

_STATE_EXACT = {match_key(n): s for s, names in STATES.items() for n in names}
_STATE_LOOSE = {loose_key(n): s for s, names in STATES.items() for n in names}
_CHANNEL_EXACT = {match_key(c): c for c in CHANNELS}
_CHANNEL_LOOSE = {loose_key(c): c for c in CHANNELS}
_MEASURE_KEYS = {loose_key(m): m for m in MEASURES}
_MEASURE_LIST = ", ".join(f"«{m}»" for m in MEASURES)
_STATE_LIST = ", ".join(f"«{label}»" for label in STATE_NAMES.values())
_CHANNEL_LIST = ", ".join(f"«{c}»" for c in CHANNELS)


def state_of(raw: object) -> tuple[str | None, str | None]:
    """The state a `Trạng thái` cell names, with a code when it is empty, loose or unknown."""
    if is_blank(raw):
        return None, "state.missing"
    text = as_text(raw)
    if state := _STATE_EXACT.get(match_key(text)):
        return state, None
    if state := _STATE_LOOSE.get(loose_key(text)):
        return state, "state.loose_match"
    return None, "state.unknown"


def channel_of(raw: object) -> tuple[str | None, str | None]:
    """The canonical channel a `Kênh` cell names; an unknown one is kept as written."""
    if is_blank(raw):
        return None, None
    text = as_text(raw)
    channel = _CHANNEL_EXACT.get(match_key(text)) or _CHANNEL_LOOSE.get(loose_key(text))
    return (channel, None) if channel else (text, "channel.unknown")


def measure_of(raw: object) -> tuple[str | None, str | None]:
    """The canonical measure a `Đơn vị tính` cell names (forgiving match); empty is none."""
    if is_blank(raw):
        return None, None
    measure = _MEASURE_KEYS.get(loose_key(as_text(raw)))
    return (measure, None) if measure else (None, "measure.unknown")


def default_measures(channels: pd.Series) -> pd.Series:
    """What `Số lượng` counts when `Đơn vị tính` is empty: the channel's measure, else «khác»."""
    positions, distinct = pd.factorize(channels, use_na_sentinel=False)  # a few channels, many rows
    measures = np.array([CHANNEL_MEASURES.get(c, OTHER_MEASURE) for c in distinct], dtype=object)
    return pd.Series(measures[positions], index=channels.index)


def whole_people(raw: object) -> tuple[int | None, str | None]:
    """`Số người tham dự`: a whole number of people; empty is none."""
    number, code = parse_count(raw)
    return (number, None) if not code else (None, "attendance.invalid")


def link_codes(column: pd.Series) -> pd.Series:
    """`link.invalid` where an evidence cell is neither empty nor a web link."""
    text = column if isinstance(column.dtype, pd.StringDtype) else column.map(as_text).astype(str)
    start = text.fillna("").str.lstrip().str.slice(0, 8).str.lower()
    fine = start.eq("") | start.str.startswith("http://") | start.str.startswith("https://")
    return pd.Series(None, index=column.index, dtype=object).where(fine.astype(bool), "link.invalid")


@dataclass(frozen=True)
class Rule:
    """An issue code's severity and the message for a raw value (and some context)."""

    warn: bool
    message: Callable[[str, Any], str]

    def text(self, raw: object, context: Any) -> str:
        """The message for one cell."""
        return self.message(shorten(as_text(raw)), context)


_NO_TASKS = "(trang tính «Nhiệm vụ» chưa có nhiệm vụ nào)"
COMPLETION_DATE = Rule(
    False,
    lambda raw, c: (
        f"ngày hoàn thành «{raw}» không phải ngày hợp lệ (dd/mm/yyyy); dòng được tính hoàn thành vào "
        "ngày cập nhật. Hãy sửa lại, ví dụ 09/06/2017, hoặc để trống."
    ),
)


def _task_unknown(raw: str, ids: list[str]) -> str:
    near = difflib.get_close_matches(raw, ids, n=1, cutoff=0.5) if raw else []
    hint = f" Có phải «{near[0]}»?" if near else ""
    listed = ", ".join(ids) or _NO_TASKS
    return f"không có nhiệm vụ mã «{raw}» trong trang tính «Nhiệm vụ».{hint} Các mã hợp lệ: {listed}."


def _unit_unknown(raw: str, units: Any) -> str:
    near = units.closest(raw) if raw else None
    hint = f" Có phải «{near}»?" if near else ""
    return (
        f"không có đơn vị «{raw}» trong trang tính «Đơn vị».{hint} Hãy ghi mã đơn vị (ví dụ TTTK), "
        "tên đầy đủ hoặc tên khác đã khai trong trang tính «Đơn vị»."
    )


def _unit_loose(raw: str, units: Any) -> str:
    code, _ = units.match(raw)
    name = units.units[code].name
    return f"«{raw}» được hiểu là «{name}» (viết thiếu dấu). Hãy ghi đúng tên hoặc mã «{code}»."


RULES: dict[str, Rule] = {
    "date.missing": Rule(
        False, lambda raw, w: "thiếu ngày cập nhật. Hãy ghi ngày dạng dd/mm/yyyy, ví dụ 15/06/2017."
    ),
    "date.invalid": Rule(
        False,
        lambda raw, w: (
            f"«{raw}» không phải ngày hợp lệ (ngày ghi trước tháng: dd/mm/yyyy). "
            "Hãy sửa lại, ví dụ 15/06/2017."
        ),
    ),
    "date.outside_year": Rule(
        True,
        lambda raw, w: (
            f"ngày «{raw}» nằm ngoài năm kế hoạch ({w.start:%d/%m/%Y}–{w.end:%d/%m/%Y}); "
            "dòng vẫn được tính, kể từ ngày đó. Hãy kiểm tra năm đã gõ."
        ),
    ),
    "task.missing": Rule(
        False, lambda raw, ids: f"thiếu mã nhiệm vụ. Hãy ghi một trong: {', '.join(ids) or _NO_TASKS}."
    ),
    "task.unknown": Rule(False, lambda raw, ids: _task_unknown(raw, ids)),
    "unit.missing": Rule(False, lambda raw, u: "thiếu đơn vị. Hãy ghi mã hoặc tên đơn vị cập nhật."),
    "unit.unknown": Rule(False, _unit_unknown),
    "unit.loose_match": Rule(True, _unit_loose),
    "unit.not_assigned": Rule(
        True,
        lambda raw, c: (
            f"đơn vị «{raw}» không chủ trì hay phối hợp nhiệm vụ này trong trang tính «Nhiệm vụ»; dòng "
            "được tính là phần tham gia của đơn vị, không thành phần việc được giao. Hãy kiểm tra mã "
            "nhiệm vụ, hoặc bổ sung đơn vị vào nhiệm vụ nếu kế hoạch giao cho đơn vị."
        ),
    ),
    "progress.possible_duplicate": Rule(
        True,
        lambda raw, c: (
            f"dòng này có cùng đơn vị, nhiệm vụ, kết quả và số lượng với dòng {c[0]} "
            f"({f'{c[1]} ngày trước' if c[1] else 'cùng ngày'}): "
            "có thể đã nhập hai lần. Số liệu vẫn được tính. Nếu nhập trùng, hãy xóa một dòng; nếu là hai "
            "lần thực hiện khác nhau, hãy ghi rõ trong cột Kết quả (ví dụ đợt, ngày)."
        ),
    ),
    "state.missing": Rule(False, lambda raw, c: f"thiếu trạng thái. Hãy chọn một trong: {_STATE_LIST}."),
    "state.unknown": Rule(
        False, lambda raw, c: f"trạng thái «{raw}» không hợp lệ. Hãy chọn một trong: {_STATE_LIST}."
    ),
    "state.loose_match": Rule(
        True,
        lambda raw, c: (
            f"«{raw}» được hiểu là «{STATE_NAMES[_STATE_LOOSE[loose_key(raw)]]}» (viết thiếu dấu). "
            "Hãy ghi đúng chính tả."
        ),
    ),
    "percent.invalid": Rule(
        False,
        lambda raw, c: f"«{raw}» không phải số phần trăm. Hãy ghi một số từ 0 đến 100, ví dụ 50 hoặc 50,5.",
    ),
    "percent.range": Rule(
        False, lambda raw, c: f"tiến độ «{raw}» nằm ngoài khoảng 0–100. Hãy ghi một số từ 0 đến 100."
    ),
    "count.invalid": Rule(
        False,
        lambda raw, c: (
            f"số lượng «{raw}» phải là một số nguyên không âm (số tin bài, hội nghị… trong lần cập "
            "nhật này), ví dụ 2. Dòng vẫn được tính, nhưng không cộng số lượng."
        ),
    ),
    "channel.unknown": Rule(
        True,
        lambda raw, c: (
            f"kênh «{raw}» không có trong danh mục; vẫn được ghi nhận. Nên chọn một trong: {_CHANNEL_LIST}."
        ),
    ),
    "measure.unknown": Rule(
        True,
        lambda raw, c: (
            f"đơn vị tính «{raw}» không có trong danh mục; số lượng được tính theo kênh như khi để trống. "
            f"Hãy chọn một trong: {_MEASURE_LIST}."
        ),
    ),
    "attendance.invalid": Rule(
        False,
        lambda raw, c: (
            f"số người tham dự «{raw}» phải là một số nguyên không âm (số người dự hội nghị, đối thoại), "
            "ví dụ 120. Dòng vẫn được tính, nhưng không ghi nhận số người."
        ),
    ),
    "completion.after_update": Rule(
        False,
        lambda raw, c: (
            f"ngày hoàn thành «{raw}» sau ngày cập nhật; dòng được tính hoàn thành vào ngày cập nhật. "
            "Hãy ghi ngày thực tế đã xong, không muộn hơn ngày cập nhật."
        ),
    ),
    "completion.before_year": Rule(
        False,
        lambda raw, w: (
            f"ngày hoàn thành «{raw}» trước năm báo cáo (bắt đầu {w.start:%d/%m/%Y}); dòng được tính hoàn "
            "thành vào ngày cập nhật. Hãy kiểm tra năm đã gõ."
        ),
    ),
    "completion.not_done": Rule(
        True,
        lambda raw, c: (
            f"có ngày hoàn thành «{raw}» nhưng trạng thái không phải «Hoàn thành» nên ngày này bị bỏ qua. "
            "Hãy chọn trạng thái «Hoàn thành», hoặc xóa ngày hoàn thành."
        ),
    ),
    "link.invalid": Rule(
        True,
        lambda raw, c: (
            f"minh chứng «{raw}» không phải đường dẫn web. Hãy dán đường dẫn bắt đầu bằng https://."
        ),
    ),
}
