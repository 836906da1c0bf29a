"""The {{ cookiecutter.domain }} domain: model, repository, service and router."""
