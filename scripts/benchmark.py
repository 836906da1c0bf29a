"""Measure the speed targets of the template; prints each figure next to its target.

Run from the template root in the template's environment:

    .venv/bin/python scripts/benchmark.py [--repeat 3] [--skip-full-bake]

Targets: a 2-domain bake's suite has >= 60 tests and runs in <= 3x the time of
`python -c "import pytest, backend.main"`; each extra generated test costs
<= 5 ms (10-domain vs 2-domain bake); rendering 20 domains without tests takes
<= 5 s; a full bake with uv and a warm cache takes <= 15 s.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cookiecutter.main import cookiecutter

TEMPLATE = Path(__file__).resolve().parent.parent
NAMES = [
    "artist", "artwork", "gallery", "exhibition", "curator",
    "visitor", "ticket", "catalog", "loan", "venue",
    "sponsor", "donor", "event", "tour", "guide",
    "room", "label", "frame", "shipment", "invoice",
]  # fmt: skip


def bake(output: Path, domains: int, *, run_tests: bool = False) -> Path:
    return Path(
        cookiecutter(
            str(TEMPLATE),
            no_input=True,
            output_dir=str(output),
            default_config=True,
            extra_context={"domains": ", ".join(NAMES[:domains]), "run_tests": "yes" if run_tests else "no"},
        )
    )


def timed(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``action`` in seconds."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def run(command: list[str], cwd: Path) -> str:
    # Bytecode is written and reused, as in a developer's checkout: without it every run would
    # spend most of its time compiling the stack from source.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return completed.stdout


def suite(project: Path, *options: str) -> int:
    """Run the baked suite as its README says (plus ``options``); the number of tests that passed."""
    out = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options], project)
    found = re.search(r"(\d+) passed", out)
    if found is None:
        raise SystemExit(f"no pytest summary in:\n{out}")
    return int(found.group(1))


def report(label: str, value: float, unit: str, target: float, *, at_least: bool = False) -> bool:
    ok = value >= target if at_least else value <= target
    sign = ">=" if at_least else "<="
    print(f"{'PASS' if ok else 'MISS'}  {label}: {value:.2f} {unit} (target {sign} {target:g} {unit})")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-full-bake", action="store_true")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        two = bake(root / "two", 2)
        ten = bake(root / "ten", 10)
        tests_two = suite(two)
        tests_ten = suite(ten)
        import_time = timed(lambda: run([sys.executable, "-c", "import pytest, backend.main"], two), args.repeat)
        time_two = timed(lambda: suite(two), args.repeat)
        time_ten = timed(lambda: suite(ten), args.repeat)
        print(f"2-domain suite: {tests_two} tests in {time_two:.2f} s; stack import {import_time:.2f} s")
        print(f"10-domain suite: {tests_ten} tests in {time_ten:.2f} s")
        bare_two = timed(lambda: suite(two, "--no-cov"), args.repeat)
        bare_ten = timed(lambda: suite(ten, "--no-cov"), args.repeat)
        bare = (bare_ten - bare_two) / (tests_ten - tests_two) * 1000
        print(f"without coverage: 2-domain {bare_two:.2f} s, 10-domain {bare_ten:.2f} s, {bare:.1f} ms per extra test")
        results.append(report("tests in a 2-domain bake", tests_two, "tests", 60, at_least=True))
        results.append(report("2-domain suite / stack import", time_two / import_time, "x", 3))
        per_test = (time_ten - time_two) / (tests_ten - tests_two) * 1000
        results.append(report("cost of each extra generated test", per_test, "ms", 5))
        render = timed(lambda: bake(Path(tempfile.mkdtemp(dir=root)), 20), args.repeat)
        results.append(report("render 20 domains without tests", render, "s", 5))
        if not args.skip_full_bake:
            bin_dir = str(Path(sys.executable).parent)
            os.environ["PATH"] = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
            bake(root / "warm", 2, run_tests=True)  # fills the uv cache
            full = timed(lambda: bake(Path(tempfile.mkdtemp(dir=root)), 2, run_tests=True), 1)
            results.append(report("full bake with uv, warm cache", full, "s", 15))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
