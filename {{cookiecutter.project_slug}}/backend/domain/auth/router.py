"""HTTP routes for users: register, sign in (OAuth2 password flow, so /docs can authorize), who am I."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, status
from fastapi.security import OAuth2PasswordRequestForm

from backend.domain.auth.dependencies import AUTH_RESPONSES, UNAUTHORIZED, AuthServiceDep, CurrentUser
from backend.domain.auth.model import User
from backend.dtos.auth import Token, UserPublic, UserRegister
from backend.openapi import Responses
from backend.utils.json_body import JSON_BODY

router = APIRouter(prefix="/auth", tags=["auth"])

REGISTER_RESPONSES: Responses = {409: {"description": "Another user already has this email."}}
TOKEN_RESPONSES: Responses = {401: UNAUTHORIZED | {"description": "The email or password is wrong."}}


class PasswordForm(OAuth2PasswordRequestForm):
    """The OAuth2 password flow's form, as `/docs`' Authorize button sends it. An empty field counts as
    a missing one (422), so the document gives ``username`` and ``password`` a ``minLength`` of 1."""

    def __init__(
        self,
        *,
        username: Annotated[str, Form(min_length=1)],
        password: Annotated[str, Form(min_length=1, json_schema_extra={"format": "password"})],
        grant_type: Annotated[str | None, Form(pattern="^password$")] = None,
        scope: Annotated[str, Form()] = "",
        client_id: Annotated[str | None, Form()] = None,
        client_secret: Annotated[str | None, Form(json_schema_extra={"format": "password"})] = None,
    ) -> None:
        super().__init__(
            grant_type=grant_type,
            username=username,
            password=password,
            scope=scope,
            client_id=client_id,
            client_secret=client_secret,
        )


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    response_model=UserPublic,
    operation_id="auth-register",
    dependencies=[JSON_BODY],
    responses=REGISTER_RESPONSES,
)
async def register(data: UserRegister, service: AuthServiceDep) -> User:
    """Create an account; 409 when the email is taken. Sign in at /auth/token afterwards."""
    return await service.register(data)


@router.post("/token", response_model=Token, operation_id="auth-token", responses=TOKEN_RESPONSES)
async def token(form: Annotated[PasswordForm, Depends()], service: AuthServiceDep) -> Token:
    """Sign in with the form fields ``username`` (the email) and ``password``; 401 when they do not match."""
    user = await service.authenticate(form.username, form.password)
    return service.issue_token(user)


@router.get("/me", response_model=UserPublic, operation_id="auth-me", responses=AUTH_RESPONSES)
async def me(user: CurrentUser) -> User:
    """The signed-in user."""
    return user
