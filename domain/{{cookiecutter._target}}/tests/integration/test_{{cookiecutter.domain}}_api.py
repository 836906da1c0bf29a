{%- set auth = (cookiecutter._output_dir ~ "/" ~ cookiecutter._target) | has_auth %}
{%- set fields = cookiecutter.fields | fields %}
{%- set uniques = fields | selectattr("unique") | list %}
{%- set strings = fields | selectattr("is_string") | list %}
{%- set Class = cookiecutter.domain | pascal -%}
{%- set d = cookiecutter.domain %}
{%- set refs = fields | selectattr("reference") | list %}
{%- set targets = refs | map(attribute="reference") | unique | list -%}
"""The {{ cookiecutter.plural }} API over HTTP against the real database, rolled back after each test."""

{{ fields | rejectattr("reference") | list | imports(
    "import asyncio",
    "import itertools",
    "import uuid" if fields | selectattr("optional") | list else "",
    "import json",
    "from typing import Any",
    "from collections.abc import Awaitable, Callable",
    "import pytest",
    "from httpx2 import AsyncClient",
    "from sqlalchemy import event",
    "from sqlalchemy.ext.asyncio import AsyncEngine",
    "from sqlmodel import func, select",
    "from sqlmodel.ext.asyncio.session import AsyncSession",
    "from backend.domain." ~ d ~ ".model import " ~ Class,
    "from backend.dtos." ~ d ~ " import " ~ Class ~ "Create",
    "from unittest.mock import AsyncMock" if uniques or refs else "",
    "from backend.domain." ~ d ~ ".repository import " ~ Class ~ "Repository" if uniques or refs else "",
    "from backend.database import SessionFactory" if refs else "",
    "from collections.abc import AsyncIterator" if refs else "",
    "from tests.rows import make_row" if refs else "",
    "from backend.config import Settings" if auth else "",
    "from backend.domain.auth.model import User" if auth else "",
    "from tests.users import UserFactory, bearer" if auth else "",
    targets | model_imports,
    targets | router_imports,
    part="json",
) }}

URL = "/api/v1/{{ cookiecutter.plural }}"
{%- if refs %}
MISSING = "00000000-0000-0000-0000-000000000000"
{%- endif %}
{%- if uniques %}
# Concurrent creates in the race test (within the engine's pool of 5 + 10 connections).
RACERS = 8
# What a driver's or SQL's text would show in a 409 that leaks it (SQLite, PostgreSQL, SQLAlchemy, Python).
DATABASE_DETAILS = ("IntegrityError", "UNIQUE constraint", "violates unique constraint", "INSERT INTO", "Traceback")
{%- endif %}

JSON = {"content-type": "application/json"}
# JSON text (not Python values) that each field must refuse with a 422, as (field, text).
HOSTILE = [
{%- for field in fields %}
{%- for raw in field.hostile %}
    ("{{ field.name }}", {{ raw | py_str }}),
{%- endfor %}
{%- endfor %}
]
# The burst test's requests, all sent at once: one more than the engine's pool (5 + 10 connections) holds.
BURST = 16

# The `store` fixture: stores a row directly, for a test that needs one only as data.
{{ Class }}Store = Callable[[], Awaitable[{{ Class }}]]

_numbers = itertools.count(1)
{%- if refs %}

# Ids of stored rows that every payload's references point at; refilled for each test.
PARENTS: dict[str, str] = {}


@pytest.fixture(autouse=True)
{%- if auth %}
async def parents(db_session: AsyncSession, owner: User) -> AsyncIterator[None]:
    """Store the rows this domain refers to (in the test's transaction, owned by ``owner``) for the payloads."""
{%- for field in refs %}
    PARENTS["{{ field.name }}"] = str((await make_row(db_session, {{ field.target }}, owner_id=owner.id)).id)
{%- endfor %}
{%- else %}
async def parents(db_session: AsyncSession) -> AsyncIterator[None]:
    """Store the rows this domain refers to (in the test's transaction) for the payloads to use."""
{%- for field in refs %}
    PARENTS["{{ field.name }}"] = str((await make_row(db_session, {{ field.target }})).id)
{%- endfor %}
{%- endif %}
    yield
    PARENTS.clear()


