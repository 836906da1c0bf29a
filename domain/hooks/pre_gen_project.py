"""Check the domain's answers before anything is written; the checks live in layered_template.hooks."""

import json
import sys
from pathlib import Path

TEMPLATE_ROOT = json.loads(r"""
{{ template_root | tojson }}
""")
ANSWERS = json.loads(r"""
{{ cookiecutter | tojson }}
""")
# The answers as given, before cookiecutter rendered them (absent under cruft).
GIVEN = json.loads(r"""
{{ _cookiecutter | default({}) | tojson }}
""")

sys.path.insert(0, TEMPLATE_ROOT)
from layered_template.hooks import pre_gen_domain  # noqa: E402

sys.exit(pre_gen_domain(ANSWERS, project_dir=Path.cwd(), given=GIVEN))
