"""Source adapter: a Google Sheet read through gspread, in two requests, with bounded retries.

One read costs one metadata GET (tab titles and ids) and one `values:batchGet` for every tab.
Values are read as FORMATTED_VALUE with dates as FORMATTED_STRING: exactly what a unit sees in
the sheet (`30,5`, `50%`, `15/06/2017` in the Vietnamese locale), which the reading rules of
SPEC §3.2 parse. Unformatted values would turn `50%` into 0.5 and dates into serial numbers.

Every request ends within REQUEST_DEADLINE_SECONDS, an error answer counts as its HTTP status
whatever its body, and an answer of a shape Google never sends is `gsheet.unexpected`, never data.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import requests
from google.auth.exceptions import GoogleAuthError, TransportError
from gspread import Client
from gspread.exceptions import APIError, GSpreadException
from gspread.http_client import HTTPClient, ParamsType

from cchc.sources.base import RawSource, RawTab, SourceError
from cchc.sources.google_auth import (
    READ_ONLY,
    READ_WRITE,
    DeadlineExceeded,
    DeadlineSession,
    GoogleAccess,
    TokenFailure,
    authorized_session,
    credentials,
    sign_in_failed,
    token_unavailable,
)
from cchc.sources.table_extent import table_grid
from cchc.vocab.a1 import quoted_tab
from cchc.vocab.issues import Issue, source_issue
from cchc.vocab.schema import CHECK_TAB

T = TypeVar("T")

GOOGLE_PREFIXES = ("https://sheets.googleapis.com", "https://www.googleapis.com")
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
TIMEOUT_SECONDS = 10.0  # the longest wait for one socket operation: connecting, or one read
RETRY_DELAYS = (1.0, 2.0, 4.0)  # seconds before the 2nd, 3rd and 4th try; then give up
RETRIED_ERRORS = (  # failures of the way there, worth another try (TokenFailure is a TransportError)
    requests.Timeout,
    requests.ConnectionError,
    requests.exceptions.ChunkedEncodingError,
    TransportError,
)
CELL_TYPES = (str, int, float, bool)  # what a cell of a values answer may hold
MONTH_FIRST_LOCALES = frozenset({"en_US", "en_PH", "es_US", "fil_PH", "en_CA"})
READ_PARAMS: ParamsType = {
    "valueRenderOption": "FORMATTED_VALUE",
    "dateTimeRenderOption": "FORMATTED_STRING",
    "majorDimension": "ROWS",
}


class _Redirect(requests.adapters.HTTPAdapter):
    """Sends Google API requests to another base URL (CCHC_SHEETS_ENDPOINT, an emulator)."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base.rstrip("/")

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        url = request.url or ""
        for prefix in GOOGLE_PREFIXES:
            if url.startswith(prefix):
                request.url = self.base + url[len(prefix) :]
        return super().send(request, *args, **kwargs)


class StatusError(APIError):
    """An error answer as its HTTP status, whatever its body: Google's JSON, or a proxy's HTML page.

    gspread's APIError takes the code from a JSON body, so an HTML 503 became code -1, not retried.
    """

    def __init__(self, response: requests.Response) -> None:
        try:
            found = response.json().get("error")
        except (ValueError, AttributeError):  # not JSON, or JSON that is not an object
            found = None
        error = {"message": "", "status": "", **(found if isinstance(found, dict) else {})}
        error["code"] = response.status_code
        GSpreadException.__init__(self, error)
        self.response, self.error, self.code = response, error, response.status_code


class RetryingHTTPClient(HTTPClient):
    """gspread's HTTP client with a bounded number of retries, and errors as StatusError.

    gspread's own BackOffHTTPClient retries a 429 forever; this one gives up after the delays
    in RETRY_DELAYS and lets the caller serve the last good read.
    """

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        for delay in (*RETRY_DELAYS, None):
            try:
                return self._once(*args, **kwargs)
            except APIError as error:
                if error.code not in RETRY_STATUSES or delay is None:
                    raise
            except RETRIED_ERRORS:
                if delay is None:
                    raise
            time.sleep(delay)
        raise AssertionError("unreachable")

    def _once(self, method: str, endpoint: str, **kwargs: Any) -> requests.Response:
        response = self.session.request(method=method, url=endpoint, timeout=self.timeout, **kwargs)
        if not response.ok:
            raise StatusError(response)
        return response


_CLIENTS: dict[tuple[object, ...], tuple[Client, str | None]] = {}


