"""Settings come from the environment."""

import pytest
from pydantic import ValidationError

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

    def test_log_level_when_lower_case_is_read_upper_case(self, monkeypatch: pytest.MonkeyPatch) -> None:
        # Arrange
        monkeypatch.setenv("LOG_LEVEL", "debug")

        # Act
        settings = Settings(_env_file=None)

        # Assert
        assert settings.log_level == "DEBUG"

    @pytest.mark.parametrize(("variable", "value"), [("LOG_LEVEL", "verbose"), ("LOG_FORMAT", "xml")])
    def test_log_setting_when_unknown_is_refused_naming_it(
        self, monkeypatch: pytest.MonkeyPatch, variable: str, value: str
    ) -> None:
        # Arrange
        monkeypatch.setenv(variable, value)

        # Act
        with pytest.raises(ValidationError) as raised:
            Settings(_env_file=None)

        # Assert
        assert raised.value.errors()[0]["loc"] == (variable.lower(),)

    @pytest.mark.parametrize(
        ("value", "origins"),
        [
            ("", []),
            ("https://app.example.com", ["https://app.example.com"]),
            (" https://a.example , https://b.example,", ["https://a.example", "https://b.example"]),
        ],
    )
    def test_cors_origins_when_comma_separated_are_split(
        self, monkeypatch: pytest.MonkeyPatch, value: str, origins: list[str]
    ) -> None:
        # Arrange
        monkeypatch.setenv("CORS_ORIGINS", value)

        # Act
        settings = Settings(_env_file=None)

        # Assert
        assert settings.cors_origins == origins

    def test_defaults_without_environment_log_text_at_info_and_allow_no_origin(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Arrange
        for variable in ("LOG_LEVEL", "LOG_FORMAT", "CORS_ORIGINS"):
            monkeypatch.delenv(variable, raising=False)

        # Act
        settings = Settings(_env_file=None)

        # Assert
        assert (settings.log_level, settings.log_format, settings.cors_origins) == ("INFO", "text", [])
