"""Handler modules, one per command family; importing this package registers them all."""

from handlers.commands import admin, agenda, assignments, decisions, meetings, protocol  # noqa: F401
