"""Articles are written by the real action, so revisions and the search index follow."""

from __future__ import annotations

from typing import Any

from kabinet.knowledge.actions import ArticleContent, write_article
from kabinet.knowledge.models import Article, ArticleState
from kabinet.orgs.models import Organisation, Person


def publish(author: Person, owner: Organisation, title: str, **fields: Any) -> Article:
    fields.setdefault("state", ArticleState.PUBLISHED)
    content = ArticleContent(title_ru=title, **fields)
    return write_article(author=author, owner_id=owner.pk, content=content)
