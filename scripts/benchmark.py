"""Measure the template's speed figures, for a baseline git ref and the working tree side by side.

Run from the template root in the template's environment:

    .venv/bin/python scripts/benchmark.py [--baseline REF] [--repeat 3] [--skip-full-bake] [--skip-served]

Both templates are baked and measured in the same run, alternating, so that each figure is read as
a ratio (working tree / baseline) on one machine at one time. The baseline is baked through
cookiecutter's ``checkout`` of REF from this repository; without ``--baseline`` only the working
tree is measured and the targets that are ratios to the baseline are not checked.

Suite figures are CPU seconds (user + system, children included) of `pytest` as the baked README runs
it, bytecode cached, with the in-process contract fuzzing module (`tests/contract/test_api_contract.py`)
left out; that module is measured on its own. The cost of an extra generated test is
(10-domain suite - 2-domain suite) / (their difference in tests).

Each of ``--repeat`` rounds runs every measurement once, for both templates in turn, and yields every
figure and every working tree / baseline ratio of that round. What is printed and checked is the median
over the rounds: of each figure, and of each ratio (not the ratio of the medians). A shared machine's
load changes over minutes; within a round both templates meet about the same load, so the per-round
ratios vary much less than the figures do, and one disturbed round does not move a median.

Targets (working tree): cost per extra test <= 0.40x the baseline's with coverage and <= 0.55x without;
the 2-domain suite <= 6x `python -c "import pytest, backend.main"`; the fuzzing module <= 25% of the
2-domain suite; the whole 2-domain suite, fuzzing included, <= 1.25x the baseline's whole suite;
rendering 20 domains <= 5 s; a full bake with uv and a warm cache <= 15 s, of the default project and of
the default project with ``auth=jwt`` (for each template that has that answer); the served default bake
(one uvicorn worker, create/get/list/patch load from `scripts/load.py`) >= 0.7x the requests per second
of the hand-written `scripts/minimal_app.py` on SQLite and on PostgreSQL, with no 5xx.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent.parent
SCRIPTS = TEMPLATE / "scripts"
NAMES = [
    "artist", "artwork", "gallery", "exhibition", "curator",
    "visitor", "ticket", "catalog", "loan", "venue",
    "sponsor", "donor", "event", "tour", "guide",
    "room", "label", "frame", "shipment", "invoice",
]  # fmt: skip
FUZZ_MODULE = "tests/contract/test_api_contract.py"
# The load on each served app: a create/get/list/patch mix on the default bake's artists.
LOAD = ["--requests", "1500", "--concurrency", "32", "--domain", "artists", "--mix", "get=4,list=2,create=2,patch=2"]
POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432"
MAINTENANCE = "postgresql://postgres@127.0.0.1:5432/postgres"


@dataclass
class Template:
    """One template to measure: the working tree, or a git ref of this repository."""

    label: str
    source: str
    checkout: str | None
    config: Path
    figures: dict[str, float] = field(default_factory=dict)
    # Each figure as measured in each round, in round order (figures taken once have one value).
    rounds: dict[str, list[float]] = field(default_factory=dict)

    def record(self, name: str, values: list[float]) -> None:
        """The per-round values of a figure; the figure itself is their median."""
        self.rounds[name] = values
        self.figures[name] = statistics.median(values)

    def answers(self) -> dict[str, object]:
        """The template's ``cookiecutter.json``."""
        if self.checkout is None:
            text = (TEMPLATE / "cookiecutter.json").read_text(encoding="utf-8")
        else:
            show = ["git", "show", f"{self.checkout}:cookiecutter.json"]
            text = subprocess.run(show, cwd=TEMPLATE, capture_output=True, text=True, check=True).stdout
        answers: dict[str, object] = json.loads(text)
        return answers

    def bake(self, output: Path, domains: int, *, run_tests: bool = False, auth: str | None = None) -> Path:
        """Bake ``domains`` of the names with cookiecutter's command line; the project's path.

        A process of its own for each bake: cookiecutter imports the template's Jinja extension into
        the process that renders, and two templates' modules of the same name must not meet.
        """
        answers = {"domains": ", ".join(NAMES[:domains]), "run_tests": "yes" if run_tests else "no"}
        if auth is not None:
            answers["auth"] = auth
        output.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "cookiecutter", self.source, "--no-input", "--output-dir", str(output)]
        command += ["--config-file", str(self.config), *(["--checkout", self.checkout] if self.checkout else [])]
        command += [f"{name}={value}" for name, value in answers.items()]
        # Run from ``output``: `python -m` puts the working directory first on the module path.
        completed = subprocess.run(command, cwd=output, env=environment(), capture_output=True, text=True, check=False)
        if completed.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{completed.stdout[-3000:]}{completed.stderr[-3000:]}")
        (project,) = output.iterdir()
        return project


