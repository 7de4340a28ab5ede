"""The sign-in secrets several test modules share: an `[auth]` table and `[cchc.access]` with three users.

`auth_table` and `access_tables` write these tables for any provider, secrets and users; `AUTH` and
`ACCESS` are the shared ones, `SECRETS` both.
"""

from __future__ import annotations


def auth_table(*, redirect_uri: str, provider: str, cookie_secret: str, client_secret: str) -> str:
    """An `[auth]` table for the client `cchc-dashboard` of the OIDC provider at `provider`."""
    return f'''
[auth]
redirect_uri = "{redirect_uri}"
cookie_secret = "{cookie_secret}"
client_id = "cchc-dashboard"
client_secret = "{client_secret}"
server_metadata_url = "{provider}/.well-known/openid-configuration"
'''


def access_tables(users: dict[str, str], contact: str | None = None) -> str:
    """`[cchc.access]` with its contact (when given), then `[cchc.access.users]`: email → role."""
    head = "" if contact is None else f'\n[cchc.access]\ncontact = "{contact}"\n'
    return head + "\n[cchc.access.users]\n" + "".join(f'"{who}" = "{role}"\n' for who, role in users.items())


CONTACT = "chị Hân, Bộ phận Pháp chế (0254 3 123 456)"
AUTH = auth_table(
    redirect_uri="http://127.0.0.1:8501/oauth2callback",
    provider="http://127.0.0.1:9",
    cookie_secret="cookie-secret-for-tests-0123456789",
    client_secret="client-secret-for-tests-DO-NOT-LEAK",
)
ACCESS = access_tables(  # contact and three users
    {
        "GiamDoc@SoKHCN.gov.vn": "director",
        "phapche@sokhcn.gov.vn": "compiler",
        "tttk@sokhcn.gov.vn": "unit:TTTK",
    },
    CONTACT,
)
SECRETS = AUTH + ACCESS
