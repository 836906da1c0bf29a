"""Probes: `/health/live` (the process answers) and `/health/ready` (it can serve: the database answers).

A liveness probe must not depend on the database, or every instance is restarted when the database
blips; take instances out of rotation on readiness instead.
"""

from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from backend.database import SessionDep
from backend.error import ServiceUnavailableError
from backend.openapi import RETRY_AFTER

router = APIRouter(prefix="/health", tags=["health"])


class Liveness(BaseModel):
    """The process is up and answers requests."""

    status: Literal["ok"]


class Health(BaseModel):
    """Whether the service and its database answer."""

    status: Literal["ok", "unavailable"]
    database: Literal["ok", "unreachable"]


@router.get("/live", response_model=Liveness, operation_id="health-live")
async def live() -> Liveness:
    """200 whenever the process can answer; touches nothing else."""
    return Liveness(status="ok")


@router.get(
    "/ready",
    response_model=Health,
    operation_id="health-ready",
    responses={503: {"model": Health, "description": "The database does not answer.", "headers": RETRY_AFTER}},
)
async def ready(session: SessionDep, response: Response) -> Health:
    """200 when the database answers a trivial query, 503 (with ``Retry-After``) when it does not."""
    try:
        await session.scalar(text("SELECT 1"))
    except (SQLAlchemyError, OSError):
        await session.rollback()  # a broken connection must not reach the request's commit
        response.status_code = 503
        response.headers["Retry-After"] = str(ServiceUnavailableError.retry_after)
        return Health(status="unavailable", database="unreachable")
    return Health(status="ok", database="ok")
