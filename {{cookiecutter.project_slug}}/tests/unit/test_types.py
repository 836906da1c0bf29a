"""Column types round-trip exactly through the test database; timestamps arrive in UTC."""

import math
import re
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Annotated, Any

import pytest
from pydantic import Field, TypeAdapter, ValidationError
from sqlalchemy import Column, Integer, MetaData, Table, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.entity import UTCDateTime
from backend.types import (
    CLEAN_TEXT,
    ONE_LINE,
    CalendarDate,
    CleanStr,
    CleanText,
    Email,
    ExactDecimal,
    Finite,
    Flag,
    Int32,
    Money,
    UTCTimestamp,
)

amounts = Table("amounts", MetaData(), Column("id", Integer, primary_key=True), Column("amount", ExactDecimal))
moments = Table("moments", MetaData(), Column("id", Integer, primary_key=True), Column("at", UTCDateTime))


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


class TestUTCDateTime:
    async def test_utc_datetime_with_another_offset_is_stored_as_the_same_instant_in_utc(
        self, connection: AsyncConnection
    ) -> None:
        # Arrange
        await connection.run_sync(moments.create)
        local = datetime(2024, 5, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))

        # Act
        await connection.execute(insert(moments).values(id=1, at=local))
        value = await connection.scalar(select(moments.c.at))

        # Assert
        assert value == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
        assert value.utcoffset() == timedelta(0)


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
            (1714557600, "value_error"),
            ("1714557600", "value_error"),
            (True, "value_error"),
        ],
        ids=["naive", "overflows-in-utc", "unix-time", "unix-time-text", "boolean"],
    )
    def test_utc_timestamp_without_offset_or_out_of_range_is_refused(self, value: object, error: str) -> None:
        # Act
        with pytest.raises(ValidationError) as caught:
            self.adapter.validate_python(value)

        # Assert
        assert [item["type"] for item in caught.value.errors()] == [error]


class TestCleanStrings:
    @pytest.mark.parametrize(
        ("raw", "clean"),
        [
            ("  Bob  ", "Bob"),
            ("Cafe\u0301", "Caf\u00e9"),
            ("plain", "plain"),
            # Trimmed of exactly what the schema's regular expressions call whitespace
            ("\ufeffa\u2028", "a"),
            ("\u00a0\u2000a\u200a", "a"),
            ("\x1fa\x85", "\x1fa\x85"),
        ],
        ids=["trimmed", "nfc", "unchanged", "bom-and-line-separator", "no-break-and-en-quad", "not-schema-whitespace"],
    )
    def test_clean_str_trims_and_normalises(self, raw: str, clean: str) -> None:
        assert TypeAdapter(CleanStr).validate_python(raw) == clean

    def test_clean_text_keeps_whitespace_and_normalises(self) -> None:
        assert TypeAdapter(CleanText).validate_python("  Cafe\u0301\n") == "  Caf\u00e9\n"

    @pytest.mark.parametrize("kind", [CleanStr, CleanText], ids=["str", "text"])
    def test_clean_strings_with_nul_are_refused(self, kind: Any) -> None:
        with pytest.raises(ValidationError, match="must not contain NUL characters"):
            TypeAdapter(kind).validate_python("a\x00b")

    @pytest.mark.parametrize("kind", [CleanStr, CleanText], ids=["str", "text"])
    @pytest.mark.parametrize("raw", ["\ud800", "a\udfffb", "\udbff\udc00\ud800"], ids=["high", "low", "after-pair"])
    def test_clean_strings_with_lone_surrogate_are_refused(self, kind: Any, raw: str) -> None:
        with pytest.raises(ValidationError, match="must not contain unpaired surrogates"):
            TypeAdapter(kind).validate_python(raw)

    @pytest.mark.parametrize("kind", [CleanStr, CleanText])
    def test_clean_strings_schema_states_that_nul_is_refused(self, kind: Any) -> None:
        # Act
        pattern = TypeAdapter(kind).json_schema()["pattern"]

        # Assert
        assert re.fullmatch(pattern, "any text\n\u00e9")
        assert re.fullmatch(pattern, " ")
        assert not re.fullmatch(pattern, "a\x00b")

    def test_required_one_line_string_schema_states_that_blank_is_refused(self) -> None:
        # Arrange: a required one-line field, bounded before its cleaning step as the domains declare it
        required = TypeAdapter(Annotated[str, Field(min_length=1, max_length=10), ONE_LINE])

        # Act
        pattern = required.json_schema()["pattern"]

        # Assert
        assert re.fullmatch(pattern, " a\tb ")
        assert not re.fullmatch(pattern, " \t\u000b")
        assert not re.fullmatch(pattern, "a\x00")
        with pytest.raises(ValidationError):
            required.validate_python(" \t\u000b")

    @pytest.mark.parametrize("kind", [ONE_LINE, CLEAN_TEXT], ids=["str", "text"])
    def test_clean_string_longer_than_its_bound_as_sent_is_refused(self, kind: Any) -> None:
        # Arrange: 7 characters against a bound of 3, though trimming or NFC would make them fit
        bounded = TypeAdapter(Annotated[str, Field(max_length=3), kind])

        # Act
        with pytest.raises(ValidationError) as caught:
            bounded.validate_python("  e\u0301v  ")

        # Assert
        assert [(error["type"], error["ctx"]) for error in caught.value.errors()] == [
            ("string_too_long", {"max_length": 3})
        ]

    def test_required_one_line_string_when_blank_is_refused_as_blank(self) -> None:
        # Arrange
        required = TypeAdapter(Annotated[str, Field(min_length=1, max_length=10), ONE_LINE])

        # Act
        with pytest.raises(ValidationError) as caught:
            required.validate_python("  \u3000 ")

        # Assert
        assert [error["msg"] for error in caught.value.errors()] == ["Value error, must not be blank"]

    @pytest.mark.parametrize("kind", [CleanStr, CleanText], ids=["str", "text"])
    def test_clean_strings_with_non_string_are_refused(self, kind: Any) -> None:
        with pytest.raises(ValidationError, match="valid string"):
            TypeAdapter(kind).validate_python(123)


