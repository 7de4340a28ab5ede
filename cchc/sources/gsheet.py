"""Source adapter: a Google Sheet read through gspread, in two requests, with bounded retries.

One read costs one metadata GET (tab titles and ids) and one `values:batchGet` for every tab.
Values are read as FORMATTED_VALUE with dates as FORMATTED_STRING: exactly what a unit sees in
the sheet (`30,5`, `50%`, `15/06/2017` in the Vietnamese locale), which the reading rules of
SPEC §3.2 parse. Unformatted values would turn `50%` into 0.5 and dates into serial numbers.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import requests
from google.auth.exceptions import GoogleAuthError, TransportError
from gspread import Client
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient, ParamsType

from cchc.secrets_file import SECRETS
from cchc.sources.base import RawSource, RawTab, SourceError, text_grid
from cchc.sources.google_auth import READ_ONLY, READ_WRITE, credentials
from cchc.vocab.issues import Issue, source_issue
from cchc.vocab.schema import CHECK_TAB

GOOGLE_PREFIXES = ("https://sheets.googleapis.com", "https://www.googleapis.com")
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
TIMEOUT_SECONDS = 10.0
RETRY_DELAYS = (1.0, 2.0, 4.0)  # seconds before the 2nd, 3rd and 4th try; then give up
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


class RetryingHTTPClient(HTTPClient):
    """gspread's HTTP client with a timeout on every request and a bounded number of retries.

    gspread's own BackOffHTTPClient retries a 429 forever; this one gives up after the delays
    in RETRY_DELAYS and lets the caller serve the last good read.
    """

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        for delay in (*RETRY_DELAYS, None):
            try:
                return super().request(*args, **kwargs)
            except APIError as error:
                if error.code not in RETRY_STATUSES or delay is None:
                    raise
            except (requests.Timeout, requests.ConnectionError):
                if delay is None:
                    raise
            time.sleep(delay)
        raise AssertionError("unreachable")


_CLIENTS: dict[tuple[object, ...], tuple[Client, str | None]] = {}


def _stamp(path: str | Path | None) -> int | None:
    """When a key file was last changed (None when there is none): a new key means a new client."""
    try:
        return Path(path).stat().st_mtime_ns if path else None
    except OSError:
        return None


def client(env: Mapping[str, str], write: bool = False) -> tuple[Client, str | None]:
    """A gspread client and the service account's email (None against an emulator).

    Kept between reads, so its access token is reused until it expires (no token request per read),
    and made again when the key file or secrets.toml changes (a replaced key takes effect at once).
    """
    key_file = env.get("GOOGLE_APPLICATION_CREDENTIALS")
    key = (env.get("CCHC_SHEETS_ENDPOINT"), key_file, _stamp(key_file), _stamp(SECRETS), write)
    if key not in _CLIENTS:
        _CLIENTS[key] = _new_client(env, write)
    gclient, email = _CLIENTS[key]
    gclient.http_client.set_timeout(TIMEOUT_SECONDS)
    return gclient, email


def _new_client(env: Mapping[str, str], write: bool) -> tuple[Client, str | None]:
    endpoint = env.get("CCHC_SHEETS_ENDPOINT")
    if endpoint:
        session = requests.Session()
        for prefix in GOOGLE_PREFIXES:
            session.mount(prefix, _Redirect(endpoint))
        client = Client(auth=None, session=session, http_client=RetryingHTTPClient)  # type: ignore[arg-type]
        email = None
    else:
        creds, email = credentials(env, scopes=READ_WRITE if write else READ_ONLY)
        client = Client(auth=creds, http_client=RetryingHTTPClient)
    return client, email


def _a1(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _fetch(gclient: Client, key: str) -> tuple[str, list[tuple[str, int, list[list[Any]]]]]:
    """The sheet's locale, and every tab's title, id and rows: metadata, then one batchGet."""
    http = gclient.http_client
    meta = http.fetch_sheet_metadata(key)
    locale = str(meta.get("properties", {}).get("locale", ""))
    sheets = [(s["properties"]["title"], s["properties"]["sheetId"]) for s in meta.get("sheets", [])]
    sheets = [(title, gid) for title, gid in sheets if title != CHECK_TAB]  # our own report, not data
    answer = http.values_batch_get(key, [_a1(title) for title, _ in sheets], params=READ_PARAMS)
    ranges = answer.get("valueRanges", [])
    return locale, [(title, gid, r.get("values", [])) for (title, gid), r in zip(sheets, ranges, strict=True)]


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


def _error(key: str, error: Exception, email: str | None, write: bool = False) -> SourceError:
    """Why the sheet could not be read (or written), in Vietnamese, with what to do."""
    if isinstance(error, APIError) and error.code == 404:
        return SourceError(
            "gsheet.not_found",
            f"Không có bảng tính Google mã «{key}». Hãy kiểm tra lại "
            "đường dẫn hoặc mã bảng tính (phần giữa /d/ và /edit trong địa chỉ).",
        )
    if isinstance(error, APIError) and error.code == 403:
        return _not_shared(key, email, write)
    if isinstance(error, APIError) and error.code == 400 and write:
        said = str(getattr(error, "error", {}).get("message", "")) or "yêu cầu không hợp lệ"
        return SourceError(
            "gsheet.rejected",
            f"Google từ chối thay đổi bảng tính «{key}»: {said}. Không ô nào bị thay đổi (Google áp dụng "
            "cả lô hoặc không gì cả). Nếu là ô được bảo vệ, hãy cho tài khoản dịch vụ quyền sửa vùng đó.",
        )
    if isinstance(error, APIError) and error.code == 429:
        return SourceError(
            "gsheet.quota", "Google đang giới hạn số lần đọc (hạn mức 60 lần/phút). Hãy thử lại sau ít phút."
        )
    if isinstance(error, APIError):
        return SourceError("gsheet.unavailable", f"Google Sheets trả lỗi {error.code}. Hãy thử lại sau.")
    return SourceError(
        "gsheet.unreachable",
        "Không kết nối được tới Google Sheets (mạng chậm hoặc mất "
        f"kết nối: {type(error).__name__}). Hãy kiểm tra mạng rồi thử lại.",
    )


def key_refused() -> SourceError:
    return SourceError(
        "gsheet.credentials",
        "Google từ chối khóa tài khoản dịch vụ (khóa đã bị xóa, hết "
        "hạn hoặc sai). Hãy tạo khóa mới trong Google Cloud Console và cập nhật cấu hình.",
    )


def read_gsheet(key: str, env: Mapping[str, str] | None = None) -> RawSource:
    """Read every tab of a Google Sheet; raises SourceError with a Vietnamese message."""
    env = os.environ if env is None else env
    gclient, email = client(env)
    try:
        locale, sheets = _fetch(gclient, key)
    except (APIError, requests.RequestException, TransportError) as error:
        raise _error(key, error, email) from None
    except GoogleAuthError:
        raise key_refused() from None
    tabs = tuple(RawTab(name, text_grid(rows), gid) for name, gid, rows in sheets)
    issues = (_locale_issue(locale),) if locale in MONTH_FIRST_LOCALES else ()
    return RawSource("gsheet", f"gsheet:{key}", tabs, datetime.now().astimezone(), issues)


def _locale_issue(locale: str) -> Issue:
    """Dates are read as the sheet shows them: a month-first locale would swap day and month."""
    return source_issue(
        "gsheet.locale",
        f"Bảng tính Google đang dùng định dạng vùng «{locale}» (tháng/ngày/năm), nên ngày như 5/6/2017 sẽ bị "
        "hiểu sai. Hãy vào Tệp → Cài đặt, chọn Ngôn ngữ/Vùng «Việt Nam», rồi làm mới dữ liệu.",
        value=locale,
    )
