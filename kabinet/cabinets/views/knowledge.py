"""Knowledge-base pages: the list and search of articles, an article, the editor of the
suppliers' staff, images, the suggestions (JSON) beside a new ticket and an escalation
dossier with their "did this solve it?", the global search, and the ticket page's acts that
link an article or turn the solution into a draft."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kabinet.cabinets.forms.knowledge import (
    AnswerWithArticleForm,
    ArticleForm,
    ImageForm,
    SearchForm,
)
from kabinet.cabinets.views.acts import run_act
from kabinet.cabinets.views.common import attempt, person_of
from kabinet.cabinets.views.ticket import fetch
from kabinet.errors import DomainError, NotFoundError
from kabinet.knowledge import actions, queries
from kabinet.knowledge.access import (
    access_article,
    access_article_for_edit,
    access_article_image,
    editable_owners,
    owner_choices,
    visible_articles,
)
from kabinet.knowledge.models import Article, SuggestionPlace
from kabinet.knowledge.rendering import render_markdown
from kabinet.tickets import storage
from kabinet.tickets.filenames import without_format_characters

PAGE = 50


def _language() -> str:
    return "en" if (get_language() or "ru").startswith("en") else "ru"


def _query(request: HttpRequest) -> tuple[SearchForm, str]:
    form = SearchForm(request.GET)
    return form, (form.cleaned_data["q"].strip() if form.is_valid() else "")


@login_required
@require_GET
def articles(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    form, query = _query(request)
    if query:
        hits = queries.search_articles(person, query, language=_language(), limit=PAGE)
    else:
        recent = visible_articles(person).select_related("owner").order_by("-updated_at", "-id")
        hits = [queries.ArticleHit(article, "") for article in recent[:PAGE]]
    context = {"form": form, "hits": hits, "writes": bool(editable_owners(person))}
    return render(request, "cabinets/knowledge/list.html", context, status=_status(form))


def _status(form: SearchForm) -> int:
    return 400 if form.is_bound and not form.is_valid() else 200


@login_required
@require_GET
def article(request: HttpRequest, article_id: int) -> HttpResponse:
    person = person_of(request)
    found = access_article(person, article_id)
    actions.record_visit(person, found)
    language = _language()
    writes = found.owner_id in editable_owners(person)
    context = {
        "article": found,
        "title": found.title_in(language),
        "body": render_markdown(found.body_in(language)),
        "images": found.images.order_by("uploaded_at", "id"),
        "feedback": queries.feedback_counts(found),
        "writes": writes,
        "revisions": found.revisions.select_related("author")[:20] if writes else [],
        "release_waits": list(queries.release_waits(found)) if writes else [],
        "image_form": ImageForm(),
    }
    return render(request, "cabinets/knowledge/article.html", context)


def _editor(
    request: HttpRequest, form: ArticleForm, found: Article | None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "article": found}
    return render(request, "cabinets/knowledge/editor.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def new_article(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    owners = owner_choices(person)
    if not owners:
        raise Http404
    form = ArticleForm(request.POST or None, owners=owners)
    created: list[Article] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        call = lambda: created.append(  # noqa: E731
            actions.write_article(author=person, owner_id=data["owner"], content=form.content())
        )
        if attempt(form, call):
            messages.success(request, _("Article saved."))
            return redirect("cabinets:article", article_id=created[0].pk)
    return _editor(request, form, None, 400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def edit_article(request: HttpRequest, article_id: int) -> HttpResponse:
    person = person_of(request)
    found = access_article_for_edit(person, article_id)
    initial = {
        "owner": found.owner_id,
        "kind": found.kind,
        "state": found.state,
        "visibility": found.visibility,
        "category": found.category_id,
        "tags": ", ".join(found.tags),
        "title_ru": found.title_ru,
        "title_en": found.title_en,
        "body_ru": found.body_ru,
        "body_en": found.body_en,
        "affected_versions": found.affected_versions,
        "problem_status": found.problem_status,
        "fixed_in_version": found.fixed_in_version,
    }
    owners = [(found.owner_id, found.owner.name)]
    form = ArticleForm(request.POST or None, owners=owners, initial=initial)
    if request.method == "POST" and form.is_valid():
        call = lambda: actions.revise_article(  # noqa: E731
            author=person, article=found, content=form.content()
        )
        if attempt(form, call):
            messages.success(request, _("Article saved."))
            return redirect("cabinets:article", article_id=found.pk)
    return _editor(request, form, found, 400 if request.method == "POST" else 200)


@login_required
@require_POST
def add_image(request: HttpRequest, article_id: int) -> HttpResponse:
    person = person_of(request)
    found = access_article_for_edit(person, article_id)
    form = ImageForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        call = lambda: actions.add_article_image(  # noqa: E731
            author=person,
            article=found,
            filename=upload.name,
            content_type=upload.content_type or "",
            chunks=upload.chunks(),
        )
        if attempt(form, call):
            messages.success(request, _("Image added."))
            return redirect("cabinets:article", article_id=found.pk)
    for error in form.errors.values():
        messages.error(request, " ".join(str(message) for message in error))
    return redirect("cabinets:article", article_id=found.pk)


@login_required
@require_GET
def image(request: HttpRequest, article_id: int, image_id: int) -> FileResponse:
    found = access_article_image(person_of(request), article_id, image_id)
    response = FileResponse(
        storage.open_stored(found.storage_name),
        filename=without_format_characters(found.filename),
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def suggestions(request: HttpRequest) -> JsonResponse:
    """What the new-ticket page and the dossier show while someone types."""
    text = request.GET.get("text", "")[: queries.MAX_QUERY_LENGTH]
    hits = queries.suggested_articles(person_of(request), text, language=_language())
    return JsonResponse(
        {
            "articles": [
                {
                    "id": hit.article.pk,
                    "title": hit.article.title_in(_language()),
                    "snippet": hit.snippet,
                    "url": reverse("cabinets:article", args=[hit.article.pk]),
                }
                for hit in hits
            ]
        }
    )


@login_required
@require_POST
def feedback(request: HttpRequest, article_id: int) -> JsonResponse:
    person = person_of(request)
    found = access_article(person, article_id)
    solved = request.POST.get("solved")
    place = request.POST.get("place", SuggestionPlace.NEW_TICKET)
    if solved not in ("yes", "no") or place not in SuggestionPlace.values:
        message = _("Answer “yes” or “no”.")
        return JsonResponse({"detail": message}, status=400)
    actions.record_suggestion_feedback(
        person, found, place=SuggestionPlace(place), solved=solved == "yes"
    )
    return JsonResponse(queries.feedback_counts(found))


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """The header's search box: tickets and articles the person may read."""
    person = person_of(request)
    form, query = _query(request)
    context = {
        "form": form,
        "query": query,
        "tickets": queries.search_tickets(person, query) if query else [],
        "articles": queries.search_articles(person, query, language=_language()) if query else [],
    }
    return render(request, "cabinets/knowledge/search.html", context, status=_status(form))


@login_required
@require_POST
def answer_with_article(request: HttpRequest, number: str) -> HttpResponse:
    person = person_of(request)
    return run_act(
        request,
        number,
        "article_answer",
        AnswerWithArticleForm(request.POST),
        lambda t, p, d: actions.answer_with_article(
            author=p, ticket=t, article=access_article(person, d["article"]), note=d["note"]
        ),
        _("Reply with the article sent to the customer."),
    )


@login_required
@require_POST
def draft_from_ticket(request: HttpRequest, number: str) -> HttpResponse:
    ticket = fetch(request, number)
    try:
        draft = actions.draft_from_ticket(author=person_of(request), ticket=ticket)
    except NotFoundError:
        raise
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("cabinets:ticket", number=ticket.number)
    messages.success(request, _("A draft article was made from the solution."))
    return redirect("cabinets:edit_article", article_id=draft.pk)
