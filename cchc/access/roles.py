"""Who may enter and what they may export: roles from `[cchc.access]` in secrets.toml, never the sheet."""

from __future__ import annotations

import ipaddress
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

Role = Literal["director", "compiler", "unit", "open"]
RefusalKind = Literal["signed_out", "not_listed", "unverified", "misconfigured"]

DIRECTOR: Role = "director"
COMPILER: Role = "compiler"
UNIT: Role = "unit"
OPEN: Role = "open"  # no [auth]: the dashboard runs as before, for anyone who reaches it
# Role names a clerk may write, English (as in the README) or Vietnamese without accents.
_ROLE_NAMES: dict[str, Role] = {
    "director": DIRECTOR,
    "lanh_dao": DIRECTOR,
    "compiler": COMPILER,
    "tong_hop": COMPILER,
    "unit": UNIT,
    "don_vi": UNIT,
}
DEFAULT_CONTACT = "Bộ phận Pháp chế, Văn phòng Sở (người quản trị bảng theo dõi)"
_PLACE = "[cchc.access] trong .streamlit/secrets.toml"
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_ROLE_HELP = 'dùng "director", "compiler" hoặc "unit:MÃ_ĐƠN_VỊ" (ví dụ "unit:TTTK")'


# A role in words (SPEC §13): the sidebar and the export audit log say the same.
ROLE_WORDS: dict[str, str] = {
    DIRECTOR: "Giám đốc/Phó Giám đốc",
    COMPILER: "Bộ phận tổng hợp",
    OPEN: "Không đăng nhập",
}


@dataclass(frozen=True)
class Access:
    """A signed-in person's role (and unit for a unit role), or `open` when there is no sign-in."""

    role: Role
    email: str | None = None
    unit: str | None = None

    @property
    def export_unit(self) -> str | None:
        """The only unit whose rows this person may export; None means the whole plan."""
        return self.unit if self.role == UNIT else None

    @property
    def can_export_all(self) -> bool:
        """May download the whole snapshot, every CSV and the reports."""
        return self.role in (DIRECTOR, COMPILER, OPEN)

    def may_download_report(self, kind: str, unit: str | None) -> bool:
        """May download the `kind` report (of `unit` for a unit's own): every report with the whole
        plan, only its own unit's report for a unit account."""
        own = self.export_unit
        return self.can_export_all or (own is not None and kind == "unit" and unit == own)

    @property
    def may_download_all_units_reports(self) -> bool:
        """May download every unit's own report at once (a unit account may not: only its own)."""
        return self.can_export_all

    @property
    def sees_audit(self) -> bool:
        """May read the export audit log (directors; anyone when there is no sign-in at all)."""
        return self.role in (DIRECTOR, OPEN)

    @property
    def start_unit(self) -> str | None:
        """The unit the data-quality and to-do pages start on."""
        return self.export_unit

    @property
    def label(self) -> str:
        """The role in Vietnamese, for the sidebar."""
        return ROLE_WORDS.get(self.role) or f"Đơn vị {self.unit}"


@dataclass(frozen=True)
class Refusal:
    """Why this person may not enter, and the polite Vietnamese message that says who to ask."""

    kind: RefusalKind
    message: str
    email: str | None = None


@dataclass(frozen=True)
class AccessConfig:
    """The parsed `[cchc.access]` table: normalized email → grant, who to ask, and config errors."""

    users: Mapping[str, Access] = field(default_factory=dict)
    contact: str = DEFAULT_CONTACT
    errors: tuple[str, ...] = ()


def normalize_email(email: str) -> str:
    """An email as compared: trimmed and lower-case."""
    return email.strip().lower()


