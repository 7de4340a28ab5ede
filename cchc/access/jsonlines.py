"""Appending one line to a log file safely: one write, synced, and never glued to a torn last line."""

from __future__ import annotations

import os
from pathlib import Path


def _needs_newline(fd: int) -> bool:
    """True when the file ends without a newline (a write cut short): the next entry starts a new line."""
    size = os.fstat(fd).st_size
    return size > 0 and os.pread(fd, 1, size - 1) != b"\n"


def append_line(path: Path, line: bytes) -> None:
    """Append `line` (its newline added here) to `path`, made with its folder (the file 0o600), synced.

    O_APPEND and one write keep concurrent lines whole; a file ending mid-line (a crash) gets a
    newline first, so the torn line stays alone and the new one can still be read.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)  # read: to check the last byte
    try:
        os.write(fd, (b"\n" if _needs_newline(fd) else b"") + line + b"\n")  # one write: one whole line
        os.fsync(fd)
    finally:
        os.close(fd)
