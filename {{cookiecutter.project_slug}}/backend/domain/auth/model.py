"""The user table."""

from sqlalchemy import String
from sqlmodel import Field

from backend.entity import Entity


class User(Entity, table=True):
    """A user as stored: the email is unique and lower case; only the password's hash is kept."""

    email: str = Field(max_length=320, unique=True, index=True, sa_type=String(320))
    hashed_password: str = Field(sa_type=String(255))
    is_active: bool = True
    is_superuser: bool = False
