"""What test modules share, so no test module imports another one (or conftest.py).

- `tests.support.plans`: a tiny plan's headers and rows, raw sources and CSV folders built from them;
- `tests.support.access`: the sign-in secrets the access tests use, and their contact line;
- `tests.support.signin`: sign-in set up halfway (secrets texts that must close the dashboard);
- `tests.support.app`: the dashboard's entry point and its pages;
- `tests.support.isolation`: what the autouse `isolated` fixture (tests/conftest.py) clears;
- `tests.support.browser`: the system Chromium, its flags, free ports and waiting for a server.
"""
