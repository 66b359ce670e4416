"""Every change to the knowledge base, one named action each: writing and revising an
article (each save a revision with its author and instant), adding an image, recording that
a person opened an article or answered "did this solve it?", turning a ticket's solution
into a draft, and answering a ticket with a link to an article."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kabinet import clock
from kabinet.errors import DomainError, NotAllowedError
from kabinet.knowledge.access import editable_owners, visible_articles
from kabinet.knowledge.indexing import index_articles
from kabinet.knowledge.models import (
    Article,
    ArticleImage,
    ArticleKind,
    ArticleRevision,
    ArticleState,
    ArticleVisibility,
    ArticleVisit,
    Category,
    ProblemStatus,
    SuggestionFeedback,
    SuggestionPlace,
)
from kabinet.orgs.models import Organisation, OrganisationKind, Person
from kabinet.tickets import storage
from kabinet.tickets.actions import record_public_reply
from kabinet.tickets.actions.timeline import require_supplier
from kabinet.tickets.models import EventKind, Ticket, TicketEvent

IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
IMAGE_LIMIT = 5 * 1024 * 1024
MAX_TAGS = 20


@dataclass
class ArticleContent:
    """What an author writes; the forms and serializers check its shape."""

    title_ru: str
    body_ru: str = ""
    title_en: str = ""
    body_en: str = ""
    kind: str = ArticleKind.ARTICLE
    state: str = ArticleState.DRAFT
    visibility: str = ArticleVisibility.INTERNAL
    category: Category | None = None
    tags: list[str] = field(default_factory=list)
    affected_versions: str = ""
    problem_status: str = ""
    fixed_in_version: str = ""


def _check(owner_id: int, owner_kind: str, content: ArticleContent) -> None:
    if not content.title_ru.strip():
        raise DomainError(_("The Russian title is required."), field="title_ru")
    if content.visibility == ArticleVisibility.PARTNERS and owner_kind != OrganisationKind.VENDOR:
        raise DomainError(_("Only a vendor writes for its partners."), field="visibility")
    if content.category is not None and content.category.owner_id != owner_id:
        raise DomainError(_("The category belongs to another supplier."), field="category")
    if content.kind == ArticleKind.KNOWN_PROBLEM:
        if content.problem_status not in ProblemStatus.values:
            raise DomainError(_("A known problem needs a status."), field="problem_status")
        if content.problem_status == ProblemStatus.FIXED and not content.fixed_in_version.strip():
            raise DomainError(
                _("Name the release that fixes the problem."), field="fixed_in_version"
            )
    elif content.problem_status or content.fixed_in_version or content.affected_versions:
        raise DomainError(_("Only a known problem has versions and a status."), field="kind")


def _tags(tags: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for tag in tags:
        word = " ".join(tag.lower().split())[:50]
        if word and word not in cleaned:
            cleaned.append(word)
    return cleaned[:MAX_TAGS]


def _apply(article: Article, content: ArticleContent) -> None:
    article.kind = content.kind
    article.state = content.state
    article.visibility = content.visibility
    article.category = content.category
    article.tags = _tags(content.tags)
    article.title_ru = content.title_ru.strip()
    article.title_en = content.title_en.strip()
    article.body_ru = content.body_ru
    article.body_en = content.body_en
    article.affected_versions = content.affected_versions.strip()
    article.problem_status = content.problem_status
    article.fixed_in_version = content.fixed_in_version.strip()


def _revision(article: Article, author: Person, now: dt.datetime) -> None:
    ArticleRevision.objects.create(
        article=article,
        number=article.revision,
        author=author,
        at=now,
        title_ru=article.title_ru,
        title_en=article.title_en,
        body_ru=article.body_ru,
        body_en=article.body_en,
    )


def write_article(
    *,
    author: Person,
    owner_id: int,
    content: ArticleContent,
    source_ticket: Ticket | None = None,
    now: dt.datetime | None = None,
) -> Article:
    """A new article of ``owner_id``, whose articles ``author`` must write."""
    if owner_id not in editable_owners(author):
        raise NotAllowedError(_("Only the supplier's engineers and managers write articles."))
    now = clock.resolve(now)
    owner_kind = Organisation.objects.values_list("kind", flat=True).get(pk=owner_id)
    _check(owner_id, owner_kind, content)
    with transaction.atomic():
        article = Article(
            owner_id=owner_id,
            created_by=author,
            created_at=now,
            updated_at=now,
            source_ticket=source_ticket,
        )
        _apply(article, content)
        article.save(force_insert=True)
        _revision(article, author, now)
        index_articles([article])
    return article


def revise_article(
    *, author: Person, article: Article, content: ArticleContent, now: dt.datetime | None = None
) -> Article:
    """Save a new revision of ``article`` (fetched with ``access_article_for_edit``)."""
    now = clock.resolve(now)
    _check(article.owner_id, article.owner.kind, content)
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        _apply(locked, content)
        locked.revision += 1
        locked.updated_at = now
        locked.save()
        _revision(locked, author, now)
        index_articles([locked])
    return locked


def add_article_image(
    *,
    author: Person,
    article: Article,
    filename: str,
    content_type: str,
    chunks: Iterable[bytes],
    now: dt.datetime | None = None,
) -> ArticleImage:
    """Store an image of the article (PNG, JPEG, GIF or WebP, at most 5 MB)."""
    if content_type not in IMAGE_TYPES:
        raise DomainError(_("Only PNG, JPEG, GIF and WebP images are accepted."), field="file")
    stored = storage.store(chunks, limit=IMAGE_LIMIT, refusal=storage.too_large(IMAGE_LIMIT))
    name = "".join(c for c in filename if c.isprintable()).strip()[:255] or "image"
    return ArticleImage.objects.create(
        article=article,
        uploaded_by=author,
        filename=name,
        content_type=content_type,
        size=stored.size,
        storage_name=stored.name,
        uploaded_at=clock.resolve(now),
    )


def record_visit(person: Person, article: Article, *, now: dt.datetime | None = None) -> None:
    """The person opened the article (precondition: they may read it)."""
    ArticleVisit.objects.create(article=article, person=person, at=clock.resolve(now))


def record_suggestion_feedback(
    person: Person,
    article: Article,
    *,
    place: SuggestionPlace,
    solved: bool,
    now: dt.datetime | None = None,
) -> SuggestionFeedback:
    """The person's answer to "did this solve it?"; a second answer replaces the first."""
    feedback, _created = SuggestionFeedback.objects.update_or_create(
        article=article,
        person=person,
        defaults={"place": place, "solved": solved, "at": clock.resolve(now)},
    )
    return feedback