def environment() -> dict[str, str]:
    # Bytecode is written and reused, as in a developer's checkout: without it every run would
    # spend most of its time compiling the stack from source.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    return env


def cpu_run(command: list[str], cwd: Path) -> tuple[float, str]:
    """Run ``command``; the CPU seconds it and its children used, and its output. Fails loudly."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    completed = subprocess.run(command, cwd=cwd, env=environment(), capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{completed.stdout[-3000:]}{completed.stderr[-3000:]}")
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, completed.stdout


def pytest(project: Path, *options: str) -> tuple[float, int]:
    """CPU seconds of the baked suite run as its README says (plus ``options``), and the tests that passed."""
    cpu, out = cpu_run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options], project)
    found = re.search(r"(\d+) passed", out)
    if found is None:
        raise SystemExit(f"no pytest summary in:\n{out}")
    return cpu, int(found.group(1))


def suite_options(project: Path) -> list[str]:
    return ["--ignore", FUZZ_MODULE] if (project / FUZZ_MODULE).exists() else []


def interleaved(actions: dict[str, Callable[[], float]], repeat: int) -> dict[str, list[float]]:
    """``repeat`` samples of each action, one round at a time (each round takes one sample of each, in turn)."""
    samples: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            samples[name].append(action())
    return samples


def import_cpu(project: Path) -> float:
    return cpu_run([sys.executable, "-c", "import pytest, backend.main"], project)[0]


def suite_cpu(project: Path, options: list[str]) -> float:
    return pytest(project, *options)[0]


def bake_time(
    template: Template, root: Path, domains: int, *, run_tests: bool = False, auth: str | None = None
) -> float:
    """Wall seconds of one bake into a new directory."""
    started = time.perf_counter()
    template.bake(Path(tempfile.mkdtemp(dir=root)), domains, run_tests=run_tests, auth=auth)
    return time.perf_counter() - started


def measure_suites(templates: list[Template], root: Path, repeat: int) -> None:
    bakes = {}
    for template in templates:
        for domains in (2, 10):
            project = template.bake(root / f"{template.label}-{domains}", domains)
            bakes[template.label, domains] = project
            pytest(project, *suite_options(project))  # writes bytecode; checks the suite passes
            _, template.figures[f"tests {domains}"] = pytest(project, *suite_options(project), "--no-cov")
        two = bakes[template.label, 2]
        template.figures["fuzz tests"] = float((two / FUZZ_MODULE).exists())
    # Each measurement of one template is followed by the same one of the other, so that the two meet
    # about the same load.
    actions: dict[str, Callable[[], float]] = {}
    for template in templates:
        actions[f"{template.label} import"] = partial(import_cpu, bakes[template.label, 2])
    for template in templates:  # the fuzzing module's share: the same suite with and without it, in a row
        two = bakes[template.label, 2]
        actions[f"{template.label} suite 2 cov"] = partial(suite_cpu, two, suite_options(two))
        actions[f"{template.label} whole suite 2"] = partial(suite_cpu, two, [])
    for domains, cov in ((2, "no-cov"), (10, "cov"), (10, "no-cov")):
        for template in templates:
            project = bakes[template.label, domains]
            options = [*suite_options(project), *(["--no-cov"] if cov == "no-cov" else [])]
            actions[f"{template.label} suite {domains} {cov}"] = partial(suite_cpu, project, options)
    samples = interleaved(actions, repeat)
    for template in templates:
        costs = {
            name.removeprefix(template.label + " "): values
            for name, values in samples.items()
            if name.startswith(template.label + " ")
        }
        for name, values in costs.items():
            template.record(name, values)
        extra = template.figures["tests 10"] - template.figures["tests 2"]
        rounds = [{name: values[index] for name, values in costs.items()} for index in range(repeat)]
        per_round = [derived(one, extra) for one in rounds]
        for name in per_round[0]:
            template.record(name, [one[name] for one in per_round])


def derived(costs: dict[str, float], extra_tests: float) -> dict[str, float]:
    """The figures computed from one round's costs."""
    return {
        "ms per extra test": (costs["suite 10 cov"] - costs["suite 2 cov"]) / extra_tests * 1000,
        "ms per extra test, no coverage": (costs["suite 10 no-cov"] - costs["suite 2 no-cov"]) / extra_tests * 1000,
        "suite 2 / import": costs["suite 2 cov"] / costs["import"],
        "fuzzing / suite 2": (costs["whole suite 2"] - costs["suite 2 cov"]) / costs["suite 2 cov"],
    }


