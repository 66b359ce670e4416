"""Forms of the knowledge-base pages: search, the article editor, an image, and the ticket
page's answer with an article."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kabinet.knowledge.actions import ArticleContent
from kabinet.knowledge.models import (
    ArticleKind,
    ArticleState,
    ArticleVisibility,
    Category,
    ProblemStatus,
)
from kabinet.knowledge.queries import MAX_QUERY_LENGTH

BODY = forms.Textarea(attrs={"rows": 14, "class": "markdown"})
QUERY_TOO_LONG = _("Search for at most %(limit_value)d characters at a time.")


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
        error_messages={"max_length": QUERY_TOO_LONG},
    )


class ArticleForm(forms.Form):
    owner = forms.TypedChoiceField(label=_("Supplier"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), choices=ArticleKind.choices)
    state = forms.ChoiceField(label=_("State"), choices=ArticleState.choices)
    visibility = forms.ChoiceField(label=_("Who reads it"), choices=ArticleVisibility.choices)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False
    )
    tags = forms.CharField(label=_("Tags, separated by commas"), max_length=1000, required=False)
    title_ru = forms.CharField(label=_("Title in Russian"), max_length=300)
    title_en = forms.CharField(label=_("Title in English"), max_length=300, required=False)
    body_ru = forms.CharField(label=_("Text in Russian (Markdown)"), widget=BODY, required=False)
    body_en = forms.CharField(label=_("Text in English (Markdown)"), widget=BODY, required=False)
    affected_versions = forms.CharField(
        label=_("Affected versions"), max_length=300, required=False
    )
    problem_status = forms.ChoiceField(
        label=_("Problem status"),
        choices=[("", "—"), *ProblemStatus.choices],
        required=False,
    )
    fixed_in_version = forms.CharField(label=_("Fixed in release"), max_length=100, required=False)

    def __init__(self, *args: Any, owners: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owners  # type: ignore[attr-defined]
        self.fields["category"].queryset = Category.objects.filter(  # type: ignore[attr-defined]
            owner_id__in=[pk for pk, _name in owners]
        )

    def content(self) -> ArticleContent:
        """The author's text as the actions take it; precondition: the form is valid."""
        data = self.cleaned_data
        return ArticleContent(
            title_ru=data["title_ru"],
            title_en=data["title_en"],
            body_ru=data["body_ru"],
            body_en=data["body_en"],
            kind=data["kind"],
            state=data["state"],
            visibility=data["visibility"],
            category=data["category"],
            tags=[tag for tag in data["tags"].split(",") if tag.strip()],
            affected_versions=data["affected_versions"],
            problem_status=data["problem_status"],
            fixed_in_version=data["fixed_in_version"],
        )


class ImageForm(forms.Form):
    file = forms.FileField(label=_("Image (PNG, JPEG, GIF or WebP)"))


class AnswerWithArticleForm(forms.Form):
    article = forms.IntegerField(label=_("Article number"), min_value=1, max_value=2**62)
    note = forms.CharField(
        label=_("A few words to the customer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
