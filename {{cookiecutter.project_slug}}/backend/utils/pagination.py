"""Bounded `limit` / `offset` query parameters and the page they select."""

from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_OFFSET = 2**31 - 1

T = TypeVar("T")


class PageParams(BaseModel):
    """Which slice of a list to return."""

    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)


class Page(BaseModel, Generic[T]):
    """One slice of a list, with the total number of items."""

    items: list[T]
    total: int
    limit: int
    offset: int


PageQuery = Annotated[PageParams, Query()]
