"""The API fuzzed against its own OpenAPI document, in process, on the test's database transaction.

Schemathesis generates requests, valid and invalid, from the document the application serves
(`app.openapi()`). Each goes through the whole application on the test's event loop (`api_client`,
so over the test's connection, inside a savepoint rolled back afterwards), and its response is
checked against the document: never a 5xx, and status code, content type, headers and body as
documented. The stateful test chains calls along the links Schemathesis infers between operations
(create, then read, update or delete what was created) and also checks that a created resource can
be read and a deleted one cannot. Coverage is not recorded here (see `untraced`).

Every generated request is sent, whatever fails; each test then fails once, listing each distinct
failure with its response and a curl command that reproduces it (against `BASE_URL`).

Generation is derandomized: a run sends the same requests as the previous one (as long as this
file is unchanged, since Hypothesis derives its seed from the test's source). The budget is
``CONTRACT_MAX_EXAMPLES`` requests per operation, and as many scenarios of up to six calls for the
stateful test (default 5), e.g. ``CONTRACT_MAX_EXAMPLES=500 pytest tests/contract -n auto``.
"""

import asyncio
import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import coverage
import hypothesis
import pytest
import requests
import schemathesis
from httpx2 import AsyncClient
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from schemathesis import GenerationMode
from schemathesis.checks import CheckFunction, not_a_server_error
from schemathesis.errors import FailureGroup
from schemathesis.generation.stateful.state_machine import APIStateMachine, RecordingStateMachine
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ensure_resource_availability,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    use_after_free,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.config import Settings
from backend.main import create_application

Case: TypeAlias = schemathesis.Case[Any]

MAX_EXAMPLES = int(os.environ.get("CONTRACT_MAX_EXAMPLES") or 5)
BASE_URL = "http://test"  # the host `http_client` sends to; no request leaves the process


@pytest.fixture(scope="module", autouse=True)
def hypothesis_home(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Not `.hypothesis` in the working directory: its caches (constants found in the code, Unicode tables) are
    kept with pytest's own, or in the run's temporary directory when pytest's cache is disabled."""
    if request.config.pluginmanager.has_plugin("cacheprovider"):
        set_hypothesis_home_dir(request.config.cache.mkdir("hypothesis"))
    else:
        set_hypothesis_home_dir(tmp_path_factory.mktemp("hypothesis"))


@pytest.fixture(autouse=True)
def untraced() -> Iterator[None]:
    """Coverage paused while each of these tests runs (when the run measures it): they prove
    conformance, not coverage, so the rest of the suite reaches the threshold on its own, and
    generating data under the tracer would about double their cost."""
    measuring = coverage.Coverage.current()
    if measuring is None:
        yield
        return
    measuring.stop()
    try:
        yield
    finally:
        measuring.start()


CHECKS: list[CheckFunction] = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
STATEFUL_CHECKS = [*CHECKS, use_after_free, ensure_resource_availability]

SETTINGS = hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,  # the same requests on every run
    database=None,  # nothing stored between runs (a derandomized run would not read it anyway)
    deadline=None,  # wall time is never under test
    # Failures are collected, not raised, so there is nothing to shrink: every example is sent once.
    phases=[hypothesis.Phase.generate],
    # Generating from JSON schemas is slow next to an in-process request, and depends on the machine's load.
    suppress_health_check=[hypothesis.HealthCheck.too_slow],
    print_blob=False,
)
STATEFUL_SETTINGS = hypothesis.settings(SETTINGS, stateful_step_count=6)

# The document as the application serves it; its engine is never connected.
CONFIG = schemathesis.Config.from_dict({"base-url": BASE_URL})
# Strings from any character but lone surrogates, as the utf-8 codec would allow, without the
# character table that codec costs Hypothesis to build (seconds) in every fresh environment.
CONFIG.projects.default.generation.codec = None
schema = schemathesis.openapi.from_dict(
    create_application(Settings(_env_file=None, database_url="sqlite+aiosqlite://")).openapi(), config=CONFIG
)
OPERATIONS = {schema[path][method].label: schema[path][method] for path in schema for method in schema[path]}


