"""Settings from the environment and an optional ``.env`` file.

One typed object instead of scattered ``os.environ`` reads, so every knob is documented in one
place (the README's configuration table is written from this class) and validated at start-up.
"""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting the bot reads. Names are the environment variables (case-insensitive)."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(default="sqlite:///samverkan.db", alias="SAMVERKAN_DATABASE_URL")
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

    microsoft_app_id: str = Field(default="", alias="MICROSOFT_APP_ID")
    microsoft_app_password: SecretStr = Field(default=SecretStr(""), alias="MICROSOFT_APP_PASSWORD")
    microsoft_app_type: str = Field(default="MultiTenant", alias="MICROSOFT_APP_TYPE")
    microsoft_app_tenant_id: str = Field(default="", alias="MICROSOFT_APP_TENANT_ID")
    teams_unauthenticated_local: bool = Field(default=False, alias="SAMVERKAN_TEAMS_UNAUTHENTICATED_LOCAL")

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


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
