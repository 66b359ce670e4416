"""Who reads and who edits which article. An article the person may not read is reported
exactly like one that does not exist (NotFoundError).

A published article reaches, besides the owner's staff (who also see drafts and internal
ones): everyone (public); people of an organisation with a contract supplied by the owner
(customers); people of a partner organisation with a contract supplied by the owning vendor
(partners; a customer organisation never qualifies, whatever its contracts).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kabinet.contracts.models import Contract
from kabinet.errors import NotFoundError
from kabinet.knowledge.models import Article, ArticleImage, ArticleState, ArticleVisibility
from kabinet.orgs.models import PARTNER_STAFF_ROLES, Organisation, OrganisationKind, Person
from kabinet.orgs.queries import (
    customer_organisation_ids,
    has_role_in_any,
    membership_snapshot,
    supplier_organisation_ids,
)


def visible_articles(person: Person) -> QuerySet[Article]:
    staff_of = supplier_organisation_ids(person)
    customer_of = customer_organisation_ids(person)
    partner_orgs = membership_snapshot(person).organisation_ids([OrganisationKind.PARTNER])
    # Subqueries, not lists: the article query stays one statement.
    suppliers_as_customer = Contract.objects.filter(customer_id__in=customer_of).values(
        "supplier_id"
    )
    vendors_as_partner = Contract.objects.filter(
        customer_id__in=partner_orgs, supplier__kind=OrganisationKind.VENDOR
    ).values("supplier_id")
    published = Q(state=ArticleState.PUBLISHED) & (
        Q(visibility=ArticleVisibility.PUBLIC)
        | Q(visibility=ArticleVisibility.CUSTOMERS, owner_id__in=suppliers_as_customer)
        | Q(visibility=ArticleVisibility.PARTNERS, owner_id__in=vendors_as_partner)
    )
    return Article.objects.filter(published | Q(owner_id__in=staff_of))


def access_article(person: Person, article_id: int) -> Article:
    try:
        return visible_articles(person).select_related("category", "owner").get(pk=article_id)
    except Article.DoesNotExist:
        raise NotFoundError(_("Article not found.")) from None


def editable_owners(person: Person) -> set[int]:
    """Suppliers whose articles the person writes: an engineer or manager of the supplier."""
    return {
        org
        for org in supplier_organisation_ids(person)
        if has_role_in_any(person, [org], *PARTNER_STAFF_ROLES)
    }


def access_article_for_edit(
    person: Person, article_id: int, *, for_update: bool = False
) -> Article:
    """The article if the person writes its owner's articles, else not found (also for a
    reader of it); ``for_update`` locks the row (inside ``transaction.atomic``)."""
    articles = Article.objects.filter(owner_id__in=editable_owners(person))
    if for_update:
        articles = articles.select_for_update()
    try:
        return articles.get(pk=article_id)
    except Article.DoesNotExist:
        raise NotFoundError(_("Article not found.")) from None


def access_article_image(person: Person, article_id: int, image_id: int) -> ArticleImage:
    """An image of an article the person reads."""
    article = access_article(person, article_id)
    image = ArticleImage.objects.filter(article=article, pk=image_id).first()
    if image is None:
        raise NotFoundError(_("Image not found."))
    return image


def owner_choices(person: Person) -> list[tuple[int, str]]:
    """(id, name) of the suppliers whose articles the person writes, for the editor."""
    return list(
        Organisation.objects.filter(pk__in=editable_owners(person))
        .order_by("name")
        .values_list("pk", "name")
    )
