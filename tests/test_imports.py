"""Import blocks of generated modules: layered_template.imports."""

from layered_template.imports import field_imports, import_block, model_imports, router_imports
from layered_template.specs import parse_fields


class TestImportBlock:
    def test_import_block_groups_stdlib_third_party_and_first_party(self) -> None:
        # Arrange
        lines = {"from backend.types import Money", "import uuid", "from sqlmodel import Field", "import pytest"}

        # Act
        block = import_block(lines)

        # Assert
        assert block == "import uuid\n\nimport pytest\nfrom sqlmodel import Field\n\nfrom backend.types import Money"

    def test_import_block_merges_names_of_one_module_constants_classes_functions(self) -> None:
        # Act
        block = import_block({"from backend.types import Money", "from backend.types import ONE_LINE, clean"})

        # Assert
        assert block == "from backend.types import ONE_LINE, Money, clean"

    def test_import_block_over_the_line_length_puts_one_name_a_line_in_parentheses(self) -> None:
        # Arrange: as ruff's isort writes it when the one line would be over 120 columns
        names = [f"Type{index:02}" for index in range(14)]

        # Act
        block = import_block({f"from backend.types import {name}" for name in names})

        # Assert
        assert block == "from backend.types import (\n" + "".join(f"    {name},\n" for name in names) + ")"

    def test_import_block_at_the_line_length_stays_on_one_line(self) -> None:
        # Arrange: "from backend.types import " is 26 columns, "A" * 45 + ", " + "B" * 47 is 94 more
        names = ["A" * 45, "B" * 47]

        # Act
        block = import_block({f"from backend.types import {name}" for name in names})

        # Assert
        assert len(block) == 120
        assert "\n" not in block

    def test_field_imports_of_model_part_adds_each_field_type(self) -> None:
        # Arrange
        fields = parse_fields("price:decimal, code:uuid!")

        # Act
        block = field_imports(fields, "from sqlmodel import Field", part="column")

        # Assert
        assert block == ("import uuid\n\nfrom sqlmodel import Field\n\nfrom backend.types import ExactDecimal, Money")

    def test_field_imports_leaves_out_empty_lines_and_flattens_lists(self) -> None:
        # Act
        block = field_imports([], "import pytest", "", model_imports(["exhibit_item"]), router_imports(["artist"]))

        # Assert
        assert block == (
            "import pytest\n\n"
            "from backend.domain.artist.router import router as artist_router\n"
            "from backend.domain.exhibit_item.model import ExhibitItem"
        )
