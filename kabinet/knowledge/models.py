"""The knowledge base: articles of a supplier (in Russian and English, with categories, tags,
images and revisions), known problems among them, what people opened and whether a suggested
article solved their problem; and the searchable text of every ticket.

Rows are written only by ``knowledge.actions`` and ``knowledge.indexing``. The full-text
columns and tables beside these models live in migration 0002 (PostgreSQL: generated
``tsvector`` columns with GIN and trigram indexes; SQLite: FTS5 tables).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kabinet.orgs.models import Organisation, Person
from kabinet.tickets.models import Ticket


class ArticleKind(models.TextChoices):
    ARTICLE = "article", _("article")
    KNOWN_PROBLEM = "known_problem", _("known problem")


class ArticleVisibility(models.TextChoices):
    """Who reads a published article besides the owner's own staff."""

    PUBLIC = "public", _("everyone")
    CUSTOMERS = "customers", _("customers of this supplier")
    # Only partner organisations with a contract with the owning vendor: never a customer.
    PARTNERS = "partners", _("partners of this vendor")
    INTERNAL = "internal", _("the supplier's staff only")


class ArticleState(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class ProblemStatus(models.TextChoices):
    """A known problem's state; "fixed" names the release (``Article.fixed_in_version``)."""

    OPEN = "open", _("open")
    WORKAROUND = "workaround", _("workaround available")
    FIXED = "fixed", _("fixed in a release")


class SuggestionPlace(models.TextChoices):
    NEW_TICKET = "new_ticket", _("new ticket")
    DOSSIER = "dossier", _("escalation dossier")


class Category(models.Model):
    owner = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name_ru = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ("name_ru", "id")
        constraints = (
            models.UniqueConstraint(fields=["owner", "name_ru"], name="kb_category_unique"),
        )

    def __str__(self) -> str:
        return self.name_ru


class Article(models.Model):
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=ArticleKind.choices, default=ArticleKind.ARTICLE)
    state = models.CharField(
        max_length=16, choices=ArticleState.choices, default=ArticleState.DRAFT
    )
    visibility = models.CharField(
        max_length=16, choices=ArticleVisibility.choices, default=ArticleVisibility.INTERNAL
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    tags = models.JSONField(default=list, blank=True)  # short lower-case words
    title_ru = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300, blank=True)
    body_ru = models.TextField(blank=True)  # Markdown
    body_en = models.TextField(blank=True)  # Markdown
    # Known problems only.
    affected_versions = models.CharField(max_length=300, blank=True)
    problem_status = models.CharField(
        max_length=16, choices=ProblemStatus.choices, blank=True, default=""
    )
    fixed_in_version = models.CharField(max_length=100, blank=True)
    source_ticket = models.ForeignKey(
        Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = (
            models.Index(fields=["owner", "state", "visibility"], name="kb_article_scope"),
            models.Index(fields=["-updated_at", "-id"], name="kb_article_recent"),
        )

    def __str__(self) -> str:
        return self.title_ru

    @property
    def is_known_problem(self) -> bool:
        return self.kind == ArticleKind.KNOWN_PROBLEM

    def title_in(self, language: str) -> str:
        return self.title_en if language == "en" and self.title_en else self.title_ru

    def body_in(self, language: str) -> str:
        return self.body_en if language == "en" and self.body_en else self.body_ru


class ArticleRevision(models.Model):
    """The article's text as saved by one edit: who, when, what."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    title_ru = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300, blank=True)
    body_ru = models.TextField(blank=True)
    body_en = models.TextField(blank=True)

    class Meta:
        ordering = ("-number",)
        constraints = (
            models.UniqueConstraint(fields=["article", "number"], name="kb_revision_unique"),
        )


class ArticleImage(models.Model):
    """An image of an article; the bytes live on disk beside ticket attachments."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    uploaded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    storage_name = models.CharField(max_length=200, unique=True)
    uploaded_at = models.DateTimeField()


class ArticleVisit(models.Model):
    """A person opened the article (the escalation dossier lists what the partner read)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()

    class Meta:
        indexes = (models.Index(fields=["person", "-at"], name="kb_visit_recent"),)


class SuggestionFeedback(models.Model):
    """The answer to "did this solve it?" on a suggested article, one per person and article
    (a second answer replaces the first)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    place = models.CharField(max_length=16, choices=SuggestionPlace.choices)
    solved = models.BooleanField()
    at = models.DateTimeField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["article", "person"], name="kb_feedback_once"),
        )


class TicketText(models.Model):
    """A ticket's searchable text, split by who may read it: ``public_text`` (subject,
    description, public messages, public attachments' names) and ``internal_text`` (internal
    notes and attachments' names, for the supplier only). ``label`` is the lower-cased number
    and subject, for the trigram index. Rewritten whole by ``knowledge.indexing``."""

    ticket = models.OneToOneField(
        Ticket, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField(max_length=320)
    public_text = models.TextField()
    internal_text = models.TextField(blank=True)
