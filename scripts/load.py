"""Load a baked service with a create/get/list/patch/delete mix on one domain found in its /openapi.json.

    python scripts/load.py http://127.0.0.1:8000 [--requests 3000] [--concurrency 128] [--hog 2]
        [--domain artworks] [--mix get=50,list=25,create=10,patch=10,delete=5]

The domain is ``--domain``, or else the one with the most required fields whose create body can be
built from the schema: each required property gets a valid value for its type, format and length
(strings, e-mails and UUIDs unique per run); a required ``<name>_id`` that is another domain's item
parameter gets a row created there first, counted as a request of its own. Rows to get, patch and
delete are created before the clock starts. Prints the status counts, p50/p99 latency and requests
per second, and exits 1 after any 5xx or transport error. ``--hog N`` keeps N processes burning CPU
during the run, as on a shared host.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import multiprocessing
import random
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

import httpx2

DEFAULT_MIX = "get=50,list=25,create=10,patch=10,delete=5"
JSON = dict[str, Any]


class BuildError(Exception):
    """A required value this script cannot make."""


@dataclass
class Domain:
    collection: str  # /api/v1/artworks
    item: str  # /api/v1/artworks/{artwork_id}
    parameter: str  # artwork_id: what a required field of another domain that refers to this one is called
    create: JSON
    update: JSON

    @property
    def name(self) -> str:
        return self.collection.rsplit("/", 1)[1]


def discover(spec: JSON) -> dict[str, Domain]:
    """The domains that have all five routes, by item parameter."""
    found: dict[str, Domain] = {}
    paths: JSON = spec["paths"]
    for path, routes in paths.items():
        items = [p for p in paths if p.startswith(path + "/{") and p.count("/") == path.count("/") + 1]
        item: JSON = paths[items[0]] if items else {}
        if {"post", "get"} <= routes.keys() and {"get", "patch", "delete"} <= item.keys():
            create, update = (
                op["requestBody"]["content"]["application/json"]["schema"] for op in (routes["post"], item["patch"])
            )
            parameter = items[0].rsplit("{", 1)[1].rstrip("}")
            found[parameter] = Domain(path, items[0], parameter, create, update)
    return found


class Load:
    def __init__(self, client: httpx2.AsyncClient, spec: JSON) -> None:
        self.client, self.spec, self.domains = client, spec, discover(spec)
        self.serial, self.run = itertools.count(), uuid.uuid4().hex[:6]
        self.ids: list[str] = []
        self.statuses: Counter[tuple[str, str]] = Counter()
        self.latencies: list[float] = []

    def resolve(self, schema: JSON) -> JSON:
        while "$ref" in schema:
            schema = self.spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        options = [option for option in schema.get("anyOf", []) if option.get("type") != "null"]
        return self.resolve(options[0]) if options else schema

    def required(self, domain: Domain) -> list[str]:
        names: list[str] = self.resolve(domain.create).get("required", [])
        return names

    def value(self, name: str, schema: JSON) -> Any:
        schema = self.resolve(schema)
        kind, fmt, n = schema.get("type"), schema.get("format"), next(self.serial)
        fixed = {"uuid": str(uuid.uuid4()), "email": f"u{n}.{self.run}@example.com", "date": "2024-01-02"}
        if "enum" in schema:
            return schema["enum"][0]
        if fmt in fixed or fmt == "date-time":
            return fixed.get(fmt, "2024-01-02T03:04:05Z")
        if kind == "string":
            text = f"{name[:1]}{n}-{self.run}"[-schema.get("maxLength", 64) :]
            return text.ljust(schema.get("minLength", 1), "x")
        if kind == "integer":
            return int(min(max(n, schema.get("minimum", 0)), schema.get("maximum", n)))
        if kind in ("number", "boolean"):
            return 1.5 if kind == "number" else n % 2 == 0
        raise BuildError(f"no value for {name}: {schema}")

    async def body(self, domain: Domain, depth: int = 0) -> JSON:
        """A valid create body; a row it refers to is created first."""
        properties = self.resolve(domain.create).get("properties", {})
        body: JSON = {}
        for name in self.required(domain):
            target = self.domains.get(name)
            if target is not None and depth < 3:
                referenced = await self.body(target, depth + 1)
                response = await self.send(f"create-{target.name}", "POST", target.collection, referenced)
                if response.status_code != 201:
                    raise BuildError(f"creating the referenced {target.name} answered {response.status_code}")
                body[name] = response.json()["id"]
            elif name.endswith("_id"):
                raise BuildError(f"{name} refers to no domain found")
            else:
                body[name] = self.value(name, properties[name])
        return body

    def changes(self, domain: Domain) -> JSON:
        """A patch: new values for the required, non-referencing fields the update accepts."""
        accepted = self.resolve(domain.update).get("properties", {})
        return {n: self.value(n, accepted[n]) for n in self.required(domain) if n in accepted and n not in self.domains}

    async def send(self, label: str, method: str, path: str, body: JSON | None = None) -> httpx2.Response:
        started = time.perf_counter()
        try:
            response = await self.client.request(method, path, json=body)
        except httpx2.HTTPError as error:
            self.statuses[label, type(error).__name__] += 1
            raise
        finally:
            self.latencies.append(time.perf_counter() - started)
        self.statuses[label, str(response.status_code)] += 1
        return response

    async def one(self, domain: Domain, operation: str) -> None:
        if not self.ids and operation != "list":
            operation = "create"
        row = random.choice(self.ids) if self.ids else ""
        url = domain.item.replace("{" + domain.parameter + "}", row)
        try:
            if operation == "create":
                response = await self.send("create", "POST", domain.collection, await self.body(domain))
                if response.status_code == 201:
                    self.ids.append(response.json()["id"])
            elif operation == "get":
                await self.send("get", "GET", url)
            elif operation == "list":
                await self.send("list", "GET", f"{domain.collection}?offset={random.randint(0, 50)}")
            elif operation == "patch":
                await self.send("patch", "PATCH", url, self.changes(domain))
            else:
                self.ids.remove(row)  # no later request picks it
                await self.send("delete", "DELETE", url)
        except (httpx2.HTTPError, BuildError):
            pass  # counted by `send`

    async def choose(self, wanted: str | None) -> Domain | None:
        """The richest domain (or ``wanted``) whose create body can be built: one row is created to find out."""
        for domain in sorted(self.domains.values(), key=lambda d: -len(self.required(d))):
            if wanted in (None, domain.name):
                try:
                    await self.body(domain)
                    return domain
                except (BuildError, httpx2.HTTPError) as error:
                    print(f"skipping {domain.name}: {error}", file=sys.stderr)
        return None


def hog() -> None:
    while True:
        pass


def mix(text: str) -> dict[str, int]:
    shares = {name.strip(): int(share) for name, share in (part.split("=") for part in text.split(","))}
    if not shares.keys() <= {"get", "list", "create", "patch", "delete"}:
        raise ValueError(text)
    return shares


async def main(args: argparse.Namespace) -> int:
    limits = httpx2.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency)
    async with httpx2.AsyncClient(base_url=args.url, limits=limits, timeout=args.timeout) as client:
        try:
            load = Load(client, (await client.get("/openapi.json")).raise_for_status().json())
        except httpx2.HTTPError as error:
            print(f"cannot read {args.url}/openapi.json: {error}", file=sys.stderr)
            return 2
        domain = await load.choose(args.domain)
        if domain is None:
            print("no domain whose create body this script can build", file=sys.stderr)
            return 2
        for _ in range(args.seed):
            await load.one(domain, "create")
        load.statuses.clear()
        load.latencies.clear()
        plan = iter(random.choices(list(args.mix), list(args.mix.values()), k=args.requests))

        async def worker() -> None:
            for operation in plan:
                await load.one(domain, operation)

        hogs = [multiprocessing.get_context("spawn").Process(target=hog, daemon=True) for _ in range(args.hog)]
        for process in hogs:
            process.start()
        started = time.perf_counter()
        try:
            await asyncio.gather(*(worker() for _ in range(args.concurrency)))
        finally:
            elapsed = time.perf_counter() - started
            for process in hogs:
                process.terminate()
    failures = sum(n for (_, status), n in load.statuses.items() if not status.isdigit() or int(status) >= 500)
    latencies = sorted(load.latencies) or [0.0]
    p50, p99 = (latencies[int(len(latencies) * q)] * 1000 for q in (0.5, 0.99))
    print(f"{domain.name}: {len(load.latencies)} requests, concurrency {args.concurrency}, hog {args.hog}")
    for (label, status), n in sorted(load.statuses.items()):
        print(f"  {label} {status}: {n}")
    print(f"5xx or transport errors: {failures}")
    print(f"p50 {p50:.0f} ms, p99 {p99:.0f} ms")
    print(f"{len(load.latencies) / elapsed:.0f} requests/s over {elapsed:.1f} s")
    return 1 if failures else 0


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("url", help="base URL of the service, e.g. http://127.0.0.1:8000")
    parser.add_argument("--requests", type=int, default=3000, help="operations to send (default 3000)")
    parser.add_argument("--concurrency", type=int, default=128, help="requests in flight (default 128)")
    parser.add_argument("--hog", type=int, default=0, metavar="N", help="CPU-burning processes during the run")
    parser.add_argument("--domain", help="collection name, e.g. artworks (default: the richest buildable one)")
    parser.add_argument("--mix", type=mix, default=mix(DEFAULT_MIX), help=f"operation weights ({DEFAULT_MIX})")
    parser.add_argument("--seed", type=int, default=50, help="rows created before the clock starts (default 50)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request (default 30)")
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(asyncio.run(main(arguments())))