def measure_bakes(templates: list[Template], root: Path, repeat: int, *, full: bool) -> None:
    renders: dict[str, Callable[[], float]] = {t.label: partial(bake_time, t, root, 20) for t in templates}
    for label, values in interleaved(renders, repeat).items():
        next(t for t in templates if t.label == label).record("render 20 domains s", values)
    if not full:
        return
    os.environ["PATH"] = environment()["PATH"]  # the hook finds uv next to this interpreter
    for template in templates:
        template.bake(root / f"{template.label}-warm", 2, run_tests=True)  # fills uv's cache
    bakes: dict[str, Callable[[], float]] = {t.label: partial(bake_time, t, root, 2, run_tests=True) for t in templates}
    for label, values in interleaved(bakes, repeat).items():
        next(t for t in templates if t.label == label).record("full bake s", values)
    with_auth = [t for t in templates if "auth" in t.answers()]
    for template in with_auth:
        template.bake(root / f"{template.label}-warm-jwt", 2, run_tests=True, auth="jwt")
    bakes = {t.label: partial(bake_time, t, root, 2, run_tests=True, auth="jwt") for t in with_auth}
    for label, values in interleaved(bakes, repeat).items():
        next(t for t in templates if t.label == label).record("full jwt bake s", values)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def served(command: list[str], cwd: Path, database_url: str) -> Iterator[tuple[str, int]]:
    """``command`` (uvicorn, one worker) serving on a free port; its URL and process id."""
    port = free_port()
    env = environment() | {"DATABASE_URL": database_url}
    arguments = [*command, "--port", str(port), "--no-access-log", "--log-level", "warning"]
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", *arguments], cwd=cwd, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{' '.join(arguments)} did not start serving")
            time.sleep(0.1)
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def cpu_of(pid: int) -> float:
    """CPU seconds process ``pid`` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load(url: str, pid: int) -> tuple[float, float, int]:
    """Requests per second, server CPU ms per request, and 5xx or transport errors of one load run."""
    before = cpu_of(pid)
    completed = subprocess.run(
        [sys.executable, str(SCRIPTS / "load.py"), url, *LOAD], env=environment(), capture_output=True, text=True
    )
    spent = cpu_of(pid) - before
    out = completed.stdout
    rate = re.search(r"(\d+) requests/s", out)
    errors = re.search(r"5xx or transport errors: (\d+)", out)
    requests = re.search(r"(\d+) requests, concurrency", out)
    if rate is None or errors is None or requests is None:
        raise SystemExit(f"load.py gave no figures:\n{out}{completed.stderr}")
    return float(rate.group(1)), spent / int(requests.group(1)) * 1000, int(errors.group(1))


async def _postgres(*statements: str) -> None:
    import asyncpg  # only for the PostgreSQL figures

    connection = await asyncpg.connect(MAINTENANCE)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


@contextlib.contextmanager
def database(kind: str, root: Path, name: str) -> Iterator[str]:
    """A new, empty database for one served app: a SQLite file or a PostgreSQL database of its own."""
    if kind == "sqlite":
        path = root / f"{name}.db"
        yield f"sqlite+aiosqlite:///{path}"
        return
    scratch = f"layered_benchmark_{name}_{os.getpid()}"
    asyncio.run(_postgres(f'DROP DATABASE IF EXISTS "{scratch}"', f'CREATE DATABASE "{scratch}"'))
    try:
        yield f"{POSTGRES}/{scratch}"
    finally:
        asyncio.run(_postgres(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))


def postgres_available() -> bool:
    try:
        asyncio.run(_postgres("SELECT 1"))
    except (TimeoutError, OSError, ImportError) as error:
        print(f"PostgreSQL figures skipped: {error}")
        return False
    return True


def measure_served(templates: list[Template], root: Path, repeat: int) -> None:
    kinds = ["sqlite", *(["postgresql"] if postgres_available() else [])]
    for kind in kinds:
        with contextlib.ExitStack() as stack:
            apps: dict[str, tuple[str, int]] = {}
            url = stack.enter_context(database(kind, root, "floor"))
            apps["floor"] = stack.enter_context(served(["--app-dir", str(SCRIPTS), "minimal_app:app"], TEMPLATE, url))
            for template in templates:
                project = template.bake(root / f"{template.label}-served-{kind}", 2)
                url = stack.enter_context(database(kind, root, f"{template.label.replace('-', '_')}_{kind}"))
                subprocess.run(
                    [sys.executable, "-m", "alembic", "upgrade", "head"],
                    cwd=project,
                    env=environment() | {"DATABASE_URL": url},
                    check=True,
                    capture_output=True,
                )
                command = ["--factory", "backend.main:create_application"]
                apps[template.label] = stack.enter_context(served(command, project, url))
            samples: dict[str, list[tuple[float, float, int]]] = {name: [] for name in apps}
            for _ in range(repeat):
                for name, (url, pid) in apps.items():
                    samples[name].append(load(url, pid))
            floor_rate = statistics.median(rate for rate, _, _ in samples["floor"])
            floor_cpu = statistics.median(cpu for _, cpu, _ in samples["floor"])
            for template in templates:
                runs = samples[template.label]
                template.figures[f"served {kind} rps / floor"] = statistics.median(r for r, _, _ in runs) / floor_rate
                template.figures[f"served {kind} CPU / floor"] = statistics.median(c for _, c, _ in runs) / floor_cpu
                template.figures[f"served {kind} errors"] = sum(e for _, _, e in runs)
            print(
                f"{kind}: the hand-written app served {floor_rate:.0f} requests/s, errors: "
                f"{sum(e for _, _, e in samples['floor'])}"
            )


def ratio(head: Template, base: Template, figure: str, base_figure: str | None = None) -> float:
    """Working tree / baseline for ``figure``: the median of the rounds' ratios when both were measured
    round by round, otherwise the ratio of the two figures."""
    ours, theirs = head.rounds.get(figure), base.rounds.get(base_figure or figure)
    if ours is not None and theirs is not None and len(ours) == len(theirs):
        return statistics.median(a / b for a, b in zip(ours, theirs, strict=True))
    return head.figures[figure] / base.figures[base_figure or figure]


@dataclass
class Target:
    figure: str
    limit: float
    at_least: bool = False
    versus_baseline: bool = False  # the limit applies to working tree / baseline
    baseline_figure: str | None = None  # compare with another figure of the baseline

    def check(self, head: Template, base: Template | None) -> str | None:
        if self.figure not in head.figures:
            return None
        value = head.figures[self.figure]
        if self.versus_baseline:
            if base is None or (self.baseline_figure or self.figure) not in base.figures:
                return None
            value = ratio(head, base, self.figure, self.baseline_figure)
        ok = value >= self.limit if self.at_least else value <= self.limit
        sign = ">=" if self.at_least else "<="
        what = self.figure
        if self.versus_baseline:
            what += f" / baseline's {self.baseline_figure or self.figure}"
        return f"{'PASS' if ok else 'MISS'}  {what}: {value:.2f} (target {sign} {self.limit:g})"


TARGETS = [
    Target("ms per extra test", 0.40, versus_baseline=True),
    Target("ms per extra test, no coverage", 0.55, versus_baseline=True),
    Target("whole suite 2", 1.25, versus_baseline=True, baseline_figure="suite 2 cov"),
    Target("suite 2 / import", 6),
    Target("fuzzing / suite 2", 0.25),
    Target("render 20 domains s", 5),
    Target("full bake s", 15),
    Target("full jwt bake s", 15),
    Target("served sqlite rps / floor", 0.7, at_least=True),
    Target("served postgresql rps / floor", 0.7, at_least=True),
    Target("served sqlite errors", 0),
    Target("served postgresql errors", 0),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--baseline", metavar="REF", help="git ref of this repository to compare with")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-full-bake", action="store_true")
    parser.add_argument("--skip-served", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        config = root / "cookiecutter.yaml"
        config.write_text(f"cookiecutters_dir: {root / 'templates'}\nreplay_dir: {root / 'replay'}\n")
        head = Template("working-tree", str(TEMPLATE), None, config)
        templates = [head]
        base = None
        if args.baseline:
            base = Template(f"baseline-{args.baseline}", f"git+file://{TEMPLATE}", args.baseline, config)
            templates.insert(0, base)
        measure_suites(templates, root, args.repeat)
        measure_bakes(templates, root, args.repeat, full=not args.skip_full_bake)
        if not args.skip_served:
            measure_served(templates, root, args.repeat)
        shutil.rmtree(root / "templates", ignore_errors=True)
    names = list(dict.fromkeys(name for t in templates for name in t.figures))
    header = " ".join(f"{t.label[:20]:>20}" for t in templates) + ("    ratio" if base else "")
    print(f"\n{'figure (median of rounds)':40} {header}")
    for name in names:
        values = [t.figures.get(name) for t in templates]
        cells = " ".join(f"{v:>20.3f}" if v is not None else f"{'-':>20}" for v in values)
        shown = ""
        if base is not None and values[0] and values[-1] is not None and all(base.rounds.get(name, [1])):
            shown = f"  {ratio(head, base, name):7.2f}x"
        print(f"{name:40} {cells}{shown}")
    print()
    verdicts = [verdict for target in TARGETS if (verdict := target.check(head, base)) is not None]
    for verdict in verdicts:
        print(verdict)
    return 0 if all(verdict.startswith("PASS") for verdict in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
