"""Reading rules for text (SPEC §3.1): NFC, forgiving keys, legacy encodings, sorting."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.vocab.text import clean, looks_legacy, loose_key, match_key, sort_key


@pytest.mark.parametrize(
    "variant",
    ["Tiến độ", "TIẾN ĐỘ", "  Tiến   độ ", unicodedata.normalize("NFD", "Tiến độ"), "tiến-độ"],
)
def test_case_spacing_punctuation_and_nfd_give_the_same_exact_key(variant):
    assert match_key(variant) == match_key("Tiến độ")


@pytest.mark.parametrize("old, new", [("hoà", "hòa"), ("Thuỷ", "Thủy"), ("khoẻ", "khỏe"), ("quý", "qúy")])
def test_old_and_new_tone_placement_give_the_same_exact_key(old, new):
    assert match_key(old) == match_key(new)


@pytest.mark.parametrize("variant", ["Tien do", "TienDo", "tien_do", "TIEN DO", "Tiến độ"])
def test_accent_free_spellings_share_the_loose_key(variant):
    assert loose_key(variant) == loose_key("Tiến độ") == "tiendo"


def test_d_with_stroke_counts_as_d_only_in_the_loose_key():
    assert loose_key("Đơn vị") == loose_key("Don vi")
    assert match_key("Đơn vị") != match_key("Don vi")


def test_different_tones_are_different_exact_keys():
    assert match_key("bà") != match_key("bá")


def test_clean_normalizes_to_nfc_and_trims_spaces():
    assert clean("  Văn   phòng\u00a0Sở \n") == "Văn phòng Sở"
    assert clean(unicodedata.normalize("NFD", "Sở")) == "Sở"


@pytest.mark.parametrize(
    "text",
    ["V¨n phßng Së", "B¶o Th¾ng", "§¨ng tin vÒ kÕt qu¶ CCHC", "Vaên phoøng Sôû", "Trung t©m Th«ng tin"],
)
def test_text_typed_in_tcvn3_or_vni_is_detected(text):
    assert looks_legacy(text)


@pytest.mark.parametrize(
    "text",
    [
        "Văn phòng Sở",
        "KẾ HOẠCH THÔNG TIN, TUYÊN TRUYỀN",
        "Nhiệt độ 25°C",
        "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ",
        "Café",
        "«Tin»",
    ],
)
def test_unicode_vietnamese_and_ordinary_symbols_are_not_legacy(text):
    assert not looks_legacy(text)


def test_vietnamese_alphabetical_order_puts_base_letters_before_tones():
    words = ["Đà Nẵng", "Ủy ban", "an", "ăn", "ân", "ba", "bà", "bả", "bã", "bá", "bạ", "Bạc", "dương"]
    expected = ["an", "ăn", "ân", "ba", "bà", "bả", "bã", "bá", "bạ", "Bạc", "dương", "Đà Nẵng", "Ủy ban"]
    assert sorted(words, key=sort_key) == expected


def test_vietnamese_order_differs_from_code_point_order():
    names = ["Văn phòng Sở", "Ủy ban", "Trung tâm", "Đội", "Phòng"]
    assert sorted(names, key=sort_key) == ["Đội", "Phòng", "Trung tâm", "Ủy ban", "Văn phòng Sở"]
    assert sorted(names) != sorted(names, key=sort_key)


@given(st.text())
def test_text_rules_never_raise_on_any_string(text):
    match_key(text)
    loose_key(text)
    looks_legacy(text)
    sort_key(text)
    assert clean(clean(text)) == clean(text)