class TestNumbers:
    @pytest.mark.parametrize(
        ("raw", "value"),
        [
            (1e2, Decimal("100.00")),
            (5, Decimal("5.00")),
            ("-0", Decimal("0.00")),
            ("12.5", Decimal("12.50")),
            ("9999999999.99", Decimal("9999999999.99")),
            (-9999999999.99, Decimal("-9999999999.99")),
        ],
    )
    def test_money_is_quantized_to_cents_without_negative_zero(self, raw: object, value: Decimal) -> None:
        # Act
        money = TypeAdapter(Money).validate_python(raw)

        # Assert
        assert (money, str(money)) == (value, str(value))

    @pytest.mark.parametrize(
        "raw",
        [
            1e26,
            1.78e181,
            1e400,
            -1e400,
            1e-30,
            0.001,
            10**10,
            2**80,
            "1e26",
            "1e2",
            "1.005",
            "NaN",
            "-Infinity",
            " 1",
            "",
        ],
    )
    def test_money_out_of_bounds_or_not_plain_decimal_is_refused(self, raw: object) -> None:
        with pytest.raises(ValidationError):
            TypeAdapter(Money).validate_python(raw)

    def test_money_schema_states_bounds_and_pattern_without_private_keywords(self) -> None:
        # Act
        accepted = TypeAdapter(Money).json_schema(mode="validation")
        returned = TypeAdapter(Money).json_schema(mode="serialization")

        # Assert
        number, text = accepted["anyOf"]
        assert (number["minimum"], number["maximum"], number["multipleOf"]) == (-9999999999.99, 9999999999.99, 0.01)
        assert re.fullmatch(text["pattern"], "-9999999999.99")
        assert not re.fullmatch(text["pattern"], "1e3")
        assert re.fullmatch(text["pattern"], "1234567890.12")
        assert not re.fullmatch(text["pattern"], "12345678901")
        assert re.fullmatch(returned["pattern"], "0.10")
        assert "max_digits" not in str(accepted) + str(returned)
        assert "decimal_places" not in str(accepted) + str(returned)

    @pytest.mark.parametrize("raw", [2**31 - 1, -(2**31)])
    def test_int32_at_bounds_is_accepted(self, raw: int) -> None:
        assert TypeAdapter(Int32).validate_python(raw) == raw

    @pytest.mark.parametrize("raw", [2**31, -(2**31) - 1, 10**400])
    def test_int32_past_bounds_is_refused(self, raw: int) -> None:
        with pytest.raises(ValidationError):
            TypeAdapter(Int32).validate_python(raw)

    def test_finite_turns_negative_zero_into_zero(self) -> None:
        assert math.copysign(1.0, TypeAdapter(Finite).validate_python(-0.0)) == 1.0

    @pytest.mark.parametrize("raw", [math.nan, math.inf, -math.inf])
    def test_finite_refuses_nan_and_infinity(self, raw: float) -> None:
        with pytest.raises(ValidationError):
            TypeAdapter(Finite).validate_python(raw)


