"""Logging: plain or JSON lines, each with the request id of the command being served.

A request id (set by the adapters per incoming request, and by the CLI per command) ties the
log lines of one request together across modules; secrets never appear because settings keep
them as ``SecretStr`` and payload bodies are never logged.

The terminal chat and the CLI print to the same terminal the log goes to, and users read Swedish
there. Libraries that narrate their work in English (``QUIET_LIBRARIES``: fontTools subsets a font
for every protocol PDF and says so at INFO, pypdf warns about each PDF it had to repair) are
therefore demoted to DEBUG: they are in the log when ``SAMVERKAN_LOG_LEVEL=DEBUG`` asks for it, and
never on the terminal otherwise. What matters to the user (a PDF that cannot be read) reaches them
as our own Swedish message.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_SECRET_MARKERS = ("xoxb-", "xoxp-", "xapp-", "Bearer ")
# Query parameters that carry a credential: the signed web link's ``t`` and Slack OAuth's ``code`` and
# ``state``. aiohttp's access log writes the request line with its query, so they are cut here.
_SECRET_QUERY = re.compile(r"([?&](?:t|code|state|token)=)[^&\s\"']+")
# An id a reverse proxy passed on (nginx: ``proxy_set_header X-Request-Id $request_id``) is kept, so
# one id finds the request in both logs; anything else is replaced rather than written into the log.
_INCOMING_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
QUIET_LIBRARIES = ("fontTools", "fpdf", "pypdf")


def new_request_id(*, incoming: str | None = None) -> str:
    """Start a new request context and return its id: ``incoming`` when it is a plausible id, else a new one.

    A context variable, so each aiohttp request (each its own task), each CLI command and each
    worker thread started with ``contextvars.copy_context`` logs under its own id."""
    value = incoming if incoming and _INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex[:12]
    request_id.set(value)
    return value


def is_quiet_library(name: str) -> bool:
    """Whether a logger belongs to one of ``QUIET_LIBRARIES`` (``fontTools.subset`` → yes)."""
    return any(name == lib or name.startswith(lib + ".") for lib in QUIET_LIBRARIES)


class LibraryNoiseFilter(logging.Filter):
    """Demote the quiet libraries' records to DEBUG; drop them unless the log level is DEBUG.

    A handler filter, because a filter on the ``fontTools`` logger would not see records of its
    children (``fontTools.subset``), and the handler's level was already checked before it runs."""

    def __init__(self, *, level: int) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        if not is_quiet_library(record.name):
            return True
        if self.level > logging.DEBUG:
            return False
        record.levelno, record.levelname = logging.DEBUG, logging.getLevelName(logging.DEBUG)
        return True


class RejectedBodyFilter(logging.Filter):
    """Keep Bolt's note about a request with a bad Slack signature, without the request's body.

    Bolt logs the whole body of every rejected request at INFO (``RequestVerification``), and has no
    switch for it: anyone on the internet who posts to ``/slack/events`` would write what they like,
    or a replayed real payload with members' text, into the log. The signal (a rejection) stays."""

    LOGGERS = ("slack_bolt.RequestVerification", "slack_bolt.AsyncRequestVerification")
    MESSAGE = "rejected a Slack request with an invalid signature (body not logged)"

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name in self.LOGGERS:
            record.msg, record.args = self.MESSAGE, None
        return True


class RequestIdFilter(logging.Filter):
    """Stamp every record with the current request id."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


def _redact(text: str) -> str:
    text = _SECRET_QUERY.sub(r"\1[dolt]", text)
    for marker in _SECRET_MARKERS:
        if marker in text:
            head, _, _tail = text.partition(marker)
            text = head + marker + "[dolt]"
    return text


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request id, message (redacted), error."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": _redact(record.getMessage()),
        }
        if record.exc_info:
            data["error"] = _redact(self.formatException(record.exc_info))
        return json.dumps(data, ensure_ascii=False)


class PlainFormatter(logging.Formatter):
    """Readable lines for a terminal, redacted like the JSON form."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        return _redact(super().format(record))


def configure_logging(*, json_lines: bool, level: str) -> None:
    """Install one handler on the root logger (idempotent)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_samverkan", False):
            root.removeHandler(handler)
    numeric = logging.getLevelName(level.upper())
    numeric = numeric if isinstance(numeric, int) else logging.INFO
    handler = logging.StreamHandler()
    handler._samverkan = True  # type: ignore[attr-defined]
    handler.addFilter(LibraryNoiseFilter(level=numeric))
    handler.addFilter(RejectedBodyFilter())
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter() if json_lines else PlainFormatter())
    root.addHandler(handler)
    root.setLevel(numeric)
    for noisy in ("alembic", "apscheduler.scheduler", "apscheduler.executors.default"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    for library in QUIET_LIBRARIES:  # below DEBUG nothing of theirs is shown: spare building the records
        logging.getLogger(library).setLevel(logging.DEBUG if numeric <= logging.DEBUG else logging.ERROR)
