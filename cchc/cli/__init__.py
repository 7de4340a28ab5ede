"""CLI: `python -m cchc`, one of the two shells (the dashboard is the other).

It builds the `Config` once (`cchc.config.load_config`) and passes it down; `cchc.cli.main.main`
is the entry point.
"""
