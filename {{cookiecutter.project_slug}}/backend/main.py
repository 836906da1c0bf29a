"""Builds the application; uvicorn calls `create_application` as a factory (see README)."""

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from backend import health
from backend.config import Settings, get_settings
from backend.database import create_engine, create_session_factory
from backend.domain import load_routers
from backend.middleware.error_handler import register_error_handlers
from backend.openapi import install_openapi

API_PREFIX = "/api/v1"


def create_application(settings: Settings | None = None, routers: Sequence[APIRouter] | None = None) -> FastAPI:
    """A new application with its own engine (closed at shutdown), the error handlers and the health route.

    ``routers`` are mounted under the API prefix; by default every domain's router.
    """
    settings = settings or get_settings()
    engine = create_engine(settings.database_url, echo=settings.echo_sql)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # The schema is the migrations' job (`alembic upgrade head`), never the application's.
        yield
        await engine.dispose()

    app = FastAPI(title=settings.app_name, lifespan=lifespan)
    app.state.session_factory = create_session_factory(engine)
    # SQLite has one writer at a time: the process's writers queue for it here (see backend.database).
    app.state.write_lock = asyncio.Lock() if engine.dialect.name == "sqlite" else None
    register_error_handlers(app)
    install_openapi(app)
    app.include_router(health.router)
    for router in load_routers() if routers is None else routers:
        app.include_router(router, prefix=API_PREFIX)
    return app
