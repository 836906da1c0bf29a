"""Field and column types that behave the same on every database.

The annotated types normalise what a client sends, so that a create or update
answers with exactly what a later read returns, and equal values compare equal
for unique checks.
"""

import re
import unicodedata
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BeforeValidator, EmailStr, Field, FiniteFloat, WithJsonSchema
from sqlalchemy import Dialect, Numeric, String
from sqlalchemy.types import TypeDecorator, TypeEngine

CENTS = Decimal("0.01")
INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1
# An amount has at most 10 digits before the point and 2 after: NUMERIC(12, 2).
MONEY_DIGITS = 12
MONEY_PLACES = 2
MONEY_LIMIT = 10 ** (MONEY_DIGITS - MONEY_PLACES) - 0.01
MONEY_TEXT = r"^-?[0-9]{1,10}(\.[0-9]{1,2})?$"
MONEY_OUTPUT = r"^-?[0-9]{1,10}\.[0-9]{2}$"


def _text(value: object) -> object:
    # Strings only; anything else goes on to the type check, which refuses it.
    if not isinstance(value, str):
        return value
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # A lone UTF-16 surrogate ("\\ud800" in JSON) is no character: no database can store it.
        raise ValueError("must not contain unpaired surrogates") from None
    return unicodedata.normalize("NFC", value)


def _line(value: object) -> object:
    text = _text(value)
    return text.strip() if isinstance(text, str) else text


def _cents(value: Decimal) -> Decimal:
    # Digits and places are checked before this runs, so quantize cannot overflow.
    exact = value.quantize(CENTS)
    return exact.copy_abs() if exact.is_zero() else exact


def _decimal_text(value: object) -> object:
    # Numbers go on to the digit checks; text must look like the schema's pattern (no exponent, no spaces).
    if isinstance(value, str) and not re.fullmatch(MONEY_TEXT, value):
        raise ValueError("must be a decimal number such as 12.50, with at most 10 digits before the point and 2 after")
    return value


def _no_negative_zero(value: float) -> float:
    return value + 0.0


def _to_utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError as error:
        raise ValueError("is out of range once converted to UTC") from error


# Cleaning steps for strings. Bounds go before them, so they are checked as string lengths after
# cleaning: Annotated[str, Field(max_length=30), ONE_LINE] | None.
# A one-line string: NFC-normalised, trimmed, without NUL (which PostgreSQL cannot store) or lone surrogates.
ONE_LINE = BeforeValidator(_line)
# Free text: the same, but whitespace is kept.
CLEAN_TEXT = BeforeValidator(_text)
CleanStr = Annotated[str, ONE_LINE]
CleanText = Annotated[str, CLEAN_TEXT]
# A 32-bit integer, the range of an INTEGER column on every database.
Int32 = Annotated[int, Field(ge=INT32_MIN, le=INT32_MAX)]
# A finite float (no NaN or infinity); -0.0 becomes 0.0.
Finite = Annotated[FiniteFloat, AfterValidator(_no_negative_zero)]
# An amount with at most two decimal places, sent as a JSON number or a decimal string and
# returned as a string with exactly two places. NaN, infinities and exponents past the
# bounds are refused before any arithmetic; the schema states what is accepted.
Money = Annotated[
    Decimal,
    Field(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, allow_inf_nan=False),
    AfterValidator(_cents),
    BeforeValidator(_decimal_text),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": -MONEY_LIMIT, "maximum": MONEY_LIMIT},
                {"type": "string", "pattern": MONEY_TEXT},
            ],
            "description": "At most 10 digits before the decimal point and 2 after it.",
        },
        mode="validation",
    ),
    WithJsonSchema({"type": "string", "pattern": MONEY_OUTPUT}, mode="serialization"),
]
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
