"""The probes: `/health/live` answers while the process runs, `/health/ready` only while the database answers."""

from pathlib import Path

from httpx2 import ASGITransport, AsyncClient

from backend.config import Settings
from backend.main import create_application


def unreachable_settings(tmp_path: Path) -> Settings:
    """Settings whose SQLite file lies in a directory that does not exist, so no connection opens."""
    return Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'missing-directory' / 'app.db'}")


class TestHealth:
    async def test_ready_when_database_answers_returns_200(self, api_client: AsyncClient) -> None:
        # Act
        response = await api_client.get("/health/ready")

        # Assert
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok"}

    async def test_ready_when_database_unreachable_returns_503_with_retry_after(self, tmp_path: Path) -> None:
        # Arrange
        app = create_application(unreachable_settings(tmp_path))

        # Act
        async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
            response = await client.get("/health/ready")

        # Assert
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable", "database": "unreachable"}
        assert int(response.headers["retry-after"]) > 0

    async def test_live_when_database_unreachable_still_returns_200(self, tmp_path: Path) -> None:
        # Arrange
        app = create_application(unreachable_settings(tmp_path))

        # Act
        async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
            response = await client.get("/health/live")

        # Assert
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}
