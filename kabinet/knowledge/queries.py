"""The search as a person sees it: tickets and articles that hold the words of a query,
narrowed exactly as the person's lists are, with highlighted snippets cut only from text the
person may read (a customer's snippet never comes from an internal note); and the articles
to suggest while someone describes a problem."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, Q, QuerySet
from django.urls import reverse

from kabinet.contracts.models import Contract
from kabinet.knowledge.access import visible_articles
from kabinet.knowledge.fulltext import Match, matching_articles, matching_tickets
from kabinet.knowledge.models import (
    Article,
    ArticleState,
    ArticleVisibility,
    ArticleVisit,
    TicketText,
)
from kabinet.lines.models import DevelopmentHandover
from kabinet.orgs.models import Organisation, OrganisationKind, Person
from kabinet.orgs.queries import customer_organisation_ids, supplier_organisation_ids
from kabinet.stems import query_stems, snippet
from kabinet.tickets.access import visible_tickets
from kabinet.tickets.models import Ticket, TicketQuerySet
from kabinet.tickets.search import NUMBER_TYPED, matching_text

MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class TicketHit:
    ticket: Ticket
    snippet: str  # HTML, matches in <mark>


@dataclass(frozen=True)
class ArticleHit:
    article: Article
    snippet: str  # HTML, matches in <mark>


def supplied_contract_ids(person: Person) -> list[int]:
    """Contracts the person supplies: on their tickets they also read internal notes."""
    suppliers = supplier_organisation_ids(person)
    if not suppliers:
        return []
    return list(Contract.objects.filter(supplier_id__in=suppliers).values_list("id", flat=True))


def searched_tickets(
    person: Person,
    query: str,
    scope: TicketQuerySet | None = None,
    *,
    supplied: list[int] | None = None,
) -> TicketQuerySet:
    """Tickets of ``scope`` (by default every ticket the person sees) holding the query; the
    scope must already be narrowed to what the person may see. ``supplied``: the person's
    ``supplied_contract_ids`` where the caller has read them already."""
    tickets = visible_tickets(person) if scope is None else scope
    if supplied is None:
        supplied = supplied_contract_ids(person)
    if supplied and not _customer_side_contracts(person, supplied):
        # Every ticket they see is one they supply: one set, one simpler query.
        return matching_tickets(
            tickets, query[:MAX_QUERY_LENGTH], internal_contracts=(), internal_anywhere=True
        )
    return matching_tickets(tickets, query[:MAX_QUERY_LENGTH], internal_contracts=supplied)


def _customer_side_contracts(person: Person, supplied: list[int]) -> bool:
    """Does the person see a contract they do not supply (a partner's own with its vendor)?"""
    customer_of = customer_organisation_ids(person)
    return bool(customer_of) and (
        Contract.objects.filter(customer_id__in=customer_of).exclude(pk__in=supplied).exists()
    )


def text_in_list(tickets: TicketQuerySet, text: str, *, supplied: bool) -> TicketQuerySet:
    """A list's text filter: what ``tickets.search`` finds (a typed ticket number; every
    word as typed in the subject or description) and what the full-text search finds (any
    word form, replies, file names). ``supplied``: the person supplies every ticket of
    ``tickets`` (the supplier queue), so their internal notes count; otherwise only public
    text does."""
    if NUMBER_TYPED.fullmatch(text.strip()):
        return matching_text(tickets, text)
    typed = matching_text(tickets, text)
    words = matching_tickets(
        tickets, text[:MAX_QUERY_LENGTH], internal_contracts=(), internal_anywhere=supplied
    )
    return typed | words


def ticket_snippets(
    person: Person,
    tickets: Sequence[Ticket],
    query: str,
    *,
    supplied_ids: list[int] | None = None,
) -> dict[int, str]:
    """Snippet per ticket id, from the public text and, on tickets the person supplies, the
    internal notes too (``supplied_ids``: their ``supplied_contract_ids``, if read already)."""
    supplied = set(supplied_contract_ids(person) if supplied_ids is None else supplied_ids)
    wanted = query_stems(query[:MAX_QUERY_LENGTH])
    texts = TicketText.objects.filter(ticket_id__in=[t.pk for t in tickets]).in_bulk()
    snippets: dict[int, str] = {}
    for ticket in tickets:
        text = texts.get(ticket.pk)
        if text is None:
            snippets[ticket.pk] = snippet([ticket.subject], wanted)
            continue
        sources = [text.public_text]
        if ticket.contract_id in supplied:
            sources.append(text.internal_text)
        snippets[ticket.pk] = snippet(sources, wanted)
    return snippets


def search_tickets(person: Person, query: str, *, limit: int = 20) -> list[TicketHit]:
    """The first page of tickets holding the query, newest first."""
    supplied = supplied_contract_ids(person)
    found = list(
        searched_tickets(person, query, supplied=supplied)
        .select_related("contract")
        .order_by("-registered_at", "-id")[:limit]
    )
    snippets = ticket_snippets(person, found, query, supplied_ids=supplied)
    return [TicketHit(ticket, snippets[ticket.pk]) for ticket in found]


def _article_hits(articles: QuerySet[Article], query: str, language: str) -> list[ArticleHit]:
    wanted = query_stems(query)
    hits = []
    for article in articles:
        first, second = (
            (article.body_en, article.body_ru)
            if language == "en"
            else (article.body_ru, article.body_en)
        )
        hits.append(
            ArticleHit(article, snippet([first, second, article.title_in(language)], wanted))
        )
    return hits


def search_articles(
    person: Person, query: str, *, language: str = "ru", limit: int = 20
) -> list[ArticleHit]:
    """The articles the person reads that hold every word of the query, best first."""
    query = query[:MAX_QUERY_LENGTH]
    found = matching_articles(visible_articles(person), query).select_related("owner")[:limit]
    return _article_hits(found, query, language)


def suggested_articles(
    person: Person, text: str, *, language: str = "ru", limit: int = 5
) -> list[ArticleHit]:
    """Published articles the person reads that hold any word of ``text`` (what they typed
    so far), best first: the suggestions beside a new ticket or an escalation dossier."""
    text = text[:MAX_QUERY_LENGTH]
    articles = visible_articles(person).filter(state=ArticleState.PUBLISHED)
    found = matching_articles(articles, text, match=Match.ANY).select_related("owner")[:limit]
    return _article_hits(found, text, language)


def feedback_counts(article: Article) -> dict[str, int]:
    """How often a suggestion of the article solved the problem, and how often not."""
    counts = article.feedback.aggregate(
        yes=Count("pk", filter=Q(solved=True)), no=Count("pk", filter=Q(solved=False))
    )
    return {"solved": counts["yes"] or 0, "unsolved": counts["no"] or 0}


def opened_articles(person: Person, *, since: dt.datetime) -> list[Article]:
    """Articles the person opened since ``since`` and may still read, latest first, each
    once: what a partner consulted before escalating (dossier item 7)."""
    visits = ArticleVisit.objects.filter(person=person, at__gte=since).order_by("-at")
    seen: list[int] = []
    for article_id in visits.values_list("article_id", flat=True)[:200]:
        if article_id not in seen:
            seen.append(article_id)
    readable = visible_articles(person).in_bulk(seen)
    return [readable[pk] for pk in seen if pk in readable]


def release_waits(article: Article) -> QuerySet[DevelopmentHandover]:
    """The owner's tickets handed to development for the release that fixes this known
    problem (waiting or released): the link between the article and the release wait."""
    if not article.fixed_in_version:
        return DevelopmentHandover.objects.none()
    return DevelopmentHandover.objects.filter(
        supplier_id=article.owner_id, version=article.fixed_in_version
    ).select_related("ticket")


def answers_for_ticket(person: Person, ticket: Ticket, *, limit: int = 5) -> list[ArticleHit]:
    """Published articles of the ticket's supplier, meant for its customer, that hold words
    of the subject: what the supplier's ``person`` may link in a reply (the act itself checks
    the reporter's reading rights again, in full). One statement."""
    contract = ticket.contract
    partner_customer = Organisation.objects.filter(
        pk=contract.customer_id, kind=OrganisationKind.PARTNER
    )
    readable = visible_articles(person).filter(
        Q(visibility__in=[ArticleVisibility.PUBLIC, ArticleVisibility.CUSTOMERS])
        | Q(Exists(partner_customer), visibility=ArticleVisibility.PARTNERS),
        state=ArticleState.PUBLISHED,
        owner_id=contract.supplier_id,
    )
    found = matching_articles(readable, ticket.subject, match=Match.ANY)[:limit]
    return _article_hits(found, ticket.subject, "ru")


def consulted_resources(person: Person, *, since: dt.datetime) -> str:
    """Dossier item 7 as the partner starts it: one line per article they opened since
    ``since`` (the ticket's registration), with its address."""
    base = settings.KABINET_BASE_URL.rstrip("/")
    return "\n".join(
        f"— {article.title_ru}: {base}{reverse('cabinets:article', args=[article.pk])}"
        for article in opened_articles(person, since=since)
    )
