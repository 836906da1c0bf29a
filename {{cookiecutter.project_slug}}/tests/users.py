"""Users for tests: built with a known password, and the header that signs a request in as one."""

import itertools
from collections.abc import Awaitable, Callable

from backend.config import Settings
from backend.domain.auth.model import User
from backend.security import create_access_token, password_hasher

# The password of every user built here.
PASSWORD = "correct horse battery staple"
# Stores a user in the test's transaction; keywords set is_superuser and is_active (the `make_user` fixture).
UserFactory = Callable[..., Awaitable[User]]

_users = itertools.count(1)


def new_user(settings: Settings, *, is_superuser: bool = False, is_active: bool = True) -> User:
    """A user with a fresh email and the password `PASSWORD` (not stored)."""
    return User(
        email=f"user-{next(_users)}@example.com",
        hashed_password=password_hasher(settings).hash(PASSWORD),
        is_superuser=is_superuser,
        is_active=is_active,
    )


def bearer(user: User, settings: Settings) -> dict[str, str]:
    """The header that signs a request in as ``user``."""
    return {"Authorization": f"Bearer {create_access_token(user.id, settings)}"}