def _grant(email: str, value: object) -> Access | str:
    """The grant an entry gives, or a Vietnamese error naming the entry."""
    where = f'Dòng "{email}" trong {_PLACE}'
    if isinstance(value, dict):
        return f'{where}: địa chỉ email phải nằm trong dấu ngoặc kép, ví dụ "ten@so.gov.vn" = "director".'
    if not isinstance(value, str):
        return f"{where}: vai trò phải là chữ trong dấu ngoặc kép; {_ROLE_HELP}."
    name, colon, unit = (part.strip() for part in value.partition(":"))
    role = _ROLE_NAMES.get(name.lower())
    if role is None:
        return f"{where}: vai trò «{value}» không hợp lệ; {_ROLE_HELP}."
    if role == UNIT and not unit:
        return f'{where}: vai trò đơn vị cần mã đơn vị sau dấu hai chấm, ví dụ "unit:TTTK".'
    if role != UNIT and colon:
        return f"{where}: chỉ vai trò unit mới ghi mã đơn vị; {_ROLE_HELP}."
    if not _EMAIL.fullmatch(email.strip()):
        return f"{where}: «{email}» không phải địa chỉ email."
    return Access(role, normalize_email(email), unit or None)


def _users(table: object) -> tuple[dict[str, Access], list[str]]:
    if not isinstance(table, dict):
        return {}, ["Mục [cchc.access.users] trong .streamlit/secrets.toml phải là một bảng email = vai trò."]
    users: dict[str, Access] = {}
    errors: list[str] = []
    conflicts: set[str] = set()
    for email, value in table.items():
        grant = _grant(str(email), value)
        if isinstance(grant, str):
            errors.append(grant)
            continue
        key = normalize_email(str(email))
        if key in users and users[key] != grant:
            conflicts.add(key)
        users[key] = grant
    for key in sorted(conflicts):  # two different roles for one person: grant neither (fail closed)
        del users[key]
        errors.append(
            f"Email «{key}» được ghi hai lần với hai vai trò khác nhau trong {_PLACE}; hãy giữ một dòng."
        )
    return users, errors


def parse(table: object) -> AccessConfig:
    """The access config from the `[cchc.access]` table; bad entries become errors, never exceptions."""
    if table is None:
        return AccessConfig()
    if not isinstance(table, Mapping):
        return AccessConfig(errors=(f"Mục {_PLACE} phải là một bảng (xem docs/access.md).",))
    errors: list[str] = []
    contact = table.get("contact", DEFAULT_CONTACT)
    if not isinstance(contact, str) or not contact.strip():
        errors.append(f"Khóa contact trong {_PLACE} phải là chữ: tên và cách liên hệ người cấp quyền.")
        contact = DEFAULT_CONTACT
    users, user_errors = _users(table.get("users", {}))
    unknown = sorted(set(table) - {"contact", "users"})
    errors += user_errors + [
        f"Khóa «{k}» trong {_PLACE} không được dùng; chỉ có contact và users." for k in unknown
    ]
    return AccessConfig(users, contact.strip(), tuple(errors))


def decide(
    config: AccessConfig, email: str | None, auth_configured: bool, *, email_verified: object = None
) -> Access | Refusal:
    """What this visitor may do: everything when there is no [auth], else their listed role or a refusal."""
    if not auth_configured:
        return Access(OPEN)
    if not email or not email.strip():
        return Refusal("signed_out", "Hãy đăng nhập để xem bảng theo dõi kế hoạch CCHC.")
    shown = email.strip()
    if email_verified is False:  # a provider that says the address is unproven: it proves nothing
        return Refusal(
            "unverified",
            f"Xin lỗi, địa chỉ {shown} chưa được nhà cung cấp đăng nhập xác minh nên chưa thể dùng để vào "
            f"bảng theo dõi. Xin liên hệ {config.contact}.",
            shown,
        )
    found = config.users.get(normalize_email(shown))
    if found is None:
        return Refusal(
            "not_listed",
            f"Xin lỗi, tài khoản {shown} chưa được cấp quyền xem bảng theo dõi kế hoạch CCHC. "
            f"Xin liên hệ {config.contact} để được cấp quyền, rồi đăng nhập lại.",
            shown,
        )
    return found


