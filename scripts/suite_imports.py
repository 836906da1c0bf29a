"""Write ``layered_template/suite_imports.txt``: the files of its environment that a baked suite imports.

Run from the template root in the template's environment (uv comes from it), after a change to what the
baked project depends on or imports:

    .venv/bin/python scripts/suite_imports.py

It bakes the default domains with ``auth=jwt`` (the answer whose suite imports the most), installs
``.venv`` from the lock without bytecode, runs the suite once with bytecode writing on, and lists the
source files whose bytecode that run wrote. The bake compiles those before its suite's first run
(`layered_template/bytecode.py`). The list is a hint only: a module it misses is compiled by the import
that needs it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TEMPLATE))

from layered_template.bytecode import compiled  # noqa: E402
from layered_template.verify import SUITE_IMPORTS  # noqa: E402

HEADER = """\
# The files (relative to site-packages) that a baked suite imports. The bake compiles their bytecode
# before the suite's first run (bytecode.py). Written by scripts/suite_imports.py; a hint only,
# never needed for a bake to be right.
"""


def run(command: list[str], cwd: Path, env: dict[str, str]) -> None:
    completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{completed.stdout[-3000:]}{completed.stderr[-3000:]}")


def main() -> int:
    bin_dir = Path(sys.executable).parent
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    uv = str(bin_dir / "uv")
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        config = root / "cookiecutter.yaml"
        config.write_text(f"cookiecutters_dir: {root / 'templates'}\nreplay_dir: {root / 'replay'}\n")
        bake = [sys.executable, "-m", "cookiecutter", str(TEMPLATE), "--no-input", "--output-dir", str(root)]
        run([*bake, "--config-file", str(config), "auth=jwt", "run_tests=no"], root, env)
        project = root / "my_service"
        run([uv, "lock", "--quiet", "--python", sys.executable], project, env)
        run([uv, "sync", "--locked", "--quiet", "--no-group", "lint", "--python", sys.executable], project, env)
        run([str(project / ".venv" / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"], project, env)
        python = project / ".venv" / "bin" / "python"
        purelib = subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        files = compiled(Path(purelib))
    SUITE_IMPORTS.write_text(HEADER + "".join(f"{relative}\n" for relative in files), encoding="utf-8")
    print(f"{SUITE_IMPORTS.relative_to(TEMPLATE)}: {len(files)} files ({sysconfig.get_python_version()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
