"""One package per domain, each with `model`, `repository`, `service` and `router` modules.

Domains are found by listing this package: adding a domain is adding its
package, with no list to edit.
"""

import importlib
import pkgutil

from fastapi import APIRouter


def domain_names() -> list[str]:
    """Names of the domain packages, sorted."""
    return sorted(module.name for module in pkgutil.iter_modules(__path__) if module.ispkg)


def load_routers() -> list[APIRouter]:
    """Each domain's router (importing it also registers the domain's table model)."""
    return [importlib.import_module(f"{__name__}.{name}.router").router for name in domain_names()]