def canonical_unit(code: str | None, known: Iterable[str]) -> str | None:
    """The plan's spelling of a configured unit code (compared without case), or None if unknown."""
    if not code:
        return None
    return next((k for k in known if k.casefold() == code.strip().casefold()), None)


def unit_warnings(config: AccessConfig, known: Iterable[str]) -> list[str]:
    """Unit roles whose code is not in the plan's `Đơn vị` tab (such a person sees no own-unit rows)."""
    codes = list(known)
    return [
        f'Dòng "{a.email}" trong {_PLACE}: mã đơn vị «{a.unit}» không có trong trang tính «Đơn vị».'
        for a in config.users.values()
        if a.role == UNIT and canonical_unit(a.unit, codes) is None
    ]


def _tasks_of(tasks: pd.DataFrame, unit: str) -> pd.Series:
    def takes_part(cell: object) -> bool:
        return isinstance(cell, str) and unit in {c.strip().casefold() for c in cell.split(";")}

    return tasks["leads"].map(takes_part) | tasks["supports"].map(takes_part)


def unit_tables(
    tables: Mapping[str, pd.DataFrame], unit: str, issue_units: Mapping[int, str]
) -> dict[str, pd.DataFrame]:
    """Only one unit's rows of the snapshot tables; a table with no rule for it is left out (fail closed)."""
    key = unit.strip().casefold()

    def of_unit(column: pd.Series) -> pd.Series:
        return column.map(lambda v: isinstance(v, str) and v.strip().casefold() == key)

    def issue_rows(issues: pd.DataFrame) -> pd.Series:
        owner = issues["row"].map(lambda r: issue_units.get(int(r)) if pd.notna(r) else None)
        return (issues["sheet"] == "progress") & of_unit(owner)

    rules = {
        "settings.csv": lambda t: pd.Series(True, index=t.index),
        "tasks.csv": lambda t: _tasks_of(t, key),
        "units.csv": lambda t: of_unit(t["unit"]),
        "progress.csv": lambda t: of_unit(t["unit"]),
        "status.csv": lambda t: of_unit(t["unit"]),
        "issues.csv": issue_rows,
    }
    return {
        name: table[rules[name](table).astype(bool)].reset_index(drop=True)
        for name, table in tables.items()
        if name in rules
    }


def _is_loopback(address: str) -> bool:
    host = address.strip().strip("[]").lower()
    if host == "localhost" or address.strip().startswith("unix://"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name or an interface address: reachable from elsewhere


def exposed_warning(source_kind: str, server_address: str | None, *, emulated: bool = False) -> str | None:
    """The sidebar warning when a real Google Sheet is served, without sign-in, beyond this machine."""
    if source_kind != "gsheet" or emulated or (server_address and _is_loopback(server_address)):
        return None
    where = f"địa chỉ {server_address}" if server_address else "mọi địa chỉ mạng của máy chủ"
    return (
        f"Chưa bật đăng nhập: bảng theo dõi đang đọc Google Sheet thật và mở trên {where}, nên ai truy cập "
        "được máy chủ này cũng đọc được kế hoạch. Người quản trị: hãy bật đăng nhập ([auth] và "
        "[cchc.access], theo hướng dẫn đăng nhập), hoặc chỉ mở bảng theo dõi trên chính máy chủ."
    )


def secrets_syntax_error(text: str) -> str | None:
    """Why secrets.toml text cannot be read (Vietnamese, with its line), or None when it parses."""
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        place = re.search(r"line (\d+), column (\d+)", str(error))
        where = f" ở dòng {place[1]}, cột {place[2]}" if place else ""
        return (
            f"Tệp .streamlit/secrets.toml sai cú pháp{where}, nên chưa thể kiểm tra quyền truy cập. "
            'Hãy sửa dòng đó (địa chỉ email phải nằm trong dấu ngoặc kép: "ten@so.gov.vn" = "director").'
        )
    return None
