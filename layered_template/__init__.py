"""Logic behind the cookiecutter-fastapi-layered hooks and templates."""
