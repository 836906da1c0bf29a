"""Hypothesis keeps its caches out of the project: in pytest's cache directory, else a temporary one."""

import pytest
from hypothesis.configuration import set_hypothesis_home_dir


@pytest.fixture(scope="session", autouse=True)
def hypothesis_home(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Not `.hypothesis` in the working directory: its caches (constants found in the code, Unicode tables) are
    kept with pytest's own, or in the run's temporary directory when pytest's cache is disabled."""
    if request.config.pluginmanager.has_plugin("cacheprovider"):
        set_hypothesis_home_dir(request.config.cache.mkdir("hypothesis"))
    else:
        set_hypothesis_home_dir(tmp_path_factory.mktemp("hypothesis"))
