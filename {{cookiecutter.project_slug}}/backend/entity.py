"""Columns every table has: a UUID primary key and its creation time."""

import uuid
from datetime import datetime

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel

from backend.utils.time import utc_now


class Entity(SQLModel):
    """Mixed into each domain's table model."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    created_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True), index=True)
