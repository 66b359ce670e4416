"""What every cabinet view shares: who is signed in, which cabinet they may open, and how a
domain refusal becomes a message next to the form field."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from kabinet.cabinets.queries import Cabinet, cabinets_of
from kabinet.errors import DomainError, NotFoundError
from kabinet.orgs.models import Person

P = ParamSpec("P")
View = Callable[Concatenate[HttpRequest, P], HttpResponse]


def person_of(request: HttpRequest) -> Person:
    user = request.user
    assert isinstance(user, Person)  # every cabinet view requires a signed-in person
    return user


def cabinet_required(cabinet: Cabinet) -> Callable[[View[P]], View[P]]:
    """Sign-in required; someone without this cabinet gets 404, exactly like a wrong URL."""

    def decorate(view: View[P]) -> View[P]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if cabinet not in cabinets_of(person_of(request)):
                raise Http404
            return view(request, *args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

    return decorate


def attempt(form: forms.Form, call: Callable[[], object]) -> bool:
    """Run ``call`` (one action); a domain refusal becomes an error on the form's field
    (or the whole form), and not-found goes on to the 404 page (``kabinet.middleware``).
    A nested field ("dossier.contacts") lands on the form field named by its last part."""
    try:
        call()
    except NotFoundError:
        raise
    except DomainError as error:
        name = (error.field or "").rsplit(".", 1)[-1]
        field = name if name in form.fields else None
        form.add_error(field, str(error.message))
        return False
    return True
