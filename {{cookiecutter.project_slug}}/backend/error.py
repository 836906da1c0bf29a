"""The application's error hierarchy; mapped to HTTP once, in `backend.middleware.error_handler`."""

from typing import ClassVar


class AppError(Exception):
    """Base of every error the application raises on purpose."""

    status_code: ClassVar[int] = 500
    title: ClassVar[str] = "Internal Server Error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFoundError(AppError):
    """The requested resource does not exist."""

    status_code = 404
    title = "Not Found"


class ConflictError(AppError):
    """The request conflicts with the current state (e.g. a duplicate unique value)."""

    status_code = 409
    title = "Conflict"


class InvalidReferenceError(AppError):
    """The request refers to a row of another domain that does not exist."""

    status_code = 422
    title = "Unprocessable Content"
