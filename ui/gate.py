"""Who may enter: sign-in through `st.login` when `[auth]` is configured, roles from `[cchc.access]`.

Roles come only from the server's own configuration, never from the shared sheet (which
every clerk can edit). A secrets file that does not parse closes the dashboard: Streamlit would
otherwise treat it as absent, `[auth]` would vanish and the plan would open to anyone. So does
sign-in set up halfway (roles without a usable `[auth]`, an `[auth]` misspelled or incomplete):
every page then shows only the administrator's explanation.
"""

from __future__ import annotations

import streamlit as st

from cchc.access.roles import (
    Access,
    Refusal,
    decide,
    exposed_warning,
    parse,
    unit_warnings,
)
from cchc.access.signin import SignIn, sign_in
from cchc.config import Config
from ui.text import literal

__all__ = ["Refusal", "check", "refuse", "reporter", "sidebar"]


def check(config: Config) -> Access | Refusal:
    """This visitor's access (everything when sign-in is not configured), or why not."""
    if config.secrets.error:
        return Refusal("not_listed", config.secrets.error)
    setup = sign_in(config.secrets.tables)
    if isinstance(setup, Refusal):
        return setup  # sign-in set up halfway: nobody enters, the administrator is told what to fix
    email = st.user.get("email") if setup.required else None
    verified = st.user.get("email_verified") if setup.required else None
    return decide(
        parse(config.access), str(email) if email else None, setup.required, email_verified=verified
    )


def reporter(access: Access) -> str:
    """Who a row written now names in `Người cập nhật`: the signed-in person's name as the sign-in
    gives it, else their email."""
    signed = st.user.get("name") if access.email else None
    name = str(signed).strip() if signed else ""
    return name or str(access.email)


def _sign_in_buttons(config: Config) -> None:
    """One button per provider `[auth]` configures; the first is the one the tests press."""
    setup = sign_in(config.secrets.tables)
    providers = setup.providers if isinstance(setup, SignIn) and setup.providers else (None,)
    for n, provider in enumerate(providers):
        label = (
            f"Đăng nhập bằng {literal(provider or 'tài khoản chính')}" if len(providers) > 1 else "Đăng nhập"
        )
        key = "login" if n == 0 else f"login-{provider}"
        st.button(label, type="primary", on_click=st.login, args=(provider,), key=key)


def refuse(refusal: Refusal, config: Config) -> None:
    """The polite refusal, with the way in (sign in) or out (sign out, to try another account)."""
    st.title("Theo dõi tuyên truyền CCHC")
    if refusal.kind == "misconfigured":  # nothing else: no data, no menu, no button that would fail
        st.error(literal(refusal.message), icon=":material/settings:")
        return
    if refusal.kind == "signed_out":
        st.info(literal(refusal.message), icon=":material/lock:")
        _sign_in_buttons(config)
        return
    st.error(literal(refusal.message))  # quotes the email the provider gave
    if config.auth and refusal.email:
        st.button("Đăng xuất", on_click=st.logout, key="logout")


def sidebar(access: Access, config: Config, source_kind: str | None, unit_codes: list[str]) -> None:
    """Who is signed in and the sign-out button, or the warning that anyone may read the plan."""
    if access.email:
        # the email and unit as the administrator listed them on the server, not text from the sheet
        st.sidebar.caption(f"Đăng nhập: **{access.email}** · {access.label}")
        st.sidebar.button("Đăng xuất", on_click=st.logout, key="logout", icon=":material/logout:")
        if access.sees_audit:  # directors are told what is wrong in the access list
            roles = parse(config.access)
            for problem in [*roles.errors, *unit_warnings(roles, unit_codes)]:  # they quote what was typed
                st.sidebar.warning(literal(problem), icon=":material/manage_accounts:")
        return
    emulated = bool(config.google.endpoint)
    warning = exposed_warning(source_kind or "", st.get_option("server.address"), emulated=emulated)
    if warning:
        st.sidebar.warning(warning, icon=":material/public:")
