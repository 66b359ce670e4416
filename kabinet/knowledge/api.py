"""Search and knowledge-base endpoints: one view per operation; parse, access, call one
action or query, render. Snippets are HTML with the matching words in ``<mark>``, everything
else escaped."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kabinet.api.events import EventOutput, event_created
from kabinet.api.fields import StrictBooleanField, StrictCharField, StrictIntegerField
from kabinet.api.outputs import ModelOutput
from kabinet.api.requests import person_of, validated
from kabinet.errors import NotAllowedError
from kabinet.knowledge import actions, queries
from kabinet.knowledge.access import (
    access_article,
    access_article_for_edit,
    editable_owners,
)
from kabinet.knowledge.models import (
    Article,
    ArticleKind,
    ArticleState,
    ArticleVisibility,
    Category,
    ProblemStatus,
    SuggestionPlace,
)
from kabinet.knowledge.rendering import render_markdown
from kabinet.tickets.access import access_ticket

TEXT = 100_000


def _language() -> str:
    return "en" if (get_language() or "ru").startswith("en") else "ru"


class SearchInput(serializers.Serializer[dict[str, Any]]):
    q = StrictCharField(max_length=queries.MAX_QUERY_LENGTH, trim_whitespace=True)
    limit = StrictIntegerField(min_value=1, max_value=50, required=False, default=20)


class TicketHitOutput(serializers.Serializer[Any]):
    number = serializers.CharField(source="ticket.number")
    subject = serializers.CharField(source="ticket.subject")
    status = serializers.CharField(source="ticket.status")
    registered_at = serializers.DateTimeField(source="ticket.registered_at")
    snippet = serializers.CharField(help_text="HTML; matching words in <mark>.")


class ArticleHitOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="article.pk")
    title = serializers.SerializerMethodField()
    kind = serializers.CharField(source="article.kind")
    owner = serializers.CharField(source="article.owner.name")
    snippet = serializers.CharField(help_text="HTML; matching words in <mark>.")

    def get_title(self, hit: queries.ArticleHit) -> str:
        return hit.article.title_in(_language())


class SearchOutput(serializers.Serializer[dict[str, Any]]):
    query = serializers.CharField()
    tickets = TicketHitOutput(many=True)
    articles = ArticleHitOutput(many=True)


class SearchApi(APIView):
    @extend_schema(
        parameters=[SearchInput],
        responses=SearchOutput,
        operation_id="search",
        description=(
            "The first page of tickets (newest first) and articles (best first) holding "
            "every word of `q`, in any Russian or English word form, among what the caller "
            "may read; internal notes count only on tickets the caller supplies."
        ),
    )
    def get(self, request: Request) -> Response:
        data = validated(SearchInput, request.query_params)
        person, language = person_of(request), _language()
        result = {
            "query": data["q"],
            "tickets": queries.search_tickets(person, data["q"], limit=data["limit"]),
            "articles": queries.search_articles(
                person, data["q"], language=language, limit=data["limit"]
            ),
        }
        return Response(SearchOutput(result).data)


class SuggestionInput(serializers.Serializer[dict[str, Any]]):
    text = StrictCharField(max_length=TEXT, allow_blank=True, trim_whitespace=True)


class ArticleSuggestionsApi(APIView):
    @extend_schema(
        parameters=[SuggestionInput],
        responses=ArticleHitOutput(many=True),
        operation_id="articles_suggestions",
        description="Up to five published articles holding any word of `text`, best first.",
    )
    def get(self, request: Request) -> Response:
        data = validated(SuggestionInput, request.query_params)
        hits = queries.suggested_articles(person_of(request), data["text"], language=_language())
        return Response(ArticleHitOutput(hits, many=True).data)


class ArticleInput(serializers.Serializer[dict[str, Any]]):
    owner = StrictIntegerField(required=False, help_text="Needed if you write for several.")
    kind = serializers.ChoiceField(choices=ArticleKind.choices, default=ArticleKind.ARTICLE)
    state = serializers.ChoiceField(choices=ArticleState.choices, default=ArticleState.DRAFT)
    visibility = serializers.ChoiceField(
        choices=ArticleVisibility.choices, default=ArticleVisibility.INTERNAL
    )
    category = StrictIntegerField(required=False, allow_null=True, default=None)
    tags = serializers.ListField(
        child=StrictCharField(max_length=50), max_length=20, required=False, default=list
    )
    title_ru = StrictCharField(max_length=300)
    title_en = StrictCharField(max_length=300, required=False, allow_blank=True, default="")
    body_ru = StrictCharField(max_length=TEXT, required=False, allow_blank=True, default="")
    body_en = StrictCharField(max_length=TEXT, required=False, allow_blank=True, default="")
    affected_versions = StrictCharField(
        max_length=300, required=False, allow_blank=True, default=""
    )
    problem_status = serializers.ChoiceField(
        choices=ProblemStatus.choices, required=False, allow_blank=True, default=""
    )
    fixed_in_version = StrictCharField(max_length=100, required=False, allow_blank=True, default="")


class ArticleOutput(ModelOutput[Article]):
    owner = serializers.CharField(source="owner.name", read_only=True)
    category = serializers.CharField(source="category.name_ru", read_only=True, default=None)
    body_ru_html = serializers.SerializerMethodField()
    body_en_html = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = (
            "id",
            "owner",
            "kind",
            "state",
            "visibility",
            "category",
            "tags",
            "title_ru",
            "title_en",
            "body_ru",
            "body_en",
            "body_ru_html",
            "body_en_html",
            "affected_versions",
            "problem_status",
            "fixed_in_version",
            "revision",
            "updated_at",
        )

    def get_body_ru_html(self, article: Article) -> str:
        return render_markdown(article.body_ru)

    def get_body_en_html(self, article: Article) -> str:
        return render_markdown(article.body_en)


def _content(owner_id: int, data: dict[str, Any]) -> actions.ArticleContent:
    category_id = data.pop("category", None)
    data.pop("owner", None)
    category = None
    if category_id is not None:
        category = Category.objects.filter(owner_id=owner_id, pk=category_id).first()
        if category is None:
            raise serializers.ValidationError({"category": [_("No such category.")]})
    return actions.ArticleContent(category=category, **data)


class ArticleCollectionApi(APIView):
    @extend_schema(
        request=ArticleInput, responses={201: ArticleOutput}, operation_id="articles_create"
    )
    def post(self, request: Request) -> Response:
        person = person_of(request)
        data = validated(ArticleInput, request.data)
        owners = sorted(editable_owners(person))
        if not owners:
            raise NotAllowedError(_("Only the supplier's engineers and managers write articles."))
        owner_id = data.get("owner") or (owners[0] if len(owners) == 1 else None)
        if owner_id is None or owner_id not in owners:
            raise serializers.ValidationError(
                {"owner": [_("Name a supplier whose articles you write.")]}
            )
        article = actions.write_article(
            author=person, owner_id=owner_id, content=_content(owner_id, data)
        )
        return Response(ArticleOutput(article).data, status=status.HTTP_201_CREATED)


class ArticleItemApi(APIView):
    @extend_schema(responses=ArticleOutput, operation_id="articles_retrieve")
    def get(self, request: Request, article_id: int) -> Response:
        person = person_of(request)
        article = access_article(person, article_id)
        actions.record_visit(person, article)
        return Response(ArticleOutput(article).data)

    @extend_schema(request=ArticleInput, responses=ArticleOutput, operation_id="articles_update")
    def put(self, request: Request, article_id: int) -> Response:
        person = person_of(request)
        article = access_article_for_edit(person, article_id)
        data = validated(ArticleInput, request.data)
        article = actions.revise_article(
            author=person, article=article, content=_content(article.owner_id, data)
        )
        return Response(ArticleOutput(article).data)


class FeedbackInput(serializers.Serializer[dict[str, Any]]):
    solved = StrictBooleanField()
    place = serializers.ChoiceField(
        choices=SuggestionPlace.choices, default=SuggestionPlace.NEW_TICKET
    )


class FeedbackOutput(serializers.Serializer[dict[str, int]]):
    solved = serializers.IntegerField()
    unsolved = serializers.IntegerField()


class ArticleFeedbackApi(APIView):
    @extend_schema(
        request=FeedbackInput, responses=FeedbackOutput, operation_id="articles_feedback"
    )
    def post(self, request: Request, article_id: int) -> Response:
        person = person_of(request)
        article = access_article(person, article_id)
        data = validated(FeedbackInput, request.data)
        actions.record_suggestion_feedback(
            person, article, place=SuggestionPlace(data["place"]), solved=data["solved"]
        )
        return Response(FeedbackOutput(queries.feedback_counts(article)).data)


class ArticleAnswerInput(serializers.Serializer[dict[str, Any]]):
    article = StrictIntegerField()
    note = StrictCharField(max_length=TEXT, required=False, allow_blank=True, default="")


class TicketArticleAnswerApi(APIView):
    @extend_schema(
        request=ArticleAnswerInput,
        responses={201: EventOutput},
        operation_id="tickets_article_answer",
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(ArticleAnswerInput, request.data)
        article = access_article(person, data["article"])
        event = actions.answer_with_article(
            author=person, ticket=ticket, article=article, note=data["note"]
        )
        return event_created(event)


class TicketArticleDraftApi(APIView):
    @extend_schema(
        request=None, responses={201: ArticleOutput}, operation_id="tickets_article_draft"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        article = actions.draft_from_ticket(author=person, ticket=ticket)
        return Response(ArticleOutput(article).data, status=status.HTTP_201_CREATED)
