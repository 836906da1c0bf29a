"""Compile the bytecode of the modules a baked suite imports.

The bake runs this file with the project's own interpreter (``python -I bytecode.py LIST``) on every
core before the suite's first run. Without it, that run compiles each module on its first import, one
at a time and in every xdist worker; compiling the whole environment instead (``uv sync
--compile-bytecode``) costs about twice as much, since a suite imports about half of what its
packages hold. ``LIST`` names the files relative to site-packages (written by
``scripts/suite_imports.py``). A file it names that is not installed is skipped; a module it misses is
compiled by the import that needs it. A file whose bytecode is up to date is not compiled again.

Only the standard library is imported here: the interpreter that runs this file is the project's.
"""

from __future__ import annotations

import compileall
import os
import sys
import sysconfig
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

SUFFIX = ".py"
# Files handed to a worker at a time.
CHUNK = 16


def site_packages() -> list[Path]:
    """The running environment's package directories (purelib and platlib; often the same one)."""
    paths = sysconfig.get_paths()
    return [Path(path) for path in dict.fromkeys((paths["purelib"], paths["platlib"])) if Path(path).is_dir()]


def read_list(path: Path) -> list[str]:
    """The relative paths a list file names: one per line, ``#`` comments and blank lines ignored."""
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def listed(roots: Iterable[Path], names: Iterable[str]) -> Iterator[Path]:
    """The ``.py`` files of ``names`` that exist under one of ``roots`` (the first that has it), once each."""
    roots = list(roots)
    seen: set[Path] = set()
    for relative in names:
        for root in roots:
            path = root / relative
            if path.suffix == SUFFIX and path not in seen and path.is_file():
                seen.add(path)
                yield path
                break


def compile_one(path: Path) -> bool:
    """Compile ``path`` unless its bytecode is up to date; whether it compiled."""
    # quiet=2: a file that does not compile (a Python 2 example, a template) is not reported here
    return bool(compileall.compile_file(path, quiet=2))


def compile_listed(roots: Iterable[Path], names: Iterable[str], workers: int = 1) -> int:
    """Compile the files of ``names`` under ``roots`` in ``workers`` processes; how many did not compile."""
    paths = list(listed(roots, names))
    if workers <= 1:
        return sum(not compile_one(path) for path in paths)
    with ProcessPoolExecutor(workers) as pool:
        return sum(not compiled for compiled in pool.map(compile_one, paths, chunksize=CHUNK))


def compiled(root: Path) -> list[str]:
    """The ``.py`` files under ``root`` that have bytecode, relative to ``root`` and sorted: after a run
    that compiled on import, what the run imported."""
    sources = set()
    for cached in root.rglob("__pycache__/*.pyc"):
        source = cached.parent.parent / (cached.name.split(".", 1)[0] + SUFFIX)
        if source.is_file():
            sources.add(source.relative_to(root).as_posix())
    return sorted(sources)


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -I bytecode.py LIST_FILE", file=sys.stderr)
        return 2
    compile_listed(site_packages(), read_list(Path(argv[0])), workers=usable_cores())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
