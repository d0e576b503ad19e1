"""The Teams package settings checked before a package is written, with a Swedish sentence per problem.

Teams refuses a package whose app id is no GUID or whose names are too long, and says so only at
upload, in English, in the admin centre. ``samverkan teams-package`` checks first and names the
setting to change; the rest of the bot starts whatever these are, since only the package uses them.
"""

from __future__ import annotations

import re
import uuid

from bot.config import Settings

PACKAGE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
LIMITS = (("SAMVERKAN_TEAMS_APP_NAME", "teams_app_name", 30), ("SAMVERKAN_TEAMS_DEVELOPER", "teams_developer_name", 32))


def package_problems(settings: Settings) -> list[str]:
    """What is wrong with the package settings; empty when a valid package can be written."""
    problems: list[str] = []
    if settings.teams_app_id:
        try:
            uuid.UUID(settings.teams_app_id)
        except ValueError:
            problems.append(f"SAMVERKAN_TEAMS_APP_ID måste vara ett GUID, t.ex. {uuid.uuid4()} "
                            f"(nu: «{settings.teams_app_id}»).")
    for env, field, limit in LIMITS:
        value = getattr(settings, field).strip()
        if not value or len(value) > limit:
            problems.append(f"{env} ska vara 1–{limit} tecken (nu {len(value)}), t.ex. «Samverkan (test)».")
    if not PACKAGE_NAME.fullmatch(settings.teams_package_name):
        problems.append("SAMVERKAN_TEAMS_PACKAGE är filnamnet utan .zip: bokstäver a–z, siffror, punkt, "
                        "bindestreck och understreck, t.ex. samverkan-teams-test.")
    return problems
