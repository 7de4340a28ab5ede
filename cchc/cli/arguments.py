"""What several commands share on their command line."""

from __future__ import annotations

import argparse


def source_command(
    commands: argparse._SubParsersAction, name: str, help_text: str
) -> argparse.ArgumentParser:
    """A command over one source, the configured one when none is named (`health`, `remind`, `report`)."""
    sub: argparse.ArgumentParser = commands.add_parser(name, help=help_text)
    sub.add_argument("source", nargs="?", help="nguồn dữ liệu (mặc định: nguồn đang dùng)")
    return sub
