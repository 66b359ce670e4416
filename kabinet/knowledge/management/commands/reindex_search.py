"""``kabinet reindex_search``: write the search text of every ticket and article again —
after installing the knowledge app on a database with tickets, or after a bulk load that
went round the actions."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kabinet.knowledge.indexing import index_articles, reindex_all_tickets
from kabinet.knowledge.models import Article


class Command(BaseCommand):
    help = "Rebuild the full-text search text of all tickets and articles."

    def handle(self, *args: Any, **options: Any) -> None:
        tickets = reindex_all_tickets()
        articles = list(Article.objects.all())
        index_articles(articles)
        self.stdout.write(f"{tickets} tickets, {len(articles)} articles indexed.")
