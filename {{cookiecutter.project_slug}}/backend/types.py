"""Field and column types that behave the same on every database.

The annotated types normalise what a client sends, so that a create or update
answers with exactly what a later read returns, and equal values compare equal
for unique checks.
"""

import re
import unicodedata
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    Field,
    FiniteFloat,
    GetPydanticSchema,
    Strict,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError, core_schema
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
# JSON has no date type: dates and timestamps arrive as text that starts with a calendar date.
ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
ISO_TIMESTAMP = ISO_DATE + r"[Tt ]"


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


# Whitespace as the schema's regular expressions see it (`\s` in ECMA-262): what trimming removes,
# so that a value the document calls blank is refused and no other is.
SCHEMA_WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)


def _line(value: object) -> object:
    text = _text(value)
    return text.strip(SCHEMA_WHITESPACE) if isinstance(text, str) else text


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


def _json_integer(value: object) -> object:
    # A JSON number with no fraction (7.0, 1e3) is an integer too; anything else goes on to the
    # strict check, which refuses text, booleans and fractions.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _calendar_date(value: object) -> object:
    # Only text of the form YYYY-MM-DD (or a date): a number would be read as a Unix time, and a
    # timestamp would lose its time of day.
    if isinstance(value, date) or (isinstance(value, str) and re.fullmatch(ISO_DATE, value)):
        return value
    raise ValueError("must be a date written as YYYY-MM-DD")


def _timestamp_text(value: object) -> object:
    # Only text that starts with a calendar date (or a datetime): a number would be read as a Unix time.
    if isinstance(value, datetime) or (isinstance(value, str) and re.match(ISO_TIMESTAMP, value)):
        return value
    raise ValueError("must be a date and time written as YYYY-MM-DDTHH:MM:SS with a UTC offset, e.g. Z or +02:00")


# The longest part of an address before the @ (RFC 5321), which email-validator does not check.
MAX_LOCAL_PART = 64


def _email(value: str) -> str:
    # An address in ASCII: an internationalised domain is kept in its punycode form (the form the
    # schema's "email" format describes), a non-ASCII local part is refused. The reserved `.test`
    # domain is accepted (test_environment), since API clients' tests use it; the other special-use
    # names (.invalid, .local, localhost, ...) cannot receive mail and are refused. No DNS lookups.
    try:
        checked = validate_email(value.strip(), check_deliverability=False, test_environment=True, allow_smtputf8=False)
    except EmailNotValidError as error:
        raise ValueError(f"is not a valid email address: {error}") from None
    if len(checked.local_part) > MAX_LOCAL_PART:  # RFC 5321; the "email" format holds clients to it
        raise ValueError(f"is not a valid email address: the part before the @ is over {MAX_LOCAL_PART} characters")
    return (checked.ascii_email or checked.normalized).lower()


def _to_utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError as error:
        raise ValueError("is out of range once converted to UTC") from error


# What the schema says of every cleaned string: no NUL character; and of a trimmed one that may
# not be empty: some character that is not whitespace.
NO_NUL = "^[^\\u0000]*$"
NOT_BLANK = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"


def _cleaning(clean: Any, *, trimmed: bool) -> GetPydanticSchema:
    """A string's cleaning step ``clean``, and a schema that states what it refuses."""

    def json_schema(schema: Any, handler: Any) -> dict[str, Any]:
        described: dict[str, Any] = handler(schema)
        blank_refused = trimmed and described.get("minLength", 0) > 0
        return {**described, "pattern": NOT_BLANK if blank_refused else NO_NUL}

    def validation(source: Any, handler: Any) -> core_schema.CoreSchema:
        bounded = handler(source)
        longest = bounded.get("max_length")
        required = bounded.get("min_length", 0) > 0

        def checked(value: object) -> object:
            # The document's maxLength is of the string as sent: the bound holds before cleaning too.
            if longest is not None and isinstance(value, str) and len(value) > longest:
                raise PydanticCustomError(
                    "string_too_long", "String should have at most {max_length} characters", {"max_length": longest}
                )
            cleaned = clean(value)
            if trimmed and required and cleaned == "" and value != "":
                raise ValueError("must not be blank")
            return cleaned

        return core_schema.no_info_before_validator_function(checked, bounded)

    return GetPydanticSchema(validation, json_schema)


# Cleaning steps for strings. Bounds go before them: Annotated[str, Field(max_length=30), ONE_LINE] | None.
# The maximum holds for the string as sent and once cleaned (NFC may lengthen a few characters); the
# minimum, once cleaned.
# A one-line string: NFC-normalised, trimmed, without NUL (which PostgreSQL cannot store) or lone surrogates.
ONE_LINE = _cleaning(_line, trimmed=True)
# Free text: the same, but whitespace is kept.
CLEAN_TEXT = _cleaning(_text, trimmed=False)
CleanStr = Annotated[str, ONE_LINE]
CleanText = Annotated[str, CLEAN_TEXT]
# Numbers and booleans are taken only as JSON sends them (strict): no "7", "yes" or true for 1.
# A 32-bit integer, the range of an INTEGER column on every database.
Int32 = Annotated[int, Strict(), Field(ge=INT32_MIN, le=INT32_MAX), BeforeValidator(_json_integer)]
# A finite float (no NaN or infinity); -0.0 becomes 0.0. Integers are numbers too.
Finite = Annotated[FiniteFloat, Strict(), AfterValidator(_no_negative_zero)]
# true or false, nothing else.
Flag = Annotated[bool, Strict()]
# A calendar date, sent as YYYY-MM-DD.
CalendarDate = Annotated[date, BeforeValidator(_calendar_date)]
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
                {"type": "number", "minimum": -MONEY_LIMIT, "maximum": MONEY_LIMIT, "multipleOf": 0.01},
                {"type": "string", "pattern": MONEY_TEXT},
            ],
            "description": "At most 10 digits before the decimal point and 2 after it.",
        },
        mode="validation",
    ),
    WithJsonSchema({"type": "string", "pattern": MONEY_OUTPUT}, mode="serialization"),
]
# An email address (ASCII, compared and stored in lower case).
Email = Annotated[str, AfterValidator(_email), Field(json_schema_extra={"format": "email"})]
# A timestamp a client sends: it must carry a UTC offset, and is stored and returned in UTC.
UTCTimestamp = Annotated[AwareDatetime, BeforeValidator(_timestamp_text), AfterValidator(_to_utc)]


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
