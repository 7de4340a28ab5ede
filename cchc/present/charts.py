"""Altair chart builders for the dashboard: each returns an `alt.Chart` and never renders."""

from __future__ import annotations

import json
import textwrap
from datetime import date

import altair as alt
import pandas as pd

from cchc.assess.risk import SEVERITY
from cchc.vocab.labels import RISK_COLORS, RISK_LABELS, vn_number

_LEGEND_ORDER = list(SEVERITY)
_LABELS = alt.Axis(labelLimit=280)
CHANNEL_LEGEND = alt.Legend(title="Kênh", orient="bottom", direction="vertical", labelLimit=200)


def risk_color(frame: pd.DataFrame | None = None, legend: bool = True) -> alt.Color:
    """The one risk colour scale, with its Vietnamese legend naming only the risks in `frame` (every
    risk without one), one per line so that the legend fits a phone's width."""
    present = set(frame["risk"]) if frame is not None and "risk" in frame else set(_LEGEND_ORDER)
    shown = [r for r in _LEGEND_ORDER if r in present] or _LEGEND_ORDER
    scale = alt.Scale(domain=[RISK_LABELS[r] for r in shown], range=[RISK_COLORS[r] for r in shown])
    return alt.Color(
        "Tình trạng:N",
        scale=scale,
        legend=alt.Legend(title="Tình trạng", orient="bottom", direction="vertical", labelLimit=200)
        if legend
        else None,
    )


def _wrapped(text: str, width: int) -> list[str]:
    """A label as lines of at most about `width` characters, cut at spaces."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [text]


def wrapped_axis(values: pd.Series, width: int) -> alt.Axis:
    """An axis whose long labels break into lines of about `width` characters (`labelExpr` returns
    a list of lines for each long label), so that a phone keeps room for the bars."""
    cases = [
        f"datum.label === {json.dumps(str(v), ensure_ascii=False)} ? "
        f"{json.dumps(_wrapped(str(v), width), ensure_ascii=False)} : "
        for v in values.unique()
        if len(str(v)) > width
    ]
    return (
        alt.Axis(labelLimit=0, labelOverlap=False, labelExpr="".join(cases) + "datum.label")
        if cases
        else _LABELS
    )


def _long_labels(frame: pd.DataFrame, column: str, order: str, width: int) -> alt.Y:
    """A y axis of `column`'s values sorted by the hidden field `order`, long labels on several lines."""
    return alt.Y(
        f"{column}:N", sort=alt.EncodingSortField(order), title=None, axis=wrapped_axis(frame[column], width)
    )


def risk_by_unit_chart(frame: pd.DataFrame) -> alt.Chart:
    """Stacked bars: units' parts per unit, coloured by risk."""
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=_long_labels(frame, "Đơn vị", "order", 24),
            x=alt.X(
                "Số phần việc:Q",
                title="Số phần việc của các đơn vị",
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            color=risk_color(frame),
            order=alt.Order("order:Q"),
            tooltip=["Đơn vị:N", "Tình trạng:N", "Số phần việc:Q"],
        )
        .properties(height=alt.Step(32))
    )


def matrix_chart(frame: pd.DataFrame) -> alt.Chart | alt.LayerChart:
    """Task × unit matrix: one row per task (its short content), each cell coloured by the unit's part."""
    base = alt.Chart(frame).encode(
        y=_long_labels(frame, "Nhiệm vụ", "Mã nhiệm vụ", 26),
        x=alt.X(
            "Đơn vị:N",
            sort=alt.EncodingSortField("order"),
            title=None,
            axis=alt.Axis(orient="top", labelAngle=-40, labelLimit=150, labelOverlap=False),
        ),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=risk_color(frame),
        tooltip=["Nhiệm vụ:N", "Đơn vị:N", "Phần việc:N", "Tình trạng:N", "Trạng thái:N"],
    )
    labels = base.mark_text(fontSize=11).encode(text="Phần việc:N")
    return (cells + labels).properties(height=alt.Step(36))


def timeline_chart(frame: pd.DataFrame, as_of: date) -> alt.Chart | alt.LayerChart:
    """Tasks from 1 January to their due date, coloured by risk, with the as-of line."""
    first = min(as_of.year, *(d.year for d in frame["Bắt đầu"]))
    year = [pd.Timestamp(first, 1, 1).isoformat(), pd.Timestamp(first, 12, 31).isoformat()]
    bars = (
        alt.Chart(frame)
        .mark_bar(height=16)
        .encode(
            y=alt.Y("Nhiệm vụ:N", title="Nhiệm vụ"),
            x=alt.X("Bắt đầu:T", title=None, axis=alt.Axis(format="%d/%m/%Y"), scale=alt.Scale(domain=year)),
            x2="Hạn:T",
            color=risk_color(frame),
            tooltip=[
                "Nhiệm vụ:N",
                "Nội dung:N",
                alt.Tooltip("Hạn:T", format="%d/%m/%Y"),
                "Tiến độ (%):Q",
                "Theo kế hoạch (%):Q",
                "Tình trạng:N",
            ],
        )
    )
    line = alt.Chart(pd.DataFrame({"as_of": [pd.Timestamp(as_of)]})).mark_rule(
        color="black", strokeDash=[4, 3]
    )
    return (bars + line.encode(x="as_of:T")).properties(height=alt.Step(28))


