"""Full-text search at scale: p95 of a two-word Russian query, first page of results.

    .venv/bin/python bench/search.py postgresql [--tickets N] [--articles M] [--queries Q]
    .venv/bin/python bench/search.py sqlite [--tickets N] [--articles M] [--queries Q]
    .venv/bin/python bench/search.py postgresql --db NAME --keep-db   # then, without a reload:
    .venv/bin/python bench/search.py postgresql --db NAME --keep-db --reuse --tickets N

PostgreSQL: a database of its own, migrated, one contract seeded through the factories,
N tickets and M articles bulk-loaded in SQL with Russian text drawn from a vocabulary in
several word forms (the search table filled from the ticket rows; its tsvector columns are
generated). SQLite: a temporary file, tickets by ``bulk_create`` and the index by
``kabinet reindex_search``'s own code (Snowball stems into FTS5). Then Q queries, each two
words in a word form the data does not use for them, through ``knowledge.queries`` exactly
as the API runs them: ``search_tickets`` (first 20, newest first, with snippets) and
``search_articles`` (first 20, best first), as the customer's contact and as the supplier's
engineer. Prints p50/p95/max in milliseconds; the last line is the p95 of the whole search.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import service_db

sys.path.insert(0, str(service_db.ROOT))

# Each entry: forms the data uses, then the form the queries use (same Snowball stem).
VOCABULARY: tuple[tuple[str, ...], ...] = tuple(
    tuple(entry.split())
    for entry in """
ошибка ошибки ошибкой
проведение проведения проведении
документ документы документов
счёт счета счетом
фактура фактуры фактурой
обмен обмена обменом
сервер сервера сервером
база базы базой
отчёт отчета отчетом
заказ заказы заказа
клиент клиента клиентом
склад склада складом
остаток остатки остатков
закрытие закрытия закрытием
месяц месяца месяцем
платёж платежи платежа
банк банка банком
выписка выписки выпиской
загрузка загрузки загрузкой
выгрузка выгрузки выгрузкой
печать печати печатью
форма формы формой
лицензия лицензии лицензией
пользователь пользователя пользователем
пароль пароля паролем
доступ доступа доступом
право права правом
роль роли ролью
обновление обновления обновлением
платформа платформы платформой
конфигурация конфигурации конфигурацией
релиз релиза релизом
версия версии версией
регламент регламента регламентом
задание задания заданием
расписание расписания расписанием
блокировка блокировки блокировкой
таблица таблицы таблицей
индекс индекса индексом
запрос запроса запросом
ожидание ожидания ожиданием
скорость скорости скоростью
память памяти памятью
диск диска диском
журнал журнала журналом
регистрация регистрации регистрацией
сообщение сообщения сообщением
почта почты почтой
письмо письма письмом
интеграция интеграции интеграцией
сайт сайта сайтом
корзина корзины корзиной
товар товара товаром
цена цены ценой
скидка скидки скидкой
налог налога налогом
декларация декларации декларацией
зарплата зарплаты зарплатой
сотрудник сотрудника сотрудником
отпуск отпуска отпуском
табель табеля табелем
касса кассы кассой
чек чека чеком
терминал терминала терминалом
маркировка маркировки маркировкой
код кода кодом
справочник справочника справочником
номенклатура номенклатуры номенклатурой
контрагент контрагента контрагентом
договор договора договором
поставщик поставщика поставщиком
партнёр партнера партнером
настройка настройки настройкой
параметр параметра параметром
сеанс сеанса сеансом
кластер кластера кластером
резервный резервного резервным
копия копии копией
восстановление восстановления восстановлением
тест теста тестом
""".strip().splitlines()
)
FILLER = ("не", "работает", "после", "при", "в", "на", "с", "для", "из", "по", "до", "и")
SUBJECT_WORDS, DESCRIPTION_WORDS = 4, 14
PAGE = 20


def _form(rng: random.Random, entry: tuple[str, ...]) -> str:
    return entry[rng.randrange(len(entry) - 1)]


def text(rng: random.Random, words: int) -> str:
    out = []
    for _ in range(words):
        out.append(_form(rng, rng.choice(VOCABULARY)))
        if rng.random() < 0.3:
            out.append(rng.choice(FILLER))
    return " ".join(out).capitalize()


def queries(count: int) -> list[str]:
    rng = random.Random(14)
    return [
        f"{first[-1]} {second[-1]}"
        for first, second in (rng.sample(VOCABULARY, 2) for _ in range(count))
    ]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# ----------------------------------------------------------------------- PostgreSQL load

# Text is drawn in the database: a word per position from the data forms (a correlated
# subquery, ``WHERE s.i > 0``, so that each row draws its own).
PG_WORDS = """(SELECT string_agg((%(words)s::text[])[1 + floor(random() * %(count)s)::int], ' ')
  FROM generate_series(1, {n}) WHERE s.i > 0)"""
PG_TICKETS = f"""
INSERT INTO tickets_ticket (
    id, number, contract_id, reporter_id, assignee_id, subject, description, criticality,
    is_production, confirmed_phone_24x7, confirmed_email_1h, resolution_class, status,
    channel, intake, registered_at, updated_at, closed_at, version, rating, rating_comment,
    idempotency_key, idempotency_fingerprint, reaction_due_at, reaction_met_at,
    reaction_breached, update_due_at, update_breached, update_breach_count,
    resolution_due_at, resolution_met_at, resolution_breached, next_sla_event_at, clock_phase,
    category
)
SELECT nextval(pg_get_serial_sequence('tickets_ticket', 'id')), NULL, %(contract)s,
    %(reporter)s, NULL, {PG_WORDS.format(n=SUBJECT_WORDS)},
    {PG_WORDS.format(n=DESCRIPTION_WORDS)}, 3, true, false, false, '', 'in_progress',
    'portal', '{{}}'::jsonb, t, t, NULL, 1, NULL, '', NULL, '', NULL, NULL, false, NULL,
    false, 0, NULL, NULL, false, NULL, 'open', 'support'
