"""Which tickets and articles hold the words of a query, on either database; who may see
them is the caller's queryset.

PostgreSQL: the generated ``tsvector`` columns (``russian`` configuration, which stems
Cyrillic words with the Russian Snowball stemmer and Latin ones with the English one; article
English bodies with ``english``) under GIN indexes, and a trigram index on the ticket's
number and subject for fragments ("00123", "провед"). SQLite: FTS5 tables of stems that
``knowledge.indexing`` computed with the same Snowball stemmers.

``every`` word must match (a search) or ``any`` (a suggestion while typing, ranked).
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

from kabinet.knowledge.indexing import ARTICLE_FTS, TICKET_FTS
from kabinet.knowledge.models import Article, TicketText
from kabinet.knowledge.stems import query_stems, query_words
from kabinet.tickets.models import TicketQuerySet

MIN_FRAGMENT = 3


class Match(StrEnum):
    EVERY = "every"
    ANY = "any"


def _tsquery(words: list[str], match: Match) -> str:
    """``to_tsquery`` input: each word is ``\\w+`` only, so no operator can be smuggled in."""
    return (" & " if match is Match.EVERY else " | ").join(words)


def _fts(stems: list[str], match: Match, columns: str) -> str:
    joined = (" AND " if match is Match.EVERY else " OR ").join(f'"{s}"' for s in stems)
    return f"{columns} : ({joined})"


def matching_tickets(
    tickets: TicketQuerySet,
    query: str,
    *,
    internal_contracts: Collection[int],
    internal_anywhere: bool = False,
    match: Match = Match.EVERY,
) -> TicketQuerySet:
    """Tickets of ``tickets`` whose public text holds the query's words, or whose internal
    notes do where the ticket's contract is one of ``internal_contracts`` (those the person
    supplies) or, with ``internal_anywhere``, on any ticket of ``tickets`` (the caller
    supplies them all), or whose number or subject holds the query as typed."""
    condition = _words_condition(query, internal_contracts, internal_anywhere, match)
    fragment = " ".join(query.lower().split())
    if match is Match.EVERY and len(fragment) >= MIN_FRAGMENT:
        labels = TicketText.objects.filter(label__contains=fragment).values("ticket_id")
        in_label = Q(pk__in=labels)
        condition = in_label if condition is None else condition | in_label
    if condition is None:
        return tickets.none()
    return tickets.filter(condition)


def _words_condition(
    query: str, internal: Collection[int], anywhere: bool, match: Match
) -> Q | None:
    public: object
    internal_ids: object
    if connection.vendor == "postgresql":
        words = query_words(query)
        if not words:
            return None
        tsquery = _tsquery(words, match)

        def holding(column: str) -> object:
            found = RawSQL(
                f"{column} @@ to_tsquery('russian', %s)", [tsquery], output_field=BooleanField()
            )
            return TicketText.objects.filter(found).values("ticket_id")

        # Public and internal together (under their own expression index): the words may
        # be spread over both, as in the FTS5 filter below.
        public = holding("public_vector")
        internal_ids = holding("(public_vector || internal_vector)")
    else:
        stems = query_stems(query)
        if not stems:
            return None

        def holding_fts(columns: str) -> RawSQL:
            return RawSQL(
                f"SELECT rowid FROM {TICKET_FTS} WHERE {TICKET_FTS} MATCH %s",
                [_fts(stems, match, columns)],
            )

        public, internal_ids = holding_fts("public"), holding_fts("{public internal}")
    if anywhere:
        return Q(pk__in=internal_ids)  # public or internal, as the FTS filter reads it
    condition = Q(pk__in=public)
    if internal:
        condition |= Q(pk__in=internal_ids, contract_id__in=list(internal))
    return condition


def matching_articles(
    articles: QuerySet[Article], query: str, *, match: Match = Match.EVERY
) -> QuerySet[Article]:
    """Articles of ``articles`` holding the query's words, best first (``rank``)."""
    if connection.vendor == "postgresql":
        words = query_words(query)
        if not words:
            return articles.none()
        tsquery = _tsquery(words, match)
        found = RawSQL(
            "knowledge_article.search_vector @@ to_tsquery('russian', %s)",
            [tsquery],
            output_field=BooleanField(),
        )
        rank = RawSQL(
            "ts_rank(knowledge_article.search_vector, to_tsquery('russian', %s))",
            [tsquery],
            output_field=FloatField(),
        )
        return articles.filter(found).annotate(rank=rank).order_by("-rank", "-updated_at", "-id")
    stems = query_stems(query)
    if not stems:
        return articles.none()
    expression = _fts(stems, match, "{title body}")
    ids = RawSQL(f"SELECT rowid FROM {ARTICLE_FTS} WHERE {ARTICLE_FTS} MATCH %s", [expression])
    # bm25 is lower for better matches; the title weighs five times the body.
    rank = RawSQL(
        f"(SELECT -bm25({ARTICLE_FTS}, 5.0, 1.0) FROM {ARTICLE_FTS} "
        f"WHERE {ARTICLE_FTS} MATCH %s AND rowid = knowledge_article.id)",
        [expression],
        output_field=FloatField(),
    )
    return articles.filter(pk__in=ids).annotate(rank=rank).order_by("-rank", "-updated_at", "-id")
