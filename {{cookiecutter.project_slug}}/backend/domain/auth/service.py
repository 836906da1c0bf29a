"""The rules for users: registration, sign-in, tokens, and who a token names."""

from pydantic import ValidationError

from backend.config import Settings
from backend.domain.auth.model import User
from backend.domain.auth.repository import UserRepository
from backend.dtos.auth import SignIn, Token, UserRegister
from backend.error import UnauthorizedError, UniqueValueError
from backend.security import create_access_token, password_hasher, read_access_token

# One answer for an unknown email, a wrong password and an inactive user: the API tells no one which.
WRONG_CREDENTIALS = "The email or password is wrong."
INVALID_TOKEN = "The access token is not valid; sign in again."


class AuthService:
    """Use cases of users and tokens; raises `UniqueValueError` and `UnauthorizedError`, knows nothing of HTTP."""

    def __init__(self, repository: UserRepository, settings: Settings) -> None:
        self._repository = repository
        self._settings = settings
        self._hasher = password_hasher(settings)

    async def register(self, data: UserRegister) -> User:
        """Store a new, active, ordinary user; `UniqueValueError` when the email is taken."""
        if await self._repository.get_by_email(data.email) is not None:
            raise UniqueValueError("user", "email")
        user = User(email=data.email, hashed_password=self._hasher.hash(data.password))
        return await self._repository.add(user)

    async def authenticate(self, email: str, password: str) -> User:
        """The active user with this email and password; `UnauthorizedError` for any other case.

        Both are cleaned as registration cleans them (so a differently cased or composed email or
        password still matches); a pair that no user could have is refused without a lookup. An
        unknown email costs a hash too, so the answer's timing does not tell it from a wrong password.
        """
        try:
            credentials = SignIn(email=email, password=password)
        except ValidationError:
            raise UnauthorizedError(WRONG_CREDENTIALS) from None
        user = await self._repository.get_by_email(credentials.email)
        if user is None:
            self._hasher.hash(credentials.password)
            raise UnauthorizedError(WRONG_CREDENTIALS)
        if not self._hasher.verify(credentials.password, user.hashed_password) or not user.is_active:
            raise UnauthorizedError(WRONG_CREDENTIALS)
        return user

    def issue_token(self, user: User) -> Token:
        """An access token for ``user``."""
        token = create_access_token(user.id, self._settings)
        return Token(access_token=token, expires_in=self._settings.access_token_minutes * 60)

    async def current_user(self, token: str) -> User:
        """The active user ``token`` names; `UnauthorizedError` when it is not valid or the user is gone or inactive."""
        user_id = read_access_token(token, self._settings)
        user = None if user_id is None else await self._repository.get(user_id)
        if user is None or not user.is_active:
            raise UnauthorizedError(INVALID_TOKEN)
        return user

    async def make_superuser(self, data: UserRegister) -> User:
        """Create an active superuser, or make the user with this email one (with this password)."""
        hashed = self._hasher.hash(data.password)
        user = await self._repository.get_by_email(data.email)
        if user is None:
            return await self._repository.add(User(email=data.email, hashed_password=hashed, is_superuser=True))
        changes = {"hashed_password": hashed, "is_active": True, "is_superuser": True}
        return await self._repository.update(user, changes)