FROM generate_series(1, %(n)s) AS s(i),
     LATERAL (SELECT now() - (s.i * 0 + random()) * interval '330 days' AS t) AS at
"""
PG_INDEX = """
UPDATE tickets_ticket SET number = 'KB-' || CASE WHEN id < 1000000 THEN lpad(id::text, 6, '0')
    ELSE id::text END WHERE number IS NULL;
INSERT INTO knowledge_tickettext (ticket_id, label, public_text, internal_text)
SELECT id, lower(number || ' ' || subject), subject || E'\\n' || description, ''
FROM tickets_ticket
ON CONFLICT (ticket_id) DO NOTHING;
"""
PG_ARTICLES = f"""
INSERT INTO knowledge_article (
    owner_id, kind, state, visibility, category_id, tags, title_ru, title_en, body_ru,
    body_en, affected_versions, problem_status, fixed_in_version, source_ticket_id, revision,
    created_by_id, created_at, updated_at
)
SELECT %(owner)s, 'article', 'published', 'customers', NULL, '[]'::jsonb,
    {PG_WORDS.format(n=5)}, '', {PG_WORDS.format(n=80)}, '', '', '', '', NULL, 1,
    %(author)s, now(), now()
FROM generate_series(1, %(n)s) AS s(i)
"""
CHUNK = 100_000


def data_words() -> list[str]:
    """Every form the data uses (not the queries' forms), fillers twice as often."""
    return [form for entry in VOCABULARY for form in entry[:-1]] + list(FILLER) * 2


def load_postgresql(dbname: str, seed: service_db.Seed, tickets: int, articles: int) -> None:
    """Rows in SQL, chunk by chunk; the search table's indexes are dropped during the load
    and built again after it (what a restore does), then everything is analysed."""
    import psycopg

    words = data_words()
    started = time.perf_counter()
    with psycopg.connect(service_db.pg_dsn(dbname), autocommit=True) as conn:
        conn.execute("SELECT setseed(0.14)")
        owner = conn.execute(
            "SELECT supplier_id FROM contracts_contract WHERE id = %s", [seed.contract_id]
        ).fetchone()
        assert owner is not None
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'knowledge_tickettext'"
            " AND indexname <> 'knowledge_tickettext_pkey'"
        ).fetchall()
        for name, _definition in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        # As a restore does: the search text is written below, in bulk, not row by row by
        # the trigger that writes a registered ticket's (knowledge migration 0003).
        conn.execute("ALTER TABLE tickets_ticket DISABLE TRIGGER USER")
        done = 0
        while done < tickets:
            size = min(CHUNK, tickets - done)
            conn.execute(
                PG_TICKETS,
                {
                    "n": size,
                    "contract": seed.contract_id,
                    "reporter": seed.contact_ids[0],
                    "words": words,
                    "count": len(words),
                },
            )
            done += size
            print(f"  loaded {done:>9,} tickets", flush=True)
        conn.execute(
            PG_ARTICLES,
            {
                "n": articles,
                "owner": owner[0],
                "author": seed.consultant_id,
                "words": words,
                "count": len(words),
            },
        )
        conn.execute("ALTER TABLE tickets_ticket ENABLE TRIGGER USER")
        conn.execute(PG_INDEX)
        print(f"  search text written in {time.perf_counter() - started:.0f} s", flush=True)
        for _name, definition in indexes:
            conn.execute(definition)
        for table in ("tickets_ticket", "knowledge_tickettext", "knowledge_article"):
            conn.execute(f"VACUUM (ANALYZE) {table}")
    seconds = time.perf_counter() - started
    print(f"load: {tickets:,} tickets, {articles:,} articles in {seconds:.0f} s")


