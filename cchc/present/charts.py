"""Altair chart builders for the dashboard: each returns an `alt.Chart` and never renders."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from cchc.assess.risk import SEVERITY
from cchc.vocab.labels import RISK_COLORS, RISK_LABELS

_LEGEND_ORDER = list(SEVERITY)
_LABELS = alt.Axis(labelLimit=280)


def risk_color(legend: bool = True) -> alt.Color:
    """The one risk colour scale, with its Vietnamese legend."""
    scale = alt.Scale(
        domain=[RISK_LABELS[r] for r in _LEGEND_ORDER], range=[RISK_COLORS[r] for r in _LEGEND_ORDER]
    )
    return alt.Color(
        "Tình trạng:N",
        scale=scale,
        legend=alt.Legend(title="Tình trạng", orient="bottom", columns=2, labelLimit=260) if legend else None,
    )


def risk_by_unit_chart(frame: pd.DataFrame) -> alt.Chart:
    """Stacked bars: units' parts per unit, coloured by risk."""
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("Đơn vị:N", sort=alt.EncodingSortField("order"), title=None, axis=_LABELS),
            x=alt.X(
                "Số phần việc:Q",
                title="Số phần việc của các đơn vị",
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            color=risk_color(),
            order=alt.Order("order:Q"),
            tooltip=["Đơn vị:N", "Tình trạng:N", "Số phần việc:Q"],
        )
        .properties(height=alt.Step(26))
    )


def matrix_chart(frame: pd.DataFrame) -> alt.Chart | alt.LayerChart:
    """Task × unit matrix: one row per task (its short content), each cell coloured by the unit's part."""
    base = alt.Chart(frame).encode(
        y=alt.Y("Nhiệm vụ:N", sort=alt.EncodingSortField("Mã nhiệm vụ"), title=None, axis=_LABELS),
        x=alt.X(
            "Đơn vị:N",
            sort=alt.EncodingSortField("order"),
            title=None,
            axis=alt.Axis(orient="top", labelAngle=-20, labelLimit=180),
        ),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=risk_color(), tooltip=["Nhiệm vụ:N", "Đơn vị:N", "Phần việc:N", "Tình trạng:N", "Trạng thái:N"]
    )
    labels = base.mark_text(fontSize=11).encode(text="Phần việc:N")
    return (cells + labels).properties(height=alt.Step(30))


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
            color=risk_color(),
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
    base = alt.Chart(frame).encode(y=alt.Y("Phần việc:N", sort="-x", title=None, axis=_LABELS))
    bars = base.mark_bar().encode(
        x=alt.X("Số ngày từ lần cập nhật cuối:Q", title="Số ngày từ lần cập nhật cuối"),
        color=risk_color(),
        tooltip=[
            "Phần việc:N",
            "Cập nhật gần nhất:N",
            "Số ngày từ lần cập nhật cuối:Q",
            "Chu kỳ (ngày):Q",
            "Tình trạng:N",
        ],
    )
    cycle = base.mark_tick(color="black", thickness=2, size=18).encode(x="Chu kỳ (ngày):Q")
    return (bars + cycle).properties(height=alt.Step(22))


def outputs_chart(frame: pd.DataFrame) -> alt.Chart:
    """The lead units' outputs per task and measure (one bar each, never adding measures), by channel."""
    data = frame.assign(**{"Sản phẩm": "NV " + frame["Nhiệm vụ"] + " · " + frame["Đơn vị tính"]})
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("Sản phẩm:N", title=None, sort=None, axis=_LABELS),
            x=alt.X("Đơn vị chủ trì:Q", title="Số sản phẩm của đơn vị chủ trì", axis=alt.Axis(format="d")),
            color=alt.Color("Kênh:N", legend=alt.Legend(title="Kênh", orient="bottom", columns=3)),
            tooltip=["Nhiệm vụ:N", "Kênh:N", "Đơn vị tính:N", "Đơn vị chủ trì:Q", "Đơn vị phối hợp:Q"],
        )
        .properties(height=alt.Step(24))
    )


_DONE = "Hoàn thành (%)"
_COUNTS = {"overdue": "Quá hạn", "at_risk": "Có nguy cơ chậm tiến độ"}
_WEEK = "Tuần kết thúc"


def trend_chart(frame: pd.DataFrame) -> alt.VConcatChart:
    """Week by week, in two panels sharing the weeks: done-% (0–100) above, overdue and at-risk
    counts of units' parts below (each panel has one axis, so 100% and «4» never share a height)."""
    data = frame.assign(week_end=pd.to_datetime(frame["week_end"])).rename(
        columns={"week_end": _WEEK, "done_pct": _DONE, **_COUNTS}
    )
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
            tooltip=[week, alt.Tooltip(f"{_DONE}:Q", format=".1f")],
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
