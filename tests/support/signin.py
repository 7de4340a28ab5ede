"""Sign-in for tests: a local OIDC provider, and sign-in set up halfway.

`provider` runs oidc-provider-mock, which accepts any client; on its authorize page the typed subject
becomes the signed-in email (`sign_in` does it in a browser page).

Sign-in set up halfway: secrets.toml texts that list people in `[cchc.access]` but whose `[auth]`
fails. `HALFWAY` maps a variant's id to (secrets.toml text, a fragment the administrator's
explanation must name). Each must close every page.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.access import ACCESS, AUTH
from tests.support.browser import WAIT, free_port, running


def provider_installed() -> bool:
    """Whether oidc-provider-mock, the sign-in tests' provider, is installed (a test tool)."""
    return importlib.util.find_spec("oidc_provider_mock") is not None


@contextmanager
def provider(log: Path) -> Iterator[str]:
    """oidc-provider-mock on a free loopback port until the block ends: its address (its output in `log`).

    Its CLI sets AUTHLIB_INSECURE_TRANSPORT, so it serves plain http."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)]
    with running(command, log, f"{url}/.well-known/openid-configuration"):
        yield url


def sign_in(page, url: str, oidc: str, email: str) -> str:
    """Open the dashboard at `url` signed out, press Đăng nhập, type `email` as the provider's subject,
    come back: the address of the provider's authorize page it went through."""
    page.goto(url)
    page.get_by_role("button", name="Đăng nhập").click(timeout=WAIT)
    page.wait_for_url(f"{oidc}/oauth2/authorize**", timeout=WAIT)
    authorize = page.url
    page.locator("input[name=sub]").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**", timeout=WAIT)
    return authorize


def _without(key: str) -> str:
    return "\n".join(line for line in AUTH.splitlines() if not line.startswith(f"{key} ="))


def _commented(text: str) -> str:
    return "\n".join(f"# {line}" if line else line for line in text.splitlines())


_PROVIDER_ONLY = """
[auth]
redirect_uri = "http://127.0.0.1:8501/oauth2callback"
cookie_secret = "cookie-secret-for-tests-0123456789"

[auth.google]
client_id = "cchc-dashboard"
server_metadata_url = "https://accounts.google.com/.well-known/openid-configuration"
"""

HALFWAY: dict[str, tuple[str, str]] = {
    "auth-missing": (ACCESS, "không có mục [auth]"),
    "auth-commented-out": (_commented(AUTH) + ACCESS, "không có mục [auth]"),
    "auth-empty": ("\n[auth]\n" + ACCESS, "[auth] trống"),
    "auth-capitalized": (AUTH.replace("[auth]", "[Auth]") + ACCESS, "[Auth]"),
    "oauth": (AUTH.replace("[auth]", "[oauth]") + ACCESS, "[oauth]"),
    "auth-under-cchc": (AUTH.replace("[auth]", "[cchc.auth]") + ACCESS, "[cchc.auth]"),
    "no-redirect-uri": (_without("redirect_uri") + ACCESS, "[auth] thiếu redirect_uri"),
    "no-cookie-secret": (_without("cookie_secret") + ACCESS, "[auth] thiếu cookie_secret"),
    "no-client-secret": (_without("client_secret") + ACCESS, "[auth] thiếu client_secret"),
    "empty-client-id": (AUTH.replace('client_id = "cchc-dashboard"', 'client_id = ""') + ACCESS, "client_id"),
    "redirect-not-callback": (AUTH.replace("/oauth2callback", "/") + ACCESS, "/oauth2callback"),
    "provider-incomplete": (_PROVIDER_ONLY + ACCESS, "[auth.google] thiếu client_secret"),
    "roles-capitalized": (ACCESS.replace("[cchc.access", "[CCHC.access"), "[CCHC.access]"),
    "roles-key-capitalized": (AUTH + ACCESS.replace("[cchc.access", "[cchc.Access"), "[cchc.Access]"),
}
# the secrets of these variants must never reach a page
TEST_SECRETS = ("client-secret-for-tests-DO-NOT-LEAK", "cookie-secret-for-tests-0123456789")
