"""One logging configuration for the whole process: the service's loggers and uvicorn's.

Every line goes to standard error through one handler, at the level of ``LOG_LEVEL``, as text or as
one JSON object per line (``LOG_FORMAT``), and carries the id of the request it was logged in
(``X-Request-ID``, see `backend.main`), or "-" outside a request.
"""

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from asgi_correlation_id import CorrelationIdFilter

from backend.config import LogFormat, LogLevel

REQUEST_ID_HEADER = "X-Request-ID"
TEXT_FORMAT = "%(asctime)s %(levelname)s [%(correlation_id)s] %(name)s: %(message)s"
# uvicorn's loggers keep no handler of their own: their records reach the one handler on the root.
UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi")
HANDLER_NAME = "backend"
# Database drivers whose DEBUG lines show every statement with its bound values (whatever a request
# stores, secrets included): they log at INFO and up whatever LOG_LEVEL is. ECHO_SQL shows statements.
DRIVER_LOGGERS = ("aiosqlite",)


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (ISO 8601, UTC), level, logger, request id, message (and the traceback)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "correlation_id", None),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class StderrHandler(logging.StreamHandler[TextIO]):
    """Writes each record to whatever ``sys.stderr`` is when it is logged (so a replaced stream is followed)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        """The stream is always the current ``sys.stderr``."""


def configure_logging(level: LogLevel, log_format: LogFormat) -> logging.Handler:
    """Send every log record of the process through one handler on the root logger; that handler.

    Calling it again replaces the handler it installed before; other handlers on the root are kept.
    """
    handler = StderrHandler()
    handler.set_name(HANDLER_NAME)
    handler.addFilter(CorrelationIdFilter(default_value="-"))
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in [old for old in root.handlers if old.get_name() == HANDLER_NAME]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in UVICORN_LOGGERS:
        logger = logging.getLogger(name)
        if not logger.handlers and not logger.propagate:
            continue  # switched off by uvicorn (--no-access-log): it stays off
        logger.handlers.clear()
        logger.setLevel(logging.NOTSET)
        logger.propagate = True
    for name in DRIVER_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)
    return handler
