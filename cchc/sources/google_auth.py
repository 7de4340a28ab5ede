"""How to reach Google: service-account credentials (SPEC §7; never logged or shown) and sessions.

Reading asks for the read-only scope; only `sheet init` / `sheet check` (and the dashboard's
check tab when `[cchc] allow_write = true`) and «Cập nhật tiến độ»'s one `values.append` ask for
the scope that can write. Every request, token requests
included, ends within REQUEST_DEADLINE_SECONDS; a token endpoint that fails (TokenFailure) is
told apart from one that refuses the key (RefreshError).
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from pathlib import Path
from typing import Any

import requests
from google.auth.exceptions import GoogleAuthError, TransportError
from google.auth.transport.requests import AuthorizedSession, Request
from google.oauth2.service_account import Credentials

from cchc.sources.base import SourceError
from cchc.sources.spec import GoogleAccess

READ_ONLY = ("https://www.googleapis.com/auth/spreadsheets.readonly",)
READ_WRITE = ("https://www.googleapis.com/auth/spreadsheets",)
REQUEST_DEADLINE_SECONDS = 30.0  # the longest one request may take, from connecting to its last byte
TOKEN_OUTAGES = frozenset({408, 429})  # besides every 5xx: the token endpoint is busy, not refusing


def _service_account_info(google: GoogleAccess) -> dict[str, Any]:
    if google.key_file:
        try:
            info = json.loads(Path(google.key_file).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise SourceError(
                "gsheet.credentials",
                "Không đọc được tệp khóa tài khoản dịch vụ mà biến "
                "GOOGLE_APPLICATION_CREDENTIALS trỏ tới. Hãy kiểm tra đường dẫn và tệp JSON.",
            ) from None
        return dict(info)
    found = json.loads(google.service_account) if google.service_account else None
    if not isinstance(found, dict) or not found:
        raise SourceError(
            "gsheet.credentials",
            "Chưa có khóa tài khoản dịch vụ Google. Hãy đặt biến "
            "GOOGLE_APPLICATION_CREDENTIALS là đường dẫn tệp JSON, hoặc thêm mục "
            "[gcp_service_account] vào .streamlit/secrets.toml (xem README).",
        )
    return found


def credentials(google: GoogleAccess, scopes: tuple[str, ...] = READ_ONLY) -> tuple[Credentials, str]:
    """Credentials (read-only unless asked) and the service account's email (for sharing messages)."""
    info = _service_account_info(google)
    try:
        creds = Credentials.from_service_account_info(info, scopes=scopes)
    except (ValueError, KeyError, TypeError):
        raise SourceError(
            "gsheet.credentials",
            "Khóa tài khoản dịch vụ không hợp lệ. Hãy tải lại tệp "
            "JSON từ Google Cloud Console (IAM → Tài khoản dịch vụ → Khóa).",
        ) from None
    return creds, str(info.get("client_email", creds.service_account_email))


class DeadlineExceeded(requests.Timeout):
    """A request that had not ended `seconds` after it began: treated as a timeout."""

    def __init__(self, seconds: float, response: requests.Response) -> None:
        super().__init__(f"no whole answer in {seconds:g} s", response=response)
        self.seconds = seconds


def _cut_off(response: requests.Response, cut: threading.Event) -> None:
    """Stop reading `response`: urllib3's shutdown wakes a read blocked in another thread."""
    cut.set()
    with contextlib.suppress(AttributeError, ValueError, OSError):  # already read, or no socket left
        response.raw.shutdown()


def _read_by(response: requests.Response, deadline: float) -> None:
    """Read the whole body before `deadline` (time.monotonic), else raise DeadlineExceeded."""
    cut = threading.Event()
    watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), _cut_off, (response, cut))
    watchdog.daemon = True
    watchdog.start()
    try:
        response.content  # noqa: B018 -- reading it, under the watchdog, is the point
    except (OSError, ValueError):  # how a cut-off read ends (requests' errors are OSErrors)
        if not cut.is_set():
            raise
    finally:
        watchdog.cancel()
    if cut.is_set():
        response.close()
        raise DeadlineExceeded(REQUEST_DEADLINE_SECONDS, response)


class DeadlineSession(requests.Session):
    """A session whose every request ends within REQUEST_DEADLINE_SECONDS, body included.

    requests' timeout bounds each socket read only: a body trickling a byte a second never ends.
    """

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        deadline = time.monotonic() + REQUEST_DEADLINE_SECONDS
        response = super().request(*args, **{**kwargs, "stream": True})
        _read_by(response, deadline)
        return response


class _AuthorizedSession(AuthorizedSession, DeadlineSession):
    """google-auth's session (it adds the access token), with DeadlineSession's deadline per request."""


class TokenFailure(TransportError):
    """The token endpoint failed (a server error, or a 200 that holds no token): Google, not the key."""

    def __init__(self, status: int) -> None:
        super().__init__(f"token endpoint answered {status}")
        self.status = status


def _json_object(data: bytes) -> bool:
    try:
        return isinstance(json.loads(data), dict)
    except ValueError:
        return False


class TokenRequest(Request):
    """google-auth's transport for token requests, raising TokenFailure when Google itself fails.

    google-auth turns every failed token answer into RefreshError, as for a deleted key, and waits
    seconds between its own tries; raised here, a failure is retried by the caller's bounded policy.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        response = super().__call__(*args, **kwargs)
        status = response.status
        if status >= 500 or status in TOKEN_OUTAGES or (status == 200 and not _json_object(response.data)):
            raise TokenFailure(status)
        return response


def authorized_session(creds: Credentials) -> requests.Session:
    """A session signed in as `creds`: its token requests, too, end by the deadline and tell outages apart."""
    return _AuthorizedSession(creds, auth_request=TokenRequest(DeadlineSession()))


def token_unavailable(status: int | None) -> SourceError:
    """Google could not give an access token just now: its outage, not a reason to replace the key."""
    said = f"trả lỗi {status}" if status else "tạm thời không phục vụ"
    return SourceError(
        "gsheet.unavailable",
        f"Máy chủ cấp quyền truy cập của Google {said} (sự cố phía Google, không phải do khóa tài khoản "
        "dịch vụ). Hãy thử lại sau ít phút.",
    )


def key_refused() -> SourceError:
    """Google refused the key itself (RefreshError such as invalid_grant): only a new key helps."""
    return SourceError(
        "gsheet.credentials",
        "Google từ chối khóa tài khoản dịch vụ (khóa đã bị xóa, hết "
        "hạn hoặc sai). Hãy tạo khóa mới trong Google Cloud Console và cập nhật cấu hình.",
    )


def sign_in_failed(error: GoogleAuthError) -> SourceError:
    """A refused key (invalid_grant, …) unless google-auth marked the failure as one to try again."""
    return token_unavailable(None) if getattr(error, "retryable", False) else key_refused()
