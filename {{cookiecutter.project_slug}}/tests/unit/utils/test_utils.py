"""Pagination parameters and the time helper."""

from datetime import UTC, timedelta

import pytest
from pydantic import ValidationError

from backend.utils.pagination import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, Page, PageParams
from backend.utils.time import utc_now


class TestPageParams:
    def test_page_params_without_values_uses_defaults(self) -> None:
        # Act
        params = PageParams()

        # Assert
        assert (params.limit, params.offset) == (DEFAULT_LIMIT, 0)

    @pytest.mark.parametrize(("limit", "offset"), [(1, 0), (MAX_LIMIT, MAX_OFFSET)])
    def test_page_params_at_bounds_accepts_them(self, limit: int, offset: int) -> None:
        # Act
        params = PageParams(limit=limit, offset=offset)

        # Assert
        assert (params.limit, params.offset) == (limit, offset)

    @pytest.mark.parametrize(("limit", "offset"), [(0, 0), (MAX_LIMIT + 1, 0), (1, -1), (1, MAX_OFFSET + 1)])
    def test_page_params_outside_bounds_raises_validation_error(self, limit: int, offset: int) -> None:
        # Act / Assert
        with pytest.raises(ValidationError):
            PageParams(limit=limit, offset=offset)


class TestPage:
    def test_page_with_items_serializes_them_and_the_slice(self) -> None:
        # Act
        page = Page[int](items=[1, 2], total=5, limit=2, offset=0)

        # Assert
        assert page.model_dump() == {"items": [1, 2], "total": 5, "limit": 2, "offset": 0}


class TestUtcNow:
    def test_utc_now_returns_aware_utc_time(self) -> None:
        # Act
        now = utc_now()

        # Assert
        assert now.utcoffset() == timedelta(0)
        assert now.tzinfo is UTC
