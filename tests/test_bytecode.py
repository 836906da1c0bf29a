"""The bytecode module: which files it compiles, and the list of what a baked suite imports."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

from layered_template import bytecode
from layered_template.bytecode import compile_listed, compiled, listed, read_list
from layered_template.verify import BYTECODE_SCRIPT, SUITE_IMPORTS


def write(root: Path, relative: str, text: str = "x = 1\n") -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def has_bytecode(path: Path) -> bool:
    return Path(importlib.util.cache_from_source(str(path))).is_file()


@pytest.fixture
def packages(tmp_path: Path) -> Path:
    """A site-packages of a package with three modules and a top-level module."""
    root = tmp_path / "site-packages"
    for relative in ("pkg/__init__.py", "pkg/used.py", "pkg/unused.py", "single.py"):
        write(root, relative)
    return root


class TestList:
    def test_read_list_skips_comments_and_blank_lines(self, tmp_path: Path) -> None:
        # Arrange
        path = write(tmp_path, "list.txt", "# what the suite imports\n\npkg/__init__.py\n  single.py  \n")

        # Act / Assert
        assert read_list(path) == ["pkg/__init__.py", "single.py"]

    def test_listed_yields_existing_python_files_once_in_list_order(self, packages: Path) -> None:
        # Arrange
        names = ["single.py", "pkg/used.py", "pkg/missing.py", "pkg/used.py", "pkg", "pkg/__init__.py"]

        # Act
        found = list(listed([packages], names))

        # Assert
        assert found == [packages / "single.py", packages / "pkg/used.py", packages / "pkg/__init__.py"]

    def test_listed_takes_each_file_from_the_first_root_that_has_it(self, packages: Path, tmp_path: Path) -> None:
        # Arrange: a platlib apart from purelib
        other = tmp_path / "platlib"
        write(other, "single.py")
        write(other, "native.py")

        # Act
        found = list(listed([packages, other], ["native.py", "single.py"]))

        # Assert
        assert found == [other / "native.py", packages / "single.py"]


class TestCompile:
    @pytest.mark.parametrize("workers", [1, 2])
    def test_compile_listed_compiles_only_the_listed_files(self, packages: Path, workers: int) -> None:
        # Act
        failed = compile_listed([packages], ["pkg/__init__.py", "pkg/used.py"], workers=workers)

        # Assert
        assert failed == 0
        assert has_bytecode(packages / "pkg/__init__.py")
        assert has_bytecode(packages / "pkg/used.py")
        assert not has_bytecode(packages / "pkg/unused.py")
        assert not has_bytecode(packages / "single.py")

    def test_compile_listed_counts_a_file_that_does_not_compile_and_goes_on(self, packages: Path) -> None:
        # Arrange
        write(packages, "pkg/broken.py", "print 'python 2'\n")

        # Act
        failed = compile_listed([packages], ["pkg/broken.py", "single.py"])

        # Assert
        assert failed == 1
        assert not has_bytecode(packages / "pkg/broken.py")
        assert has_bytecode(packages / "single.py")

    def test_compile_listed_leaves_up_to_date_bytecode_as_it_is(self, packages: Path) -> None:
        # Arrange
        compile_listed([packages], ["single.py"])
        cached = Path(importlib.util.cache_from_source(str(packages / "single.py")))
        cached.write_bytes(cached.read_bytes()[:16] + b"kept")  # same header: up to date for the check

        # Act
        compile_listed([packages], ["single.py"])

        # Assert
        assert cached.read_bytes().endswith(b"kept")

    def test_compiled_lists_sources_with_bytecode_sorted_and_relative(self, packages: Path) -> None:
        # Arrange: a bytecode file whose source is gone counts for nothing
        compile_listed([packages], ["single.py", "pkg/used.py", "pkg/unused.py"])
        (packages / "pkg/unused.py").unlink()

        # Act / Assert
        assert compiled(packages) == ["pkg/used.py", "single.py"]

    def test_script_without_its_list_says_how_to_run_it(self) -> None:
        # Act
        completed = subprocess.run(
            [sys.executable, "-I", str(BYTECODE_SCRIPT)], capture_output=True, text=True, check=False
        )

        # Assert
        assert completed.returncode == 2
        assert completed.stderr == "usage: python -I bytecode.py LIST_FILE\n"

    def test_site_packages_are_this_environments(self) -> None:
        # Act
        roots = bytecode.site_packages()

        # Assert
        assert roots
        assert all(root.is_dir() and str(root).startswith(sys.prefix) for root in roots)


class TestSuiteImports:
    def test_suite_imports_are_unique_sorted_relative_python_files(self) -> None:
        # Act
        names = read_list(SUITE_IMPORTS)

        # Assert
        assert names == sorted(set(names))
        paths = [PurePosixPath(name) for name in names]
        assert all(path.suffix == ".py" for path in paths)
        assert not any(path.is_absolute() or ".." in path.parts for path in paths)

    def test_suite_imports_name_the_packages_a_baked_suite_stands_on(self) -> None:
        # Act
        tops = {PurePosixPath(name).parts[0] for name in read_list(SUITE_IMPORTS)}

        # Assert
        needed = {"_pytest", "fastapi", "starlette", "pydantic", "sqlalchemy", "sqlmodel", "schemathesis", "hypothesis"}
        assert needed <= tops
