"""Who may enter: sign-in through `st.login` when `[auth]` is configured, roles from `[cchc.access]`.

Roles come only from the server's `.streamlit/secrets.toml`, never from the shared sheet (which
every clerk can edit). A secrets file that does not parse closes the dashboard: Streamlit would
otherwise treat it as absent, `[auth]` would vanish and the plan would open to anyone.
"""

from __future__ import annotations

import os

import streamlit as st

from cchc.access.roles import (
    Access,
    Refusal,
    decide,
    exposed_warning,
    parse,
    secrets_syntax_error,
    unit_warnings,
)

__all__ = ["Refusal", "check", "refuse", "sidebar"]
from cchc.secrets_file import SECRETS, section


def _broken_secrets() -> str | None:
    try:
        text = SECRETS.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return "Không đọc được tệp .streamlit/secrets.toml (quyền đọc hoặc bảng mã). Hãy kiểm tra tệp."
    return secrets_syntax_error(text)


def auth_configured() -> bool:
    return bool(section("auth"))


def check() -> Access | Refusal:
    """This visitor's access (everything when sign-in is not configured), or why not."""
    broken = _broken_secrets()
    if broken:
        return Refusal("not_listed", broken)
    auth = auth_configured()
    email = st.user.get("email") if auth else None
    verified = st.user.get("email_verified") if auth else None
    return decide(
        parse(section("cchc").get("access")), str(email) if email else None, auth, email_verified=verified
    )


def refuse(refusal: Refusal) -> None:
    """The polite refusal, with the way in (sign in) or out (sign out, to try another account)."""
    st.title("Theo dõi tuyên truyền CCHC")
    if refusal.kind == "signed_out":
        st.info(refusal.message, icon=":material/lock:")
        st.button("Đăng nhập", type="primary", on_click=st.login, key="login")
        return
    st.error(refusal.message)
    if auth_configured() and refusal.email:
        st.button("Đăng xuất", on_click=st.logout, key="logout")


def sidebar(access: Access, source_kind: str | None, unit_codes: list[str]) -> None:
    """Who is signed in and the sign-out button, or the warning that anyone may read the plan."""
    if access.email:
        st.sidebar.caption(f"Đăng nhập: **{access.email}** · {access.label}")
        st.sidebar.button("Đăng xuất", on_click=st.logout, key="logout", icon=":material/logout:")
        if access.sees_audit:  # directors are told what is wrong in the access list
            config = parse(section("cchc").get("access"))
            for problem in [*config.errors, *unit_warnings(config, unit_codes)]:
                st.sidebar.warning(problem, icon=":material/manage_accounts:")
        return
    emulated = bool(os.environ.get("CCHC_SHEETS_ENDPOINT"))
    warning = exposed_warning(source_kind or "", st.get_option("server.address"), emulated=emulated)
    if warning:
        st.sidebar.warning(warning, icon=":material/public:")
