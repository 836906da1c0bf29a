"""The catalogue of field types: for each type of the fields syntax (``name:type``), how the generated code
declares, imports, stores, samples and refuses it, as Python source fragments."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldType:
    """How one field type is declared, imported, sampled and refused in the generated code."""

    python: str
    imports: tuple[str, ...] = ()
    validation: str = ""
    validation_imports: tuple[str, ...] = ()
    column: str = ""
    column_imports: tuple[str, ...] = ()
    sample: str = ""
    json_sample: str = ""
    sample_imports: tuple[str, ...] = ()
    json_imports: tuple[str, ...] = ()
    invalid: tuple[str, ...] = ()
    hostile: tuple[str, ...] = ()
    migration: str = ""


FIELD_TYPES: dict[str, FieldType] = {
    "str": FieldType(
        "CleanStr",
        imports=("from backend.types import CleanStr",),
        column="sa_type=String({length})",
        column_imports=("from sqlalchemy import String",),
        invalid=("123", '"a\\x00b"'),
        hostile=(r'"\ud800"', r'"a\udfffb"'),
        migration="sa.String(length={length})",
    ),
    "text": FieldType(
        "CleanText",
        imports=("from backend.types import CleanText",),
        column="sa_type=Text",
        column_imports=("from sqlalchemy import Text",),
        sample='f"{name} text {n}"',
        json_sample='f"{name} text {n}"',
        invalid=("123", '"a\\x00b"'),
        hostile=(r'"\ud800"', r'"a\udfffb"'),
        migration="sa.Text()",
    ),
    "int": FieldType(
        "Int32",
        imports=("from backend.types import Int32",),
        sample="n",
        json_sample="n",
        invalid=('"many"', "2**31", '"7"', "True", "7.5"),
        hostile=("2147483648", "-2147483649", "9223372036854775808", "1e400"),
        migration="sa.Integer()",
    ),
    "float": FieldType(
        "Finite",
        imports=("from backend.types import Finite",),
        sample="n + 0.5",
        json_sample="n + 0.5",
        invalid=('"much"', 'float("nan")', '"1.5"', "True"),
        hostile=("1e400", "-1e400", "NaN", "Infinity"),
        migration="sa.Float()",
    ),
    "decimal": FieldType(
        "Money",
        imports=("from backend.types import Money",),
        column="sa_type=ExactDecimal",
        column_imports=("from backend.types import ExactDecimal",),
        sample='Decimal(n) + Decimal("0.25")',
        json_sample='f"{n}.25"',
        sample_imports=("from decimal import Decimal",),
        invalid=('"lots"', '"1.005"'),
        hostile=("1e26", '"1e26"', "1.78e181", "1e400", "1e-30", '"NaN"'),
        migration='sa.Numeric(precision=12, scale=2).with_variant(sa.String(length=32), "sqlite")',
    ),
    "bool": FieldType(
        "Flag",
        imports=("from backend.types import Flag",),
        sample="n % 2 == 0",
        json_sample="n % 2 == 0",
        invalid=('"perhaps"', '"true"', "1"),
        hostile=("2", r'"\ud800"'),
        migration="sa.Boolean()",
    ),
    "date": FieldType(
        "CalendarDate",
        imports=("from backend.types import CalendarDate",),
        sample="date(2024, 1, 1) + timedelta(days=n)",
        json_sample="(date(2024, 1, 1) + timedelta(days=n)).isoformat()",
        sample_imports=("from datetime import date, timedelta",),
        json_imports=("from datetime import date, timedelta",),
        invalid=('"someday"', "0", '"2024-01-01T00:00:00Z"'),
        hostile=('"10000-01-01"', r'"\ud800"'),
        migration="sa.Date()",
    ),
    "datetime": FieldType(
        "UTCTimestamp",
        imports=("from backend.types import UTCTimestamp",),
        column="sa_type=UTCDateTime",
        column_imports=("from backend.entity import UTCDateTime",),
        sample="datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=n)",
        json_sample='f"{datetime(2024, 1, 1) + timedelta(minutes=n):%Y-%m-%dT%H:%M:%S}Z"',
        sample_imports=("from datetime import UTC, datetime, timedelta",),
        json_imports=("from datetime import datetime, timedelta",),
        invalid=('"2024-01-01T00:00:00"', '"soon"', "1704067200", '"1704067200"'),
        hostile=('"9999-12-31T23:59:59-05:00"', r'"\ud800"'),
        migration="sa.DateTime(timezone=True)",
    ),
    "uuid": FieldType(
        "uuid.UUID",
        imports=("import uuid",),
        sample="uuid.UUID(int=n)",
        json_sample="str(uuid.UUID(int=n))",
        sample_imports=("import uuid",),
        json_imports=("import uuid",),
        invalid=('"not-a-uuid"',),
        hostile=(r'"\ud800"', '"00000000-0000-0000-0000-00000000000g"'),
        migration="sa.Uuid()",
    ),
    "email": FieldType(
        "Email",
        imports=("from backend.types import Email",),
        validation="max_length=320",
        column="sa_type=String(320)",
        column_imports=("from sqlalchemy import String",),
        sample='f"user{n}@example.com"',
        json_sample='f"user{n}@example.com"',
        invalid=('"not-an-email"', '"user@example.invalid"'),
        hostile=(r'"\ud800@example.com"',),
        migration="sa.String(length=320)",
    ),
}


REFERENCE = FieldType(
    "uuid.UUID",
    imports=("import uuid",),
    sample="uuid.uuid4()",
    json_sample="str(uuid.uuid4())",
    sample_imports=("import uuid",),
    json_imports=("import uuid",),
    invalid=('"not-a-uuid"',),
    hostile=(r'"\ud800"', '"00000000-0000-0000-0000-00000000000g"'),
    migration="sa.Uuid()",
)
