"""The notification pages: a person's notices (unread marked), their preferences and quiet
hours, a ticket's watchers. Each view parses, fetches through ``access_*``, calls one action
or query, and renders; a refused act re-renders its page with the message and a 4xx."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kabinet.bounds import parse_id
from kabinet.errors import DomainError, NotFoundError
from kabinet.notifications import actions, queries
from kabinet.notifications.forms import PreferencesForm, WatcherForm
from kabinet.notifications.models import Preference, QuietHours
from kabinet.orgs.models import Person
from kabinet.tickets.access import access_ticket
from kabinet.tickets.models import Ticket


def _row_id(text: str | None) -> int | None:
    return parse_id(text) if text else None


def _person(request: HttpRequest) -> Person:
    user = request.user
    assert isinstance(user, Person)  # every view here requires a signed-in person
    return user


@login_required
@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    notices = queries.notices_of(_person(request), before=_row_id(request.GET.get("before")))
    more = len(notices) == queries.NOTICE_PAGE
    context = {"notices": notices, "next": notices[-1].pk if more else None}
    return render(request, "notifications/list.html", context)


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    actions.mark_all_read(_person(request))
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    if request.method == "GET":
        return _preferences_page(request, PreferencesForm(initial=_current(person)))
    form = PreferencesForm(request.POST)
    if form.is_valid():
        try:
            actions.set_preferences(
                person, channels_by_kind=form.channels_by_kind(), quiet=form.quiet()
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Preferences saved."))
            return redirect("notifications:preferences")
    return _preferences_page(request, form, status=400)


def _current(person: Person) -> dict[str, object]:
    initial: dict[str, object] = {
        f"kind_{kind}": channel
        for kind, channel in Preference.objects.filter(person=person).values_list("kind", "channel")
    }
    quiet = QuietHours.objects.filter(person=person).first()
    if quiet is not None:
        initial.update(quiet_start=quiet.start, quiet_end=quiet.end, time_zone=quiet.time_zone)
    return initial


def _preferences_page(
    request: HttpRequest, form: PreferencesForm, status: int = 200
) -> HttpResponse:
    return render(request, "notifications/preferences.html", {"form": form}, status=status)


@login_required
@require_GET
def watchers(request: HttpRequest, number: str) -> HttpResponse:
    ticket = access_ticket(_person(request), number)
    return _watchers_page(request, ticket, _watcher_form(ticket))


@login_required
@require_POST
def add_watcher(request: HttpRequest, number: str) -> HttpResponse:
    person = _person(request)
    ticket = access_ticket(person, number)
    form = _watcher_form(ticket, request.POST)
    if form.is_valid():
        try:
            actions.add_watcher(ticket, actor=person, person=form.cleaned_data["person"])
        except NotFoundError:
            raise
        except DomainError as error:
            form.add_error("person" if error.field == "person" else None, str(error.message))
            return _watchers_page(request, ticket, form, status=error.status_code)
        messages.success(request, _("The contact will be told of the supplier's answers."))
        return redirect("notifications:watchers", number=ticket.number)
    return _watchers_page(request, ticket, form, status=400)


@login_required
@require_POST
def remove_watcher(request: HttpRequest, number: str) -> HttpResponse:
    person = _person(request)
    ticket = access_ticket(person, number)
    given = _row_id(request.POST.get("person"))
    watching = queries.watchers_of(ticket).filter(pk=given).first() if given else None
    if watching is None:
        refusal = str(actions.NOT_WATCHING)
        return _watchers_page(request, ticket, _watcher_form(ticket), refusal, status=400)
    try:
        actions.remove_watcher(ticket, actor=person, person=watching)
    except DomainError as error:
        refusal = str(error.message)
        return _watchers_page(request, ticket, _watcher_form(ticket), refusal, status=400)
    messages.success(request, _("The contact no longer watches the ticket."))
    return redirect("notifications:watchers", number=ticket.number)


def _watcher_form(ticket: Ticket, data: object = None) -> WatcherForm:
    return WatcherForm(data, candidates=queries.watch_candidates(ticket))


def _watchers_page(
    request: HttpRequest,
    ticket: Ticket,
    form: WatcherForm,
    refusal: str = "",
    *,
    status: int = 200,
) -> HttpResponse:
    """The page; ``refusal`` is the message of a removal that could not be done."""
    watchers = queries.watchers_of(ticket)
    context = {"ticket": ticket, "watchers": watchers, "form": form, "refusal": refusal}
    return render(request, "notifications/watchers.html", context, status=status)