@pytest.fixture
async def live_parents(live_session_factory: SessionFactory) -> dict[str, str]:
    """Rows this domain refers to, committed in ``live_app``'s database, as payload fields."""
    async with live_session_factory() as session:
        parents = {
{%- for field in refs %}
            "{{ field.name }}": str((await make_row(session, {{ field.target }})).id),
{%- endfor %}
        }
        await session.commit()
    return parents
{%- endif %}


def payload(**overrides: Any) -> dict[str, Any]:
    """A valid create body with fresh unique values; keywords override fields."""
{%- if fields | rejectattr("reference") | list %}
    n = next(_numbers)
    values: dict[str, Any] = {
{%- for field in fields if not field.reference %}
        "{{ field.name }}": {{ field.json_sample }},
{%- endfor %}
    }
    return values{% if refs %} | PARENTS{% endif %} | overrides
{%- else %}
    return PARENTS | overrides
{%- endif %}


def raw_body(base: dict[str, Any], field: str, raw: str) -> bytes:
    """``base`` as JSON text whose ``field`` is the JSON text ``raw`` (values Python's json would not write)."""
    return json.dumps(base | {field: None}).replace(f'"{field}": null', f'"{field}": {raw}').encode()


async def create(client: AsyncClient, /, **overrides: Any) -> dict[str, Any]:
    """Create through the API and return the body; fails the test when the API refuses."""
    response = await client.post(URL, json=payload(**overrides))
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
{%- if auth %}
def store(db_session: AsyncSession, owner: User) -> {{ Class }}Store:
    """Stores a new {{ d }} of ``owner``'s directly and returns it as the database holds it."""
{%- else %}
def store(db_session: AsyncSession) -> {{ Class }}Store:
    """Stores a new {{ d }} directly and returns it as the database holds it."""
{%- endif %}

    async def make() -> {{ Class }}:
        data = {{ Class }}Create.model_validate(payload())
        row = {{ Class }}.model_validate(data{% if auth %}, update={"owner_id": owner.id}{% endif %})
        db_session.add(row)
        await db_session.flush()
        await db_session.refresh(row)
        return row

    return make


async def stored(session: AsyncSession) -> int:
    """How many {{ cookiecutter.plural }} the database holds (counted directly, not through the API)."""
    return (await session.exec(select(func.count()).select_from({{ Class }}))).one()


class Test{{ Class }}Lifecycle:
    async def test_crud_flow_with_valid_data_round_trips(self, api_client: AsyncClient) -> None:
        # Arrange
        body = payload()
        changes = {"{{ fields[0].name }}": payload()["{{ fields[0].name }}"]}

        # Act
        response = await api_client.post(URL, json=body)
        created = response.json()
        fetched = await api_client.get(response.headers["location"])
        updated = await api_client.patch(f"{URL}/{created['id']}", json=changes)
        listed = await api_client.get(URL)
        deleted = await api_client.delete(f"{URL}/{created['id']}")
        after_delete = await api_client.get(f"{URL}/{created['id']}")

        # Assert
        assert response.headers["location"] == f"{URL}/{created['id']}"
        assert {key: created[key] for key in body} == body
        assert fetched.json() == created
        assert updated.json() == created | changes
        assert listed.json()["items"] == [updated.json()]
        assert deleted.status_code == 204
        assert after_delete.status_code == 404
{%- for field in fields if field.optional %}

    async def test_create_without_{{ field.name }}_stores_null(
        self,
        api_client: AsyncClient,
        db_session: AsyncSession,
    ) -> None:
        # Act
        created = await create(api_client, {{ field.name }}=None)

        # Assert
        row = await db_session.get({{ Class }}, uuid.UUID(created["id"]))
        assert row is not None
        assert row.{{ field.name }} is None
{%- endfor %}

{%- if auth %}


