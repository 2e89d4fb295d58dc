"""Sentence splitting and tokenisation, with character offsets kept."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import accumulate, repeat
from typing import NamedTuple

from .model import Sentence

__all__ = ["split_sentences", "sections", "tokenize", "Token", "fold", "fold_lower"]

# Abbreviations after which a full stop does not end a sentence.
_ABBREV = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "brig",
    "st", "jr", "sr", "prof", "rev", "sen", "rep", "gov", "pres", "no", "vs", "etc",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.n", "u.k", "e.u", "a.m", "p.m", "d.c", "i.e", "e.g", "inc", "co", "corp", "ltd",
    "h.e", "h.m", "h.r.h",
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
            if word == "no" and not text[end:end + 4].lstrip()[:1].isdigit():
                pass        # "said no." ends a sentence; "No. 10" does not
            elif word in _ABBREV or (len(word) == 1 and word.isalpha()):
                continue
        _add(sentences, text, start, end)
        start = end
    _add(sentences, text, start, len(text))
    return sentences


#: A "sentence" longer than this (a table, a list run together, text with
#: no punctuation) is cut at the last space before each limit.
MAX_SENTENCE = 3000


def _add(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    s = start + lead
    e = s + len(stripped)
    while e - s > MAX_SENTENCE:
        cut = text.rfind(" ", s + 1, s + MAX_SENTENCE)
        cut = cut if cut > s else s + MAX_SENTENCE
        _add(sentences, text, s, cut)
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if e > s:
        sentences.append(Sentence(len(sentences), s, e, text[s:e]))


#: Documents longer than this many characters are extracted in sections.
SECTION = 1_000_000


def sections(text: str, sentences: list[Sentence], size: int = SECTION) -> list[list[Sentence]]:
    """The sentences of ``text`` in runs of about ``size`` characters, each
    run ending where a paragraph does (or at twice ``size`` if none ends
    sooner); a news article is one run. Extraction resolves names and
    titles within a run, so a huge file never holds all its mentions at once.

    >>> text = "Ann met Bob. Cy met Dan.\\n\\nEd met Flo."
    >>> [[s.text for s in run] for run in sections(text, split_sentences(text), size=10)]
    [['Ann met Bob.', 'Cy met Dan.'], ['Ed met Flo.']]
    """
    runs: list[list[Sentence]] = [[]]
    length = 0
    for k, s in enumerate(sentences):
        runs[-1].append(s)
        length += s.end - s.start
        if k + 1 < len(sentences) and length >= size:
            gap = text[s.end:sentences[k + 1].start]
            if length >= 2 * size or gap.count("\n") >= 2:
                runs.append([])
                length = 0
    return [r for r in runs if r]


# Tokens: acronyms with dots (U.S.), words, clitics ('s, 't), any other symbol.
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\w+|['’]\w+|[^\w\s]")
# Every character that is not white space starts a token: split at the
# tokens, the text is white space, token, white space, …, white space.
_TOKEN_SPLIT = re.compile("(" + _TOKEN.pattern + ")")


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
    pieces = _TOKEN_SPLIT.split(text)
    bounds = list(accumulate(map(len, pieces)))     # each token's start and end, in turn
    # no match object and no Python call per token
    return list(map(tuple.__new__, repeat(Token), zip(pieces[1::2], bounds[::2], bounds[1::2])))


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
