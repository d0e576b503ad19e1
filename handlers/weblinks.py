"""Links from chat replies to the web pages ("Öppna i webbläsaren", ``/uppdrag tavla``).

Handlers stay platform- and web-neutral: they ask ``services.link_signer`` (installed by the
web server's ``mount``) for a signed URL and get None when no web server runs in this process
(the terminal chat), in which case the reply simply has no link.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from handlers.context import LinkSigning, Services


def _signer(services: Services) -> LinkSigning | None:
    """The signer when links can be made: one is installed and the server has a public URL."""
    signer = services.link_signer
    return signer if signer is not None and services.public_url and hasattr(signer, "make_link") else None


def paragraph_link(services: Services, *, tenant_id: int, person_id: int, paragraph_id: int,
                   session: Session | None = None) -> str | None:
    """Signed URL of a paragraph's permanent page for this person, or None without a web server."""
    signer = _signer(services)
    if signer is None:
        return None
    path = f"/arkiv/{signer.tenant_slug(tenant_id)}/paragraf/{paragraph_id}"
    return signer.make_link(tenant_id=tenant_id, person_id=person_id, purpose="arkiv", now=services.now(), path=path,
                            session=session)


def public_paragraph_link(services: Services, *, tenant_id: int, paragraph_id: int) -> str | None:
    """Unsigned URL of a paragraph's public page (open to anyone only when the § itself is public)."""
    signer = _signer(services)
    if signer is None:
        return None
    return f"{services.public_url}/arkiv/{signer.tenant_slug(tenant_id)}/paragraf/{paragraph_id}"


def followup_link(services: Services, *, tenant_id: int, person_id: int) -> str | None:
    """Signed URL of the follow-up board (``/uppdrag tavla``), or None without a web server."""
    signer = _signer(services)
    if signer is None:
        return None
    return signer.make_link(tenant_id=tenant_id, person_id=person_id, purpose="uppfoljning", now=services.now())


def archive_link(services: Services, *, tenant_id: int, person_id: int) -> str | None:
    """Signed URL of the archive search page, or None without a web server."""
    signer = _signer(services)
    if signer is None:
        return None
    return signer.make_link(tenant_id=tenant_id, person_id=person_id, purpose="arkiv", now=services.now())


def board_url(services: Services, *, tenant_id: int) -> str | None:
    """Public URL of the tenant's anslagstavla (no signature: the board is public)."""
    signer = _signer(services)
    return f"{services.public_url}/anslagstavla/{signer.tenant_slug(tenant_id)}" if signer is not None else None


def protocol_pdf_link(services: Services, *, tenant_id: int, person_id: int, meeting_id: int,
                      session: Session | None = None) -> str | None:
    """Signed URL of a meeting's protocol as PDF for this person (members get their view), or None
    without a web server."""
    signer = _signer(services)
    if signer is None:
        return None
    path = f"/arkiv/{signer.tenant_slug(tenant_id)}/protokoll/{meeting_id}.pdf"
    return signer.make_link(tenant_id=tenant_id, person_id=person_id, purpose="arkiv", now=services.now(), path=path,
                            session=session)
