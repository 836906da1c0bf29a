"""Autospec stand-ins that are built once per class and start every test as new.

`create_autospec` reads the signature of every method of a class, and of what its class
attributes name (a repository's ``model`` is a whole SQLModel class): about 10 ms each time on
Python 3.11, more than most unit tests cost themselves. `stand_in` builds that mock once per
class and, on each call, resets it: calls, awaits, return values and side effects are forgotten.

Configure a stand-in through its methods' ``return_value`` and ``side_effect`` only. Replacing an
attribute (``mock.get = AsyncMock()``) would outlive the test; tests never need to.
"""

from typing import Any
from unittest.mock import create_autospec

_built: dict[type[Any], Any] = {}


def stand_in(cls: type[Any]) -> Any:
    """A mock of an instance of ``cls`` with its exact method signatures, as if just created."""
    if cls not in _built:
        _built[cls] = create_autospec(cls, instance=True)
    mock = _built[cls]
    mock.reset_mock(return_value=True, side_effect=True)
    return mock
