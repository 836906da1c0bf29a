"""What the hooks do. Each hook file only loads its answers and calls one function here.

The functions return the hook's exit code and print what happened; they never
raise for a bad answer (the user gets ``ERROR: <answer>: <problem>; <allowed>``).
"""

from __future__ import annotations

import ast
import json
import re
import sys
import tomllib
from collections.abc import Callable, Collection, Mapping
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from layered_template.auth import AUTH_NAMES, check_auth_names, has_auth, remove_auth_files
from layered_template.cases import pascal_case
from layered_template.checks import (
    AnswerError,
    check_auth,
    check_bool,
    check_database,
    check_domain_name,
    check_no_jinja,
    check_plural,
    check_project_slug,
    check_threshold,
)
from layered_template.jinja import TEMPLATE_ROOT
from layered_template.migrations import migration_head, revision_id
from layered_template.retry import retry_hint
from layered_template.specs import FIELDS_EXAMPLE, FIELDS_SYNTAX, DomainSpec, parse_domain_specs, parse_fields
from layered_template.verify import Steps, not_run, verify

DOMAIN_TEMPLATE = TEMPLATE_ROOT / "domain"
PROJECT_MARKER = Path("backend") / "domain" / "__init__.py"
MIGRATIONS_ENV = Path("migrations") / "env.py"


def pre_gen_project(
    answers: Mapping[str, Any], *, given: Mapping[str, Any] | None = None, out: TextIO = sys.stdout
) -> int:
    """Exit code of the main template's pre-gen hook: 0 when every answer is usable.

    ``given`` holds the answers before cookiecutter rendered them as Jinja. A refusal is followed by the
    command that asks every question again with these answers as defaults.
    """
    return _report(
        out,
        lambda: _check_project_answers(answers, given or {}),
        lambda refused: retry_hint(answers, refused=refused, template_root=TEMPLATE_ROOT, given=given),
    )


def pre_gen_domain(
    answers: Mapping[str, Any],
    *,
    project_dir: Path,
    given: Mapping[str, Any] | None = None,
    out: TextIO = sys.stdout,
) -> int:
    """Exit code of the domain sub-template's pre-gen hook (a refusal is followed by how to answer again)."""
    return _report(
        out,
        lambda: _check_domain_answers(answers, project_dir, given or {}),
        lambda refused: retry_hint(
            answers, refused=refused, template_root=TEMPLATE_ROOT, directory=DOMAIN_TEMPLATE.name, given=given
        ),
    )


def post_gen_project(
    answers: Mapping[str, Any],
    *,
    project_dir: Path,
    out: TextIO = sys.stdout,
    render: Callable[[Path, DomainSpec], None] | None = None,
    ask: Callable[[str, str], str] | None = None,
) -> int:
    """Render every domain into the new project, then prove its suite passes when ``run_tests``.

    With ``ask_fields``, each domain's plural and fields are asked at its own prompt first.
    """
    render = render or render_domain
    steps = Steps(out)
    if answers.get("auth", "none") != "jwt":
        remove_auth_files(project_dir)
    specs = parse_domain_specs(str(answers["domains"]))
    if check_bool("ask_fields", answers.get("ask_fields", "no")):
        try:
            reserved = AUTH_NAMES if answers.get("auth", "none") == "jwt" else ()
            specs = ask_domain_specs(specs, ask or _prompt, out, reserved=reserved)
        except EOFError:
            print(f"ERROR: ask_fields: {ASK_FIELDS_ENDED}", file=out)
            return 1
    names = ", ".join(spec.name for spec in specs)
    with steps.step(f"rendered {len(specs)} domain(s): {names}", doing=f"rendering {len(specs)} domain(s): {names}"):
        for spec in specs:
            render(project_dir, spec)
    threshold = check_threshold(answers["coverage_threshold"])
    if not check_bool("run_tests", answers["run_tests"]):
        steps.say(not_run(project_dir))
        return 0
    return verify(project_dir, threshold, steps)


ASK_FIELDS_ENDED = (
    "the input ended before each domain's plural and fields were answered; answer them at a terminal, "
    "or bake with ask_fields=no"
)
FIELDS_INTRO = (
    "Each domain's plural (its route is /api/v1/<plural>) and fields; Enter keeps the answer in parentheses.\n"
    f"Fields: {FIELDS_SYNTAX}; e.g. {FIELDS_EXAMPLE}"
)


