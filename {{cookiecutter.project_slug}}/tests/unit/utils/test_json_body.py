"""`require_json_body` lets JSON bodies and empty bodies through and refuses any other media type."""

import pytest
from fastapi import FastAPI
from httpx2 import AsyncClient
from pydantic import BaseModel

from backend.utils.json_body import JSON_BODY


class Thing(BaseModel):
    name: str


@pytest.fixture
def json_app(app: FastAPI) -> FastAPI:
    """``app`` with one route that takes a JSON body."""

    @app.post("/things", dependencies=[JSON_BODY])
    async def create(thing: Thing) -> Thing:
        return thing

    return app


class TestRequireJsonBody:
    @pytest.mark.parametrize(
        "content_type", ["application/json", "application/json; charset=utf-8", "application/merge-patch+json"]
    )
    async def test_json_media_type_is_accepted(self, json_app: FastAPI, client: AsyncClient, content_type: str) -> None:
        # Act
        response = await client.post("/things", content=b'{"name": "a"}', headers={"content-type": content_type})

        # Assert
        assert response.status_code == 200

    @pytest.mark.parametrize(
        "content_type", ["text/plain", "application/xml", "multipart/form-data", "json", "", "text/json", "text/x+json"]
    )
    async def test_other_media_type_is_refused_with_415(
        self, json_app: FastAPI, client: AsyncClient, content_type: str
    ) -> None:
        # Act
        response = await client.post("/things", content=b'{"name": "a"}', headers={"content-type": content_type})

        # Assert
        assert response.status_code == 415
        assert response.json()["detail"] == "The body must be sent as application/json."

    async def test_empty_body_is_left_to_validation(self, json_app: FastAPI, client: AsyncClient) -> None:
        # Act
        response = await client.post("/things", headers={"content-type": "text/plain"})

        # Assert
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["body"]
