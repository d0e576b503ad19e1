"""``samverkan slack ny-nyckel|rotera-nyckel``: the key the workspace tokens are encrypted with.

The key is a setting (SAMVERKAN_SLACK_TOKEN_KEY), never stored in the database it protects. To
replace it: put a new key first in the comma-separated setting, run ``rotera-nyckel`` (every
stored token is re-encrypted under the first key), then remove the old key from the setting.
"""

from __future__ import annotations

import typer

from bot.cli_swedish import SwedishTyper

slack_app = SwedishTyper(help="Slack: nyckeln som arbetsytornas token krypteras med.", no_args_is_help=True)


@slack_app.command("ny-nyckel")
def new_key_command() -> None:
    """Skriv ut en ny slumpad nyckel att sätta som SAMVERKAN_SLACK_TOKEN_KEY."""
    from storage.token_cipher import new_key

    typer.echo(new_key())


@slack_app.command("rotera-nyckel")
def rotate_key_command() -> None:
    """Kryptera om alla lagrade Slack-token med den första nyckeln i SAMVERKAN_SLACK_TOKEN_KEY."""
    from bot.cli_services import open_services
    from bot.config import get_settings
    from bot.slack.oauth import seal_plaintext_rows
    from storage.token_cipher import TokenCipher, TokenKeyError

    settings = get_settings()
    try:
        cipher = TokenCipher.from_setting(settings.slack_token_key.get_secret_value())
    except TokenKeyError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    services = open_services(settings=settings)
    try:
        changed = seal_plaintext_rows(engine=services.engine, cipher=cipher, rotate=True)
    except TokenKeyError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    finally:
        services.engine.dispose()
    typer.echo(f"{changed} rader med Slack-token är krypterade med den första nyckeln.")
