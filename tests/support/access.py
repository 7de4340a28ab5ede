"""The sign-in secrets several test modules share: an `[auth]` table and `[cchc.access]` with three users."""

from __future__ import annotations

CONTACT = "chị Hân, Bộ phận Pháp chế (0254 3 123 456)"
SECRETS = f'''
[auth]
redirect_uri = "http://127.0.0.1:8501/oauth2callback"
cookie_secret = "cookie-secret-for-tests-0123456789"
client_id = "cchc-dashboard"
client_secret = "client-secret-for-tests-DO-NOT-LEAK"
server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"

[cchc.access]
contact = "{CONTACT}"

[cchc.access.users]
"GiamDoc@SoKHCN.gov.vn" = "director"
"phapche@sokhcn.gov.vn" = "compiler"
"tttk@sokhcn.gov.vn" = "unit:TTTK"
'''