class Test{{ Class }}Access:
    @pytest.mark.parametrize(
        ("method", "path"),
        [("POST", ""), ("GET", ""), ("GET", "/{id}"), ("PATCH", "/{id}"), ("DELETE", "/{id}")],
    )
    async def test_request_without_token_returns_401_and_changes_nothing(
        self,
        api_client: AsyncClient,
        db_session: AsyncSession,
        store: {{ Class }}Store,
        method: str,
        path: str,
    ) -> None:
        # Arrange
        existing = await store()
        kept = existing.model_dump()
        del api_client.headers["Authorization"]

        # Act
        response = await api_client.request(method, URL + path.format(id=existing.id), json=payload())

        # Assert
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert await stored(db_session) == 1
        await db_session.refresh(existing)
        assert existing.model_dump() == kept

    async def test_create_records_the_signed_in_user_as_owner(
        self,
        api_client: AsyncClient,
        owner: User,
        make_user: UserFactory,
    ) -> None:
        # Arrange
        stranger = await make_user()

        # Act
        created = await create(api_client)
        mine = await api_client.get(URL, params={"owner_id": str(owner.id)})
        theirs = await api_client.get(URL, params={"owner_id": str(stranger.id)})

        # Assert
        assert created["owner_id"] == str(owner.id)
        assert mine.json()["items"] == [created]
        assert theirs.json()["items"] == []

    async def test_create_with_owner_id_in_body_returns_422_and_stores_nothing(
        self,
        api_client: AsyncClient,
        db_session: AsyncSession,
        make_user: UserFactory,
    ) -> None:
        # Arrange
        stranger = await make_user()

        # Act
        response = await api_client.post(URL, json=payload() | {"owner_id": str(stranger.id)})

        # Assert
        assert response.status_code == 422
        assert [error["loc"] for error in response.json()["errors"]] == [["body", "owner_id"]]
        assert await stored(db_session) == 0

    async def test_another_user_may_read_but_not_change_or_delete(
        self,
        api_client: AsyncClient,
        make_user: UserFactory,
        settings: Settings,
    ) -> None:
        # Arrange
        created = await create(api_client)
        row_url = f"{URL}/{created['id']}"
        other = bearer(await make_user(), settings)
        changes = {"{{ fields[0].name }}": payload()["{{ fields[0].name }}"]}

        # Act
        read = await api_client.get(row_url, headers=other)
        changed = await api_client.patch(row_url, json=changes, headers=other)
        deleted = await api_client.delete(row_url, headers=other)

        # Assert
        assert read.status_code == 200
        assert (changed.status_code, deleted.status_code) == (403, 403)
        assert changed.headers["content-type"] == "application/problem+json"
        assert (await api_client.get(row_url)).json() == created

    async def test_superuser_may_change_and_delete_another_users_row(
        self,
        api_client: AsyncClient,
        make_user: UserFactory,
        settings: Settings,
    ) -> None:
        # Arrange
        created = await create(api_client)
        row_url = f"{URL}/{created['id']}"
        admin = bearer(await make_user(is_superuser=True), settings)
        changes = {"{{ fields[0].name }}": payload()["{{ fields[0].name }}"]}

        # Act
        changed = await api_client.patch(row_url, json=changes, headers=admin)
        deleted = await api_client.delete(row_url, headers=admin)

        # Assert
        assert changed.json() == created | changes
        assert deleted.status_code == 204
        assert (await api_client.get(row_url)).status_code == 404
{%- endif %}


class Test{{ Class }}Errors:
    async def test_get_when_{{ d }}_missing_returns_404_problem(
        self,
        api_client: AsyncClient,
    ) -> None:
        # Act
        response = await api_client.get(f"{URL}/00000000-0000-0000-0000-000000000000")

        # Assert
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"

    @pytest.mark.parametrize("method", ["patch", "delete"])
    async def test_change_when_{{ d }}_missing_returns_404(
        self,
        api_client: AsyncClient,
        method: str,
    ) -> None:
        # Act
        response = await api_client.request(method.upper(), f"{URL}/00000000-0000-0000-0000-000000000000", json={})

        # Assert
        assert response.status_code == 404

    async def test_create_with_invalid_body_returns_422_and_stores_nothing(
        self,
        api_client: AsyncClient,
        db_session: AsyncSession,
    ) -> None:
        # Act
        response = await api_client.post(URL, json={})

        # Assert
        assert response.status_code == 422
        assert await stored(db_session) == 0
{%- for field in uniques %}

    async def test_create_with_taken_{{ field.name }}_returns_409_and_stores_nothing(
        self,
        api_client: AsyncClient,
        db_session: AsyncSession,
    ) -> None:
        # Arrange
        existing = await create(api_client)

        # Act
        body = payload({{ field.name }}=existing["{{ field.name }}"])
        response = await api_client.post(URL, json=body)

        # Assert
        assert response.status_code == 409
        assert "{{ field.name }}" in response.json()["detail"]
        assert await stored(db_session) == 1

