"""The application factory: routes of every domain, error handlers, no schema changes on startup."""

import sqlite3
from pathlib import Path

from fastapi import FastAPI

from backend.config import Settings
from backend.domain import domain_names, load_routers
from backend.main import API_PREFIX, create_application


class TestCreateApplication:
    def test_create_application_mounts_every_domain_router_under_api_prefix(self, app: FastAPI) -> None:
        # Arrange
        routers = load_routers()

        # Act
        paths = app.openapi()["paths"]

        # Assert
        assert len(routers) == len(domain_names()) > 0
        for router in routers:
            assert f"{API_PREFIX}{router.prefix}" in paths

    async def test_lifespan_when_started_leaves_the_schema_to_migrations(self, tmp_path: Path) -> None:
        # Arrange
        database = tmp_path / "app.db"
        app = create_application(Settings(database_url=f"sqlite+aiosqlite:///{database}"))

        # Act
        async with app.router.lifespan_context(app):
            pass

        # Assert
        with sqlite3.connect(database) as connection:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert tables == set()
