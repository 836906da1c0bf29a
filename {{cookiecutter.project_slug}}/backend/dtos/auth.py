"""Bodies of the auth API."""

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from backend.types import CLEAN_TEXT, Email

MIN_PASSWORD = 8
MAX_PASSWORD = 128
# Bounded both ways: a long password would make every sign-in hash megabytes.
Password = Annotated[str, Field(min_length=MIN_PASSWORD, max_length=MAX_PASSWORD), CLEAN_TEXT]


class UserRegister(BaseModel):
    """Body of a registration: an email address (compared in lower case) and a password."""

    model_config = ConfigDict(extra="forbid")

    email: Email = Field(max_length=320)
    password: Password


class SignIn(BaseModel):
    """A sign-in's email and password as registration would have cleaned them; no other pair can match a user.

    The password has no minimum here: that rule is registration's, and may change after users registered.
    """

    email: Email
    password: Annotated[str, Field(max_length=MAX_PASSWORD), CLEAN_TEXT]


class UserPublic(BaseModel):
    """A user as the API returns it: never the password or its hash."""

    id: uuid.UUID
    email: str
    is_active: bool
    is_superuser: bool
    created_at: datetime


class Token(BaseModel):
    """An access token for the ``Authorization: Bearer`` header, and how many seconds it stays valid."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
