"""PostgreSQL for tests: a schema per test on the server TEST_POSTGRES_URL names.

Each test gets a schema of its own (the URL's ``search_path``), empty and numbered from 1.
Creating and migrating a schema costs ~35 ms and emptying one ~1 ms, so schemas are kept
for the session: after a test its schema is emptied (rows deleted, identities restarted)
and handed to the next one. A test that changes the schema itself (migration tests) asks
for a ``fresh`` one, which is dropped afterwards. Schemas are named after the pytest
process, so runs side by side (or another project's) never touch each other's, and ones
left by a killed run are dropped at the next start.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg

URL_VARIABLE = "TEST_POSTGRES_URL"
SKIP_REASON = (  # what the PostgreSQL tests need (``tests/support/environment.needs``)
    f"PostgreSQL: {URL_VARIABLE}, e.g. postgresql://postgres@127.0.0.1:5432/test "
    "(a server this user may create schemas on)"
)
PREFIX = "bbtest_"


def with_search_path(url: str, schema: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "search_path"]
    return urlunsplit(parts._replace(query=urlencode([*query, ("search_path", schema)])))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class SchemaPool:
    url: str
    free: list[str] = field(default_factory=list)
    made: list[str] = field(default_factory=list)

    def new_name(self) -> str:
        name = f"{PREFIX}{os.getpid()}_{len(self.made)}"
        self.made.append(name)
        return name

    async def connect(self) -> asyncpg.Connection:
        conn = await asyncpg.connect(self.url, timeout=5)
        await conn.execute("SET lock_timeout = '5s'")  # a test that left a transaction open fails, not hangs
        return conn

    async def take(self) -> str:
        if self.free:
            return self.free.pop()
        return await self.fresh()

    async def fresh(self) -> str:
        name = self.new_name()
        conn = await self.connect()
        try:
            await conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE; CREATE SCHEMA "{name}"')
        finally:
            await conn.close()
        return name

    async def give_back(self, name: str) -> None:
        """Empty the schema (keeping its tables and version) for the next test."""
        conn = await self.connect()
        try:
            await empty_schema(conn, name)
        finally:
            await conn.close()
        self.free.append(name)

    async def drop(self, names: list[str]) -> None:
        conn = await self.connect()
        try:
            for name in names:
                await conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        finally:
            await conn.close()

    async def drop_abandoned(self) -> None:
        """Schemas of test runs whose process is gone (killed before it could drop them)."""
        conn = await self.connect()
        try:
            rows = await conn.fetch(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE $1", PREFIX.replace("_", r"\_") + "%"
            )
            for (name,) in rows:
                pid = name[len(PREFIX) :].split("_", 1)[0]
                if pid.isdigit() and not _pid_alive(int(pid)):
                    await conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        finally:
            await conn.close()


async def empty_schema(conn: asyncpg.Connection, schema: str) -> None:
    """Delete every row (children before parents) and restart every identity at 1."""
    tables = [
        r[0]
        for r in await conn.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename <> 'schema_migrations'",
            schema,
        )
    ]
    edges = await conn.fetch(
        "SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent "
        "FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
        "WHERE c.contype = 'f' AND n.nspname = $1",
        schema,
    )
    parents = {(r["child"].rpartition(".")[2], r["parent"].rpartition(".")[2]) for r in edges}
    ordered: list[str] = []
    pending = set(tables)
    while pending:  # a table goes once no remaining table references it
        ready = sorted(t for t in pending if not any(p == t and c in pending and c != t for c, p in parents))
        if not ready:
            raise RuntimeError(f"cannot order the tables of {schema} for emptying: {sorted(pending)}")
        ordered += ready
        pending -= set(ready)
    statements = [f'DELETE FROM "{schema}"."{t}"' for t in ordered]
    for (sequence,) in await conn.fetch(
        "SELECT sequencename FROM pg_sequences WHERE schemaname = $1", schema
    ):
        statements.append(f'ALTER SEQUENCE "{schema}"."{sequence}" RESTART')
    if statements:
        await conn.execute("; ".join(statements))
