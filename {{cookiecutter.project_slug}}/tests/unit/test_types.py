"""Column types round-trip exactly through the test database; timestamps arrive in UTC."""

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import Column, Integer, MetaData, Table, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.types import ExactDecimal, UTCTimestamp

amounts = Table("amounts", MetaData(), Column("id", Integer, primary_key=True), Column("amount", ExactDecimal))


@pytest.fixture
async def amounts_table(connection: AsyncConnection) -> Table:
    """A table that lives only inside the test's transaction."""
    await connection.run_sync(amounts.create)
    return amounts


class TestExactDecimal:
    @pytest.mark.parametrize(
        ("stored", "read"),
        [(Decimal("0.10"), Decimal("0.10")), (Decimal("1234567890.99"), Decimal("1234567890.99")), (None, None)],
    )
    async def test_exact_decimal_round_trip_keeps_value(
        self, amounts_table: Table, connection: AsyncConnection, stored: Decimal | None, read: Decimal | None
    ) -> None:
        # Act
        await connection.execute(insert(amounts_table).values(id=1, amount=stored))
        value = await connection.scalar(select(amounts_table.c.amount))

        # Assert
        assert value == read
        assert value is None or value.as_tuple().exponent == -2

    async def test_exact_decimal_with_more_places_rounds_to_cents(
        self, amounts_table: Table, connection: AsyncConnection
    ) -> None:
        # Act
        await connection.execute(insert(amounts_table).values(id=1, amount=Decimal("0.125")))
        value = await connection.scalar(select(amounts_table.c.amount))

        # Assert
        assert value == Decimal("0.12")


class TestUTCTimestamp:
    adapter = TypeAdapter(UTCTimestamp)

    def test_utc_timestamp_with_offset_is_converted_to_utc(self) -> None:
        # Act
        value = self.adapter.validate_python("2024-05-01T12:00:00+02:00")

        # Assert
        assert value == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
        assert value.utcoffset() == timedelta(0)

    @pytest.mark.parametrize(
        ("value", "error"),
        [
            ("2024-05-01T12:00:00", "timezone_aware"),
            (datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-5))), "value_error"),
        ],
        ids=["naive", "overflows-in-utc"],
    )
    def test_utc_timestamp_without_offset_or_out_of_range_is_refused(self, value: object, error: str) -> None:
        # Act
        with pytest.raises(ValidationError) as caught:
            self.adapter.validate_python(value)

        # Assert
        assert [item["type"] for item in caught.value.errors()] == [error]
