"""Settings come from the environment."""

import pytest
from pydantic import ValidationError

from backend.config import {% if cookiecutter.auth == "jwt" %}PLACEHOLDER_SECRET, {% endif %}Settings, get_settings


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
{%- if cookiecutter.auth == "jwt" %}


class TestSecretKey:
    def test_key_shorter_than_32_characters_is_refused_without_showing_it(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Arrange
        monkeypatch.setenv("SECRET_KEY", "short-key-31-characters-long-xx")

        # Act
        with pytest.raises(ValidationError) as raised:
            Settings(_env_file=None)

        # Assert
        assert "SECRET_KEY is shorter than 32 characters" in raised.value.errors()[0]["msg"]
        assert "short-key-31" not in str(raised.value)

    @pytest.mark.parametrize("environment", ["production", "staging"])
    def test_placeholder_key_outside_local_and_test_is_refused_saying_how_to_set_one(
        self, monkeypatch: pytest.MonkeyPatch, environment: str
    ) -> None:
        # Arrange
        monkeypatch.setenv("ENVIRONMENT", environment)
        monkeypatch.delenv("SECRET_KEY", raising=False)

        # Act
        with pytest.raises(ValidationError) as raised:
            Settings(_env_file=None)

        # Assert
        message = raised.value.errors()[0]["msg"]
        assert "SECRET_KEY" in message
        assert f"ENVIRONMENT={environment}" in message
        assert "secrets.token_urlsafe" in message

    @pytest.mark.parametrize("environment", ["local", "test"])
    def test_placeholder_key_in_local_and_test_is_accepted(
        self, monkeypatch: pytest.MonkeyPatch, environment: str
    ) -> None:
        # Arrange
        monkeypatch.setenv("ENVIRONMENT", environment)
        monkeypatch.delenv("SECRET_KEY", raising=False)

        # Act
        settings = Settings(_env_file=None)

        # Assert
        assert (settings.environment, settings.secret_key.get_secret_value()) == (environment, PLACEHOLDER_SECRET)

    def test_real_key_in_production_is_accepted_and_never_shown(self, monkeypatch: pytest.MonkeyPatch) -> None:
        # Arrange
        key = "a-real-key-drawn-from-secrets-token-urlsafe-48"
        monkeypatch.setenv("ENVIRONMENT", "production")
        monkeypatch.setenv("SECRET_KEY", key)

        # Act
        settings = Settings(_env_file=None)

        # Assert
        assert settings.secret_key.get_secret_value() == key
        assert key not in repr(settings)
        assert key not in str(settings.model_dump())

    def test_environment_when_unknown_is_refused_naming_it(self, monkeypatch: pytest.MonkeyPatch) -> None:
        # Arrange
        monkeypatch.setenv("ENVIRONMENT", "prod")

        # Act
        with pytest.raises(ValidationError) as raised:
            Settings(_env_file=None)

        # Assert
        assert raised.value.errors()[0]["loc"] == ("environment",)

    @pytest.mark.parametrize(
        ("variable", "value"),
        [
            ("ACCESS_TOKEN_MINUTES", "0"),
            ("PASSWORD_TIME_COST", "0"),
            ("PASSWORD_MEMORY_KIB", "7"),
            ("PASSWORD_PARALLELISM", "0"),
        ],
    )
    def test_token_and_hash_costs_below_their_minimum_are_refused_naming_them(
        self, monkeypatch: pytest.MonkeyPatch, variable: str, value: str
    ) -> None:
        # Arrange
        monkeypatch.setenv(variable, value)

        # Act
        with pytest.raises(ValidationError) as raised:
            Settings(_env_file=None)

        # Assert
        assert raised.value.errors()[0]["loc"] == (variable.lower(),)
{%- endif %}