def ask_domain_specs(
    specs: list[DomainSpec], ask: Callable[[str, str], str], out: TextIO, *, reserved: Collection[str] = ()
) -> list[DomainSpec]:
    """Each domain's plural and fields, asked in numbered questions with the current ones as defaults.

    A plural must differ from the other domains' and from ``reserved`` (the auth package's route).

    The fields syntax is shown once, before the first question. A refused answer is asked again with what
    was typed as the default, to be corrected rather than typed anew.
    """
    print(FIELDS_INTRO, file=out, flush=True)
    total = 2 * len(specs)
    answered: list[DomainSpec] = []
    for index, spec in enumerate(specs):
        others = [done.plural for done in answered] + [later.plural for later in specs[index + 1 :]]
        plural = _ask_until_valid(
            ask,
            f"[{2 * index + 1}/{total}] {spec.name}: plural",
            spec.plural,
            out,
            partial(_check_plural, taken=dict.fromkeys(others, "another domain") | dict.fromkeys(reserved, "auth")),
        )
        earlier = [done.name for done in answered]
        fields = _ask_until_valid(
            ask,
            f"[{2 * index + 2}/{total}] {spec.name}: fields",
            spec.fields,
            out,
            partial(_check_fields, domains=earlier),
        )
        answered.append(DomainSpec(spec.name, plural, fields))
    return answered


def _check_plural(value: str, *, taken: Mapping[str, str]) -> None:
    check_plural("plural", value)
    if value in taken:
        raise AnswerError("plural", f"/api/v1/{value} is taken by {taken[value]}", "choose another plural")


def _check_fields(value: str, *, domains: list[str]) -> None:
    parse_fields(value, domains=domains)


def _ask_until_valid(
    ask: Callable[[str, str], str], question: str, default: str, out: TextIO, check: Callable[[str], object]
) -> str:
    while True:
        value = ask(question, default).strip()
        try:
            check(value)
        except AnswerError as error:
            print(f"ERROR: {error}", file=out, flush=True)
            default = value
            continue
        return value


NUMBERED = re.compile(r"(\[\d+/\d+\]) (.*)", re.DOTALL)


def _prompt(question: str, default: str) -> str:
    """Ask at the terminal as cookiecutter does: "  [2/4] artist: fields (default): "."""
    from cookiecutter.prompt import read_user_variable
    from rich.markup import escape

    numbered = NUMBERED.fullmatch(question)
    prefix, text = (f"  [dim]{numbered[1]}[/] ", numbered[2]) if numbered else ("", question)
    return str(read_user_variable(escape(text), default, prefix=prefix))


def render_domain(project_dir: Path, spec: DomainSpec) -> None:
    """Render the domain sub-template into ``project_dir``; existing files are never overwritten.

    The main template's pre-gen hook has already checked every domain, so the
    sub-template's own hooks (for adding a domain to a project later) are skipped.
    """
    from cookiecutter.main import cookiecutter

    cookiecutter(
        str(DOMAIN_TEMPLATE),
        no_input=True,
        extra_context={"domain": spec.name, "plural": spec.plural, "fields": spec.fields},
        output_dir=str(project_dir),
        overwrite_if_exists=True,
        skip_if_file_exists=True,
        default_config=True,
        accept_hooks=False,
    )


def _check_project_answers(answers: Mapping[str, Any], given: Mapping[str, Any]) -> None:
    check_no_jinja(given, _defaults(TEMPLATE_ROOT))
    check_project_slug(str(answers["project_slug"]))
    check_database(answers.get("database", "sqlite"))
    specs = parse_domain_specs(str(answers["domains"]))
    if check_auth(answers.get("auth", "none")) == "jwt":
        check_auth_names(specs)
    check_bool("ask_fields", answers.get("ask_fields", "no"))
    check_threshold(answers["coverage_threshold"])
    check_bool("run_tests", answers["run_tests"])


