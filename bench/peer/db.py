"""Where the peer's database lives: the PostgreSQL server the caller gives, or one of our own.

``target(pg)`` accepts what the benchmarks hold: a ``tests.servers.PostgresServer`` (or
``bench.harness.BenchPostgres``, its subclass), a ``Target``, or a DSN such as
``postgres://postgres@127.0.0.1:5432``. The peer always gets a database of its own on that server,
so its statistics (``pg_stat_database``) are its own too.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

import psycopg2

DEFAULT_DATABASE = "peer_helpdesk"
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class Target:
    host: str = "127.0.0.1"
    port: int = 5432
    user: str = "postgres"
    password: str = ""

    @classmethod
    def from_dsn(cls, dsn: str) -> Target:
        parts = urlsplit(dsn)
        if parts.scheme not in ("postgres", "postgresql"):
            raise ValueError(f"expected postgres://user@host:port, got {dsn!r}")
        return cls(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=unquote(parts.username or "postgres"),
            password=unquote(parts.password or ""),
        )

    def url(self, database: str) -> str:
        auth = quote(self.user) + (f":{quote(self.password)}" if self.password else "")
        return f"postgres://{auth}@{self.host}:{self.port}/{database}"

    def connect(self, database: str = "postgres", *, autocommit: bool = True):
        conn = psycopg2.connect(
            host=self.host, port=self.port, user=self.user, password=self.password or None, dbname=database
        )
        conn.autocommit = autocommit
        return conn

    def sql(self, query: str, params=None, *, database: str = "postgres") -> list[tuple]:
        conn = self.connect(database)
        try:
            with conn.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            conn.close()


def target(pg) -> Target:
    if isinstance(pg, Target):
        return pg
    if isinstance(pg, str):
        return Target.from_dsn(pg)
    if hasattr(pg, "port"):
        return Target(port=int(pg.port), user=getattr(pg, "user", "postgres"))
    raise TypeError(f"cannot tell where PostgreSQL is from {pg!r}")


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"not a plain database name: {name!r}")
    return name


def recreate_database(t: Target, name: str) -> None:
    check_name(name)
    t.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    t.sql(f"CREATE DATABASE {name}")


def database_exists(t: Target, name: str) -> bool:
    return bool(t.sql("SELECT 1 FROM pg_database WHERE datname = %s", (name,)))


STAT_COLUMNS = ("xact_commit", "xact_rollback", "tup_returned", "tup_fetched", "tup_inserted", "tup_updated")


def database_stats(t: Target, name: str, *, settle_s: float = 10.0) -> dict[str, int]:
    """``pg_stat_database`` counters of one database, once no backend is connected to it any more.

    A backend flushes its counters when it exits, which happens just after the client went away;
    read from the ``postgres`` database (so the reading adds nothing) until nobody is connected to
    ``name`` and two readings agree.
    """
    deadline = time.monotonic() + settle_s
    previous = None
    while True:
        busy = t.sql("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (name,))[0][0]
        row = t.sql(f"SELECT {', '.join(STAT_COLUMNS)} FROM pg_stat_database WHERE datname = %s", (name,))[0]
        current = dict(zip(STAT_COLUMNS, (int(v) for v in row), strict=True))
        if (busy == 0 and current == previous) or time.monotonic() > deadline:
            return current
        previous = current
        time.sleep(0.3)
