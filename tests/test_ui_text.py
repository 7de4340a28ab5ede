"""`ui.text.literal`: text from the sheet as Markdown that shows exactly its characters; `cell_link`.

What the browser makes of it is checked in tests/test_markdown_browser.py; here, the Markdown written.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.sources.spec import cell_link as build_cell_link
from tests.support.markdown import shown
from ui.text import WORD_JOINER, cell_link, literal

UNESCAPED_MARKUP = re.compile(r"(?<!\\)(?:\\\\)*[`*_~\[\]<>&$|#]")


def test_plain_vietnamese_text_and_the_usual_punctuation_are_left_as_written():
    text = "Trung tâm Thông tin (TTTK), Nhiệm vụ 1: quá hạn 3 ngày; tệp hong.xlsx «Tiến độ» 50 %"
    assert literal(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "![ảnh](http://127.0.0.1/x.png)",
        "[Đăng nhập lại](http://127.0.0.1/login)",
        "<img src=x.png> <a href=y>z</a> &amp; &#60;",
        "**đậm** _nghiêng_ ~~gạch~~ `mã` $x^2$ a | b # tiêu đề",
        "\\[escaped\\]",
    ],
)
def test_every_character_that_opens_markup_is_escaped(text):
    written = literal(text)
    assert UNESCAPED_MARKUP.search(written) is None, written
    assert shown(written) == text


@pytest.mark.parametrize("start", ["- mục", "+ mục", "1. mục", "2) mục", "=== ", "--- "])
def test_a_text_that_would_start_a_list_or_an_underline_starts_as_text(start):
    written = literal(start)
    assert written.split(" ")[0].replace(WORD_JOINER, "") != start.split(" ")[0]  # an escape was added
    assert shown(written) == start.strip()


@pytest.mark.parametrize(
    "text",
    [
        "http://127.0.0.1/x",
        "HTTPS://A.VN",
        "www.sokhcn.gov.vn",
        "tttk@sokhcn.gov.vn",
        ":red[đỏ]",
        ":smile:",
        ":material/home:",
        ":streamlit:",
        "a -> b",
        "a -- b",
        "mailto:a",
    ],
)
def test_what_streamlit_rewrites_after_parsing_is_split_by_an_invisible_word_joiner(text):
    written = literal(text)
    assert WORD_JOINER in written and shown(written) == text


def test_line_breaks_and_runs_of_spaces_become_one_space():
    assert literal("  dòng 1\n\n# dòng 2\t\t- 3  ") == "dòng 1 \\# dòng 2 - 3"


def test_nothing_is_shown_for_a_missing_value():
    assert literal(None) == "" and literal(12) == "12"


@given(st.text().filter(lambda t: WORD_JOINER not in t))
def test_a_reader_sees_every_text_as_typed_with_its_spaces_joined(text):
    written = literal(text)
    assert shown(written) == " ".join(text.split())
    assert UNESCAPED_MARKUP.search(written) is None


def test_a_link_column_keeps_only_the_links_to_sheet_cells_that_we_build():
    ours = build_cell_link("1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg", 12345, "C5")
    assert ours and cell_link(ours) == ours
    assert cell_link(build_cell_link("1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg", 7, None)) is not None
    for other in [
        "http://127.0.0.1:9/x.png",
        "javascript:alert(1)",
        "https://docs.google.com.evil.vn/spreadsheets/d/abc/edit#gid=1",
        "https://docs.google.com/spreadsheets/d/abc/edit#gid=1&range=C5 http://x",
        None,
        3,
    ]:
        assert cell_link(other) is None
