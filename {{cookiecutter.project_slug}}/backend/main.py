"""Builds the application; uvicorn calls `create_application` as a factory (see README)."""

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from asgi_correlation_id import CorrelationIdMiddleware
from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from backend import health
from backend.config import Settings, get_settings
from backend.database import create_engine, create_session_factory
from backend.domain import load_routers
from backend.logs import REQUEST_ID_HEADER, configure_logging
from backend.middleware.body_limit import BodyLimitMiddleware
from backend.middleware.error_handler import register_error_handlers
from backend.middleware.head import HeadMiddleware
from backend.openapi import install_openapi

API_PREFIX = "/api/v1"


def create_application(settings: Settings | None = None, routers: Sequence[APIRouter] | None = None) -> FastAPI:
    """A new application with its own engine (closed at shutdown), the error handlers and the health routes.

    ``routers`` are mounted under the API prefix; by default every domain's router. Logging is
    configured for the whole process (`backend.logs`); each request gets an id (`X-Request-ID`,
    the client's own when it sends a valid one), returned in the response and in every log line.
    """
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_format)
    engine = create_engine(settings.database_url, echo=settings.echo_sql)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # The schema is the migrations' job (`alembic upgrade head`), never the application's.
        yield
        await engine.dispose()

    # A path with a trailing slash is another path: 404, not an undocumented redirect without a body.
    app = FastAPI(title=settings.app_name, lifespan=lifespan, redirect_slashes=False)
{%- if cookiecutter.auth == "jwt" %}
    app.state.settings = settings  # token signing and password hashing read them per request
{%- endif %}
    app.state.session_factory = create_session_factory(engine)
    # SQLite has one writer at a time: the process's writers queue for it here (see backend.database).
    app.state.write_lock = asyncio.Lock() if engine.dialect.name == "sqlite" else None
    register_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(HeadMiddleware)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=[REQUEST_ID_HEADER],
        )
    # Outermost, so that every response (a 500 included) and every log line of the request carry the id.
    app.add_middleware(CorrelationIdMiddleware, header_name=REQUEST_ID_HEADER)
    install_openapi(app)
    app.include_router(health.router)
    for router in load_routers() if routers is None else routers:
        app.include_router(router, prefix=API_PREFIX)
    return app
