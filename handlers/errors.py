"""The one business error shown to users.

A ``UserError`` is a message for the person who typed the command (in Swedish, with an example
of how to do it right). Anything else that escapes a handler is a bug: it is logged and the
user gets one polite generic sentence, never a stack trace.
"""

from __future__ import annotations


class UserError(Exception):
    """Bad input, missing permission or a refused action; ``usage`` shows the right way."""

    def __init__(self, message: str, *, usage: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.usage = usage


class PermissionDenied(UserError):
    """The user's role in the body does not allow the action."""
