"""Lazy public names for the stage packages (PEP 562): importing one stage never loads another's libraries."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def exports(package: str, homes: dict[str, str]) -> tuple[list[str], Callable[[str], Any]]:
    """`__all__` and the module `__getattr__` that imports each name from its module on first use."""

    def load(name: str) -> Any:
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{homes[name]}"), name)

    return sorted(homes), load
