"""Update bodies document exactly which fields may be sent as null."""

from sqlmodel import Field

from backend.dtos import PartialUpdate


class Sample(PartialUpdate):
    """An update body with a field that may be omitted but not null, and one that may be null."""

    required: str = Field(default=None)
    optional: str | None = None


class TestPartialUpdateSchema:
    def test_schema_keeps_null_default_only_where_null_is_a_valid_value(self) -> None:
        # Act
        properties = Sample.model_json_schema()["properties"]

        # Assert
        assert "default" not in properties["required"]
        assert properties["required"]["type"] == "string"
        assert properties["optional"]["default"] is None
        assert {"type": "null"} in properties["optional"]["anyOf"]
