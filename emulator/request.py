"""What a request names: its query parameters (the last of each, enums checked as Google checks
them) and the tab and cells of its A1 range (an unknown one answers 400 with Google's words)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from emulator import ranges, schema
from emulator.shapes import ApiError
from emulator.state import Tab

Query = Mapping[str, list[str]]


class Enum(NamedTuple):
    """A query parameter's enum: its type in Google's API, its values, and its default (None: required)."""

    type_name: str
    allowed: tuple[str, ...]
    default: str | None


def last(query: Query, name: str, default: str) -> str:
    """The parameter's last value, or `default` when it is absent or empty."""
    values = query.get(name)
    return values[-1] if values and values[-1] else default


def choice(query: Query, name: str, enum: Enum) -> str:
    """The parameter's value; absent when required, or outside its enum, answers 400 as Google does."""
    values = query.get(name)
    value = values[-1] if values else enum.default  # an empty value is a value: an invalid one
    if value is None:
        raise ApiError(400, f"'{name}' is required but not specified")
    if value not in enum.allowed:
        kind = f"type.googleapis.com/google.apps.sheets.v4.{enum.type_name}"
        raise ApiError(400, f"Invalid value at '{schema.snake(name)}' ({kind}), \"{value}\"")
    return value


def locate(tabs: Mapping[str, Tab], text: str) -> tuple[Tab, ranges.Box, str]:
    """The tab, the cells (clipped to its grid) and the tab's title of an A1 range."""
    try:
        a1 = ranges.parse(text, list(tabs))
        tab = tabs[a1.title]
        box = ranges.resolve(a1, tab.info.rows, tab.info.cols)
    except ranges.RangeError as error:
        raise ApiError(400, error.message) from None
    return tab, box, a1.title
