"""Passwords and access tokens.

Passwords are hashed with Argon2id (pwdlib) at the cost the settings give. Access tokens are JWTs
signed with HS256 (PyJWT); reading one accepts that algorithm only (never ``none``, never the one
the token's header names) and requires ``sub`` (the user's id), ``iat`` and an ``exp`` in the future.
"""

import uuid
from datetime import timedelta
from functools import lru_cache

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from backend.config import Settings
from backend.utils.time import utc_now

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["sub", "iat", "exp"]


@lru_cache
def _hasher(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHash:
    return PasswordHash((Argon2Hasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism),))


def password_hasher(settings: Settings) -> PasswordHash:
    """The Argon2id hasher at the cost ``settings`` give."""
    return _hasher(settings.password_time_cost, settings.password_memory_kib, settings.password_parallelism)


def create_access_token(user_id: uuid.UUID, settings: Settings) -> str:
    """A token naming ``user_id``, valid for ``settings.access_token_minutes``."""
    issued = utc_now()
    claims = {"sub": str(user_id), "iat": issued, "exp": issued + timedelta(minutes=settings.access_token_minutes)}
    return jwt.encode(claims, settings.secret_key.get_secret_value(), algorithm=ALGORITHM)


def read_access_token(token: str, settings: Settings) -> uuid.UUID | None:
    """The user id a valid token names; None for a token that is forged, expired, malformed or incomplete."""
    try:
        claims = jwt.decode(
            token,
            settings.secret_key.get_secret_value(),
            algorithms=[ALGORITHM],
            options={"require": REQUIRED_CLAIMS},
        )
        return uuid.UUID(claims["sub"])
    except (jwt.InvalidTokenError, ValueError):
        return None
