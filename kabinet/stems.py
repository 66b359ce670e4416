"""Words of a text as the search sees them: lower-cased, "ё" read as "е", each reduced to
its Snowball stem (Russian for Cyrillic words, English for the rest), and the highlighted
snippet of a text around the words of a query. Pure Python: no Django, no database. Outside
the knowledge app, because the SQLite backend (``kabinet.sqlite``) also calls ``stems_of``
as the SQL function its triggers stem a ticket's text with: one rule for the text and the
query, whoever stems."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]

WORD = re.compile(r"[^\W_]+", re.UNICODE)  # "журнал_ошибок" is two words
CYRILLIC = re.compile(r"[а-я]")
# Words too common to narrow a search (PostgreSQL's own lists drop them from a query too).
_STOP_LIST = (
    "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только "
    "ее мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни "
    "быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где "
    "есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж "
    "тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы "
    "нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над "
    "больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо "
    "свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между "
    "a an and are as at be but by for if in into is it no not of on or such that the their "
    "then there these they this to was will with"
)
STOP_WORDS = frozenset(_STOP_LIST.split())
MAX_QUERY_WORDS = 12


@lru_cache(maxsize=2)
def _stemmer(language: str) -> Any:
    return snowballstemmer.stemmer(language)


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, lower-cased word) of every word in ``text``."""
    for match in WORD.finditer(text):
        yield match.start(), match.end(), match.group().lower().replace("ё", "е")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem of one lower-cased word (digits and codes stay as they are)."""
    language = "russian" if CYRILLIC.search(word) else "english"
    return str(_stemmer(language).stemWord(word))


def stems_of(text: str) -> str:
    """The text as a space-separated run of stems: what SQLite's FTS5 tables hold."""
    return " ".join(stem(word) for _, _, word in words(text))


def query_stems(query: str) -> list[str]:
    """The distinct stems a query asks for, in order, without stop words; at most
    ``MAX_QUERY_WORDS`` (a pasted page is not a query)."""
    found: list[str] = []
    for _, _, word in words(query):
        if word in STOP_WORDS:
            continue
        stemmed = stem(word)
        if stemmed not in found:
            found.append(stemmed)
    return found[:MAX_QUERY_WORDS]


def query_words(query: str) -> list[str]:
    """The query's words (not stems) without stop words: what PostgreSQL stems itself."""
    found: list[str] = []
    for _, _, word in words(query):
        if word not in STOP_WORDS and word not in found:
            found.append(word)
    return found[:MAX_QUERY_WORDS]


def snippet(texts: Iterable[str], wanted: Iterable[str], *, width: int = 160) -> str:
    """HTML: about ``width`` characters of the first text that holds one of the ``wanted``
    stems, around the first such word, every matching word in ``<mark>``; everything else
    escaped. Without a match, the start of the first non-empty text."""
    wanted = set(wanted)
    first = ""
    for text in texts:
        if not text:
            continue
        first = first or text
        hits: list[tuple[int, int]] = []
        window_end = len(text)
        for start, end, word in words(text):
            if start >= window_end:
                break  # past the snippet's window: no further word is shown
            if stem(word) in wanted:
                if not hits:  # the window, as ``_marked`` cuts it around the first hit
                    window_end = min(len(text), max(0, start - width // 3) + width)
                hits.append((start, end))
        if hits:
            return _marked(text, hits, width)
    return html.escape(_clip(first, 0, width))


def _marked(text: str, hits: list[tuple[int, int]], width: int) -> str:
    begin = max(0, hits[0][0] - width // 3)
    end = min(len(text), begin + width)
    parts: list[str] = ["…" if begin else ""]
    cursor = begin
    for start, stop in hits:
        if start < begin or stop > end:
            continue
        parts.append(html.escape(text[cursor:start]))
        parts.append(f"<mark>{html.escape(text[start:stop])}</mark>")
        cursor = stop
    parts.append(html.escape(text[cursor:end]))
    parts.append("…" if end < len(text) else "")
    return " ".join("".join(parts).split())


def _clip(text: str, begin: int, width: int) -> str:
    clipped = " ".join(text[begin : begin + width].split())
    return clipped + ("…" if len(text) > begin + width else "")
