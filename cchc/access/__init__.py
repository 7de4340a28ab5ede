"""Access: who may see and export what (`roles`, from the server's secrets, never the sheet), and the
append-only audit log of downloads (`audit`).

Public names load lazily (PEP 562), so importing one stage never loads another's libraries.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "Access": "roles",
    "AccessConfig": "roles",
    "COMPILER": "roles",
    "DEFAULT_CONTACT": "roles",
    "DIRECTOR": "roles",
    "Entry": "audit",
    "FILE_NAME": "audit",
    "Log": "audit",
    "OPEN": "roles",
    "Refusal": "roles",
    "SignIn": "signin",
    "UNIT": "roles",
    "audited": "audit",
    "canonical_unit": "roles",
    "decide": "roles",
    "default_path": "audit",
    "entries_frame": "audit",
    "exposed_warning": "roles",
    "normalize_email": "roles",
    "parse": "roles",
    "read_log": "audit",
    "record": "audit",
    "secrets_syntax_error": "roles",
    "sha256": "audit",
    "sign_in": "signin",
    "unit_tables": "roles",
    "unit_warnings": "roles",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
