"""Signed links: bound to tenant and person, expiring, revocable, surviving a restart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.web.links import LinkError, LinkSigner, signer_for
from storage.models import Person, Tenant

NOW = datetime(2022, 4, 4, 12, 0, tzinfo=UTC)


@pytest.fixture
def people(services):  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        a, b = Tenant(platform="slack", external_id="TA", name="A"), Tenant(platform="slack", external_id="TB", name="B")
        session.add_all([a, b])
        session.flush()
        pa, pb = Person(tenant_id=a.id, name="Anna"), Person(tenant_id=b.id, name="Bo")
        session.add_all([pa, pb])
        session.commit()
        return {"a": (a.id, pa.id), "b": (b.id, pb.id)}


def _token(signer: LinkSigner, ids: tuple[int, int], **kw) -> str:  # type: ignore[no-untyped-def]
    return signer.token(tenant_id=ids[0], person_id=ids[1], purpose=kw.get("purpose", "arkiv"),
                        ttl=kw.get("ttl"), now=kw.get("now", NOW))


def test_valid_link_grants_its_tenant_and_person(services, people) -> None:  # type: ignore[no-untyped-def]
    signer = signer_for(services)
    grant = signer.verify(_token(signer, people["a"]), page="arkiv", now=NOW)
    assert (grant.tenant_id, grant.person_id, grant.purpose) == (*people["a"], "arkiv")
    assert grant.expires_at == NOW + timedelta(hours=12)  # SAMVERKAN_LINK_TTL_HOURS default


def test_link_url_points_at_the_purpose_page(services, people) -> None:  # type: ignore[no-untyped-def]
    url = signer_for(services).make_link(tenant_id=people["a"][0], person_id=people["a"][1], purpose="uppfoljning",
                                         now=NOW)
    assert url.startswith(f"{services.public_url}/uppfoljning?t=")


@pytest.mark.parametrize("mutate", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),          # signature changed
    lambda t: t.replace(t.split(".")[0], t.split(".")[0][:-1] + "x"),     # payload changed
    lambda t: "nonsense",
    lambda t: t.split(".")[0],                                            # signature dropped
])
def test_forged_links_are_refused(services, people, mutate) -> None:  # type: ignore[no-untyped-def]
    signer = signer_for(services)
    with pytest.raises(LinkError) as refused:
        signer.verify(mutate(_token(signer, people["a"])), page="arkiv", now=NOW)
    assert refused.value.kind == "forged" and refused.value.status == 403


def test_payload_from_other_tenant_cannot_be_re_signed(services, people) -> None:  # type: ignore[no-untyped-def]
    """Swapping the person id to one in another tenant breaks the signature."""
    import base64

    signer = signer_for(services)
    token = _token(signer, people["a"])
    payload = base64.urlsafe_b64decode(token.split(".")[0] + "==").decode().split(".")
    payload[0], payload[1] = str(people["b"][0]), str(people["b"][1])
    forged = base64.urlsafe_b64encode(".".join(payload).encode()).decode().rstrip("=") + "." + token.split(".")[1]
    with pytest.raises(LinkError, match="forged"):
        signer.verify(forged, page="arkiv", now=NOW)


def test_person_of_other_tenant_is_refused_even_if_signed(services, people) -> None:  # type: ignore[no-untyped-def]
    signer = signer_for(services)
    mixed = signer.token(tenant_id=people["a"][0], person_id=people["b"][1], purpose="arkiv", ttl=None, now=NOW)
    with pytest.raises(LinkError, match="forged"):
        signer.verify(mixed, page="arkiv", now=NOW)


def test_expired_and_missing_links_are_401(services, people) -> None:  # type: ignore[no-untyped-def]
    signer = signer_for(services)
    token = _token(signer, people["a"], ttl=timedelta(hours=1))
    signer.verify(token, page="arkiv", now=NOW + timedelta(minutes=59))
    for missing in (None, ""):
        with pytest.raises(LinkError) as refused:
            signer.verify(missing, page="arkiv", now=NOW)
        assert refused.value.status == 401
    with pytest.raises(LinkError) as refused:
        signer.verify(token, page="arkiv", now=NOW + timedelta(hours=1))
    assert (refused.value.kind, refused.value.status) == ("expired", 401)


def test_revoked_links_stop_working_and_new_ones_work(services, people) -> None:  # type: ignore[no-untyped-def]
    signer = signer_for(services)
    old = _token(signer, people["a"])
    other = _token(signer, people["b"])
    signer.revoke(tenant_id=people["a"][0], person_id=people["a"][1])
    with pytest.raises(LinkError, match="revoked"):
        signer.verify(old, page="arkiv", now=NOW)
    signer.verify(_token(signer, people["a"]), page="arkiv", now=NOW)
    signer.verify(other, page="arkiv", now=NOW)  # only that person's links


def test_purpose_limits_the_pages(services, people) -> None:  # type: ignore[no-untyped-def]
    signer = signer_for(services)
    with pytest.raises(LinkError, match="wrong_purpose"):
        signer.verify(_token(signer, people["a"], purpose="arkiv"), page="uppfoljning", now=NOW)
    signer.verify(_token(signer, people["a"], purpose="uppfoljning"), page="arkiv", now=NOW)
    with pytest.raises(ValueError):
        _token(signer, people["a"], purpose="admin")


def test_generated_secret_survives_restart_and_configured_secret_wins(services, people) -> None:  # type: ignore[no-untyped-def]
    from bot.config import Settings
    from handlers.context import Services

    token = _token(signer_for(services), people["a"])
    restarted = Services(sessions=services.sessions, zone=services.zone, clock=services.clock,
                         extras={"settings": services.extras["settings"]})
    assert signer_for(restarted).verify(token, page="arkiv", now=NOW).person_id == people["a"][1]
    assert signer_for(restarted).tenant_slug(1) == signer_for(services).tenant_slug(1)
    configured = Services(sessions=services.sessions, zone=services.zone, clock=services.clock, extras={
        "settings": Settings(SAMVERKAN_LINK_SECRET="s3cret", SAMVERKAN_LINK_TTL_HOURS=2)})
    with pytest.raises(LinkError, match="forged"):
        signer_for(configured).verify(token, page="arkiv", now=NOW)
    own = _token(signer_for(configured), people["a"])
    assert signer_for(configured).verify(own, page="arkiv", now=NOW).expires_at == NOW + timedelta(hours=2)


def test_tenant_slug_is_stable_and_tamper_evident(services, people) -> None:  # type: ignore[no-untyped-def]
    signer = signer_for(services)
    slug = signer.tenant_slug(people["a"][0])
    assert signer.tenant_from_slug(slug) == people["a"][0]
    assert signer.tenant_from_slug(f"{people['b'][0]}-{slug.split('-')[1]}") is None
    assert signer.tenant_from_slug("abc") is None


def test_weblinks_helper_returns_none_without_a_signer(services, people) -> None:  # type: ignore[no-untyped-def]
    from handlers.weblinks import followup_link, paragraph_link

    assert services.link_signer is not None  # bootstrap installs it in every process
    services.link_signer = None
    assert paragraph_link(services, tenant_id=people["a"][0], person_id=people["a"][1], paragraph_id=1) is None
    signer_for(services)
    url = paragraph_link(services, tenant_id=people["a"][0], person_id=people["a"][1], paragraph_id=7)
    assert url and f"/arkiv/{signer_for(services).tenant_slug(people['a'][0])}/paragraf/7?t=" in url
    assert "/uppfoljning?t=" in (followup_link(services, tenant_id=people["a"][0], person_id=people["a"][1]) or "")


def test_secret_rows_are_created_once(services, people) -> None:  # type: ignore[no-untyped-def]
    from bot.web.secrets import web_secret

    signer_for(services).tenant_slug(1)
    with services.sessions() as session:
        assert sorted(session.scalars(select(web_secret.c.name))) == ["link", "slug"]
