"""Text from the data (the sheet, the source's name, a message quoting a cell) shown as text, never as markup.

Every Streamlit element that takes a string renders it as Markdown: `st.markdown`, `st.caption`,
`st.write`, `st.info`/`warning`/`error`/`success`, and the labels of buttons, expanders, tabs and
metrics. `literal` is the one helper that turns a text from the data into Markdown that shows
exactly its characters, so that `![t](http://host/x.png)` in a unit name neither fetches the
address nor `[Đăng nhập lại](http://…)` becomes a link. Two layers are needed (checked in a real
browser, tests/test_markdown_browser.py):

- a backslash before each character that opens Markdown syntax (links, images, emphasis, code,
  HTML and entities, math, tables, headings, lists), which CommonMark then shows as itself;
- an invisible WORD JOINER (U+2060) where Streamlit rewrites the text after parsing, where a
  backslash does not help: bare addresses (`http://`, `www.`, `a@b.vn`) that GFM turns into links,
  `:name[…]` directives, `:material/…:` icons, `:smile:` emoji, `:streamlit:`, and `->`, `--` arrows.

Whitespace runs become one space: a line break in a cell could otherwise start a heading or a list.
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"  # zero width and invisible; splits what Streamlit would rewrite
_MARKUP = re.compile(r"([\\`*_~\[\]<>&$|#])")
_LINE_START = re.compile(r"^(\d*)([-+.)=])")  # a list, a numbered list or an underline at the start
_COLON = re.compile(r":(?=\S)")  # http://, mailto:, :red[…], :material/…:, :smile:
_WWW = re.compile(r"(www)(?=\.)", re.IGNORECASE)
_ARROW = re.compile(r"(?<=[<>~-])(?=[>=-])")  # <-, ->, --, >=, <=, ~=
_SPACE = re.compile(r"\s+")
_CELL_LINK = re.compile(
    r"https://docs\.google\.com/spreadsheets/d/[A-Za-z0-9_-]+/edit#gid=\d+(&range=[A-Z0-9:]+)?"
)


def literal(value: object) -> str:
    """`value` as Markdown that shows exactly its characters: no link, image, HTML, icon or formatting."""
    if value is None:
        return ""
    text = _SPACE.sub(" ", str(value)).strip()
    text = _COLON.sub(":" + WORD_JOINER, text)
    text = _WWW.sub(r"\1" + WORD_JOINER, text).replace("@", WORD_JOINER + "@")
    text = _ARROW.sub(WORD_JOINER, text)
    return _LINE_START.sub(r"\1\\\2", _MARKUP.sub(r"\\\1", text))


def cell_link(value: object) -> str | None:
    """A Google Sheets cell link as `cchc.sources.spec.cell_link` builds it; None for anything else."""
    return value if isinstance(value, str) and _CELL_LINK.fullmatch(value) else None
