"""The application's error hierarchy; mapped to HTTP once, in `backend.middleware.error_handler`.

Each error that a check and a database constraint can both raise builds its message here, so
the answer is the same whichever of the two catches the problem first.
"""

import uuid
from typing import ClassVar


class AppError(Exception):
    """Base of every error the application raises on purpose."""

    status_code: ClassVar[int] = 500

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFoundError(AppError):
    """The requested resource does not exist."""

    status_code = 404


class ConflictError(AppError):
    """The request conflicts with the current state of the data."""

    status_code = 409


class UniqueValueError(ConflictError):
    """Another row already has this value of a unique field."""

    def __init__(self, noun: str, field: str) -> None:
        super().__init__(f"Another {noun} already has this {field}.")
        self.field = field


class StillReferencedError(ConflictError):
    """Rows of another table still refer to the row being deleted."""

    def __init__(self, noun: str, entity_id: uuid.UUID, referrers: list[str]) -> None:
        super().__init__(
            f"The {noun} {entity_id} is still referred to by {', '.join(referrers)}; delete or change those rows first."
        )
        self.referrers = referrers


class InvalidReferenceError(AppError):
    """A field refers to a row of another domain that does not exist."""

    status_code = 422

    def __init__(self, field: str, target: str, value: uuid.UUID) -> None:
        super().__init__(f"{field}: no {target} has the id {value}.")
        self.field = field


{% if cookiecutter.auth == "jwt" -%}
class UnauthorizedError(AppError):
    """No valid credentials: a missing, malformed, expired or forged token, or a wrong password.

    Answered with ``WWW-Authenticate: Bearer``.
    """

    status_code = 401


class ForbiddenError(AppError):
    """The signed-in user may not do this (only the owner of a row, or a superuser, may change it)."""

    status_code = 403


{% endif -%}
class UnsupportedMediaTypeError(AppError):
    """The request body is not JSON."""

    status_code = 415


class ServiceUnavailableError(AppError):
    """The database cannot serve the request now; the client may retry after ``retry_after`` seconds."""

    status_code = 503
    retry_after: ClassVar[int] = 1
