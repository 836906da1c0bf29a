"""What the routes of every domain use to know who is signed in.

``CurrentUser`` is the active user named by the request's ``Authorization: Bearer`` token; without
a valid one the request is answered 401 with ``WWW-Authenticate: Bearer``.
"""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from backend.config import Settings
from backend.database import SessionDep
from backend.domain.auth.model import User
from backend.domain.auth.repository import UserRepository
from backend.domain.auth.service import AuthService
from backend.error import UnauthorizedError
from backend.openapi import Responses

# The sign-in route, as the OpenAPI document names it for the /docs "Authorize" button.
TOKEN_URL = "/api/v1/auth/token"
oauth2_scheme = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False)

UNAUTHORIZED = {"description": "No valid access token: send `Authorization: Bearer <token>` from /auth/token."}
FORBIDDEN = {"description": "Only the user who created the row, or a superuser, may change it."}
# The answers every protected route adds, and those of routes that change a row.
AUTH_RESPONSES: Responses = {401: UNAUTHORIZED}
OWNER_RESPONSES: Responses = {401: UNAUTHORIZED, 403: FORBIDDEN}


async def get_app_settings(request: Request) -> Settings:
    """The settings the application was built with."""
    settings: Settings = request.app.state.settings
    return settings


async def get_auth_service(
    session: SessionDep,
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> AuthService:
    """The auth service for this request, on the request's session."""
    return AuthService(UserRepository(session), settings)


AuthServiceDep = Annotated[AuthService, Depends(get_auth_service)]


async def get_current_user(
    token: Annotated[str | None, Depends(oauth2_scheme)],
    service: AuthServiceDep,
) -> User:
    """The signed-in user; `UnauthorizedError` without a valid token (router tests override this)."""
    if token is None:
        raise UnauthorizedError("Sign in first: send Authorization: Bearer <token>.")
    return await service.current_user(token)


CurrentUser = Annotated[User, Depends(get_current_user)]
