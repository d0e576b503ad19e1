"""Encryption at rest for platform tokens (Slack bot and refresh tokens).

A Slack bot token lets whoever holds it read and post in every channel the bot is in, so a copy of
the database (a backup, a dump sent to support) must not hand one over. Tokens are encrypted with
Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``) under keys kept outside the database, in
the setting ``SAMVERKAN_SLACK_TOKEN_KEY``. That setting is a comma-separated list: the first key
encrypts, every key decrypts, so a key is replaced by putting the new one first, running
``samverkan slack rotera-nyckel`` (re-encrypts every row under it) and then dropping the old one.
"""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

FERNET_PREFIX = "gAAAAA"
WRONG_KEY = ("En lagrad Slack-token kan inte dekrypteras med SAMVERKAN_SLACK_TOKEN_KEY "
             "(fel nyckel, eller en gammal nyckel som tagits bort ur listan).")
KEY_EXAMPLE = "SAMVERKAN_SLACK_TOKEN_KEY=$(samverkan slack ny-nyckel)"


class TokenKeyError(ValueError):
    """The key setting is missing or malformed, or a stored token was encrypted under another key."""


def new_key() -> str:
    """A fresh random key, in the form the setting takes."""
    return Fernet.generate_key().decode("ascii")


class TokenCipher:
    """Encrypts and decrypts token strings; ``None`` (no token) stays ``None``."""

    def __init__(self, *, keys: Sequence[str]) -> None:
        cleaned = [k.strip() for k in keys if k.strip()]
        if not cleaned:
            raise TokenKeyError(f"Nyckel för Slack-token saknas. Sätt {KEY_EXAMPLE}.")
        try:
            self._fernet = MultiFernet([Fernet(k.encode("ascii")) for k in cleaned])
        except (ValueError, UnicodeEncodeError) as error:
            raise TokenKeyError("SAMVERKAN_SLACK_TOKEN_KEY är ingen giltig nyckel (44 tecken base64). "
                                f"Skapa en med: {KEY_EXAMPLE}.") from error

    @classmethod
    def from_setting(cls, value: str) -> TokenCipher:
        """The cipher for the setting's comma-separated list of keys."""
        return cls(keys=value.split(","))

    def encrypt(self, value: str | None) -> str | None:
        """The ciphertext of ``value`` (ASCII, safe for a VARCHAR column)."""
        if value is None:
            return None
        return self._fernet.encrypt(value.encode("utf-8")).decode("ascii")

    def decrypt(self, value: str | None) -> str | None:
        """The token stored as ``value``; refuses a value none of the keys encrypted.

        A plaintext token (a row saved before encryption, not yet sealed) is returned as it is.
        """
        if value is None or not is_ciphertext(value):
            return value
        try:
            return self._fernet.decrypt(value.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeEncodeError) as error:
            raise TokenKeyError(WRONG_KEY) from error

    def reencrypt(self, value: str | None) -> str | None:
        """``value`` under the first key: ciphertext is rotated (refused if no key opens it), plaintext encrypted."""
        if value is None:
            return None
        if not is_ciphertext(value):
            return self.encrypt(value)
        try:
            return self._fernet.rotate(value.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeEncodeError) as error:
            raise TokenKeyError(WRONG_KEY) from error


def is_ciphertext(value: str) -> bool:
    """Whether ``value`` is a Fernet token (version byte 0x80, «gAAAAA» in base64); Slack's start «xox»."""
    return value.startswith(FERNET_PREFIX)
