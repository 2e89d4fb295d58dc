"""Sentence splitting and tokenisation, with character offsets kept."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from .model import Sentence

__all__ = ["split_sentences", "tokenize", "Token", "fold"]

# Abbreviations after which a full stop does not end a sentence.
_ABBREV = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "brig",
    "st", "jr", "sr", "prof", "rev", "sen", "rep", "gov", "pres", "no", "vs", "etc",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.n", "u.k", "e.u", "a.m", "p.m", "d.c", "i.e", "e.g", "inc", "co", "corp", "ltd",
}

_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+|$)|\n\s*\n|\n""")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; each keeps its span in ``text``.

    A line break ends a sentence (headlines and paragraphs), and so does a
    full stop, unless it closes a known abbreviation or an initial.

    >>> [s.text for s in split_sentences("Gen. Soleimani arrived. He met Assad.")]
    ['Gen. Soleimani arrived.', 'He met Assad.']
    >>> [s.text for s in split_sentences("Trump left the U.S. on Monday.\\nHeadline")]
    ['Trump left the U.S. on Monday.', 'Headline']
    """
    sentences: list[Sentence] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if m.group().startswith("."):
            w = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
            word = w.group(1).lower().rstrip(".") if w else ""
            if word in _ABBREV or (len(word) == 1 and word.isalpha()):
                continue
        _add(sentences, text, start, end)
        start = end
    _add(sentences, text, start, len(text))
    return sentences


def _add(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    s = start + lead
    e = s + len(stripped)
    sentences.append(Sentence(len(sentences), s, e, stripped))


# Tokens: acronyms with dots (U.S.), words, clitics ('s, 't), any other symbol.
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\w+|['’]\w+|[^\w\s]")


class Token(NamedTuple):
    """``(text, start, end)`` of one token, offsets relative to the string."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` with their offsets.

    >>> [t.text for t in tokenize("Iran’s U.S.-backed rivals didn't.")]
    ['Iran', '’s', 'U.S.', '-', 'backed', 'rivals', 'didn', "'t", '.']
    """
    new = tuple.__new__
    return [new(Token, (m.group(), m.start(), m.end())) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """Strip accents and unify apostrophes, for matching: ``Erdoğan`` -> ``Erdogan``.

    >>> fold("Türkiye’s")
    "Turkiye's"
    """
    word = word.replace("’", "'").replace("‘", "'")
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)
def fold_lower(word: str) -> str:
    """``fold(word).lower()``, the form rules and views compare words in."""
    return fold(word).lower()
