"""Create the first superuser, or make an existing user one.

    python -m backend.domain.auth.superuser admin@example.com

The password is read from ``SUPERUSER_PASSWORD`` when it is set, else asked for (not echoed). The
database is the application's (``DATABASE_URL``); run ``alembic upgrade head`` first.
"""

import argparse
import asyncio
import getpass
import os
import sys

from pydantic import ValidationError

from backend.config import Settings, get_settings
from backend.database import create_engine, create_session_factory
from backend.domain.auth.model import User
from backend.domain.auth.repository import UserRepository
from backend.domain.auth.service import AuthService
from backend.dtos.auth import UserRegister

DESCRIPTION = "Create the first superuser, or make an existing user one."


async def create_superuser(settings: Settings, data: UserRegister) -> User:
    """Store the superuser in the database of ``settings`` and commit."""
    engine = create_engine(settings.database_url)
    try:
        async with create_session_factory(engine)() as session:
            user = await AuthService(UserRepository(session), settings).make_superuser(data)
            await session.commit()
            return user
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None, settings: Settings | None = None) -> int:
    """The command's exit code: 0 with the superuser stored, 2 for an unusable email or password."""
    parser = argparse.ArgumentParser(prog="python -m backend.domain.auth.superuser", description=DESCRIPTION)
    parser.add_argument("email", help="the superuser's email address")
    email = parser.parse_args(argv).email
    password = os.environ.get("SUPERUSER_PASSWORD") or getpass.getpass("Password: ")
    try:
        data = UserRegister(email=email, password=password)
    except ValidationError as error:
        problem = error.errors()[0]
        print(f"error: {problem['loc'][0]}: {problem['msg']}", file=sys.stderr)
        return 2
    user = asyncio.run(create_superuser(settings or get_settings(), data))
    print(f"{user.email} is a superuser (id {user.id}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
