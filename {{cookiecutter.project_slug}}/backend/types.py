"""Types that behave the same on every database: an exact decimal column and UTC timestamps."""

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime
from sqlalchemy import Dialect, Numeric, String
from sqlalchemy.types import TypeDecorator, TypeEngine

CENTS = Decimal("0.01")


class ExactDecimal(TypeDecorator[Decimal]):
    """A decimal with two places: NUMERIC(12, 2), or text on SQLite (whose numbers are floats)."""

    impl = Numeric(12, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        return dialect.type_descriptor(String(32) if dialect.name == "sqlite" else Numeric(12, 2))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Decimal | str | None:
        exact = None if value is None else value.quantize(CENTS)
        return str(exact) if exact is not None and dialect.name == "sqlite" else exact

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


def _to_utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError as error:
        raise ValueError("is out of range once converted to UTC") from error


# A timestamp a client sends: it must carry a UTC offset, and is stored and returned in UTC.
UTCTimestamp = Annotated[AwareDatetime, AfterValidator(_to_utc)]