def freshness_chart(frame: pd.DataFrame) -> alt.Chart | alt.LayerChart:
    """Ongoing units' parts: days since the last row, each with its task's update cycle as a tick."""
    axis = wrapped_axis(frame["Phần việc"], 30)
    base = alt.Chart(frame).encode(y=alt.Y("Phần việc:N", sort="-x", title=None, axis=axis))
    bars = base.mark_bar().encode(
        x=alt.X("Số ngày từ lần cập nhật cuối:Q", title="Số ngày từ lần cập nhật cuối"),
        color=risk_color(frame),
        tooltip=[
            "Phần việc:N",
            "Cập nhật gần nhất:N",
            "Số ngày từ lần cập nhật cuối:Q",
            "Chu kỳ (ngày):Q",
            "Tình trạng:N",
        ],
    )
    cycle = base.mark_tick(color="black", thickness=2, size=18).encode(x="Chu kỳ (ngày):Q")
    return (bars + cycle).properties(height=alt.Step(32))


def outputs_chart(frame: pd.DataFrame) -> alt.Chart:
    """The lead units' outputs per task and measure (one bar each, never adding measures), by channel."""
    data = frame.assign(**{"Sản phẩm": "NV " + frame["Nhiệm vụ"] + " · " + frame["Đơn vị tính"]})
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("Sản phẩm:N", title=None, sort=None, axis=_LABELS),
            x=alt.X("Đơn vị chủ trì:Q", title="Số sản phẩm của đơn vị chủ trì", axis=alt.Axis(format="d")),
            color=alt.Color("Kênh:N", legend=CHANNEL_LEGEND),
            tooltip=["Nhiệm vụ:N", "Kênh:N", "Đơn vị tính:N", "Đơn vị chủ trì:Q", "Đơn vị phối hợp:Q"],
        )
        .properties(height=alt.Step(24))
    )


_DONE = "Hoàn thành (%)"
_COUNTS = {"overdue": "Quá hạn", "at_risk": "Có nguy cơ chậm tiến độ"}
_WEEK = "Tuần kết thúc"
_SHOWN = "Tỷ lệ hoàn thành"


def trend_chart(frame: pd.DataFrame) -> alt.VConcatChart:
    """Week by week, in two panels sharing the weeks: done-% (0–100) above, overdue and at-risk
    counts of units' parts below (each panel has one axis, so 100% and «4» never share a height)."""
    data = frame.assign(
        week_end=pd.to_datetime(frame["week_end"]),
        shown=[f"{vn_number(round(v, 1))}%" if pd.notna(v) else "" for v in frame["done_pct"]],
    ).rename(columns={"week_end": _WEEK, "done_pct": _DONE, "shown": _SHOWN, **_COUNTS})
    x = alt.X(f"{_WEEK}:T", title=_WEEK, axis=alt.Axis(format="%d/%m"))
    week = alt.Tooltip(f"{_WEEK}:T", format="%d/%m/%Y")
    done = (
        alt.Chart(data)
        .mark_line(
            point=alt.OverlayMarkDef(color=RISK_COLORS["done_on_time"]), color=RISK_COLORS["done_on_time"]
        )
        .encode(
            x=x,
            y=alt.Y(f"{_DONE}:Q", title=_DONE, scale=alt.Scale(domain=[0, 100])),
            tooltip=[week, alt.Tooltip(f"{_SHOWN}:N", title=_DONE)],
        )
        .properties(height=160, title="Phần việc có thời hạn đã hoàn thành (%)")
    )
    names = list(_COUNTS.values())
    color = alt.Color(
        "Chỉ số:N",
        scale=alt.Scale(domain=names, range=[RISK_COLORS[r] for r in _COUNTS]),
        legend=alt.Legend(title=None, orient="bottom", direction="vertical", labelLimit=260),
    )
    counts = (
        alt.Chart(data)
        .transform_fold(list[str | alt.FieldName](names), as_=["Chỉ số", "Giá trị"])
        .mark_line(point=True)
        .encode(
            x=x,
            y=alt.Y("Giá trị:Q", title="Số phần việc", axis=alt.Axis(tickMinStep=1, format="d")),
            color=color,
            tooltip=[week, "Chỉ số:N", "Giá trị:Q"],
        )
        .properties(height=140, title="Phần việc quá hạn, có nguy cơ chậm tiến độ")
    )
    return alt.vconcat(done, counts)
