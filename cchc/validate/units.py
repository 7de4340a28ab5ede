"""The `Đơn vị` tab and matching of unit names, codes and other names (SPEC §2, §3.1)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from cchc.validate.table import Table
from cchc.vocab.issues import Issue
from cchc.vocab.text import loose_key, match_key, sort_key
from cchc.vocab.values import as_text

_LIST = re.compile(r"\s*[;,\n]\s*")
_AND = re.compile(r"\s+(?:và|va|VÀ|Và)\s+")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EXACT, LOOSE = "exact", "loose"


@dataclass(frozen=True)
class Unit:
    """One unit of the department."""

    code: str
    name: str
    aliases: tuple[str, ...]
    head: str
    email: str
    row: int
    symbol: str = ""  # `Ký hiệu`: the symbol on the unit's own documents (`BC-TTTK`), when it has a seal


@dataclass
class Directory:
    """All units, with lookups by exact and accent-free keys of code, name and other names."""

    units: dict[str, Unit] = field(default_factory=dict)
    exact: dict[str, str] = field(default_factory=dict)
    loose: dict[str, str | None] = field(default_factory=dict)

    def add(self, unit: Unit) -> None:
        """Register a unit under its code, name and other names."""
        self.units[unit.code] = unit
        for name in (unit.code, unit.name, *unit.aliases):
            self.exact.setdefault(match_key(name), unit.code)
            key = loose_key(name)
            if self.loose.get(key, unit.code) != unit.code:
                self.loose[key] = None  # ambiguous once accents are gone
            else:
                self.loose[key] = unit.code

    def names(self) -> dict[str, str]:
        """Each unit's code and full name (pages and files name units, never by their code)."""
        return {u.code: u.name for u in self.units.values()}

    def name(self, code: str) -> str:
        """A unit's full name, or `code` itself when no unit has that code."""
        unit = self.units.get(code)
        return unit.name if unit else code

    def match(self, text: str) -> tuple[str | None, str | None]:
        """The unit code a name refers to, and whether it matched exactly or without accents."""
        code = self.exact.get(match_key(text))
        if code:
            return code, EXACT
        code = self.loose.get(loose_key(text))
        return (code, LOOSE) if code else (None, None)

    def closest(self, text: str) -> str | None:
        """The name of the unit closest to an unknown reference, if any is close."""
        names = {loose_key(u.name): u.name for u in self.units.values()}
        names.update({loose_key(u.code): u.code for u in self.units.values()})
        found = difflib.get_close_matches(loose_key(text), list(names), n=1, cutoff=0.6)
        return names[found[0]] if found else None

    def split(self, text: str) -> list[str]:
        """A cell naming one or more units: matched whole first, then split on ; , and `và`."""
        parts: list[str] = []
        for part in filter(None, _LIST.split(text.strip())):
            if self.match(part)[0] or not _AND.search(part):
                parts.append(part)
            else:
                parts.extend(p for p in _AND.split(part) if p)
        return parts

    def ordered(self) -> list[Unit]:
        """Units in Vietnamese alphabetical order of their names."""
        return sorted(self.units.values(), key=lambda u: sort_key(u.name))


def _unit_issue(
    table: Table, key: str, code: str, row: int, raw: object, text: str, warn: bool = False
) -> Issue:
    return table.place(key).issue(code, row, raw, text, warn=warn)


def read_units(table: Table | None) -> tuple[Directory, list[Issue]]:
    """Read the unit list; a row without a code or with a duplicate code is left out."""
    directory = Directory()
    issues: list[Issue] = []
    if table is None:
        return directory, issues
    for row, rec in zip(table.rows.index, table.rows.itertuples(index=False), strict=True):
        code, name = as_text(rec.code), as_text(rec.name)
        if not code:
            text = "dòng thiếu «Mã đơn vị». Hãy đặt mã ngắn, ví dụ TTTK."
            issues.append(_unit_issue(table, "code", "unit.missing_code", row, rec.code, text))
            continue
        if code in directory.units:
            text = f"mã đơn vị «{code}» đã dùng ở dòng {directory.units[code].row}. Hãy đặt mã khác."
            issues.append(_unit_issue(table, "code", "unit.duplicate_code", row, rec.code, text))
            continue
        if not name:
            text = f"đơn vị «{code}» chưa có tên; tạm dùng mã làm tên. Hãy điền «Tên đơn vị»."
            issues.append(_unit_issue(table, "name", "unit.missing_name", row, rec.name, text, True))
        email = as_text(rec.email)
        if email and not _EMAIL.match(email):
            text = f"«{email}» không phải địa chỉ email hợp lệ. Hãy sửa, ví dụ ten@baria-vungtau.gov.vn."
            issues.append(_unit_issue(table, "email", "email.invalid", row, rec.email, text, True))
        aliases = tuple(a for a in _LIST.split(as_text(rec.aliases)) if a)
        unit = Unit(code, name or code, aliases, as_text(rec.head), email, int(row), as_text(rec.symbol))
        directory.add(unit)
    return directory, issues
