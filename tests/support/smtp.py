"""A real SMTP server on loopback for the reminder tests (aiosmtpd), recording what it receives.

`serve(...)` starts one on a free port and yields its `Mailbox`: every message accepted, with its
envelope. Variants refuse one recipient (550) or drop the connection when one recipient is named;
with `logins`, the server offers AUTH (without TLS) and records each login's user name. `smtp_table`
writes the dashboard's `[cchc.smtp]` for such a server.
"""

from __future__ import annotations

import email
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from typing import Any, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.support.browser import free_port


@dataclass
class Received:
    """One message the server accepted."""

    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        """The message parsed by the standard library."""
        return cast(EmailMessage, email.message_from_bytes(self.data, policy=default))


@dataclass
class Mailbox:
    """What the server saw; `refuse` and `drop` name recipients it refuses (550) or hangs up on."""

    port: int = 0
    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    drop: set[str] = field(default_factory=set)
    logins: dict[str, str] | None = None  # user → password the server accepts; None offers no AUTH
    logged_in: list[str] = field(default_factory=list)

    def to(self, address: str) -> list[EmailMessage]:
        """The messages that reached one address."""
        return [r.message for r in self.received if address in r.recipients]

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.drop:
            server.transport.close()
            return "421 closing"
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        if isinstance(data, LoginPassword) and self.logins is not None:
            user, password = data.login.decode(), data.password.decode()
            if self.logins.get(user) == password:
                self.logged_in.append(user)
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)


def smtp_table(port: int, password: str | None = None) -> str:
    """A `[cchc.smtp]` table for the loopback server on `port`, without TLS (and the password if given)."""
    table = f'\n[cchc.smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
    table += 'sender = "cchc@sokhcn.gov.vn"\n'
    return table if password is None else f'{table}password = "{password}"\n'


@contextmanager
def serve(box: Mailbox | None = None) -> Iterator[Mailbox]:
    """Run an SMTP server on loopback for the duration of the block."""
    box = box or Mailbox()
    box.port = free_port()  # aiosmtpd 1.4.6 cannot be given port 0: its readiness probe dials it
    options: dict[str, Any] = {}
    if box.logins is not None:
        options = {"authenticator": box.authenticate, "auth_require_tls": False}
    controller = Controller(box, hostname="127.0.0.1", port=box.port, **options)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()
