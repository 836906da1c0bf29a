"""Code fragments of one parsed field: layered_template.fields."""

from layered_template.specs import parse_fields


class TestField:
    def test_field_sample_fits_max_length(self) -> None:
        # Arrange
        short, long = parse_fields("code:str(9), title:str(40)")

        # Act / Assert
        assert eval(short.sample, {"n": 1234567}) == "c-1234567"
        assert eval(long.sample, {"n": 3}) == "title-3"

    def test_field_with_reference_renders_foreign_key_and_index(self) -> None:
        # Arrange
        (owner,) = parse_fields("owner:artist", domains=["artist"])

        # Act
        arguments = owner.column_arguments

        # Assert
        assert arguments == ['foreign_key="artist.id"', "index=True"]
        assert owner.migration_type == "sa.Uuid()"

    def test_field_with_decimal_type_renders_money_column(self) -> None:
        # Arrange
        (price,) = parse_fields("price:decimal")

        # Act / Assert
        assert price.checked == "Money"
        assert price.column == "sa_type=ExactDecimal"
        assert price.migration_type.startswith("sa.Numeric(precision=12, scale=2)")