# --------------------------------------------------------------------------- SQLite load


def load_sqlite(seed: service_db.Seed, tickets: int, articles: int) -> None:
    import datetime as dt

    from kabinet.knowledge.indexing import index_articles, reindex_all_tickets
    from kabinet.knowledge.models import Article
    from kabinet.tickets.models import Ticket

    rng = random.Random(2026)
    started = time.perf_counter()
    contract_supplier = None
    done, chunk = 0, 10_000
    while done < tickets:
        size = min(chunk, tickets - done)
        rows = []
        for _ in range(size):
            at = dt.datetime(2026, rng.randint(1, 11), rng.randint(1, 28), 10, tzinfo=dt.UTC)
            rows.append(
                Ticket(
                    contract_id=seed.contract_id,
                    reporter_id=seed.contact_ids[0],
                    subject=text(rng, SUBJECT_WORDS),
                    description=text(rng, DESCRIPTION_WORDS),
                    criticality=3,
                    status="in_progress",
                    registered_at=at,
                    updated_at=at,
                )
            )
        # The insert's trigger numbers them and writes their text (knowledge migration 0004).
        Ticket.objects.bulk_create(rows)
        done += size
    from kabinet.contracts.models import Contract

    contract_supplier = Contract.objects.get(pk=seed.contract_id).supplier_id
    now = dt.datetime.now(dt.UTC)
    made = Article.objects.bulk_create(
        Article(
            owner_id=contract_supplier,
            state="published",
            visibility="customers",
            title_ru=text(rng, 5),
            body_ru=text(rng, 80),
            created_by_id=seed.consultant_id,
            created_at=now,
            updated_at=now,
        )
        for _ in range(articles)
    )
    loaded = time.perf_counter() - started
    reindex_all_tickets()
    index_articles(made)
    print(
        f"load: {tickets:,} tickets, {articles:,} articles in {loaded:.0f} s; "
        f"indexed in {time.perf_counter() - started - loaded:.0f} s"
    )


# ------------------------------------------------------------------------------- timing


def measure(seed: service_db.Seed, count: int) -> float:
    from kabinet.knowledge.queries import search_articles, search_tickets
    from kabinet.orgs.models import Person
    from kabinet.orgs.queries import memoise_memberships

    people = {
        "contact": Person.objects.get(pk=seed.contact_ids[0]),
        "engineer": Person.objects.get(pk=seed.consultant_id),
    }
    typed = queries(count)
    for query in typed[:5]:  # warm the caches, as a running server has them
        search_tickets(people["contact"], query, limit=PAGE)
    overall: list[float] = []
    for who, person in people.items():
        tickets_ms, articles_ms, found = [], [], []
        for query in typed:
            # As in a request: one membership read shared by the request's queries.
            memoised = memoise_memberships(Person.objects.get(pk=person.pk))
            started = time.perf_counter()
            hits = search_tickets(memoised, query, limit=PAGE)
            middle = time.perf_counter()
            search_articles(memoised, query, limit=PAGE)
            ended = time.perf_counter()
            tickets_ms.append((middle - started) * 1000)
            articles_ms.append((ended - middle) * 1000)
            overall.append((ended - started) * 1000)
            found.append(len(hits))
        for name, values in (("tickets", tickets_ms), ("articles", articles_ms)):
            print(
                f"{who:>8} {name:>8}: p50 {statistics.median(values):6.1f} ms, "
                f"p95 {percentile(values, 0.95):6.1f} ms, max {max(values):6.1f} ms"
            )
        print(f"{who:>8} first page holds {statistics.mean(found):.1f} tickets on average")
    return percentile(overall, 0.95)


