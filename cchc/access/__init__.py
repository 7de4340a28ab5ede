"""Access: who may see and export what (`roles`, from the server's secrets, never the sheet), and the
append-only audit log of downloads (`audit`).

Public names load on first use (`cchc.vocab.lazy`).
"""

from __future__ import annotations

from cchc.vocab.lazy import exports

__all__, __getattr__ = exports(
    __name__,
    {
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
        "sign_in": "signin",
        "unit_tables": "roles",
        "unit_warnings": "roles",
    },
)