def _stamp(path: str | Path | None) -> int | None:
    """When a key file was last changed (None when there is none): a new key means a new client."""
    try:
        return Path(path).stat().st_mtime_ns if path else None
    except OSError:
        return None


def client(google: GoogleAccess, write: bool = False) -> tuple[Client, str | None]:
    """A gspread client and the service account's email (None against an emulator).

    Kept between reads, so its access token is reused until it expires (no token request per read),
    and made again when the key file or the secrets' key changes (a replaced key takes effect at once).
    """
    key = (google.endpoint, google.key_file, _stamp(google.key_file), google.service_account, write)
    if key not in _CLIENTS:
        _CLIENTS[key] = _new_client(google, write)
    gclient, email = _CLIENTS[key]
    gclient.http_client.set_timeout(TIMEOUT_SECONDS)
    return gclient, email


def _new_client(google: GoogleAccess, write: bool) -> tuple[Client, str | None]:
    if google.endpoint:
        session = DeadlineSession()
        for prefix in GOOGLE_PREFIXES:
            session.mount(prefix, _Redirect(google.endpoint))
        return Client(auth=None, session=session, http_client=RetryingHTTPClient), None  # type: ignore[arg-type]
    creds, email = credentials(google, scopes=READ_WRITE if write else READ_ONLY)
    return Client(auth=creds, session=authorized_session(creds), http_client=RetryingHTTPClient), email


class UnexpectedAnswer(ValueError):
    """Google answered 200 with a body of a shape the Sheets API never sends."""


def _tabs(meta: Any) -> tuple[str, list[tuple[str, int]]]:
    """The locale and every tab's title and id, from the metadata (a spreadsheet has one tab at least)."""
    properties = meta.get("properties", {}) if isinstance(meta, dict) else None
    sheets = meta.get("sheets") if isinstance(meta, dict) else None
    if not isinstance(properties, dict) or not isinstance(sheets, list) or not sheets:
        raise UnexpectedAnswer
    found = []
    for sheet in sheets:
        tab = sheet.get("properties") if isinstance(sheet, dict) else None
        if (
            not isinstance(tab, dict)
            or not isinstance(tab.get("title"), str)
            or type(tab.get("sheetId")) is not int
        ):
            raise UnexpectedAnswer
        found.append((tab["title"], tab["sheetId"]))
    return str(properties.get("locale", "")), found


def _rows(value_range: Any) -> list[list[Any]]:
    """A value range's rows: lists of text, numbers and booleans."""
    rows = value_range.get("values", []) if isinstance(value_range, dict) else None
    if not isinstance(rows, list) or not all(
        isinstance(row, list) and all(isinstance(cell, CELL_TYPES) for cell in row) for row in rows
    ):
        raise UnexpectedAnswer
    return rows


def _grids(answer: Any, count: int) -> list[list[list[Any]]]:
    """Every tab's rows from a batchGet answer: one value range per requested tab, in order."""
    ranges = answer.get("valueRanges", []) if isinstance(answer, dict) else None
    if not isinstance(ranges, list) or len(ranges) != count:
        raise UnexpectedAnswer
    return [_rows(value_range) for value_range in ranges]


def _fetch(http: HTTPClient, key: str) -> tuple[str, list[tuple[str, int, list[list[Any]]]]]:
    """The sheet's locale, and every tab's title, id and rows: metadata, then one batchGet."""
    locale, tabs = _tabs(http.fetch_sheet_metadata(key))
    tabs = [(title, gid) for title, gid in tabs if title != CHECK_TAB]  # our own report, not data
    answer = http.values_batch_get(key, [quoted_tab(title) for title, _ in tabs], params=READ_PARAMS)
    grids = _grids(answer, len(tabs))
    return locale, [(title, gid, rows) for (title, gid), rows in zip(tabs, grids, strict=True)]


def _not_shared(key: str, email: str | None, write: bool) -> SourceError:
    """403: the service account may not read (or write); the message names it and the role to give."""
    who = f"tài khoản dịch vụ «{email}»" if email else "tài khoản dịch vụ của chương trình"
    role = "Người chỉnh sửa" if write else "Người xem"
    problem = (
        f"{who} chưa có quyền sửa bảng tính «{key}»"
        if write
        else f"Bảng tính «{key}» chưa được chia sẻ với {who}"
    )
    return SourceError(
        "gsheet.permission", f"{problem}. Trong Google Sheets, bấm «Chia sẻ» và thêm {who} với quyền {role}."
    )


