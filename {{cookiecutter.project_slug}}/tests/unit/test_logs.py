"""One logging configuration: every record, uvicorn's included, through one handler, as text or JSON."""

import contextvars
import json
import logging
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from asgi_correlation_id import correlation_id

from backend.config import LogFormat
from backend.logs import DRIVER_LOGGERS, HANDLER_NAME, UVICORN_LOGGERS, configure_logging

REQUEST_ID = "0123456789abcdef0123456789abcdef"


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """Each test configures logging; afterwards the root logger is as it was."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def log_lines(capsys: pytest.CaptureFixture[str], log_format: LogFormat, request_id: str | None = None) -> list[str]:
    """Standard error's lines after logging one record at INFO, inside a request with ``request_id``
    if given, else outside any request."""

    def log() -> None:
        if request_id is not None:
            correlation_id.set(request_id)
        logging.getLogger("backend.test").info("stored %s rows", 3)

    configure_logging("INFO", log_format)
    contextvars.Context().run(log)
    return capsys.readouterr().err.splitlines()


class TestConfigureLogging:
    def test_text_format_outside_a_request_shows_level_logger_dash_and_message(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        # Act
        lines = log_lines(capsys, "text")

        # Assert
        assert len(lines) == 1
        assert lines[0].endswith(" INFO [-] backend.test: stored 3 rows")

    def test_json_format_inside_a_request_writes_one_object_with_the_request_id(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        # Act
        lines = log_lines(capsys, "json", REQUEST_ID)

        # Assert
        entry = json.loads(lines[0])
        assert entry == entry | {"level": "INFO", "logger": "backend.test", "request_id": REQUEST_ID}
        assert entry["message"] == "stored 3 rows"
        assert datetime.fromisoformat(entry["time"]).utcoffset() == timedelta(0)
        assert set(entry) == {"time", "level", "logger", "request_id", "message"}

    def test_json_format_with_exception_adds_the_traceback(self, capsys: pytest.CaptureFixture[str]) -> None:
        # Arrange
        configure_logging("INFO", "json")

        # Act
        try:
            raise ValueError("broken value")
        except ValueError:
            logging.getLogger("backend.test").exception("failed")
        entry = json.loads(capsys.readouterr().err)

        # Assert
        assert entry["message"] == "failed"
        assert "ValueError: broken value" in entry["exception"]

    def test_level_when_warning_drops_info_records(self, capsys: pytest.CaptureFixture[str]) -> None:
        # Arrange
        configure_logging("WARNING", "text")

        # Act
        logging.getLogger("backend.test").info("quiet")
        logging.getLogger("backend.test").warning("loud")

        # Assert
        assert [line.rsplit(": ", 1)[-1] for line in capsys.readouterr().err.splitlines()] == ["loud"]

    def test_configure_when_called_again_replaces_its_handler_and_keeps_others(self) -> None:
        # Arrange
        other = logging.NullHandler()
        logging.getLogger().addHandler(other)

        # Act
        configure_logging("INFO", "text")
        second = configure_logging("DEBUG", "json")

        # Assert
        ours = [handler for handler in logging.getLogger().handlers if handler.get_name() == HANDLER_NAME]
        assert ours == [second]
        assert other in logging.getLogger().handlers
        assert logging.getLogger().level == logging.DEBUG

    def test_uvicorn_loggers_when_configured_go_through_the_one_handler(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        # Arrange
        logging.getLogger("uvicorn.access").addHandler(logging.StreamHandler())
        configure_logging("INFO", "text")

        access = logging.getLogger("uvicorn.access")

        # Act
        contextvars.Context().run(access.info, '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", "/", "1.1", 200)

        # Assert
        for name in UVICORN_LOGGERS:
            assert logging.getLogger(name).handlers == []
            assert logging.getLogger(name).propagate
        last_line = capsys.readouterr().err.splitlines()[-1]
        assert last_line.endswith(' INFO [-] uvicorn.access: 127.0.0.1:5000 - "GET / HTTP/1.1" 200')

    def test_uvicorn_access_log_switched_off_by_uvicorn_stays_off(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Arrange: what `uvicorn --no-access-log` does to its access logger
        access = logging.getLogger("uvicorn.access")
        monkeypatch.setattr(access, "handlers", [])
        monkeypatch.setattr(access, "propagate", False)
        configure_logging("INFO", "text")

        # Act
        contextvars.Context().run(access.info, '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", "/", "1.1", 200)

        # Assert
        assert access.propagate is False
        assert "uvicorn.access" not in capsys.readouterr().err

    @pytest.mark.parametrize("driver", DRIVER_LOGGERS)
    def test_level_when_debug_still_drops_database_driver_debug_lines_with_their_values(
        self, capsys: pytest.CaptureFixture[str], driver: str
    ) -> None:
        # Arrange
        configure_logging("DEBUG", "text")

        # Act
        logging.getLogger(driver).debug("executing INSERT ... ('a secret value',)")
        logging.getLogger(driver).info("connection lost")
        logging.getLogger("backend.test").debug("own debug line")

        # Assert
        messages = [line.rsplit(": ", 1)[-1] for line in capsys.readouterr().err.splitlines()]
        assert messages == ["connection lost", "own debug line"]
