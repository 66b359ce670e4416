"""House rule: a tenant-scoped row is fetched by its key only through an ``access_*``
function (``access.py``), inside an action, or in a read model's ``queries``; pages, API
views, forms, tasks and the rest go through those.

A fetch is any ``get_object_or_404(...)``, and any chain on ``<Model>.objects`` of a
tenant-scoped model that calls ``.get(...)`` or ``.in_bulk(...)``, or filters by key
(``pk``, ``id``, ``number``, and their ``__in`` lists). People are not listed: a person is
read by the sign-in itself (credentials, session, SSO identity) and other people are
offered only through querysets already narrowed to an organisation.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import kabinet

ROOT = Path(kabinet.__file__).parent
TENANT_SCOPED = {
    "Ticket",
    "TicketEvent",
    "Attachment",
    "UploadPlace",
    "Contract",
    "Escalation",
    "ServiceRequest",
    "SupportLine",
    "LineEntry",
    "DevelopmentHandover",
    "Organisation",
    "Membership",
    "ApiToken",
    "SavedView",
    "InboundMessage",
    "Mailbox",
    "Article",
    "ArticleImage",
}
KEYS = {"pk", "id", "number"}
MANAGERS = {"objects", "_default_manager"}

# (module, model): why the fetch there is not a way round the access rules.
ALLOWED = {
    ("api/authentication.py", "ApiToken"): (
        "the token was just found by its secret; the fetch by pk stamps its last use"
    ),
    ("cabinets/saved_views.py", "SavedView"): (
        "the saved views' access function (access_saved_view) and actions live here"
    ),
    ("dashboards/forms.py", "Organisation"): (
        "the supplier choices are the suppliers dashboard_scope already authorised"
    ),
    ("escalations/mirroring.py", "Ticket"): (
        "an action run by tickets' after_change hook: it locks the customer ticket that the "
        "vendor ticket's escalation names, inside the vendor ticket's transaction"
    ),
    ("escalations/mirroring.py", "TicketEvent"): (
        "the same action reads which vendor events it has already copied"
    ),
    ("tickets/recompute_rows.py", "Ticket"): (
        "the bulk recompute's reads and writes by id range and version, for the action "
        "recompute_open_deadlines, which no person calls for a ticket of their choosing"
    ),
    ("channels/email/intake.py", "InboundMessage"): (
        "the intake acting on the row it recorded itself, by the key it returned; no person "
        "chooses the row"
    ),
    ("channels/email/answers.py", "InboundMessage"): (
        "the polite answer claims the row the intake has just acted on"
    ),
    ("channels/email/imap.py", "Mailbox"): (
        "an intake run advancing its own mailbox's UID and fetch time"
    ),
    ("channels/email/intake_runs.py", "Mailbox"): (
        "an intake run recording the failure of the mailbox it was reading"
    ),
    ("knowledge/fulltext.py", "Article"): (
        "the keys come from a subquery of the articles the caller may read (the access-"
        "narrowed queryset passed in); only the ranking reads them again by key"
    ),
    ("knowledge/indexing.py", "Ticket"): (
        "the search index's writer, called by the tickets hooks inside the acting "
        "transaction and by the reindex command: it copies text of tickets by id, and "
        "answers no person"
    ),
    ("notifications/rendering.py", "Ticket"): (
        "a delivery renders the ticket it was made for; no person asks for it"
    ),
}


def _allowed_module(relative: Path) -> bool:
    parts = relative.parts
    return (
        "tests" in parts
        or "migrations" in parts
        or relative.name in {"access.py", "actions.py", "queries.py"}
        or "actions" in parts
        or "queries" in parts
    )


def _manager_model(node: ast.expr) -> str | None:
    """``Ticket`` for any chain rooted at ``Ticket.objects``; else None."""
    while isinstance(node, ast.Call | ast.Attribute):
        if isinstance(node, ast.Attribute):
            if node.attr in MANAGERS and isinstance(node.value, ast.Name):
                return node.value.id
            node = node.value
        else:
            node = node.func
    return None


def _chain(node: ast.Call) -> Iterator[ast.Call]:
    current: ast.expr = node
    while isinstance(current, ast.Call | ast.Attribute):
        if isinstance(current, ast.Call):
            yield current
            current = current.func
        else:
            current = current.value


def _is_key_fetch(call: ast.Call) -> bool:
    if not isinstance(call.func, ast.Attribute):
        return False
    method = call.func.attr
    if method in {"get", "in_bulk"}:
        return True
    keyed = any(k.arg is not None and k.arg.split("__")[0] in KEYS for k in call.keywords)
    return method in {"filter", "exclude"} and keyed


def fetches(source: str) -> Iterator[tuple[int, str]]:
    """(line, model) of every direct fetch in ``source``; the model is ``"*"`` for
    get_object_or_404, which is never needed beside the access functions."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name) and node.func.id in {
            "get_object_or_404",
            "get_list_or_404",
        }:
            yield node.lineno, "*"
            continue
        model = _manager_model(node.func)
        if model in TENANT_SCOPED and _is_key_fetch(node):
            yield node.lineno, model


def _scan() -> Iterator[tuple[str, int, str]]:
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if _allowed_module(relative):
            continue
        found = {(line, model) for line, model in fetches(path.read_text(encoding="utf-8"))}
        for line, model in sorted(found):
            yield relative.as_posix(), line, model


def test_tenant_rows_are_fetched_only_through_access_actions_and_queries() -> None:
    offenders = [
        f"{module}:{line} {model}"
        for module, line, model in _scan()
        if (module, model) not in ALLOWED
    ]
    assert offenders == []


def test_every_allowance_still_names_a_fetch() -> None:
    used = {(module, model) for module, _, model in _scan()}
    assert sorted(set(ALLOWED) - used) == []


def test_the_lint_sees_each_kind_of_fetch() -> None:
    source = """
Ticket.objects.get(number=n)
Contract.objects.select_related("package").filter(pk=c).first()
Escalation.objects.filter(id__in=ids)
Attachment.objects.in_bulk([1])
get_object_or_404(Ticket, pk=1)
Ticket.objects.filter(status="open")
Person.objects.get(pk=1)
ticket.events.get(pk=1)
"""
    assert sorted(fetches(source)) == [
        (2, "Ticket"),
        (3, "Contract"),
        (4, "Escalation"),
        (5, "Attachment"),
        (6, "*"),
    ]