def _refused(key: str, error: APIError, email: str | None, write: bool) -> SourceError:
    """What an error answer of the Sheets API means, by its HTTP status."""
    if error.code == 404:
        return SourceError(
            "gsheet.not_found",
            f"Không có bảng tính Google mã «{key}». Hãy kiểm tra lại "
            "đường dẫn hoặc mã bảng tính (phần giữa /d/ và /edit trong địa chỉ).",
        )
    if error.code == 403:
        return _not_shared(key, email, write)
    if error.code == 400 and write:
        said = str(getattr(error, "error", {}).get("message", "")) or "yêu cầu không hợp lệ"
        return SourceError(
            "gsheet.rejected",
            f"Google từ chối thay đổi bảng tính «{key}»: {said}. Không ô nào bị thay đổi (Google áp dụng "
            "cả lô hoặc không gì cả). Nếu là ô được bảo vệ, hãy cho tài khoản dịch vụ quyền sửa vùng đó.",
        )
    if error.code == 429:
        return SourceError(
            "gsheet.quota", "Google đang giới hạn số lần đọc (hạn mức 60 lần/phút). Hãy thử lại sau ít phút."
        )
    return SourceError("gsheet.unavailable", f"Google Sheets trả lỗi {error.code}. Hãy thử lại sau.")


def unexpected(key: str) -> SourceError:
    """A 200 answer of a shape Google never sends: nothing of it is used, nor kept as a good read."""
    return SourceError(
        "gsheet.unexpected",
        f"Google trả lời về bảng tính «{key}» theo một dạng không như dự kiến, nên chương trình không dùng "
        "câu trả lời đó. Hãy thử lại sau ít phút; nếu lỗi vẫn còn, hãy báo quản trị viên.",
    )


def _error(key: str, error: Exception, email: str | None, write: bool = False) -> SourceError:
    """Why the sheet could not be read (or written), in Vietnamese, with what to do."""
    if isinstance(error, APIError):
        return _refused(key, error, email, write)
    if isinstance(error, UnexpectedAnswer | requests.exceptions.JSONDecodeError):
        return unexpected(key)
    if isinstance(error, TokenFailure):
        return unexpected(key) if error.status == 200 else token_unavailable(error.status)
    if isinstance(error, DeadlineExceeded):
        return SourceError(
            "gsheet.unreachable",
            f"Google Sheets trả lời quá chậm (một yêu cầu chưa xong sau {error.seconds:g} "
            "giây). Hãy kiểm tra mạng rồi thử lại sau ít phút.",
        )
    return SourceError(
        "gsheet.unreachable",
        "Không kết nối được tới Google Sheets (mạng chậm hoặc mất "
        f"kết nối: {type(error).__name__}). Hãy kiểm tra mạng rồi thử lại.",
    )


def call(key: str, google: GoogleAccess, action: Callable[[HTTPClient], T], write: bool = False) -> T:
    """Run `action(http)` with a client (one that may write when asked); every failure of Google's
    becomes a SourceError, the same way for reading and for `sheet init` / `sheet check`."""
    gclient, email = client(google, write)
    try:
        return action(gclient.http_client)
    except (APIError, requests.RequestException, TransportError, UnexpectedAnswer) as error:
        raise _error(key, error, email, write) from None
    except GoogleAuthError as error:
        raise sign_in_failed(error) from None


def read_gsheet(key: str, google: GoogleAccess) -> RawSource:
    """Read every tab of a Google Sheet; raises SourceError with a Vietnamese message."""
    locale, sheets = call(key, google, lambda http: _fetch(http, key))
    cut = [(name, gid, *table_grid(name, rows)) for name, gid, rows in sheets]  # strays left out
    tabs = tuple(RawTab(name, grid.astype("str"), gid) for name, gid, grid, _ in cut)
    issues = [_locale_issue(locale)] if locale in MONTH_FIRST_LOCALES else []
    issues += [issue for *_, strays in cut for issue in strays]
    return RawSource("gsheet", f"gsheet:{key}", tabs, datetime.now().astimezone(), tuple(issues))


def _locale_issue(locale: str) -> Issue:
    """Dates are read as the sheet shows them: a month-first locale would swap day and month."""
    return source_issue(
        "gsheet.locale",
        f"Bảng tính Google đang dùng định dạng vùng «{locale}» (tháng/ngày/năm), nên ngày như 5/6/2017 sẽ bị "
        "hiểu sai. Hãy vào Tệp → Cài đặt, chọn Ngôn ngữ/Vùng «Việt Nam», rồi làm mới dữ liệu.",
        value=locale,
    )
