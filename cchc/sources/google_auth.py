"""Google service-account credentials (SPEC §7); never logged or shown.

Reading asks for the read-only scope; only `sheet init` / `sheet check` (and the dashboard when
`[cchc] allow_write = true`) ask for the scope that can write.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from google.oauth2.service_account import Credentials

from cchc.secrets_file import SECRETS, section
from cchc.sources.base import SourceError

READ_ONLY = ("https://www.googleapis.com/auth/spreadsheets.readonly",)
READ_WRITE = ("https://www.googleapis.com/auth/spreadsheets",)


def _service_account_info(env: Mapping[str, str], secrets: Path) -> dict[str, Any]:
    path = env.get("GOOGLE_APPLICATION_CREDENTIALS")
    if path:
        try:
            info = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise SourceError(
                "gsheet.credentials",
                "Không đọc được tệp khóa tài khoản dịch vụ mà biến "
                "GOOGLE_APPLICATION_CREDENTIALS trỏ tới. Hãy kiểm tra đường dẫn và tệp JSON.",
            ) from None
        return dict(info)
    found = section("gcp_service_account", secrets)
    if not found:
        raise SourceError(
            "gsheet.credentials",
            "Chưa có khóa tài khoản dịch vụ Google. Hãy đặt biến "
            "GOOGLE_APPLICATION_CREDENTIALS là đường dẫn tệp JSON, hoặc thêm mục "
            "[gcp_service_account] vào .streamlit/secrets.toml (xem README).",
        )
    return found


def credentials(
    env: Mapping[str, str], secrets: Path = SECRETS, scopes: tuple[str, ...] = READ_ONLY
) -> tuple[Credentials, str]:
    """Credentials (read-only unless asked) and the service account's email (for sharing messages)."""
    info = _service_account_info(env, secrets)
    try:
        creds = Credentials.from_service_account_info(info, scopes=scopes)
    except (ValueError, KeyError, TypeError):
        raise SourceError(
            "gsheet.credentials",
            "Khóa tài khoản dịch vụ không hợp lệ. Hãy tải lại tệp "
            "JSON từ Google Cloud Console (IAM → Tài khoản dịch vụ → Khóa).",
        ) from None
    return creds, str(info.get("client_email", creds.service_account_email))
