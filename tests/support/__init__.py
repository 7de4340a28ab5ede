"""What test modules share, so no test module imports another one (or conftest.py).

- `tests.support.plans`: a tiny plan's headers and rows, raw sources and CSV folders built from them;
- `tests.support.access`: the sign-in secrets the access tests use (`[auth]` and `[cchc.access]` builders),
  and their contact line;
- `tests.support.signin`: the sign-in provider (oidc-provider-mock) started on loopback, signing in
  through it in a browser page, and sign-in set up halfway (secrets texts that must close the dashboard);
- `tests.support.app`: the dashboard's entry point and its pages, and an AppTest run as a signed-in user;
- `tests.support.isolation`: what the autouse `isolated` fixture (tests/conftest.py) clears;
- `tests.support.settings`: a dashboard's secrets file written for a test, and fresh reads around it;
- `tests.support.smtp`: a real SMTP server (aiosmtpd) on loopback that keeps what it receives, and the
  `[cchc.smtp]` table that points at it;
- `tests.support.proxy`: nginx on loopback with a self-signed certificate, in front of the dashboard;
- `tests.support.browser`: the system Chromium, its flags and pages, free ports, starting, waiting for
  and stopping a server (the dashboard among them), skipping (or failing) for want of a tool, waiting
  for a page's script run, opening a page from the menu, choosing a select box's option.
"""
