"""Column types round-trip exactly through the test database."""

from decimal import Decimal

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.types import ExactDecimal

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
