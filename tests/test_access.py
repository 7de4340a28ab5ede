"""Roles from `[cchc.access]`, the refusal, one unit's export rows, the exposure warning, secret hygiene."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.runtime.secrets import secrets_singleton
from streamlit.testing.v1 import AppTest

from cchc.access.roles import (
    COMPILER,
    DIRECTOR,
    OPEN,
    UNIT,
    Access,
    AccessConfig,
    Refusal,
    canonical_unit,
    decide,
    exposed_warning,
    parse,
    secrets_syntax_error,
    unit_tables,
    unit_warnings,
)
from cchc.access.signin import SignIn, sign_in
from cchc.assess.status import assess
from cchc.snapshot.export import snapshot_tables
from cchc.sources import SAMPLE, open_source
from cchc.validate.plan import load_plan
from tests.support.access import CONTACT, SECRETS
from tests.support.signin import ACCESS, AUTH, HALFWAY, TEST_SECRETS


def config() -> AccessConfig:
    return parse(tomllib.loads(SECRETS)["cchc"]["access"])


def test_the_documented_example_parses_without_errors():
    found = config()
    assert found.errors == ()
    assert found.contact == CONTACT
    assert found.users["giamdoc@sokhcn.gov.vn"] == Access(DIRECTOR, "giamdoc@sokhcn.gov.vn")
    assert found.users["tttk@sokhcn.gov.vn"] == Access(UNIT, "tttk@sokhcn.gov.vn", "TTTK")


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("giamdoc@sokhcn.gov.vn", Access(DIRECTOR, "giamdoc@sokhcn.gov.vn")),
        ("  GIAMDOC@sokhcn.GOV.vn ", Access(DIRECTOR, "giamdoc@sokhcn.gov.vn")),
        ("PhapChe@sokhcn.gov.vn", Access(COMPILER, "phapche@sokhcn.gov.vn")),
        ("tttk@sokhcn.gov.vn", Access(UNIT, "tttk@sokhcn.gov.vn", "TTTK")),
    ],
)
def test_a_listed_email_gets_its_role_whatever_its_case_and_spaces(email, expected):
    assert decide(config(), email, auth_configured=True) == expected


@pytest.mark.parametrize("email", ["la@gmail.com", "giamdoc@sokhcn.gov.vn.evil.com", "tttk@sokhcn"])
def test_a_stranger_is_refused_politely_with_who_to_ask(email):
    found = decide(config(), email, auth_configured=True)
    assert isinstance(found, Refusal) and found.kind == "not_listed"
    assert email in found.message and CONTACT in found.message and found.message.startswith("Xin lỗi")


@pytest.mark.parametrize("email", [None, "", "   "])
def test_a_visitor_who_is_not_signed_in_is_asked_to_sign_in(email):
    found = decide(config(), email, auth_configured=True)
    assert isinstance(found, Refusal) and found.kind == "signed_out"


def test_an_address_the_provider_marks_unverified_is_refused_even_if_listed():
    found = decide(config(), "giamdoc@sokhcn.gov.vn", True, email_verified=False)
    assert isinstance(found, Refusal) and found.kind == "unverified" and CONTACT in found.message
    assert decide(config(), "giamdoc@sokhcn.gov.vn", True, email_verified=True).role == DIRECTOR


@pytest.mark.parametrize("email", [None, "la@gmail.com"])
def test_without_auth_everyone_sees_and_exports_everything_as_today(email):
    found = decide(config(), email, auth_configured=False)
    assert found == Access(OPEN)
    assert found.can_export_all and found.export_unit is None and found.sees_audit


@pytest.mark.parametrize(
    ("access", "all_", "unit", "audit"),
    [
        (Access(DIRECTOR, "a@x.vn"), True, None, True),
        (Access(COMPILER, "a@x.vn"), True, None, False),
        (Access(UNIT, "a@x.vn", "TTTK"), False, "TTTK", False),
        (Access(OPEN), True, None, True),
    ],
)
def test_what_each_role_may_export_and_see(access, all_, unit, audit):
    assert (access.can_export_all, access.export_unit, access.sees_audit) == (all_, unit, audit)
    assert access.start_unit == unit and access.label


@pytest.mark.parametrize(
    ("users", "fragment"),
    [
        ({"a@x.vn": "boss"}, "vai trò «boss» không hợp lệ"),
        ({"a@x.vn": 1}, "vai trò phải là chữ"),
        ({"a@x.vn": "unit"}, "cần mã đơn vị"),
        ({"a@x.vn": "unit:  "}, "cần mã đơn vị"),
        ({"a@x.vn": "director:TTTK"}, "chỉ vai trò unit"),
        ({"khong-phai-email": "director"}, "không phải địa chỉ email"),
        ({"giamdoc": {"skhcn": "director"}}, "dấu ngoặc kép"),
    ],
)
def test_a_bad_entry_is_a_vietnamese_error_naming_it_and_grants_nothing(users, fragment):
    found = parse({"users": users})
    assert found.users == {}
    assert len(found.errors) == 1 and fragment in found.errors[0]
    assert f'"{next(iter(users))}"' in found.errors[0]


def test_one_bad_entry_does_not_lock_out_the_others():
    found = parse({"users": {"a@x.vn": "boss", "b@x.vn": "compiler"}})
    assert list(found.users) == ["b@x.vn"] and len(found.errors) == 1


def test_one_person_listed_twice_with_different_roles_gets_neither():
    found = parse({"users": {"A@x.vn": "director", "a@x.vn ": "unit:TTTK", "b@x.vn": "compiler"}})
    assert list(found.users) == ["b@x.vn"]
    assert "a@x.vn" in found.errors[0] and "hai lần" in found.errors[0]


def test_the_same_person_listed_twice_with_the_same_role_is_fine():
    found = parse({"users": {"A@x.vn": "director", "a@x.vn": "lanh_dao"}})
    assert found.errors == () and found.users["a@x.vn"].role == DIRECTOR


@pytest.mark.parametrize(
    ("table", "fragment"),
    [
        ("director", "phải là một bảng"),
        ({"users": ["a@x.vn"]}, "[cchc.access.users]"),
        ({"contact": 5}, "contact"),
        ({"contact": "x", "user": {}}, "«user»"),
    ],
)
def test_a_malformed_access_table_is_an_error_not_a_crash(table, fragment):
    found = parse(table)
    assert any(fragment in e for e in found.errors)


def test_no_access_table_means_nobody_is_listed():
    assert parse(None) == AccessConfig()
    assert isinstance(decide(parse(None), "a@x.vn", auth_configured=True), Refusal)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("Director", DIRECTOR), ("lanh_dao", DIRECTOR), ("tong_hop", COMPILER), (" don_vi : PC ", UNIT)],
)
def test_vietnamese_role_names_and_stray_spaces_are_accepted(role, expected):
    assert parse({"users": {"a@x.vn": role}}).users["a@x.vn"].role == expected


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(values)
def test_parse_never_raises_and_every_grant_is_well_formed(table):
    found = parse(table)
    for email, access in found.users.items():
        assert email == access.email and "@" in email
        assert (access.role == UNIT) == (access.unit is not None)


def test_unit_codes_are_matched_to_the_plans_spelling_and_unknown_ones_are_reported():
    assert canonical_unit(" tttk", ["PC", "TTTK"]) == "TTTK"
    assert canonical_unit("XYZ", ["PC"]) is None and canonical_unit(None, ["PC"]) is None
    warnings = unit_warnings(parse({"users": {"a@x.vn": "unit:XYZ", "b@x.vn": "unit:pc"}}), ["PC"])
    assert len(warnings) == 1 and "«XYZ»" in warnings[0] and '"a@x.vn"' in warnings[0]


@pytest.fixture(scope="module")
def sample():
    status = assess(load_plan(open_source(SAMPLE), 2017), date(2017, 12, 31))
    return status, snapshot_tables(status)


def test_a_unit_export_holds_only_that_units_rows(sample):
    status, tables = sample
    mine = unit_tables(tables, "tttk", status.plan.issue_units)
    assert set(mine) == set(tables)
    for name in ("units.csv", "progress.csv", "status.csv"):
        assert set(mine[name]["unit"]) == {"TTTK"}
        assert len(mine[name]) == (tables[name]["unit"] == "TTTK").sum() > 0
    assert mine["settings.csv"].equals(tables["settings.csv"])
    pairs = mine["tasks.csv"][["leads", "supports"]].values
    assert len(pairs) and all("TTTK" in f"{lead};{sup}".split(";") for lead, sup in pairs)
    rows = [r for r, u in status.plan.issue_units.items() if u == "TTTK"]
    assert sorted(mine["issues.csv"]["row"]) == sorted(rows)
    assert set(mine["issues.csv"]["sheet"]) == {"progress"}


def test_a_unit_export_leaves_out_tables_it_has_no_rule_for(sample):
    status, tables = sample
    mine = unit_tables({**tables, "new.csv": tables["units.csv"]}, "TTTK", status.plan.issue_units)
    assert "new.csv" not in mine


def test_an_unknown_unit_exports_no_rows(sample):
    status, tables = sample
    mine = unit_tables(tables, "KHONGCO", status.plan.issue_units)
    assert all(mine[n].empty for n in ("units.csv", "progress.csv", "status.csv", "issues.csv", "tasks.csv"))


@pytest.mark.parametrize(
    ("kind", "address", "warned"),
    [
        ("gsheet", None, True),  # Streamlit's default: every interface (it binds "::")
        ("gsheet", "", True),
        ("gsheet", "0.0.0.0", True),
        ("gsheet", "::", True),
        ("gsheet", "192.168.1.10", True),
        ("gsheet", "dashboard.sokhcn.local", True),
        ("gsheet", "127.0.0.1", False),
        ("gsheet", "127.0.1.1", False),
        ("gsheet", "localhost", False),
        ("gsheet", "::1", False),
        ("gsheet", "[::1]", False),
        ("gsheet", "unix:///run/cchc.sock", False),
        ("xlsx", None, False),
        ("sample", "0.0.0.0", False),
    ],
)
def test_the_sidebar_warns_only_for_a_real_sheet_served_beyond_this_machine(kind, address, warned):
    text = exposed_warning(kind, address)
    assert (text is not None) == warned
    if text:
        assert "ai truy cập" in text and "[auth]" in text


def test_the_emulated_sheet_of_the_demo_is_not_warned_about():
    assert exposed_warning("gsheet", None, emulated=True) is None


def test_a_secrets_file_with_an_unquoted_email_is_reported_with_its_line():
    text = '[auth]\nclient_id = "x"\n\n[cchc.access.users]\ngiamdoc@so.vn = "director"\n'
    message = secrets_syntax_error(text)
    assert message and "dòng 5" in message and "ngoặc kép" in message
    assert secrets_syntax_error(SECRETS) is None


# --- Sign-in fails closed: roles (or any sign-in table) without a usable [auth] open nothing. ---


@pytest.mark.parametrize(("text", "fragment"), list(HALFWAY.values()), ids=list(HALFWAY))
def test_sign_in_set_up_halfway_refuses_everyone_and_tells_the_administrator_what_to_fix(text, fragment):
    found = sign_in(tomllib.loads(text))
    assert isinstance(found, Refusal) and found.kind == "misconfigured" and found.email is None
    for part in (fragment, "[cchc.access]", ".streamlit/secrets.toml", "docs/access.md"):
        assert part in found.message
    assert not [secret for secret in TEST_SECRETS if secret in found.message]


@pytest.mark.parametrize(
    "text",
    [AUTH.replace("[auth]", "[Auth]"), "[auth]\n", AUTH.replace('client_id = "cchc-dashboard"', "")],
    ids=["misspelled", "empty", "incomplete"],
)
def test_a_sign_in_table_that_cannot_work_closes_the_dashboard_even_without_roles(text):
    found = sign_in(tomllib.loads(text))
    assert isinstance(found, Refusal) and found.kind == "misconfigured"
    assert "[cchc.access]" not in found.message.split("Người quản trị")[0]  # no roles to speak of


@pytest.mark.parametrize("text", ["", '[cchc]\nsource = "sample"\n', "[gcp_service_account]\ntype = 'x'\n"])
def test_without_roles_or_auth_the_dashboard_stays_open_as_before(text):
    found = sign_in(tomllib.loads(text))
    assert found == SignIn(required=False)
    assert decide(parse(None), None, found.required) == Access(OPEN)


def test_a_complete_auth_table_turns_sign_in_on_with_its_own_keys():
    assert sign_in(tomllib.loads(SECRETS)) == SignIn(True, (None,))
    assert sign_in(tomllib.loads(AUTH)) == SignIn(True, (None,))  # nobody listed: everyone is refused later


def test_a_complete_provider_table_is_enough_and_named_for_its_sign_in_button():
    provider = '\n[auth.google]\nclient_id = "a"\nclient_secret = "b"\nserver_metadata_url = "https://g/x"\n'
    common = '[auth]\nredirect_uri = "https://cchc.so.vn/oauth2callback"\ncookie_secret = "c"\n'
    assert sign_in(tomllib.loads(common + provider + ACCESS)) == SignIn(True, ("google",))
    assert sign_in(tomllib.loads(AUTH + provider + ACCESS)) == SignIn(True, (None, "google"))
    underscored = provider.replace("auth.google", "auth.my_idp")
    refused = sign_in(tomllib.loads(common + underscored + ACCESS))
    assert isinstance(refused, Refusal) and "[auth.my_idp]" in refused.message


def test_a_stray_auth_table_beside_a_complete_one_changes_nothing():
    stray = AUTH.replace("[auth]", "[cchc.auth]")
    assert sign_in(tomllib.loads(AUTH + stray + ACCESS)) == SignIn(True, (None,))


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["auth", "Auth", "oauth", "cchc", "x"]),
        values | st.builds(lambda access: {"access": access}, values),
        max_size=4,
    )
)
def test_sign_in_never_raises_and_never_opens_a_dashboard_that_lists_roles(secrets):
    found = sign_in(secrets)
    assert isinstance(found, Refusal | SignIn)
    roles = isinstance(secrets.get("cchc"), dict) and secrets["cchc"].get("access") is not None
    if roles or secrets.get("auth") is not None:
        assert isinstance(found, Refusal) or found.required


# --- The AppTest recipe for simulated users (docs/access.md): a gate script over decide(). ---


def gate() -> None:
    import streamlit as st

    from cchc.access.roles import Refusal, decide, parse
    from cchc.config import load_config

    config = load_config()
    auth = bool(config.auth)
    access = decide(parse(config.access), st.user.get("email"), auth)
    if isinstance(access, Refusal):
        st.error(access.message)
        if access.kind == "signed_out":
            st.button("Đăng nhập", on_click=st.login)
        else:
            st.button("Đăng xuất", on_click=st.logout)
        st.stop()
    st.title(f"Vai trò: {access.role} {access.unit or ''}".strip())
    if auth:
        st.button("Đăng xuất", on_click=st.logout)


@pytest.fixture
def secrets_dir(tmp_path, monkeypatch):
    """A working folder with the test secrets; Streamlit's parsed secrets are forgotten before and after."""
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(SECRETS, encoding="utf-8")
    secrets_singleton._reset()  # Streamlit parses secrets.toml once per process
    yield tmp_path
    secrets_singleton._reset()