class TestEmail:
    def test_email_is_lower_cased(self) -> None:
        assert TypeAdapter(Email).validate_python("Foo.Bar@Example.COM") == "foo.bar@example.com"

    @pytest.mark.parametrize(
        ("raw", "stored"),
        [
            (" Ann@Example.test ", "ann@example.test"),
            ("a@xn--80ak6aa92e.com", "a@xn--80ak6aa92e.com"),
            ("a@\u0430\u0440\u0440\u04cf\u0435.com", "a@xn--80ak6aa92e.com"),
        ],
        ids=["trimmed-test-domain", "punycode-kept", "unicode-domain-as-punycode"],
    )
    def test_email_is_stored_in_ascii(self, raw: str, stored: str) -> None:
        assert TypeAdapter(Email).validate_python(raw) == stored

    @pytest.mark.parametrize("raw", ["not-an-email", "\u00fc@example.com", "a@b.local", "a@localhost", 7])
    def test_email_malformed_non_ascii_local_or_undeliverable_is_refused(self, raw: object) -> None:
        with pytest.raises(ValidationError):
            TypeAdapter(Email).validate_python(raw)

    def test_email_with_local_part_of_64_characters_is_kept(self) -> None:
        assert TypeAdapter(Email).validate_python("a" * 64 + "@example.com") == "a" * 64 + "@example.com"

    def test_email_with_local_part_over_64_characters_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="the part before the @ is over 64 characters"):
            TypeAdapter(Email).validate_python("a" * 65 + "@example.com")

    def test_email_schema_is_a_string_of_format_email(self) -> None:
        assert TypeAdapter(Email).json_schema() == {"type": "string", "format": "email"}


class TestStrictScalars:
    """JSON values of the right type only: no numbers as text, booleans as numbers or Unix times as dates."""

    @pytest.mark.parametrize(
        ("kind", "raw"),
        [
            (Int32, True),
            (Int32, "7"),
            (Int32, 7.5),
            (Int32, float("inf")),
            (Finite, True),
            (Finite, "1.5"),
            (Flag, 1),
            (Flag, "true"),
            (CalendarDate, 0),
            (CalendarDate, "1704067200"),
            (CalendarDate, "2024-01-01T00:00:00Z"),
            (CalendarDate, "2024-1-1"),
        ],
    )
    def test_strict_scalar_of_another_json_type_is_refused(self, kind: Any, raw: object) -> None:
        with pytest.raises(ValidationError):
            TypeAdapter(kind).validate_python(raw)

    @pytest.mark.parametrize(
        ("kind", "raw", "value"),
        [
            (Int32, 7, 7),
            (Int32, 7.0, 7),
            (Int32, -2147483648.0, -2147483648),
            (Finite, 2, 2.0),
            (Flag, False, False),
            (CalendarDate, "2024-02-29", date(2024, 2, 29)),
            (CalendarDate, date(2024, 2, 29), date(2024, 2, 29)),
        ],
    )
    def test_strict_scalar_of_its_json_type_is_accepted(self, kind: Any, raw: object, value: object) -> None:
        assert TypeAdapter(kind).validate_python(raw) == value
