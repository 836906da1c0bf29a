"""Settings read from the environment (and a `.env` file)."""

from functools import lru_cache
from typing import Annotated, Literal

from pydantic import field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

LogLevel = Literal["CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"]
LogFormat = Literal["text", "json"]


class Settings(BaseSettings):
    """Runtime configuration; every field can be set by an environment variable of the same name."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    app_name: str = {{ cookiecutter.project_name | tojson }}
{%- if cookiecutter.database == "postgresql" %}
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1/{{ cookiecutter.project_slug }}"
{%- else %}
    database_url: str = "sqlite+aiosqlite:///./app.db"
{%- endif %}
    echo_sql: bool = False
    # Every log line of the process (the service's and uvicorn's, access log included) at this level and
    # up, as plain text or one JSON object per line.
    log_level: LogLevel = "INFO"
    log_format: LogFormat = "text"
    # Origins a browser may call the API from, comma-separated (e.g. "https://app.example.com");
    # empty: no cross-origin access.
    cors_origins: Annotated[list[str], NoDecode] = []

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_case_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
