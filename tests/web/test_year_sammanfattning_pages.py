"""The § page shows the sammanfattning; an expediering link for an external recipient never opens sekretess.

Issue 18: the narrative of a § is shown on its web page, and «Beslutet ska skickas till» gives an
external recipient a signed link to e-mail. The link is made out to that recipient (a person with
no seat anywhere), so it opens the § it was sent for — and a sekretess § of the same meeting stays
«Sekretess» to it, while a member's own link shows the whole text.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import select

from bot.web.links import signer_for
from storage.models import Paragraph
from tests.web.conftest import person_id

SECRETARY = "Kristina Kamsten"
MEMBER = "Annikki Tinmark"
OPEN_TEXT = "Skolorna och IFO har olika rutiner när en elev är borta länge; frånvarotrappan ska bli gemensam."
SECRET_TEXT = "Eleven har varit borta sedan höstlovet och familjen har tackat nej till stöd."


def test_sammanfattning_on_the_page_and_external_links_stay_outside_sekretess(chat, services, clock,  # type: ignore[no-untyped-def]
                                                                             client) -> None:
    clock.set(datetime(2019, 3, 1, 9, 0, tzinfo=UTC))
    for line in ('samverkan organ ny "Styrgrupp samverkan" kort SG typ styrgrupp', "samverkan kanal SG",
                 f"samverkan medlem lägg till @{SECRETARY} som sekreterare",
                 f"samverkan medlem lägg till @{MEMBER} som ledamot", "mote ny 2019-03-19 kl. 13:00 plats Stadshuset"):
        assert "✓" in chat(line, user=SECRETARY, channel="sg"), line
    clock.set(datetime(2019, 3, 19, 15, 0, tzinfo=UTC))
    for number, title, text, extra in ((1, "Brister i samverkan kring skolfrånvaro", OPEN_TEXT, []),
                                       (2, "Samverkan kring en elev", SECRET_TEXT, ["sekretess"])):
        record = "\n".join([f"beslut registrera § {number} {title} möte 2019-03-19", f"sammanfattning: {text}",
                            "beslut: att upprätta en gemensam rutin",
                            f"skickas till: {MEMBER}; Bildningsnämnden", *extra])
        assert "✓" in chat(record, user=SECRETARY, channel="sg")
    for line, user in ((f"mote justerare {MEMBER} möte 2019-03-19", SECRETARY),
                       ("protokoll klart 2019-03-19", SECRETARY), ("protokoll justera 2019-03-19", MEMBER)):
        assert "✗" not in chat(line, user=user, channel="sg"), line
    sent = chat("protokoll expediera 2019-03-19", user=SECRETARY, channel="sg")
    links = re.findall(r"Bildningsnämnden: (\S+)", sent)
    assert len(links) == 1, sent  # § 2 is sekretess: the external recipient gets no link for it

    # issue 18's table, imported here so that the old code fails on the chat reply above, not on an import
    from storage.models import DispatchReceipt

    page = client.get(links[0])
    assert page.status == 200 and "Sammanfattning" in page.text and "frånvarotrappan ska bli gemensam" in page.text
    with services.sessions() as session:
        secret = session.scalars(select(Paragraph).where(Paragraph.number == 2)).one()
        external = session.scalars(select(DispatchReceipt).where(DispatchReceipt.kind == "external")).one()
        tenant, external_id, secret_id = secret.tenant_id, external.person_id, secret.id
    signer = signer_for(services)
    path = f"/arkiv/{signer.tenant_slug(tenant)}/paragraf/{secret_id}"
    # The external recipient's own token, pointed at the sekretess § of the same meeting: «Sekretess» only.
    outsider = client.get(signer.make_link(tenant_id=tenant, person_id=external_id, purpose="arkiv",
                                           now=services.now(), path=path))
    assert outsider.status == 200 and "höstlovet" not in outsider.text and "omfattas av sekretess" in outsider.text
    member = client.get(signer.make_link(tenant_id=tenant, person_id=person_id(services, MEMBER)[1], purpose="arkiv",
                                         now=services.now(), path=path))
    assert member.status == 200 and SECRET_TEXT in member.text
