"""Liveness and database reachability."""

from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from backend.database import SessionDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """Whether the service and its database answer."""

    status: Literal["ok", "unavailable"]
    database: Literal["ok", "unreachable"]


@router.get("/health", response_model=Health)
async def health(session: SessionDep, response: Response) -> Health:
    """200 when the database answers a trivial query, 503 when it does not."""
    try:
        await session.scalar(text("SELECT 1"))
    except (SQLAlchemyError, OSError):
        await session.rollback()  # a broken connection must not reach the request's commit
        response.status_code = 503
        return Health(status="unavailable", database="unreachable")
    return Health(status="ok", database="ok")
