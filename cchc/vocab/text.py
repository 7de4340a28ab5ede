"""Vietnamese text rules: normalization, forgiving match keys, legacy encodings, sorting."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Tone marks in the order Vietnamese dictionaries sort them: ngang (none), huyền, hỏi, ngã,
# sắc, nặng. Other combining marks (breve, circumflex, horn) belong to the letter itself.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_ALPHABET = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {ch: chr(0x100 + i) for i, ch in enumerate(_ALPHABET)}
_WORD = re.compile(r"\w+")
# A spreadsheet runs a cell starting with one of these as a formula (snapshot CSVs escape them).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SPACES = re.compile(r"\s+")
# Invisible characters that a copy from a web page or chat leaves in a cell; they are neither
# whitespace (str.strip keeps them) nor part of a word, so `NV1\u200b` would not be `NV1`.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH}]")

# Characters that TCVN3 (ABC) and VNI fonts put where Unicode text has Vietnamese letters,
# but which never occur in Vietnamese written in Unicode.
_LEGACY_CHARS = "¡¢£¤¥¦§¨©ª¬®¯²³´µ¶·¸¹º¼½¾¿ÄÅÆÇËÎÏÐÑÖØÛÜÞßäåæçëîïðñöøûüþÿ"
# « and » are also quotation marks: they count only inside a word (TCVN3's ô, as in "C«ng").
_LEGACY = re.compile(
    rf"[A-Za-z{_LEGACY_CHARS}][{_LEGACY_CHARS}]|[{_LEGACY_CHARS}][A-Za-z]|[A-Za-z][«»][A-Za-z]"
)
_UNICODE_VIETNAMESE = re.compile(r"[\u0102-\u01b0\u1ea0-\u1ef9]")


def clean(value: str) -> str:
    """NFC-normalize and trim a string, collapsing inner whitespace and dropping zero-width characters."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", _ZERO_WIDTH.sub("", value))).strip()


def _split_tone(word: str) -> tuple[str, str]:
    """A syllable's letters without its tone mark, and the tone ('0' for none)."""
    tone = "0"
    letters = []
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONES:
            tone = _TONES[ch]
        else:
            letters.append(ch)
    return unicodedata.normalize("NFC", "".join(letters)), tone


def _syllable_key(word: str) -> str:
    """A syllable with its tone moved to the end, so tone placement does not matter."""
    letters, tone = _split_tone(word)
    return letters if tone == "0" else f"{letters}~{tone}"


@lru_cache(maxsize=65536)
def match_key(value: str) -> str:
    """Key blind to case, spaces, punctuation, NFD input and old/new tone placement."""
    words = _WORD.findall(unicodedata.normalize("NFC", value).casefold())
    return "".join(_syllable_key(w.replace("_", "")) for w in words)


def _bare(value: str) -> str:
    """Lower-case text without any accent (đ counts as d)."""
    decomposed = unicodedata.normalize("NFD", value.casefold().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def loose_key(value: str) -> str:
    """Key that also ignores every accent (đ counts as d)."""
    return "".join(_WORD.findall(_bare(value))).replace("_", "")


def loose_text(value: str) -> str:
    """Lower-case, accent-free text with single spaces (punctuation kept), for patterns."""
    return _SPACES.sub(" ", _bare(value)).strip()


def looks_legacy(value: str) -> bool:
    """True when text looks typed in a legacy TCVN3/VNI font rather than Unicode."""
    if not _LEGACY.search(value):
        return False
    return not _UNICODE_VIETNAMESE.search(value)


@lru_cache(maxsize=65536)
def sort_key(value: str) -> tuple[str, str, str]:
    """Vietnamese alphabetical order: letters first (a ă â … đ …), then tones, then case."""
    letters: list[str] = []
    tones: list[str] = []
    for syllable in _WORD.findall(unicodedata.normalize("NFC", value).casefold()):
        base, tone = _split_tone(syllable)
        letters.append("".join(_RANK.get(ch, ch) for ch in base))
        tones.append(tone * len(base))
    return (" ".join(letters), " ".join(tones), value)


def shorten(value: object, limit: int = 80) -> str:
    """A raw value as short text for a message."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def first_upper(text: str) -> str:
    """The text with its first letter capitalised, as a sentence starts (the rest untouched)."""
    return text[:1].upper() + text[1:]
