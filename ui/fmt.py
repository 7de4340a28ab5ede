"""Table styling: the risk colours, Vietnamese numbers."""

from __future__ import annotations

from collections.abc import Hashable

import pandas as pd
from pandas.io.formats.style import Styler

from cchc.vocab.labels import DARK_RISKS, RISK_COLORS, RISK_LABELS, vn_number

_BY_LABEL = {RISK_LABELS[r]: c for r, c in RISK_COLORS.items()}
_TEXT = {RISK_LABELS[r]: ("white" if r in DARK_RISKS else "black") for r in RISK_COLORS}


def _risk_cell(label: object) -> str:
    color = _BY_LABEL.get(str(label))
    return f"background-color: {color}; color: {_TEXT[str(label)]}" if color else ""


def styled(frame: pd.DataFrame, hide: tuple[str, ...] = ("risk", "order")) -> Styler:
    """A table with its risk column coloured and numbers written the Vietnamese way."""
    shown = frame.drop(columns=[c for c in hide if c in frame.columns]).copy()
    if "Tình trạng" in shown.columns:  # the state first: it stays on screen on a phone
        shown = shown[["Tình trạng", *(c for c in shown.columns if c != "Tình trạng")]]
    # a table cell with no value shows «None» whatever the format says: such columns become text
    gaps = [c for c in shown.columns if shown[c].isna().any()]
    for column in gaps:
        shown[column] = pd.Series([_text(v) for v in shown[column]], index=shown.index, dtype=object)
    style = shown.style
    if "Tình trạng" in shown.columns:
        style = style.map(_risk_cell, subset=["Tình trạng"])
    numbers: list[Hashable] = list(shown.select_dtypes("float").columns)
    style = style.format(na_rep="")  # an empty cell, never «None» or «nan»
    return style.format(_number, subset=numbers)


def _text(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return _number(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def _number(value: object) -> str:
    return vn_number(float(value)) if isinstance(value, (int, float)) and not pd.isna(value) else ""


_BADGES = {"overdue": "red", "at_risk": "orange", "stale": "yellow", "paused": "violet"}


def badge(risk: str) -> str:
    """A risk as a coloured badge in Markdown with its label, in the colour closest to the pages' risk
    colour."""
    return f":{_BADGES.get(risk, 'gray')}-badge[{RISK_LABELS[risk]}]"
