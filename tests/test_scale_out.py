"""The baked service scales out: two server processes on one PostgreSQL database answer as one service.

The processes share nothing but the database, so a unique value raced across both is taken exactly
once and the losers are told why, and a write through one process is what the other reads next.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest

from .conftest import Bake
from .test_bake import VARIANTS
from .test_baked_suites import run, server_sql

ARTISTS = "/api/v1/artists"
HEALTH = "/health/ready"
ROUNDS = 5
RACERS = 20  # per round, split evenly across the two servers
STARTUP_SECONDS = 60
SERVING = re.compile(r"Uvicorn running on (http://127\.0\.0\.1:\d+) ")
# A log line that tells of a fault, whatever the log format: a traceback, a warning or an error.
FAULT = re.compile(r"\b(Traceback|WARNING|ERROR|CRITICAL)\b")
TAKEN = {
    "type": "about:blank",
    "title": "Conflict",
    "status": 409,
    "detail": "Another artist already has this name.",
    "instance": ARTISTS,
}


@dataclass
class Server:
    """One uvicorn process of the baked application and the file its log goes to."""

    process: subprocess.Popen[bytes]
    log: Path
    url: str = ""

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")


def start(project: Path, url: str, log: Path) -> Server:
    """Start the baked application in its own process on a port the system picks."""
    command = [sys.executable, "-m", "uvicorn", "--factory", "backend.main:create_application"]
    command += ["--host", "127.0.0.1", "--port", "0"]
    env = os.environ | {"PYTHONDONTWRITEBYTECODE": "1", "DATABASE_URL": url, "LOG_LEVEL": "INFO"}
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=project, env=env, stdout=output, stderr=subprocess.STDOUT)
    return Server(process, log)


def wait_until_serving(server: Server, deadline: float) -> None:
    """Wait for ``server`` to log its address and then to answer its health check with 200."""
    while not (found := SERVING.search(server.output())):
        assert server.process.poll() is None, f"the server exited:\n{server.output()}"
        assert time.monotonic() < deadline, f"the server did not start:\n{server.output()}"
        time.sleep(0.1)
    server.url = found.group(1)
    with httpx2.Client(base_url=server.url, timeout=5) as client:
        while client.get(HEALTH).status_code != 200:
            assert time.monotonic() < deadline, f"the server is not healthy:\n{server.output()}"
            time.sleep(0.1)


def stop(servers: list[Server]) -> None:
    """Ask every server to shut down, and kill any that does not within 10 s."""
    for server in servers:
        server.process.terminate()
    for server in servers:
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


def faults(server: Server) -> list[str]:
    """The lines of ``server``'s log that tell of a fault."""
    return [line for line in server.output().splitlines() if FAULT.search(line)]


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    """A new, empty database on the local server, dropped afterwards; its URL."""
    name = f"scale_out_{uuid.uuid4().hex[:16]}"
    server_sql(f"CREATE DATABASE {name}")
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1/{name}"
    finally:
        server_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="module")
def servers(bake: Bake, database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Server]]:
    """Two processes of the baked PostgreSQL service on one migrated database, both answering."""
    project = bake(**VARIANTS["postgresql"])
    scratch = tmp_path_factory.mktemp("scale_out")
    migrated = run([sys.executable, "-m", "alembic", "upgrade", "head"], project, scratch, DATABASE_URL=database)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    started: list[Server] = []
    try:
        for number in range(2):
            started.append(start(project, database, scratch / f"server{number}.log"))
        deadline = time.monotonic() + STARTUP_SECONDS
        for server in started:
            wait_until_serving(server, deadline)
        yield started
    finally:
        stop(started)
    assert [faults(server) for server in started] == [[], []]


def artist(name: str) -> dict[str, str]:
    """A valid create body named ``name`` with an email no other body has."""
    return {"name": name, "email": f"{uuid.uuid4().hex}@example.com"}


async def race(servers: list[Server], name: str) -> list[httpx2.Response]:
    """`RACERS` creates of an artist named ``name``, alternating between the servers, sent at once."""
    go = asyncio.Event()
    async with httpx2.AsyncClient(timeout=30) as client:

        async def create(server: Server) -> httpx2.Response:
            request = client.build_request("POST", server.url + ARTISTS, json=artist(name))
            await go.wait()
            return await client.send(request)

        tasks = [asyncio.create_task(create(servers[number % 2])) for number in range(RACERS)]
        await asyncio.sleep(0)  # every task builds its request and waits for the start
        go.set()
        return await asyncio.gather(*tasks)


def listed(server: Server) -> list[dict[str, Any]]:
    """Every artist ``server`` lists."""
    response = httpx2.get(server.url + ARTISTS, params={"limit": 100}, timeout=10)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_two_servers_racing_creates_of_one_unique_value_create_exactly_one(servers: list[Server]) -> None:
    # Arrange
    names = [f"Racer {uuid.uuid4().hex}" for _ in range(ROUNDS)]

    # Act
    rounds = [asyncio.run(race(servers, name)) for name in names]

    # Assert
    for name, responses in zip(names, rounds, strict=True):
        statuses = Counter(response.status_code for response in responses)
        assert statuses == {201: 1, 409: RACERS - 1}, [(response.status_code, response.text) for response in responses]
        [created] = [response.json() for response in responses if response.status_code == 201]
        assert created["name"] == name
        for response in responses:
            if response.status_code == 409:
                assert response.headers["content-type"] == "application/problem+json"
                assert response.json() == TAKEN
        answered = Counter(str(response.request.url).removesuffix(ARTISTS) for response in responses)
        assert answered == {server.url: RACERS // 2 for server in servers}
        for server in servers:
            rows = [row for row in listed(server) if row["name"] == name]
            assert [row["id"] for row in rows] == [created["id"]]
    assert [faults(server) for server in servers] == [[], []]


def test_two_servers_after_a_write_through_one_show_it_through_the_other(servers: list[Server]) -> None:
    # Arrange
    first, second = servers
    with httpx2.Client(timeout=10) as client:
        created = client.post(first.url + ARTISTS, json=artist(f"Visible {uuid.uuid4().hex}"))
        assert created.status_code == 201, created.text
        path = ARTISTS + "/" + created.json()["id"]

        # Act
        read = client.get(second.url + path)
        renamed = client.patch(second.url + path, json={"name": f"Renamed {uuid.uuid4().hex}"})
        reread = client.get(first.url + path)
        deleted = client.delete(first.url + path)
        gone = client.get(second.url + path)

    # Assert
    assert (read.status_code, read.json()) == (200, created.json())
    assert renamed.status_code == 200, renamed.text
    assert (reread.status_code, reread.json()) == (200, renamed.json())
    assert renamed.json()["name"] != created.json()["name"]
    assert deleted.status_code == 204
    assert gone.status_code == 404
    assert [faults(server) for server in servers] == [[], []]
