"""Prove the project's suite still passes with the new domain; the steps live in layered_template.hooks."""

import json
import sys
from pathlib import Path

TEMPLATE_ROOT = json.loads(r"""
{{ template_root | tojson }}
""")
ANSWERS = json.loads(r"""
{{ cookiecutter | tojson }}
""")

sys.path.insert(0, TEMPLATE_ROOT)
from layered_template.hooks import post_gen_domain  # noqa: E402

sys.exit(post_gen_domain(ANSWERS, project_dir=Path.cwd()))