def draft_from_ticket(*, author: Person, ticket: Ticket, now: dt.datetime | None = None) -> Article:
    """An internal draft of the supplier from the ticket's subject, description and the
    latest solution or workaround proposed; the author edits and publishes it."""
    require_supplier(author, ticket)
    solution = (
        TicketEvent.objects.filter(
            ticket=ticket,
            kind__in=[EventKind.SOLUTION_PROPOSED, EventKind.WORKAROUND_PROPOSED],
        )
        .order_by("-at", "-id")
        .first()
    )
    if solution is None:
        raise DomainError(_("The ticket has no proposed solution to write up."))
    body = gettext("## Problem\n\n%(problem)s\n\n## Solution\n\n%(solution)s") % {
        "problem": ticket.description,
        "solution": solution.payload.get("body", ""),
    }
    content = ArticleContent(title_ru=ticket.subject, body_ru=body)
    return write_article(
        author=author,
        owner_id=ticket.contract.supplier_id,
        content=content,
        source_ticket=ticket,
        now=now,
    )


def answer_with_article(
    *,
    author: Person,
    ticket: Ticket,
    article: Article,
    note: str = "",
    now: dt.datetime | None = None,
) -> TicketEvent:
    """A public reply on the ticket that links the article. The ticket's reporter must be
    able to read it, so that a link never shows a customer an article hidden from them."""
    require_supplier(author, ticket)
    if not visible_articles(ticket.reporter).filter(pk=article.pk).exists():
        raise DomainError(
            _("The customer cannot read this article; choose a published one meant for them."),
            field="article",
        )
    url = settings.KABINET_BASE_URL.rstrip("/") + reverse(
        "cabinets:article", kwargs={"article_id": article.pk}
    )
    body = f"{note.strip()}\n\n{article.title_ru}: {url}".strip()
    return record_public_reply(ticket, author=author, body=body, now=now)
