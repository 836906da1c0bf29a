"""Settings read from the environment (and a `.env` file)."""

from functools import lru_cache
from typing import Annotated, Literal

from pydantic import Field, {% if cookiecutter.auth == "jwt" %}SecretStr, {% endif %}field_validator{% if cookiecutter.auth == "jwt" %}, model_validator{% endif %}
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

LogLevel = Literal["CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"]
LogFormat = Literal["text", "json"]
{%- if cookiecutter.auth == "jwt" %}
Environment = Literal["local", "test", "staging", "production"]
# The SECRET_KEY the project ships with: accepted only where ENVIRONMENT is local or test.
PLACEHOLDER_SECRET = "change-me-to-a-long-random-value"
LOCAL_ENVIRONMENTS = ("local", "test")
# HS256 needs a key of at least 256 bits.
MIN_SECRET_LENGTH = 32
{%- endif %}


class Settings(BaseSettings):
    """Runtime configuration; every field can be set by an environment variable of the same name."""

    # An error names the setting, never its value (which may hold a password or a key).
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", hide_input_in_errors=True)

    app_name: str = {{ cookiecutter.project_name | py_str }}
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
    # The largest request body read, in bytes: a larger one is refused with 413 before it is read.
    max_body_bytes: int = Field(default=1_048_576, ge=1)

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
{%- if cookiecutter.auth == "jwt" %}

    # Where the service runs: outside "local" and "test" it refuses to start with the placeholder key.
    environment: Environment = "local"
    # Signs the access tokens (HS256). Set a long random value:
    # python3 -c "import secrets; print(secrets.token_urlsafe(48))"
    secret_key: SecretStr = SecretStr(PLACEHOLDER_SECRET)
    access_token_minutes: int = Field(default=30, ge=1)
    # Argon2id cost of each password hash; the defaults are the argon2 library's (RFC 9106's second
    # recommendation). Lower them only for tests.
    password_time_cost: int = Field(default=3, ge=1)
    password_memory_kib: int = Field(default=65536, ge=8)
    password_parallelism: int = Field(default=4, ge=1)

    @model_validator(mode="after")
    def _refuse_weak_secret(self) -> "Settings":
        if len(self.secret_key.get_secret_value()) < MIN_SECRET_LENGTH:
            raise ValueError(f"SECRET_KEY is shorter than {MIN_SECRET_LENGTH} characters: set a long random value")
        if self.environment not in LOCAL_ENVIRONMENTS and self.secret_key.get_secret_value() == PLACEHOLDER_SECRET:
            raise ValueError(
                f"SECRET_KEY is the placeholder {PLACEHOLDER_SECRET!r}, which ENVIRONMENT={self.environment} does not"
                " accept: set SECRET_KEY to a long random value, e.g. the output of"
                ' python3 -c "import secrets; print(secrets.token_urlsafe(48))"'
            )
        return self
{%- endif %}


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
