"""The floor for a served bake: a hand-written FastAPI + SQLAlchemy async app with the default bake's artist API.

    DATABASE_URL=sqlite+aiosqlite:///./floor.db uvicorn --app-dir scripts minimal_app:app

It answers the same paths and bodies as a baked project's ``/api/v1/artists`` routes and sends the
same statements per request: create looks the name up and inserts; get selects by id; list selects a
page and counts; patch selects the row for update, looks a new name up and updates; delete selects
and deletes. On SQLite it does the least a service needs to stay correct under concurrent requests
(WAL, a busy timeout, writers taking turns within the process); it has no error documents, no
savepoints and no layers. `scripts/benchmark.py` serves it next to a bake to measure their ratio.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, nullcontext
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import DateTime, String, Uuid, event, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///./floor.db")


class Base(DeclarativeBase):
    pass


class Artist(Base):
    __tablename__ = "artist"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=lambda: datetime.now(UTC))
    name: Mapped[str] = mapped_column(String(100), unique=True, index=True)
    description: Mapped[str | None] = mapped_column(String(1000))


class ArtistCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=1000)


class ArtistUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=1000)


class ArtistPublic(ArtistCreate):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    created_at: datetime


class Page(BaseModel):
    items: list[ArtistPublic]
    total: int
    limit: int
    offset: int


engine = create_async_engine(DATABASE_URL)
sqlite = engine.dialect.name == "sqlite"
sessions = async_sessionmaker(engine, expire_on_commit=False)
read_sessions = async_sessionmaker(engine.execution_options(begin="DEFERRED"), expire_on_commit=False)
writers = asyncio.Lock()

if sqlite:

    @event.listens_for(engine.sync_engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        for pragma in ("busy_timeout=30000", "journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
            dbapi_connection.execute(f"PRAGMA {pragma}")

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql(f"BEGIN {connection.get_execution_options().get('begin', 'IMMEDIATE')}")


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    yield
    await engine.dispose()


app = FastAPI(lifespan=lifespan)


async def reader() -> AsyncIterator[AsyncSession]:
    async with read_sessions() as session:
        yield session


async def writer() -> AsyncIterator[AsyncSession]:
    async with writers if sqlite else nullcontext(), sessions() as session, session.begin():
        yield session


Reader = Annotated[AsyncSession, Depends(reader, scope="function")]
Writer = Annotated[AsyncSession, Depends(writer, scope="function")]  # committed before the response, as in a bake


async def found(session: AsyncSession, artist_id: uuid.UUID, *, for_update: bool = False) -> Artist:
    artist = await session.get(Artist, artist_id, with_for_update=for_update)
    if artist is None:
        raise HTTPException(404, "not found")
    return artist


async def name_taken(session: AsyncSession, name: str) -> bool:
    return (await session.scalars(select(Artist).where(Artist.name == name))).first() is not None


@app.post("/api/v1/artists", status_code=201, response_model=ArtistPublic)
async def create(data: ArtistCreate, response: Response, session: Writer) -> Artist:
    if await name_taken(session, data.name):
        raise HTTPException(409, "name taken")
    artist = Artist(**data.model_dump())
    session.add(artist)
    await session.flush()
    response.headers["Location"] = f"/api/v1/artists/{artist.id}"
    return artist


@app.get("/api/v1/artists", response_model=Page)
async def page(
    session: Reader,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    statement = select(Artist).order_by(Artist.created_at, Artist.id).limit(limit).offset(offset)
    items = (await session.scalars(statement)).all()
    total = await session.scalar(select(func.count()).select_from(Artist))
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@app.get("/api/v1/artists/{artist_id}", response_model=ArtistPublic)
async def get(artist_id: uuid.UUID, session: Reader) -> Artist:
    return await found(session, artist_id)


@app.patch("/api/v1/artists/{artist_id}", response_model=ArtistPublic)
async def update(artist_id: uuid.UUID, data: ArtistUpdate, session: Writer) -> Artist:
    artist = await found(session, artist_id, for_update=True)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("name", artist.name) != artist.name and await name_taken(session, changes["name"]):
        raise HTTPException(409, "name taken")
    for name, value in changes.items():
        setattr(artist, name, value)
    await session.flush()
    return artist


@app.delete("/api/v1/artists/{artist_id}", status_code=204)
async def delete(artist_id: uuid.UUID, session: Writer) -> Response:
    await session.delete(await found(session, artist_id, for_update=True))
    await session.flush()
    return Response(status_code=204)