def run_gate(user: dict[str, object]) -> AppTest:
    at = AppTest.from_function(gate, default_timeout=30)
    at.user = user
    return at.run()


@pytest.mark.parametrize(
    ("user", "title"),
    [
        ({"is_logged_in": True, "email": "GiamDoc@sokhcn.gov.vn"}, "Vai trò: director"),
        ({"is_logged_in": True, "email": "tttk@sokhcn.gov.vn"}, "Vai trò: unit TTTK"),
    ],
)
def test_apptest_simulated_listed_users_get_their_role(secrets_dir, user, title):
    at = run_gate(user)
    assert not at.exception and at.title[0].value == title


def test_apptest_simulated_stranger_is_refused_and_may_sign_out(secrets_dir):
    at = run_gate({"is_logged_in": True, "email": "la@gmail.com"})
    assert CONTACT in at.error[0].value and at.button[0].label == "Đăng xuất"
    at.button[0].click().run()
    assert at.user == {"is_logged_in": False}


def test_apptest_simulated_signed_out_visitor_sees_the_sign_in_button(secrets_dir):
    at = run_gate({"is_logged_in": False})
    assert not at.exception and at.button[0].label == "Đăng nhập" and not at.title
    at.button[0].click().run()  # st.login only queues a redirect in AppTest; it must not fail
    assert not at.exception


def test_apptest_sign_out_leaves_the_next_run_signed_out(secrets_dir):
    at = run_gate({"is_logged_in": True, "email": "phapche@sokhcn.gov.vn"})
    at.button[0].click().run()
    at.run()
    assert at.button[0].label == "Đăng nhập"


def test_apptest_without_auth_everyone_enters_as_today(tmp_path):
    secrets_singleton._reset()
    at = run_gate({})
    assert not at.exception and at.title[0].value == "Vai trò: open"
    assert not (Path(tmp_path) / ".streamlit").exists()
