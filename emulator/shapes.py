"""The JSON bodies Google answers with: errors, spreadsheet metadata, value ranges, field masks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    429: "RESOURCE_EXHAUSTED",
    499: "CANCELLED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}
DEFAULT_MESSAGES = {
    400: "Request contains an invalid argument.",
    401: "Request had invalid authentication credentials. Expected OAuth 2 access token, login "
    "cookie or other valid authentication credential.",
    403: "The caller does not have permission",
    404: "Requested entity was not found.",
    429: "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per "
    "user' of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'.",
    500: "Internal error encountered.",
    501: "Method not implemented by the Sheets API emulator.",
    503: "The service is currently unavailable.",
    504: "The request timed out. Please try again.",
}


class ApiError(Exception):
    """An answer other than 200, with Google's error body."""

    def __init__(self, code: int, message: str | None = None) -> None:
        super().__init__(message or default_message(code))
        self.code = code
        self.message = message or default_message(code)


def default_message(code: int) -> str:
    if code in DEFAULT_MESSAGES:
        return DEFAULT_MESSAGES[code]
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return "Unknown error."


def error_body(code: int, message: str | None = None) -> dict[str, Any]:
    """`{"error": {"code", "message", "status"}}`, keys in Google's order."""
    status = STATUS_NAMES.get(code, "UNKNOWN")
    return {"error": {"code": code, "message": message or default_message(code), "status": status}}


@dataclass(frozen=True)
class SheetInfo:
    """What the metadata says of one tab."""

    sheet_id: int
    title: str
    index: int
    rows: int
    cols: int


def spreadsheet_body(
    spreadsheet_id: str, title: str, sheets: list[dict[str, Any]], locale: str, time_zone: str
) -> dict[str, Any]:
    """`spreadsheets.get` with `includeGridData=false`, without `defaultFormat`/`spreadsheetTheme`."""
    return {
        "spreadsheetId": spreadsheet_id,
        "properties": {"title": title, "locale": locale, "autoRecalc": "ON_CHANGE", "timeZone": time_zone},
        "sheets": sheets,
        "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{spreadsheet_id}/edit",
    }


def value_range_body(range_text: str, major: str, lines: list[list[Any]]) -> dict[str, Any]:
    """A ValueRange: no `values` key at all when the range holds nothing."""
    body: dict[str, Any] = {"range": range_text, "majorDimension": major}
    if lines:
        body["values"] = lines
    return body


# Field masks (`fields=sheets.properties,sheets(properties(title))`): a tree of names, None = all.
Mask = dict[str, "Mask | None"]
_TOKEN = re.compile(r"\s*([A-Za-z0-9_*@]+|[.,/()])")


def _tokens(text: str) -> list[str]:
    tokens, pos = [], 0
    while pos < len(text.rstrip()):
        match = _TOKEN.match(text, pos)
        if not match:
            raise ApiError(400, f"Invalid field selection {text}")
        tokens.append(match[1])
        pos = match.end()
    return tokens


def _merge(mask: Mask, path: list[str], sub: Mask | None) -> None:
    for name in path[:-1]:
        child = mask.setdefault(name, {})
        if child is None:
            return
        mask = child
    last = path[-1]
    if sub is None or mask.get(last, {}) is None:
        mask[last] = None
    else:
        child = mask.setdefault(last, {})
        assert child is not None
        for name, value in sub.items():
            _merge(child, [name], value)


def _parse_list(tokens: list[str], pos: int, text: str) -> tuple[Mask, int]:
    mask: Mask = {}
    while True:
        path: list[str] = []
        while pos < len(tokens) and tokens[pos] not in ",()./":
            path.append(tokens[pos])
            pos += 1
            if pos < len(tokens) and tokens[pos] in "./":
                pos += 1
                continue
            break
        if not path:
            raise ApiError(400, f"Invalid field selection {text}")
        sub: Mask | None = None
        if pos < len(tokens) and tokens[pos] == "(":
            sub, pos = _parse_list(tokens, pos + 1, text)
            if pos >= len(tokens) or tokens[pos] != ")":
                raise ApiError(400, f"Invalid field selection {text}")
            pos += 1
        _merge(mask, path, sub)
        if pos < len(tokens) and tokens[pos] == ",":
            pos += 1
            continue
        return mask, pos


def parse_fields(text: str) -> Mask:
    tokens = _tokens(text)
    mask, pos = _parse_list(tokens, 0, text)
    if pos != len(tokens):
        raise ApiError(400, f"Invalid field selection {text}")
    return mask


def apply_fields(value: Any, mask: Mask | None) -> Any:
    """Keep only the fields named by `mask` (lists are filtered item by item)."""
    if mask is None or "*" in mask:
        return value
    if isinstance(value, list):
        return [apply_fields(item, mask) for item in value]
    if isinstance(value, dict):
        return {key: apply_fields(value[key], sub) for key, sub in mask.items() if key in value}
    return value
