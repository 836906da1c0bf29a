"""Liveness and database reachability."""

from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from backend.database import SessionDep
from backend.error import ServiceUnavailableError
from backend.openapi import RETRY_AFTER

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """Whether the service and its database answer."""

    status: Literal["ok", "unavailable"]
    database: Literal["ok", "unreachable"]


@router.get(
    "/health",
    response_model=Health,
    operation_id="health-check",
    responses={503: {"model": Health, "description": "The database does not answer.", "headers": RETRY_AFTER}},
)
async def health(session: SessionDep, response: Response) -> Health:
    """200 when the database answers a trivial query, 503 (with ``Retry-After``) when it does not."""
    try:
        await session.scalar(text("SELECT 1"))
    except (SQLAlchemyError, OSError):
        await session.rollback()  # a broken connection must not reach the request's commit
        response.status_code = 503
        response.headers["Retry-After"] = str(ServiceUnavailableError.retry_after)
        return Health(status="unavailable", database="unreachable")
    return Health(status="ok", database="ok")
