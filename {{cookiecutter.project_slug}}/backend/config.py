"""Settings read from the environment (and a `.env` file)."""

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


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


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
