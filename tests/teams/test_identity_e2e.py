"""Teams identity: a member added by @mention is one person with the user who later writes, and the
bot's own name is removed only where Teams marked the mention — never from the words of a command.

Real Teams names a mentioned user by the channel account id (``29:…``) and a sender by the AAD
object id besides it; when the user opens the bot's personal chat it sends a nameless install
event first. Both ids must meet on one person row, by id, never by display name.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from storage.models import Membership, Person
from tests.teams import payloads
from tests.teams.conftest import visible_text

LINA = payloads.LINA  # ("29:1lina", "aad-lina", "Lina Lindman")


def _personal_install(*, service_url: str, user: tuple[str, str, str]) -> dict[str, Any]:
    """What Teams sends when a user opens the bot's personal chat: no name on the sender."""
    activity = payloads.personal_message("", service_url=service_url, user=user)
    activity.pop("text")
    activity["type"] = "conversationUpdate"
    activity["from"] = {"id": user[0], "aadObjectId": user[1]}
    activity["membersAdded"] = [{"id": payloads.BOT_ID}]
    return activity


def _say(server, connector, activity: dict[str, Any]) -> str:  # type: ignore[no-untyped-def]
    before = len(connector.delivered)
    response = server.post(activity)
    assert response.status_code in (200, 201), response.text
    return " ".join(visible_text(item.activity) for item in connector.delivered[before:])


def test_member_added_by_mention_is_the_user_who_later_writes(server, connector, services) -> None:  # type: ignore[no-untyped-def]
    url = connector.url
    for line in ('samverkan organ ny "Utbildningens arbetsutskott" kort UTB typ arbetsutskott',
                 "samverkan kanal UTB"):
        assert "✗" not in _say(server, connector, payloads.channel_message(line, service_url=url))
    add = payloads.channel_message("samverkan medlem lägg till <at>Lina Lindman</at> som sekreterare",
                                   service_url=url)
    added = _say(server, connector, payloads.add_mentions(add, LINA))
    assert "Lina Lindman är nu sekreterare" in added and "koppla" not in added  # a mention is a linked user
    _say(server, connector, _personal_install(service_url=url, user=LINA))
    answer = _say(server, connector, payloads.personal_message("mote ny 2022-04-10 kl. 10:00 organ UTB",
                                                               service_url=url, user=LINA))
    assert "Möte" in answer or "möte" in answer
    assert "behörighet" not in answer and "får inte" not in answer, answer
    with services.sessions() as session:
        rows = session.scalars(select(Person).where(Person.name.like("%Lina%"))).all()
        assert [(p.platform_user_id, p.platform_alt_id) for p in rows] == [("aad-lina", "29:1lina")]
        assert session.scalars(select(Membership).where(Membership.person_id == rows[0].id)).one().role == "sekreterare"


def test_the_bots_name_is_removed_only_where_teams_marked_the_mention(server, connector) -> None:  # type: ignore[no-untyped-def]
    url = connector.url
    answer = _say(server, connector, payloads.channel_message("beslut Samverkansmodell", service_url=url))
    assert "Samverkansmodell" in answer and "«smodell»" not in answer, answer
    for line in ('samverkan organ ny "Utbildningens arbetsutskott" kort UTB typ arbetsutskott',
                 "samverkan kanal UTB", "mote ny 2022-04-10 kl. 10:00"):
        _say(server, connector, payloads.channel_message(line, service_url=url))
    added = _say(server, connector, payloads.channel_message("dagordning lägg till Samverkan med regionen om lokaler",
                                                             service_url=url))
    assert "Samverkan med regionen om lokaler" in added, added
