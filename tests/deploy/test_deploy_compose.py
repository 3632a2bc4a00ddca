"""deploy/docker-compose.yml: two shard processes and PostgreSQL, wired so they work together.

No Docker engine runs here, so the file is read as YAML (merge keys resolved, as Compose does)
and its key settings are checked against what the bot and Compose need: every shard exactly
once, one database for all, metrics reachable through the published ports, no secret in it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import parse_metrics, parse_shards

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "deploy" / "docker-compose.yml"
VARIABLE = re.compile(r"^\$\{POSTGRES_PASSWORD:\?[^}]+\}$")
# A Compose variable with a message is no valid URL part, so the URL is read with a pattern.
DATABASE_URL = re.compile(
    r"^postgresql://(?P<user>[^:]+):(?P<password>\$\{[^}]+\})@(?P<host>[^:/]+):(?P<port>\d+)/(?P<database>\w+)$"
)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def shards(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: s for name, s in compose["services"].items() if "SHARD_IDS" in (s.get("environment") or {})}


def test_every_shard_runs_in_exactly_one_process(compose: dict[str, Any]) -> None:
    services = shards(compose)
    assert len(services) == 2
    counts = set()
    owned: list[int] = []
    for service in services.values():
        env = service["environment"]
        count, ids = parse_shards(env["SHARD_COUNT"], env["SHARD_IDS"])  # the bot's own validation
        assert ids is not None
        counts.add(count)
        owned.extend(ids)
    assert counts == {2}, "SHARD_COUNT must be the same in every process"
    assert sorted(owned) == [0, 1], "each shard in one process, none left out"


def test_all_shards_share_one_postgresql_and_no_secret_is_written_down(compose: dict[str, Any]) -> None:
    postgres = compose["services"]["postgres"]
    env = postgres["environment"]
    assert VARIABLE.match(env["POSTGRES_PASSWORD"]), "the password comes from .env"
    urls = {s["environment"]["DATABASE_URL"] for s in shards(compose).values()}
    assert len(urls) == 1
    url = DATABASE_URL.match(urls.pop())
    assert url is not None, "postgresql://user:${POSTGRES_PASSWORD…}@host:port/database"
    assert (url["host"], url["port"]) == ("postgres", "5432"), "the postgres service, its default port"
    assert (url["user"], url["database"]) == (env["POSTGRES_USER"], env["POSTGRES_DB"])
    assert VARIABLE.match(url["password"]), "the password in DATABASE_URL is the same variable"
    for service in shards(compose).values():
        assert service["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    [volume] = postgres["volumes"]
    assert volume.endswith(":/var/lib/postgresql/data") and volume.split(":")[0] in compose["volumes"]


def test_metrics_and_health_are_reachable_from_the_host_loopback_only(compose: dict[str, Any]) -> None:
    published = []
    for name, service in shards(compose).items():
        env = service["environment"]
        port, host = parse_metrics(env["METRICS_PORT"], env["METRICS_HOST"])
        assert host == "0.0.0.0", f"{name}: inside a container, loopback is unreachable from the host"
        [mapping] = service["ports"]
        host_ip, host_port, container_port = mapping.split(":")
        assert host_ip == "127.0.0.1" and int(container_port) == port
        published.append(int(host_port))
        check = " ".join(service["healthcheck"]["test"])
        assert f"http://127.0.0.1:{port}/healthz" in check
    assert len(set(published)) == len(published), "one host port per process"


def test_the_bots_are_built_from_this_repository_and_stop_cleanly(compose: dict[str, Any]) -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    for service in shards(compose).values():
        context = (COMPOSE.parent / service["build"]["context"]).resolve()
        assert (context / service["build"]["dockerfile"]).exists() and context == ROOT
        assert (COMPOSE.parent / service["env_file"]).resolve() == ROOT / ".env"
        assert service["stop_signal"] == "SIGTERM" and "STOPSIGNAL SIGTERM" in dockerfile
        assert service["restart"] == "unless-stopped"
    assert (ROOT / ".env.example").exists()
