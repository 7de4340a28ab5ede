"""The errors the product explains: each has a stable `code`, a Vietnamese message and an exit code.

The CLI prints `explain()` and exits with `exit_code`; the dashboard shows the message. Nothing
dispatches on the message text, and the codes never change (tests and the audit log use them).
"""

from __future__ import annotations

from typing import ClassVar


class CchcError(Exception):
    """Base of every error that reaches a user; never a traceback."""

    exit_code: ClassVar[int] = 2

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def explain(self) -> str:
        """The line a user reads: the message, which already says what to do."""
        return self.message


class SourceError(CchcError):
    """The source cannot be opened at all (CLI exit 2)."""

    def explain(self) -> str:
        if self.code == "gsheet.rejected":
            return f"Không ghi được [{self.code}]: {self.message}"
        what = "tệp kế hoạch" if self.code.startswith("plan.") else "nguồn dữ liệu"
        return f"Không đọc được {what} [{self.code}]: {self.message}"


class ExportError(CchcError):
    """A snapshot, report or template cannot be written where asked."""

    def __init__(self, message: str, code: str = "export.write") -> None:
        super().__init__(code, message)


class UsageError(CchcError):
    """The call itself is wrong."""

    def __init__(self, message: str, code: str = "usage") -> None:
        super().__init__(code, message)
