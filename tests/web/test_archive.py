"""The archive in the browser: the /beslut search, permanent § pages, sekretess and link checks."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from sqlalchemy import select

from bot.web.links import signer_for
from storage.models import Paragraph, Tenant
from tests.conftest import seed_path
from tests.scenarios.seed_scripts import SECRETARY, seed_000_script
from tests.web.conftest import adjust_seed_000, person_id

SECRETS = ("HEMLIGTNAMN", "HEMLIGTBESLUT")


def _link(services, name: str, *, purpose: str = "arkiv", path: str | None = None, ttl=None) -> str:  # type: ignore[no-untyped-def]
    tenant, person = person_id(services, name)
    return signer_for(services).make_link(tenant_id=tenant, person_id=person, purpose=purpose, ttl=ttl,
                                          now=services.now(), path=path)


def _paragraph(services, number: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        p = session.scalars(select(Paragraph).where(Paragraph.number == number)).one()
        return p.tenant_id, p.id


def test_search_finds_paragraph_19_every_way(chat, services, client) -> None:  # type: ignore[no-untyped-def]
    for line in seed_000_script(seed_path("000")):
        assert "✗" not in chat(line, user=SECRETARY)
    link = _link(services, SECRETARY)
    for query in ("utb 2022/30", "UTB 22/30", "UTB-22/30", "samverkansmodel", "§ 19", "samverkansmodell i lanet"):
        page = client.get(f"{link}&q={quote(query)}")
        assert page.status == 200, query
        assert "§ 19 Ny samverkansmodell i länet" in page.text and "UTB 22/30" in page.text, query
        assert "/paragraf/" in page.text
    nothing = client.get(f"{link}&q={quote('budgetuppfoljning')}")
    assert "0 träffar" in nothing.text


def test_paragraph_page_is_permanent_and_has_the_full_text(chat, services, client) -> None:  # type: ignore[no-untyped-def]
    for line in seed_000_script(seed_path("000")):
        chat(line, user=SECRETARY)
    tenant, pid = _paragraph(services, 19)
    slug = signer_for(services).tenant_slug(tenant)
    link = _link(services, SECRETARY, path=f"/arkiv/{slug}/paragraf/{pid}")
    page = client.get(link)
    assert page.status == 200
    assert "åiterrapportering" in page.text and "UTB 22/30" in page.text and "Inte justerad" in page.text
    # not justerad and not public: without a link nothing is shown
    bare = client.get(f"/arkiv/{slug}/paragraf/{pid}")
    assert bare.status == 401 and "samverkansmodell" not in bare.text and "Länk krävs" in bare.text


def test_public_justerad_paragraph_is_open_but_sekretess_is_for_members_only(chat, services, clock, client) -> None:  # type: ignore[no-untyped-def]
    adjust_seed_000(chat, services, clock)
    chat("beslut § 19", user="Olle Utomstående")  # a person of the tenant who is no member of the body
    tenant, p19 = _paragraph(services, 19)
    _tenant, p20 = _paragraph(services, 20)
    slug = signer_for(services).tenant_slug(tenant)
    open_page = client.get(f"/arkiv/{slug}/paragraf/{p19}")
    assert open_page.status == 200 and "åiterrapportering" in open_page.text and "Justerad" in open_page.text
    hidden = client.get(f"/arkiv/{slug}/paragraf/{p20}")
    assert hidden.status == 401 and not any(s in hidden.text for s in SECRETS)
    outsider = client.get(_link(services, "Olle Utomstående", path=f"/arkiv/{slug}/paragraf/{p20}"))
    assert outsider.status == 200 and "§ 20 Sekretess" in outsider.text
    assert not any(s in outsider.text for s in SECRETS)
    member = client.get(_link(services, SECRETARY, path=f"/arkiv/{slug}/paragraf/{p20}"))
    assert member.status == 200 and all(s in member.text for s in SECRETS)
    search = client.get(_link(services, "Olle Utomstående") + "&q=" + quote("§ 20"))
    assert "Sekretess" in search.text and not any(s in search.text for s in SECRETS)
    from storage.search import index_paragraph

    with services.sessions() as session:
        index_paragraph(session, session.get(Paragraph, p20))
        session.commit()
    by_word = client.get(_link(services, "Olle Utomstående") + "&q=HEMLIGTNAMN")
    assert "0 träffar" in by_word.text and "paragraf/" not in by_word.text  # the word must not confirm it
    own = client.get(_link(services, SECRETARY) + "&q=HEMLIGTNAMN")
    assert f"/paragraf/{p20}" in own.text


def test_forged_expired_and_revoked_links_get_no_data(chat, services, clock, client) -> None:  # type: ignore[no-untyped-def]
    for line in seed_000_script(seed_path("000")):
        chat(line, user=SECRETARY)
    tenant, pid = _paragraph(services, 19)
    slug = signer_for(services).tenant_slug(tenant)
    link = _link(services, SECRETARY, ttl=timedelta(hours=1)) + "&q=" + quote("samverkansmodell")
    assert "åiterrapportering" not in client.get(link).text  # list only, the full text is on the § page
    assert "Ny samverkansmodell" in client.get(link).text
    forged = link.replace("t=", "t=x", 1)
    tampered_sig = link.replace("&q=", "A&q=")
    cases = {"saknas": (f"/arkiv?q={quote('samverkansmodell')}", 401), "förfalskad": (forged, 403),
             "ändrad signatur": (tampered_sig, 403)}
    for name, (target, status) in cases.items():
        page = client.get(target)
        assert page.status == status, name
        assert "samverkansmodell i länet" not in page.text and "UTB 22/30" not in page.text, name
        assert 'lang="sv"' in page.text and "<h1>" in page.text
    clock.set(clock.value + timedelta(hours=1, seconds=1))
    expired = client.get(link)
    assert expired.status == 401 and "Länken har gått ut" in expired.text and "samverkansmodell i" not in expired.text
    fresh = _link(services, SECRETARY, path=f"/arkiv/{slug}/paragraf/{pid}")
    assert client.get(fresh).status == 200
    signer_for(services).revoke(tenant_id=tenant, person_id=person_id(services, SECRETARY)[1])
    revoked = client.get(fresh)
    assert revoked.status == 403 and "återkallad" in revoked.text and "åiterrapportering" not in revoked.text


def test_tenant_b_links_never_show_tenant_a(chat, services, client) -> None:  # type: ignore[no-untyped-def]
    for line in seed_000_script(seed_path("000")):
        chat(line, user=SECRETARY)
    tenant_a, pid = _paragraph(services, 19)
    with services.sessions() as session:
        from storage.models import Person

        b = Tenant(platform="slack", external_id="TB", name="Kommun B")
        session.add(b)
        session.flush()
        bob = Person(tenant_id=b.id, name=SECRETARY)  # same name, other organisation
        session.add(bob)
        session.commit()
        b_ids = (b.id, bob.id)
    signer = signer_for(services)
    b_link = signer.make_link(tenant_id=b_ids[0], person_id=b_ids[1], purpose="uppfoljning", now=services.now())
    slug_a, slug_b = signer.tenant_slug(tenant_a), signer.tenant_slug(b_ids[0])
    for query in ("utb 2022/30", "samverkansmodel", "§ 19"):
        page = client.get(b_link.replace("/uppfoljning", "/arkiv") + "&q=" + quote(query))
        assert page.status == 200 and "samverkansmodell i länet" not in page.text, query
    token = b_link.split("t=", 1)[1]
    wrong = client.get(f"/arkiv/{slug_a}/paragraf/{pid}?t={token}")
    assert wrong.status == 403 and "åiterrapportering" not in wrong.text
    assert client.get(f"/arkiv/{slug_b}/paragraf/{pid}?t={token}").status == 404
    board = client.get(b_link)
    assert board.status == 200 and "samverkansmodell" not in board.text and "skolchef" not in board.text
