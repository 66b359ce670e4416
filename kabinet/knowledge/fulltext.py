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
from typing import Any

from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import Expression, RawSQL

from kabinet.knowledge.indexing import ARTICLE_FTS, LABEL_FTS, TICKET_FTS
from kabinet.knowledge.models import Article, TicketText
from kabinet.stems import query_stems, query_words
from kabinet.tickets.models import TicketQuerySet

# A subquery of ticket ids: a ``values("ticket_id")`` queryset or a RawSQL SELECT.
IdSet = Any
MIN_FRAGMENT = 3
# PostgreSQL ranks at most this many matching articles, the newest (see matching_articles).
RANK_CANDIDATES = 200
MAX_FRAGMENT = 100


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
    supplies them all), or whose number or subject holds the query as typed.

    Each of the two sets is one subquery on the search table (the words' index OR the
    trigram index), so the database joins it to the tickets once."""
    fragment = " ".join(query.lower().split())[:MAX_FRAGMENT]
    label = fragment if match is Match.EVERY and len(fragment) >= MIN_FRAGMENT else ""
    if connection.vendor == "postgresql":
        holding = _postgresql_holding(query_words(query), match, label)
    else:
        holding = _sqlite_holding(query_stems(query), match, label)
    if holding is None:
        return tickets.none()
    public, everything = holding
    if internal_anywhere:
        return tickets.filter(pk__in=everything)
    condition = Q(pk__in=public)
    if internal_contracts:
        condition |= Q(pk__in=everything, contract_id__in=list(internal_contracts))
    return tickets.filter(condition)


def _postgresql_holding(words: list[str], match: Match, label: str) -> tuple[IdSet, IdSet] | None:
    if not words and not label:
        return None

    def holding(vector: str) -> IdSet:
        condition = Q()
        if words:
            found = RawSQL(
                f"{vector} @@ to_tsquery('russian', %s)",
                [_tsquery(words, match)],
                output_field=BooleanField(),
            )
            condition = Q(found)
        if label:
            condition |= Q(label__contains=label)
        return TicketText.objects.filter(condition).values("ticket_id")

    # Public and internal together (``all_vector``): the words may be spread over both,
    # as in the FTS5 column filter.
    return holding("public_vector"), holding("all_vector")


def _sqlite_holding(stems: list[str], match: Match, label: str) -> tuple[IdSet, IdSet] | None:
    if not stems and not label:
        return None

    def holding(columns: str) -> IdSet:
        parts, params = [], []
        if stems:
            parts.append(f"SELECT rowid FROM {TICKET_FTS} WHERE {TICKET_FTS} MATCH %s")
            params.append(_fts(stems, match, columns))
        if label:
            parts.append(f"SELECT rowid FROM {LABEL_FTS} WHERE {LABEL_FTS} MATCH %s")
            params.append('label : "' + label.replace('"', '""') + '"')
        return RawSQL(" UNION ".join(parts), params)

    return holding("public"), holding("{public internal}")


class VectorMatches(Expression):
    """``<table>.<column> @@ to_tsquery('russian', <query>)`` on the table of the query it
    is compiled in, under whatever alias that query gives it (a subquery's is not the
    table's name): a condition on a generated ``tsvector`` column the model does not
    declare."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, column: str, tsquery: str) -> None:
        super().__init__()
        self.column, self.tsquery = column, tsquery

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[str, ...]]:
        table = compiler.quote_name(compiler.query.get_initial_alias())
        return f"{table}.{self.column} @@ to_tsquery('russian', %s)", (self.tsquery,)


def matching_articles(
    articles: QuerySet[Article], query: str, *, match: Match = Match.EVERY
) -> QuerySet[Article]:
    """Articles of ``articles`` holding the query's words, best first (``rank``)."""
    if connection.vendor == "postgresql":
        words = query_words(query)
        if not words:
            return articles.none()
        tsquery = _tsquery(words, match)
        found = VectorMatches("search_vector", tsquery)
        rank = RawSQL(
            "ts_rank(knowledge_article.search_vector, to_tsquery('russian', %s))",
            [tsquery],
            output_field=FloatField(),
        )
        # Rank only the candidates: the newest RANK_CANDIDATES matching articles, read in
        # the order of ``kb_article_recent``. A common word matches thousands of articles,
        # and ranking every one of them reads and scores each vector; a query that matches
        # fewer is ranked in full.
        candidates = (
            articles.filter(found).order_by("-updated_at", "-id").values("pk")[:RANK_CANDIDATES]
        )
        # The candidates are already narrowed to what the caller may read: the outer query
        # only fetches them by key (repeating the access filter here would make it scan).
        return (
            Article.objects.filter(pk__in=candidates)
            .annotate(rank=rank)
            .order_by("-rank", "-updated_at", "-id")
        )
    stems = query_stems(query)
    if not stems:
        return articles.none()
    # One join with the FTS5 table, which ranks while it matches (bm25 is lower for better
    # matches; the title weighs five times the body). ``extra`` because the ORM has no
    # join to a table without a model.
    return articles.extra(
        tables=[ARTICLE_FTS],
        where=[f"{ARTICLE_FTS}.rowid = knowledge_article.id", f"{ARTICLE_FTS} MATCH %s"],
        params=[_fts(stems, match, "{title body}")],
        select={"rank": f"-bm25({ARTICLE_FTS}, 5.0, 1.0)"},
    ).order_by("-rank", "-updated_at", "-id")