def environment(database_url: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(service_db.ROOT)}
    env["DEBUG"] = "0"
    env["DJANGO_SETTINGS_MODULE"] = "kabinet.settings"
    env["SECRET_KEY"] = os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50)
    return env


def finish_postgresql(dbname: str) -> None:
    """A load stopped after its rows (``--finish``): write the search text, build the
    search table's indexes as the migration defines them, analyse."""
    import importlib

    import psycopg

    fulltext = importlib.import_module("kabinet.knowledge.migrations.0002_fulltext")
    indexes = [sql for sql in fulltext.POSTGRESQL if sql.startswith("CREATE INDEX kb_ticket")]
    with psycopg.connect(service_db.pg_dsn(dbname), autocommit=True) as conn:
        conn.execute(PG_INDEX)
        for definition in indexes:
            conn.execute(definition.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS"))
        for table in ("tickets_ticket", "knowledge_tickettext", "knowledge_article"):
            conn.execute(f"VACUUM (ANALYZE) {table}")


def existing_seed() -> service_db.Seed:
    from kabinet.contracts.models import Contract
    from kabinet.orgs.models import Person

    contract = Contract.objects.get(number="BENCH-0001")
    contact = Person.objects.get(username="bench-contact-00")
    engineer = Person.objects.get(username="bench-engineer")
    return service_db.Seed(contract.pk, contract.customer_id, engineer.pk, [contact.pk], [], "")


def run_postgresql(args: argparse.Namespace) -> str:
    env = environment(service_db.database_url(args.db))
    if args.reuse:
        service_db.migrate(env)
        service_db.setup_django(env)
        seed = existing_seed()
    elif args.finish:
        service_db.migrate(env)
        service_db.setup_django(env)
        started = time.perf_counter()
        finish_postgresql(args.db)
        print(f"search text and indexes in {time.perf_counter() - started:.0f} s")
        seed = existing_seed()
    else:
        service_db.recreate_database(args.db)
        service_db.migrate(env)
        service_db.setup_django(env)
        seed = service_db.seed(1)
        load_postgresql(args.db, seed, args.tickets, args.articles)
    p95 = measure(seed, args.queries)
    return (
        f"search (PostgreSQL): {args.tickets:,} tickets, {args.articles:,} articles: "
        f"p95 {p95:.1f} ms for both first pages"
    )


def run_sqlite(args: argparse.Namespace, folder: Path) -> str:
    env = environment(f"sqlite:///{folder / 'bench.sqlite3'}")
    service_db.migrate(env)
    service_db.setup_django(env)
    seed = service_db.seed(1)
    load_sqlite(seed, args.tickets, args.articles)
    p95 = measure(seed, args.queries)
    return (
        f"search (SQLite): {args.tickets:,} tickets, {args.articles:,} articles: "
        f"p95 {p95:.1f} ms for both first pages"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Full-text search benchmark")
    parser.add_argument("database", choices=["postgresql", "sqlite"])
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument("--articles", type=int, default=1_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--db", default=f"kabinet_bench_search_{os.getpid()}")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    parser.add_argument(
        "--finish", action="store_true", help="PostgreSQL: measure a kept database's rows"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="PostgreSQL: measure a database a finished --keep-db run left (migrated first)",
    )
    args = parser.parse_args(argv)
    if not args.db.replace("_", "").isalnum():
        print(f"refusing database name {args.db!r}")
        return 0
    line = "search: did not finish"
    if args.database == "sqlite":
        with tempfile.TemporaryDirectory(prefix="kabinet-search-") as folder:
            line = run_sqlite(args, Path(folder))
        print(line)
        return 0
    try:
        line = run_postgresql(args)
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if not args.keep_db:
            service_db.drop_database(args.db)
            print(f"database {args.db} dropped")
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
