"""Reminders as emails (multipart/alternative, UTF-8), sent over SMTP or written as `.eml` files.

The SMTP password goes to `smtplib.login` and nowhere else: failures are described by the kind
of error and the server's reply code, never by the exception's text.
"""

from __future__ import annotations

import re
import smtplib
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.header import Header
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, make_msgid
from pathlib import Path

from cchc.remind import sentlog
from cchc.remind.build import Reminder
from cchc.remind.settings import SmtpSettings

TIMEOUT = 30.0


class _MailPolicy(EmailPolicy):
    """SMTP's policy, except that a non-ASCII Subject is folded by `email.header.Header`: the
    policy's own folder can leave the space between two words outside the encoded words, where
    mail readers drop it («1 phầnviệc», CPython gh-92081); Header keeps every space inside them."""

    def fold_binary(self, name: str, value: str) -> bytes:
        if name.lower() == "subject" and not str(value).isascii():
            folded = Header(str(value), "utf-8", header_name=name).encode(linesep=self.linesep)
            return f"{name}: {folded}{self.linesep}".encode("ascii")
        return super().fold_binary(name, value)


MAIL = _MailPolicy(linesep="\r\n")


@dataclass
class SendResult:
    """What one run did: the messages sent, and those that failed with the reason (Vietnamese)."""

    sent: list[Reminder] = field(default_factory=list)
    failed: list[tuple[Reminder, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every due message went out."""
        return not self.failed


def to_message(reminder: Reminder, sender: str, at: datetime) -> EmailMessage:
    """The reminder as an email: plain text first, HTML as the alternative."""
    message = EmailMessage(policy=MAIL)
    message["Subject"] = reminder.subject
    message["From"] = sender
    message["To"] = reminder.to
    message["Date"] = format_datetime(at)
    message["Message-ID"] = make_msgid("cchc", domain=sender.rpartition("@")[2] or None)
    message.set_content(reminder.text, charset="utf-8")
    message.add_alternative(reminder.html, subtype="html", charset="utf-8")
    return message


def _file_name(reminder: Reminder, n: int) -> str:
    who = reminder.unit or "lanh-dao_" + re.sub(r"[^A-Za-z0-9._-]+", "_", reminder.to)
    return f"{n:02d}_{who}.eml"


def write_eml(reminders: list[Reminder], folder: Path, sender: str, at: datetime) -> list[Path]:
    """Write each message as an `.eml` file named with its unit's code (the dry run); send nothing."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for n, reminder in enumerate(reminders, 1):
        path = folder / _file_name(reminder, n)
        path.write_bytes(bytes(to_message(reminder, sender, at)))
        written.append(path)
    return written


def _connect(smtp: SmtpSettings) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if smtp.security == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=TIMEOUT, context=context)
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT)
    try:
        client.ehlo()
        if smtp.security == "starttls":
            client.starttls(context=context)
            client.ehlo()
        if smtp.user:
            client.login(smtp.user, smtp.password)
    except BaseException:
        client.close()
        raise
    return client


def _reason(error: Exception) -> str:
    """Why a send failed, in Vietnamese, from the error's kind and reply code only (no secrets)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in error.recipients.values()})
        return f"máy chủ thư từ chối người nhận (mã {', '.join(map(str, codes))})"
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return f"đăng nhập máy chủ thư không được (mã {error.smtp_code}); kiểm tra [cchc.smtp] user, password"
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return "máy chủ thư ngắt kết nối giữa chừng"
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return "máy chủ thư không hỗ trợ STARTTLS hoặc đăng nhập; kiểm tra [cchc.smtp] security"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"máy chủ thư trả lỗi (mã {error.smtp_code})"
    if isinstance(error, ssl.SSLError):
        return "lỗi TLS khi kết nối máy chủ thư; kiểm tra [cchc.smtp] security và port"
    if isinstance(error, socket.timeout | TimeoutError):
        return "máy chủ thư không trả lời (hết thời gian chờ)"
    if isinstance(error, OSError):
        return f"không kết nối được máy chủ thư ({error.strerror or type(error).__name__})"
    return f"lỗi khi gửi thư ({type(error).__name__})"


def _send_one(smtp: SmtpSettings, reminder: Reminder, at: datetime) -> str:
    """Send one message on its own connection (a dropped one spoils no other); its Message-ID."""
    message = to_message(reminder, smtp.sender, at)
    client = _connect(smtp)
    try:
        client.send_message(message)
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()
    return str(message["Message-ID"])


def send_reminders(
    reminders: list[Reminder],
    smtp: SmtpSettings,
    log_path: Path,
    at: datetime,
    days: int,
    on_progress: Callable[[Reminder, str | None], None] | None = None,
) -> SendResult:
    """Send each message; log each one that went out; keep going after a failure (retried next run).

    One run at a time: a lock beside the sent-log (its folder must exist) is held while sending, and
    what is due in `days` (the `chu_ky_nhac` window) is decided again under it, so the timer and a
    director's click never send the same items twice. `on_progress(reminder, reason)` is called after each
    message (reason None when it was sent).
    """
    result = SendResult()
    with sentlog.locked(log_path):
        reminders = sentlog.due_reminders(reminders, log_path, at.date(), days)
        for reminder in reminders:
            try:
                message_id = _send_one(smtp, reminder, at)
            except (smtplib.SMTPException, OSError, UnicodeError) as error:
                result.failed.append((reminder, _reason(error)))
                if on_progress:
                    on_progress(reminder, _reason(error))
                continue
            sentlog.record(log_path, reminder, at, message_id)
            result.sent.append(reminder)
            if on_progress:
                on_progress(reminder, None)
    return result