def _check_domain_answers(answers: Mapping[str, Any], project_dir: Path, given: Mapping[str, Any]) -> None:
    check_no_jinja(given, _defaults(DOMAIN_TEMPLATE))
    domain = check_domain_name(str(answers["domain"]))
    plural = check_plural("plural", str(answers["plural"]))
    check_bool("run_tests", answers["run_tests"])
    if not (project_dir / PROJECT_MARKER).is_file():
        raise AnswerError(
            "domain",
            f"{project_dir} is not a project made by this template (no {PROJECT_MARKER.as_posix()})",
            "run this from the project's root directory",
        )
    if not (project_dir / MIGRATIONS_ENV).is_file():
        raise AnswerError(
            "domain",
            f"{project_dir} has no {MIGRATIONS_ENV.as_posix()}",
            "add domains to a project whose schema is managed by its Alembic migrations",
        )
    if (project_dir / "backend" / "domain" / domain).exists():
        raise AnswerError("domain", f"{domain!r} already exists in this project", "choose a new domain name")
    if has_auth(project_dir):
        spec = DomainSpec(domain, plural, str(answers["fields"]))
        check_auth_names([spec], answer="domain", plural_answer="plural", fields_answer="fields")
    migration_head(project_dir)  # the new revision goes on top of the one head
    parse_fields(str(answers["fields"]), domains=list(existing_domains(project_dir)))
    for path in domain_paths(domain):
        if (project_dir / path).exists():
            raise AnswerError("domain", f"{path} already exists", "choose a new domain name or move that file")
    for other, other_plural in existing_domains(project_dir).items():
        if pascal_case(other).lower() == pascal_case(domain).lower():
            raise AnswerError("domain", f"{domain!r} and {other!r} would share a table", "choose another name")
        if other_plural == plural:
            raise AnswerError("plural", f"{other!r} already serves /api/v1/{plural}", "choose another plural")


def domain_paths(domain: str) -> list[str]:
    """Files and directories the domain sub-template creates (besides the domain package)."""
    return [
        f"backend/dtos/{domain}.py",
        f"tests/unit/domain/{domain}",
        f"tests/integration/test_{domain}_api.py",
        f"migrations/versions/{revision_id(domain)}_create_{domain}.py",
    ]


def existing_domains(project_dir: Path) -> dict[str, str]:
    """The project's domains and the plural each one is served under (its router's ``prefix``, without "/")."""
    return {
        router.parent.name: router_prefix(router).removeprefix("/")
        for router in sorted((project_dir / "backend" / "domain").glob("*/router.py"))
    }


def router_prefix(router: Path) -> str:
    """The ``prefix`` given to ``APIRouter(...)`` in the module ``router``; empty when it gives none."""
    for node in ast.walk(ast.parse(router.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "APIRouter":
            for keyword in node.keywords:
                if keyword.arg == "prefix" and isinstance(keyword.value, ast.Constant):
                    return str(keyword.value.value)
    return ""


def project_threshold(project_dir: Path) -> int:
    """The project's coverage threshold: ``fail_under`` of its coverage configuration (80 when it has none)."""
    with (project_dir / "pyproject.toml").open("rb") as file:
        configuration = tomllib.load(file)
    report = configuration.get("tool", {}).get("coverage", {}).get("report", {})
    return int(report.get("fail_under", 80))


def post_gen_domain(answers: Mapping[str, Any], *, project_dir: Path, out: TextIO = sys.stdout) -> int:
    """After a domain was added to a project: prove the project's suite still passes, when ``run_tests``."""
    steps = Steps(out)
    steps.say(f"added domain {answers['domain']!r} under /api/v1/{answers['plural']}")
    if not check_bool("run_tests", answers["run_tests"]):
        steps.say(not_run(project_dir))
        return 0
    return verify(project_dir, project_threshold(project_dir), steps)


def _defaults(template: Path) -> dict[str, Any]:
    defaults: dict[str, Any] = json.loads((template / "cookiecutter.json").read_text(encoding="utf-8"))
    return defaults


def _report(out: TextIO, check: Callable[[], None], hint: Callable[[str], str] | None = None) -> int:
    """0 when ``check`` passes; else 1 after the ERROR line and what ``hint`` gives for the refused answer."""
    try:
        check()
    except AnswerError as error:
        print(f"ERROR: {error}", file=out)
        retry = hint(error.answer.split()[0]) if hint is not None else ""
        if retry:
            print(retry, file=out)
        return 1
    return 0
