"""What the shells pass down for reminders: the SMTP server and the `[cchc.remind]` choices.

Built in `cchc.config` from `.streamlit/secrets.toml`; nothing here reads a file or the environment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Security = Literal["starttls", "ssl", "none"]
SECURITIES: tuple[Security, ...] = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


@dataclass(frozen=True)
class SmtpSettings:
    """`[cchc.smtp]`: where to send and as whom. The password is never shown (`repr` leaves it out)."""

    host: str
    port: int
    security: Security
    sender: str
    user: str = ""
    password: str = field(default="", repr=False)


@dataclass(frozen=True)
class RemindSettings:
    """`[cchc.remind]` and `[cchc] url`: who gets the digest, the dashboard's address, the sent-log."""

    sent_log: Path
    directors: tuple[str, ...] = ()
    url: str | None = None  # the dashboard's address; its update page is `{url}/update`

    @property
    def update_link(self) -> str | None:
        """The page «Cập nhật tiến độ», when the dashboard's address is known."""
        return f"{self.url.rstrip('/')}/update" if self.url else None


class SmtpConfigError(ValueError):
    """`[cchc.smtp]` is missing or wrong; the message (Vietnamese) says which key to fix."""


def smtp_from_table(table: dict[str, Any]) -> SmtpSettings:
    """Read `[cchc.smtp]`; raise `SmtpConfigError` naming the key to fix (never echoing the password)."""
    if not table:
        raise SmtpConfigError(
            "Chưa cấu hình máy chủ thư: thêm bảng [cchc.smtp] (host, port, security, user, password, "
            "sender) vào .streamlit/secrets.toml, hoặc chạy với --dry-run THƯ_MỤC để chỉ ghi thư ra tệp."
        )
    host, sender = str(table.get("host") or "").strip(), str(table.get("sender") or "").strip()
    security = str(table.get("security") or "starttls").strip().lower()
    if not host:
        raise SmtpConfigError("Thiếu [cchc.smtp] host (tên máy chủ thư) trong .streamlit/secrets.toml.")
    if not sender or "@" not in sender:
        raise SmtpConfigError("Thiếu hoặc sai [cchc.smtp] sender (địa chỉ gửi, ví dụ cchc@skhcn.gov.vn).")
    if security not in SECURITIES:
        raise SmtpConfigError(
            f"[cchc.smtp] security = «{security}» không hợp lệ: chọn starttls, ssl hoặc none."
        )
    port = table.get("port", DEFAULT_PORTS[security])
    if isinstance(port, bool) or not str(port).strip().isdigit() or not 0 < int(port) < 65536:
        raise SmtpConfigError("[cchc.smtp] port phải là số cổng từ 1 đến 65535 (thường 587, 465 hoặc 25).")
    user = str(table.get("user") or "").strip()
    return SmtpSettings(host, int(port), security, sender, user, str(table.get("password") or ""))
