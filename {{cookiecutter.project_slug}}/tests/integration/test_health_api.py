"""The health endpoint reports whether the database answers."""

from pathlib import Path

from httpx2 import ASGITransport, AsyncClient

from backend.config import Settings
from backend.main import create_application


class TestHealth:
    async def test_health_when_database_answers_returns_200(self, api_client: AsyncClient) -> None:
        # Act
        response = await api_client.get("/health")

        # Assert
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok"}

    async def test_health_when_database_unreachable_returns_503(self, tmp_path: Path) -> None:
        # Arrange
        unreachable = tmp_path / "missing-directory" / "app.db"
        app = create_application(Settings(database_url=f"sqlite+aiosqlite:///{unreachable}"))

        # Act
        async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
            response = await client.get("/health")

        # Assert
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable", "database": "unreachable"}