{%- if field.optional %}

    async def test_create_twice_without_{{ field.name }}_stores_both(
        self,
        api_client: AsyncClient,
    ) -> None:
        # Act
        first = await api_client.post(URL, json=payload({{ field.name }}=None))
        second = await api_client.post(URL, json=payload({{ field.name }}=None))

        # Assert
        assert (first.status_code, second.status_code) == (201, 201)
{%- endif %}

    async def test_update_with_own_{{ field.name }}_returns_200(
        self,
        api_client: AsyncClient,
    ) -> None:
        # Arrange
        existing = await create(api_client)
        body = {"{{ field.name }}": existing["{{ field.name }}"]}

        # Act
        response = await api_client.patch(f"{URL}/{existing['id']}", json=body)

        # Assert
        assert response.status_code == 200
        assert response.json() == existing

    async def test_create_with_taken_{{ field.name }}_past_the_service_check_returns_409_from_database(
        self,
        api_client: AsyncClient,
        db_session: AsyncSession,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        # Arrange: a concurrent request could pass the service's check before this one's insert
        existing = await create(api_client)
        monkeypatch.setattr({{ Class }}Repository, "get_by_{{ field.name }}", AsyncMock(return_value=None))

        # Act
        body = payload({{ field.name }}=existing["{{ field.name }}"])
        response = await api_client.post(URL, json=body)

        # Assert
        assert response.status_code == 409
        assert response.headers["content-type"] == "application/problem+json"
        assert "IntegrityError" not in response.text
        assert await stored(db_session) == 1

    async def test_update_with_taken_{{ field.name }}_returns_409_and_keeps_old_value(
        self,
        api_client: AsyncClient,
    ) -> None:
        # Arrange
        first = await create(api_client)
        second = await create(api_client)

        # Act
        taken = {"{{ field.name }}": first["{{ field.name }}"]}
        response = await api_client.patch(f"{URL}/{second['id']}", json=taken)

        # Assert
        assert response.status_code == 409
        assert (await api_client.get(f"{URL}/{second['id']}")).json() == second
{%- endfor %}
{%- if uniques %}


class Test{{ Class }}ConcurrentCreates:
    async def test_create_sent_concurrently_with_same_values_stores_one_and_conflicts_the_rest(
        self,
        live_client: AsyncClient,
{%- if refs %}
        live_parents: dict[str, str],
{%- endif %}
    ) -> None:
        # Arrange: separate requests, connections and committed transactions, as on a served app
        body = payload(){% if refs %} | live_parents{% endif %}

        # Act
        responses = await asyncio.gather(*(live_client.post(URL, json=body) for _ in range(RACERS)))

        # Assert
        assert sorted(response.status_code for response in responses) == [201] + [409] * (RACERS - 1)
        created = next(response.json() for response in responses if response.status_code == 201)
        assert (await live_client.get(f"{URL}/{created['id']}")).json() == created
{%- endif %}


class Test{{ Class }}Pagination:
    async def test_list_with_limit_and_offset_returns_consecutive_slices(
        self,
        api_client: AsyncClient,
        store: {{ Class }}Store,
    ) -> None:
        # Arrange
        created = [await store() for _ in range(3)]
        everything = (await api_client.get(URL, params={"limit": 10})).json()["items"]

        # Act
        first = (await api_client.get(URL, params={"limit": 2, "offset": 0})).json()
        second = (await api_client.get(URL, params={"limit": 2, "offset": 2})).json()

        # Assert
        assert {"total": first["total"], "limit": first["limit"]} == {"total": 3, "limit": 2}
        assert first["items"] + second["items"] == everything
        assert sorted(item["id"] for item in everything) == sorted(str(row.id) for row in created)


@pytest.mark.security
class Test{{ Class }}Security:
    async def test_create_with_malformed_json_returns_422_without_internals(self, api_client: AsyncClient) -> None:
        # Act
        response = await api_client.post(URL, content=b'{"unclosed": ', headers={"content-type": "application/json"})

        # Assert
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert not any(word in response.text.lower() for word in ("traceback", "decoder", "exception"))
{%- for field in strings[:1] %}

    async def test_create_with_sql_looking_values_stores_them_verbatim(self, api_client: AsyncClient) -> None:
        # Arrange
        other = await create(api_client)
        hostile = "x'); DROP TABLE {{ d }}; --"{% if field.bounded %}[:{{ field.max_length }}]{% endif %}

        # Act
        created = await create(api_client, {{ field.name }}=hostile)
        listed = (await api_client.get(URL)).json()

        # Assert
        assert created["{{ field.name }}"] == hostile
        assert {item["id"] for item in listed["items"]} == {other["id"], created["id"]}
{%- endfor %}
{%- if uniques %}

    async def test_conflict_body_leaks_no_database_details(self, api_client: AsyncClient) -> None:
        # Arrange
        existing = await create(api_client)

        # Act
        body = payload({{ uniques[0].name }}=existing["{{ uniques[0].name }}"])
        response = await api_client.post(URL, json=body)

        # Assert: what drivers and SQL say, never what a domain or field may be named (lowercase identifiers)
        assert response.status_code == 409
        assert not any(word in response.text for word in DATABASE_DETAILS)
{%- endif %}


{% if refs %}class Test{{ Class }}References:
{%- for field in refs %}
{%- if not loop.first %}
{% endif %}
    async def test_create_with_missing_{{ field.name }}_returns_422_naming_it(
        self,
        api_client: AsyncClient,
        db_session: AsyncSession,
    ) -> None:
        # Act
        response = await api_client.post(URL, json=payload({{ field.name }}=MISSING))

        # Assert
        assert response.status_code == 422
        assert response.json()["detail"] == f"{{ field.name }}: no {{ field.reference }} has the id {MISSING}."
        assert [error["loc"] for error in response.json()["errors"]] == [["body", "{{ field.name }}"]]
        assert await stored(db_session) == 0

    async def test_create_with_{{ field.name }}_deleted_past_the_service_check_returns_the_same_422(
        self,
        api_client: AsyncClient,
        db_session: AsyncSession,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        # Arrange: the {{ field.reference }} is deleted between the service's check and this insert
        monkeypatch.setattr({{ Class }}Repository, "{{ field.reference }}_exists", AsyncMock(return_value=True))

        # Act
        response = await api_client.post(URL, json=payload({{ field.name }}=MISSING))

        # Assert
        assert response.status_code == 422
        assert response.json()["detail"] == f"{{ field.name }}: no {{ field.reference }} has the id {MISSING}."
        assert [error["loc"] for error in response.json()["errors"]] == [["body", "{{ field.name }}"]]
        assert await stored(db_session) == 0

    async def test_delete_{{ field.reference }}_still_referenced_by_{{ field.name }}_returns_409(
        self,
        api_client: AsyncClient,
    ) -> None:
        # Arrange
        await create(api_client)
        parent_url = f"/api/v1{ {{- field.reference }}_router.prefix}/{PARENTS['{{ field.name }}']}"

        # Act
        response = await api_client.delete(parent_url)

        # Assert
        assert response.status_code == 409
        assert "{{ d }}.{{ field.name }}" in response.json()["detail"]
        assert (await api_client.get(parent_url)).status_code == 200

    async def test_list_filtered_by_{{ field.name }}_returns_only_its_rows(
        self,
        api_client: AsyncClient,
        db_session: AsyncSession,
    ) -> None:
        # Arrange
        mine = await create(api_client)
        other_parent = await make_row(db_session, {{ field.target }})
        await create(api_client, {{ field.name }}=str(other_parent.id))

        # Act
        params = {"{{ field.name }}": mine["{{ field.name }}"]}
        listed = (await api_client.get(URL, params=params)).json()

        # Assert
        assert [item["id"] for item in listed["items"]] == [mine["id"]]
        assert listed["total"] == 1
{%- endfor %}


{% endif %}@pytest.mark.security
class Test{{ Class }}HostileInput:
    @pytest.mark.parametrize(("field", "raw"), HOSTILE)
    async def test_create_with_hostile_value_returns_422_and_stores_nothing(
        self,
        api_client: AsyncClient,
        db_session: AsyncSession,
        field: str,
        raw: str,
    ) -> None:
        # Act
        response = await api_client.post(URL, content=raw_body(payload(), field, raw), headers=JSON)

        # Assert
        assert response.status_code == 422, response.text
        assert {tuple(error["loc"][:2]) for error in response.json()["errors"]} == {("body", field)}
        assert await stored(db_session) == 0

    @pytest.mark.parametrize(("field", "raw"), HOSTILE)
    async def test_update_with_hostile_value_returns_422_and_keeps_row(
        self,
        api_client: AsyncClient,
        db_session: AsyncSession,
        store: {{ Class }}Store,
        field: str,
        raw: str,
    ) -> None:
        # Arrange
        existing = await store()
        kept = existing.model_dump()

        # Act
        response = await api_client.patch(f"{URL}/{existing.id}", content=raw_body({}, field, raw), headers=JSON)

        # Assert
        assert response.status_code == 422, response.text
        assert {tuple(error["loc"][:2]) for error in response.json()["errors"]} == {("body", field)}
        await db_session.refresh(existing)
        assert existing.model_dump() == kept

    @pytest.mark.parametrize(
        ("content", "content_type", "status"),
        [
            (b'{"x": "\xff\xfe"}', "application/json", 400),
            (b"[" * 100_000 + b"]" * 100_000, "application/json", 400),
            (b"1" + b"0" * 5_000, "application/json", 400),
            (b"{}", "text/plain", 415),
            (b"<x/>", "application/xml", 415),
        ],
        ids=["not-utf8", "nested-too-deep", "integer-past-digit-limit", "text", "xml"],
    )
    async def test_create_with_unreadable_body_returns_problem_and_stores_nothing(
        self,
        api_client: AsyncClient,
        db_session: AsyncSession,
        content: bytes,
        content_type: str,
        status: int,
    ) -> None:
        # Act
        response = await api_client.post(URL, content=content, headers={"content-type": content_type})

        # Assert
        assert response.status_code == status
        assert response.headers["content-type"] == "application/problem+json"
        assert await stored(db_session) == 0


@pytest.mark.performance
class Test{{ Class }}Burst:
    async def test_concurrent_mixed_requests_on_a_live_database_never_answer_5xx(
        self,
        live_client: AsyncClient,
{%- if refs %}
        live_parents: dict[str, str],
{%- endif %}
    ) -> None:
        # Arrange: rows to read and change, committed like a served app's
        rows = [(await live_client.post(URL, json=payload(){% if refs %} | live_parents{% endif %})).json() for _ in range(2)]

        async def one(n: int) -> int:
            row_url = f"{URL}/{rows[n % len(rows)]['id']}"
            if n % 5 == 0:
                response = await live_client.post(URL, json=payload(){% if refs %} | live_parents{% endif %})
            elif n % 5 == 1:
{%- set own = fields | rejectattr("reference") | list %}
{%- if own %}
                change = {"{{ own[0].name }}": payload()["{{ own[0].name }}"]}
{%- else %}
                change = {"{{ fields[0].name }}": live_parents["{{ fields[0].name }}"]}
{%- endif %}
                response = await live_client.patch(row_url, json=change)
            elif n % 5 == 2:
                response = await live_client.get(URL, params={"limit": 5})
            else:
                response = await live_client.get(row_url)
            return response.status_code

        # Act
        statuses = await asyncio.gather(*(one(n) for n in range(BURST)))

        # Assert
        assert [status for status in statuses if status >= 500] == []
        assert sorted(set(statuses)) == [200, 201]


@pytest.mark.performance
class Test{{ Class }}QueryCount:
    async def test_list_runs_same_number_of_statements_for_1_and_20_rows(
        self,
        api_client: AsyncClient,
        db_session: AsyncSession,
        engine: AsyncEngine,
{%- if auth %}
        owner: User,
{%- endif %}
    ) -> None:
        # Arrange
        statements: list[str] = []

        def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            statements.append(statement)

        await create(api_client)
        event.listen(engine.sync_engine, "before_cursor_execute", record)
        try:
            await api_client.get(URL)
            with_one = len(statements)
            for _ in range(19):  # stored directly: only the list request is measured
                data = {{ Class }}Create.model_validate(payload())
{%- if auth %}
                db_session.add({{ Class }}.model_validate(data, update={"owner_id": owner.id}))
{%- else %}
                db_session.add({{ Class }}.model_validate(data))
{%- endif %}
            await db_session.flush()
            statements.clear()

            # Act
            await api_client.get(URL)
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", record)

        # Assert
        assert len(statements) == with_one
