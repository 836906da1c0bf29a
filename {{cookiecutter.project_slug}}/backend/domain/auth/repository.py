"""Queries for users."""

from sqlmodel import select

from backend.domain.auth.model import User
from backend.repository import Repository


class UserRepository(Repository[User]):
    """User rows: the queries of `Repository`, plus a lookup by email."""

    model = User

    async def get_by_email(self, email: str) -> User | None:
        """The user whose email is exactly ``email`` (emails are stored in lower case), or None."""
        return (await self._session.exec(select(User).where(User.email == email))).first()
