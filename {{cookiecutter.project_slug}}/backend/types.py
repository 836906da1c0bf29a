"""Field and column types that behave the same on every database.

The annotated types normalise what a client sends, so that a create or update
answers with exactly what a later read returns, and equal values compare equal
for unique checks.
"""

import unicodedata
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BeforeValidator, EmailStr, FiniteFloat
from sqlalchemy import Dialect, Numeric, String
from sqlalchemy.types import TypeDecorator, TypeEngine

CENTS = Decimal("0.01")
INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1


def _text(value: object) -> object:
    # Strings only; anything else goes on to the type check, which refuses it.
    if not isinstance(value, str):
        return value
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return unicodedata.normalize("NFC", value)


def _line(value: object) -> object:
    text = _text(value)
    return text.strip() if isinstance(text, str) else text


def _cents(value: Decimal) -> Decimal:
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise ValueError("must have at most 2 decimal places")
    exact = value.quantize(CENTS)
    return exact.copy_abs() if exact.is_zero() else exact


def _no_negative_zero(value: float) -> float:
    return value + 0.0


def _to_utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError as error:
        raise ValueError("is out of range once converted to UTC") from error


# A one-line string: NFC-normalised, trimmed, without NUL (which PostgreSQL cannot store).
CleanStr = Annotated[str, BeforeValidator(_line)]
# Free text: NFC-normalised, without NUL; whitespace is kept.
CleanText = Annotated[str, BeforeValidator(_text)]
# A finite float (no NaN or infinity); -0.0 becomes 0.0.
Finite = Annotated[FiniteFloat, AfterValidator(_no_negative_zero)]
# An amount with two decimal places, exactly as it is stored.
Money = Annotated[Decimal, AfterValidator(_cents)]
# An email address compared and stored in lower case.
Email = Annotated[EmailStr, AfterValidator(str.lower)]
# A timestamp a client sends: it must carry a UTC offset, and is stored and returned in UTC.
UTCTimestamp = Annotated[AwareDatetime, AfterValidator(_to_utc)]


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
