"""Whether visitors must sign in: the `[auth]` table `st.login` reads, judged before anyone enters.

Sign-in set up halfway (an `[auth]` that is empty, misspelled, nested under `[cchc]`, or missing a
key `st.login` needs) closes the dashboard to everyone with an explanation for the administrator:
it never fails open.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from cchc.access.roles import Refusal

_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")  # st.login checks (1.67)
_AUTH_LOOKALIKES = {"auth", "oauth", "oauth2", "oidc", "login", "authentication", "dang_nhap"}
_CALLBACK = re.compile(r"https?://[^\s/]+(/\S*)?/oauth2callback")


@dataclass(frozen=True)
class SignIn:
    """Whether visitors must sign in, and the providers `st.login` may use (None: `[auth]`'s own keys)."""

    required: bool
    providers: tuple[str | None, ...] = ()


def _filled(table: Mapping[str, object], key: str) -> bool:
    value = table.get(key)
    return isinstance(value, str) and bool(value.strip())


def _provider_tables(auth: Mapping[str, object]) -> dict[str, Mapping[str, object]]:
    return {str(k): v for k, v in auth.items() if isinstance(v, Mapping) and k != "client_kwargs"}


def _providers(auth: Mapping[str, object]) -> tuple[str | None, ...]:
    """What `st.login` can use: `[auth]`'s own keys, then each complete `[auth.NAME]` (no `_` in NAME)."""
    own: list[str | None] = [None] if all(_filled(auth, k) for k in _PROVIDER_KEYS) else []
    named = [
        name
        for name, table in _provider_tables(auth).items()
        if "_" not in name and all(_filled(table, k) for k in _PROVIDER_KEYS)
    ]
    return (*own, *named)


def _provider_problems(auth: Mapping[str, object]) -> list[str]:
    if _providers(auth):
        return []
    problems = []
    for name, table in (_provider_tables(auth) or {"": auth}).items():
        where = f"[auth.{name}]" if name else "[auth]"
        missing = ", ".join(k for k in _PROVIDER_KEYS if not _filled(table, k))
        problems.append(f"{where} thiếu {missing}" if missing else f"tên {where} không được có dấu _")
    return problems


def _auth_problems(auth: object) -> list[str]:
    """What keeps `st.login` from working with this `[auth]` table; empty when it is complete."""
    if not isinstance(auth, Mapping) or not auth:
        return ["không có mục [auth]" if auth is None else "mục [auth] trống hoặc không phải một bảng"]
    problems = [f"[auth] thiếu {k}" for k in ("redirect_uri", "cookie_secret") if not _filled(auth, k)]
    if _filled(auth, "redirect_uri") and not _CALLBACK.fullmatch(str(auth["redirect_uri"])):
        problems.append("redirect_uri phải là địa chỉ http(s) của trang, kết thúc bằng /oauth2callback")
    return problems + _provider_problems(auth)


def _lookalikes(secrets: Mapping[str, object]) -> list[str]:
    """Tables that look like a misplaced `[auth]`: another spelling, or nested under `[cchc]`."""
    mine = secrets.get("cchc")
    tables = [("", secrets), ("cchc.", mine)] if isinstance(mine, Mapping) else [("", secrets)]
    return [
        f"[{prefix}{k}]"
        for prefix, table in tables
        for k, v in table.items()
        if isinstance(v, Mapping) and str(k).lower() in _AUTH_LOOKALIKES and f"{prefix}{k}" != "auth"
    ]


def _misspelled_roles(secrets: Mapping[str, object]) -> list[str]:
    """Role tables the program would not read: `[CCHC.access]`, `[cchc.Access]` (names are case-sensitive)."""
    return [
        f"[{top}.{key}]"
        for top, table in secrets.items()
        if str(top).lower() == "cchc" and isinstance(table, Mapping)
        for key in table
        if str(key).lower() == "access" and f"{top}.{key}" != "cchc.access"
    ]


def _roles_misspelled(names: list[str]) -> Refusal:
    return Refusal(
        "misconfigured",
        f"Bảng theo dõi đang đóng với mọi người vì danh sách quyền đặt sai tên: có mục {', '.join(names)}, "
        "nhưng chương trình chỉ đọc mục viết thường đúng [cchc.access] (và [cchc.access.users]). Người quản "
        "trị: hãy sửa tên mục trong tệp .streamlit/secrets.toml trên máy chủ (xem docs/access.md), rồi tải "
        "lại trang.",
    )


def _misconfigured(problems: list[str], roles: bool, strays: list[str]) -> str:
    why = ("đã có danh sách quyền [cchc.access] nhưng " if roles else "") + "; ".join(problems)
    seen = f" Có mục {', '.join(strays)}, nhưng Streamlit chỉ đọc mục tên đúng [auth]." if strays else ""
    return (
        f"Bảng theo dõi đang đóng với mọi người vì đăng nhập chưa được cấu hình đúng: {why}.{seen} "
        "Người quản trị: hãy sửa mục [auth] trong tệp .streamlit/secrets.toml trên máy chủ (viết "
        "thường, ở cấp ngoài cùng, không nằm trong [cchc]; cần redirect_uri, cookie_secret và client_id, "
        "client_secret, server_metadata_url ngay trong [auth] hoặc trong một bảng như [auth.google]; "
        "xem docs/access.md, phần «Turning sign-in on»), rồi tải lại trang."
    )


def sign_in(secrets: Mapping[str, object]) -> SignIn | Refusal:
    """Whether visitors must sign in, from the whole secrets file; sign-in set up halfway refuses everyone."""
    auth, mine = secrets.get("auth"), secrets.get("cchc")
    misspelled = _misspelled_roles(secrets)
    if misspelled:  # the roles would be ignored: never let that open the dashboard
        return _roles_misspelled(misspelled)
    roles = isinstance(mine, Mapping) and mine.get("access") is not None
    strays = _lookalikes(secrets)
    if auth is None and not roles and not strays:
        return SignIn(required=False)  # nobody set sign-in up: open to anyone, as before
    problems = _auth_problems(auth)
    if problems or not isinstance(auth, Mapping):
        return Refusal("misconfigured", _misconfigured(problems, roles, strays))
    return SignIn(True, _providers(auth))
