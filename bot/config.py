"""Settings from the environment and an optional ``.env`` file.

One typed object instead of scattered ``os.environ`` reads, so every knob is documented in one
place (the README's configuration table is written from this class) and validated at start-up.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    """Where ``make run`` keeps its SQLite file: outside the git checkout, per the XDG base directories
    (``$XDG_DATA_HOME/samverkan``, else ``~/.local/share/samverkan``), so a ``git clean`` or a fresh
    clone never takes the organisation's protocols with it."""
    xdg = os.environ.get("XDG_DATA_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "samverkan"


class Settings(BaseSettings):
    """Every setting the bot reads. Names are the environment variables (case-insensitive)."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir, alias="SAMVERKAN_DATA_DIR")
    database_url: str = Field(default="", alias="SAMVERKAN_DATABASE_URL")  # empty: samverkan.db in data_dir
    timezone: str = Field(default="Europe/Stockholm", alias="SAMVERKAN_TIMEZONE")
    public_base_url: str = Field(default="http://127.0.0.1:3978", alias="SAMVERKAN_PUBLIC_URL")
    host: str = Field(default="127.0.0.1", alias="SAMVERKAN_HOST")
    port: int = Field(default=3978, alias="SAMVERKAN_PORT")
    log_json: bool = Field(default=False, alias="SAMVERKAN_LOG_JSON")
    log_level: str = Field(default="INFO", alias="SAMVERKAN_LOG_LEVEL")
    link_secret: SecretStr = Field(default=SecretStr(""), alias="SAMVERKAN_LINK_SECRET")
    link_ttl_hours: int = Field(default=12, alias="SAMVERKAN_LINK_TTL_HOURS")
    sweep_interval_seconds: int = Field(default=30, alias="SAMVERKAN_SWEEP_SECONDS")

    slack_bot_token: SecretStr | None = Field(default=None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(default=None, alias="SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = Field(default=None, alias="SLACK_APP_TOKEN")
    slack_api_url: str | None = Field(default=None, alias="SLACK_API_URL")
    slack_client_id: str | None = Field(default=None, alias="SLACK_CLIENT_ID")
    slack_client_secret: SecretStr | None = Field(default=None, alias="SLACK_CLIENT_SECRET")
    # Fernet key(s) the Slack tokens are encrypted with in the database; the first encrypts, all decrypt.
    slack_token_key: SecretStr = Field(default=SecretStr(""), alias="SAMVERKAN_SLACK_TOKEN_KEY")
    # "medlemmar": a sekretess § is shown in full to the body's members in chat; "aldrig": only its title
    # and a link to the members' web page, to everyone (the text never passes through the chat provider).
    confidential_in_chat: Literal["medlemmar", "aldrig"] = Field(default="medlemmar",
                                                                 alias="SAMVERKAN_SEKRETESS_I_CHATT")
    # Gallring: sent notifications and processed-event keys are deleted after this many days (0 = never);
    # audit rows after this many years (0 = never; arkivlagen: decide with the archive authority).
    retention_outbox_days: int = Field(default=90, ge=0, alias="SAMVERKAN_GALLRING_UTSKICK_DAGAR")
    retention_audit_years: int = Field(default=0, ge=0, alias="SAMVERKAN_GALLRING_LOGG_AR")

    microsoft_app_id: str = Field(default="", alias="MICROSOFT_APP_ID")
    microsoft_app_password: SecretStr = Field(default=SecretStr(""), alias="MICROSOFT_APP_PASSWORD")
    microsoft_app_type: str = Field(default="MultiTenant", alias="MICROSOFT_APP_TYPE")
    microsoft_app_tenant_id: str = Field(default="", alias="MICROSOFT_APP_TENANT_ID")
    teams_unauthenticated_local: bool = Field(default=False, alias="SAMVERKAN_TEAMS_UNAUTHENTICATED_LOCAL")
    # The Teams app package (``samverkan teams-package``): a test and a production app side by side in
    # one tenant need their own app id and name; the developer is the organisation that runs the bot.
    teams_app_id: str = Field(default="", alias="SAMVERKAN_TEAMS_APP_ID")  # empty: the built-in id
    teams_app_name: str = Field(default="Samverkan", alias="SAMVERKAN_TEAMS_APP_NAME")  # at most 30 characters
    teams_developer_name: str = Field(default="Samverkan", alias="SAMVERKAN_TEAMS_DEVELOPER")  # at most 32
    teams_package_name: str = Field(default="samverkan-teams", alias="SAMVERKAN_TEAMS_PACKAGE")  # the zip's name
    privacy_contact: str = Field(default="", alias="SAMVERKAN_PRIVACY_CONTACT")  # on /integritet
    metrics_token: SecretStr = Field(default=SecretStr(""), alias="SAMVERKAN_METRICS_TOKEN")

    @model_validator(mode="after")
    def _database_in_data_dir(self) -> Settings:
        """No URL given: the embedded SQLite file in ``data_dir`` (created on first use)."""
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir.expanduser() / 'samverkan.db'}"
        return self

    @property
    def zone(self) -> ZoneInfo:
        """The organisation's time zone; dates in chat are read and shown in it."""
        return ZoneInfo(self.timezone)

    @property
    def slack_configured(self) -> bool:
        """Slack is served with a bot token (or an OAuth client) and a way to receive deliveries:
        a signing secret (HTTP, ``POST /slack/events``) or an app token (Socket Mode)."""
        return bool((self.slack_bot_token or self.slack_client_id) and (self.slack_signing_secret or self.slack_app_token))

    @property
    def teams_configured(self) -> bool:
        """``/api/messages`` is mounted whenever ``serve`` runs. Without an app id it refuses every
        activity, unless ``teams_unauthenticated_local`` lets the Agents Playground or the Emulator
        on this machine in (``bot.teams.gate``)."""
        return True


LEGACY_DATABASE = Path("samverkan.db")  # where the embedded database lived before the data dir


def legacy_database_hint(settings: Settings, *, cwd: Path | None = None) -> str | None:
    """A Swedish sentence when an old ``samverkan.db`` sits in the working directory but the default
    database is now elsewhere: the bot would otherwise start on an empty database and the protocols
    would seem gone. Nothing is moved automatically; the sentence says how."""
    old = (cwd or Path.cwd()) / LEGACY_DATABASE
    new = settings.data_dir.expanduser() / "samverkan.db"
    if not old.is_file() or settings.database_url != f"sqlite:///{new}":
        return None
    return (f"Obs: {old} är databasen från en äldre version. Databasen ligger nu i {new.parent}. "
            f"Flytta den dit innan du fortsätter: mkdir -p {new.parent} && mv {old} {new}")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
