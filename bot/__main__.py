"""``python -m bot`` runs the same CLI as the ``samverkan`` console script."""

from bot.cli import app

app()