@dataclass
class Failures:
    """Distinct check failures seen during a test, each reported with the first request that showed it."""

    seen: list[AssertionError] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)

    def add(self, group: FailureGroup) -> None:
        new = [failure for failure in group.exceptions if failure not in self.seen]
        if new:
            self.seen.extend(new)
            self.reports.append(group.message)

    def check(self) -> None:
        """Fail the test if any check failed."""
        if self.reports:
            pytest.fail(f"{len(self.seen)} distinct contract failures\n\n" + "\n".join(self.reports), pytrace=False)


@dataclass
class InProcessAPI:
    """Sends generated cases to the application on the session's event loop, over the test's connection."""

    loop: asyncio.AbstractEventLoop
    client: AsyncClient
    connection: AsyncConnection

    @contextmanager
    def isolated(self) -> Iterator[None]:
        """What the requests sent inside store is rolled back at the end."""
        savepoint = self.loop.run_until_complete(self.connection.begin_nested())
        try:
            yield
        finally:
            self.loop.run_until_complete(savepoint.rollback())

    def send(self, case: Case) -> schemathesis.Response:
        # Serialized as Schemathesis itself sends a case (and as its curl command shows it).
        request = requests.Request(**case.as_transport_kwargs(base_url=BASE_URL)).prepare()
        return self.loop.run_until_complete(self._send(request))

    async def _send(self, request: requests.PreparedRequest) -> schemathesis.Response:
        assert request.method is not None
        assert request.url is not None
        headers = [(_latin1(name), _latin1(value)) for name, value in request.headers.items()]
        body = request.body.encode() if isinstance(request.body, str) else request.body
        assert body is None or isinstance(body, bytes)
        response = await self.client.request(request.method, request.url, headers=headers, content=body)
        received: dict[str, list[str]] = {}
        for name, value in response.headers.multi_items():
            received.setdefault(name, []).append(value)
        return schemathesis.Response(
            status_code=response.status_code,
            headers=received,
            content=response.content,
            request=request,
            elapsed=response.elapsed.total_seconds(),
            verify=True,
            message=response.reason_phrase,
            http_version=response.http_version.removeprefix("HTTP/"),
            encoding=response.encoding,
        )


def _latin1(text: str | bytes) -> bytes:
    # Header names and values go on the wire as Latin-1, as `requests` sends them.
    return text.encode("latin-1") if isinstance(text, str) else text


@pytest.fixture
async def contract_api(api_client: AsyncClient, connection: AsyncConnection) -> InProcessAPI:
    """The application on this event loop; the tests themselves are synchronous, as Hypothesis needs."""
    return InProcessAPI(asyncio.get_running_loop(), api_client, connection)


@pytest.mark.parametrize("label", OPERATIONS)
def test_operation_conforms_to_the_document(label: str, contract_api: InProcessAPI) -> None:
    """Valid and invalid requests to one operation get documented responses, never a 5xx."""
    operation = OPERATIONS[label]
    failures = Failures()

    @SETTINGS
    @hypothesis.given(st.one_of([operation.as_strategy(generation_mode=mode) for mode in GenerationMode]))
    def exchange(case: Case) -> None:
        with contract_api.isolated():
            response = contract_api.send(case)
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:
            failures.add(group)

    exchange()
    failures.check()


class InProcessStateMachine(RecordingStateMachine):
    """Runs each scenario in a savepoint, sends its calls through `api` and collects failures instead of raising."""

    api: InProcessAPI
    failures: Failures

    def setup(self) -> None:
        self.scenario = ExitStack()
        self.scenario.enter_context(self.api.isolated())

    def teardown(self) -> None:
        self.scenario.close()

    def call(self, case: Case, **kwargs: Any) -> schemathesis.Response:
        return self.api.send(case)

    def validate_response(
        self,
        response: schemathesis.Response,
        case: Case,
        additional_checks: list[CheckFunction] | None = None,
        **kwargs: Any,
    ) -> None:
        try:
            case.validate_response(response, checks=STATEFUL_CHECKS, recorder=self.recorder)
        except FailureGroup as group:
            self.failures.add(group)


def test_workflows_conform_to_the_document(contract_api: InProcessAPI) -> None:
    """Chains of calls get documented responses; what was created can be read, what was deleted cannot."""
    failures = Failures()
    workflows: type[APIStateMachine] = type(
        "Workflows", (InProcessStateMachine, schema.as_state_machine()), {"api": contract_api, "failures": failures}
    )
    workflows.run(settings=STATEFUL_SETTINGS)
    failures.check()
