"""Settings come from the environment."""

import pytest

from backend.config import Settings, get_settings


class TestSettings:
    def test_settings_with_environment_variable_uses_it(self, monkeypatch: pytest.MonkeyPatch) -> None:
        # Arrange
        monkeypatch.setenv("DATABASE_URL", "sqlite+aiosqlite:///./from-env.db")

        # Act
        settings = Settings()

        # Assert
        assert settings.database_url == "sqlite+aiosqlite:///./from-env.db"

    def test_get_settings_when_called_twice_returns_same_object(self) -> None:
        # Act / Assert
        assert get_settings() is get_settings()
