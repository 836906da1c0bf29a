"""Render each domain, then prove the suite passes; the steps live in layered_template.hooks."""

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
from layered_template.hooks import post_gen_project  # noqa: E402

sys.exit(post_gen_project(ANSWERS, project_dir=Path.cwd()))
