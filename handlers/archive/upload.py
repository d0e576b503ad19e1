"""A protocol uploaded in chat: the secretary drops a file in Slack or Teams and gets the summary.

Call it inside the adapter's transaction (as ``dispatch`` does for commands) and commit after
it returns; a failed file is rolled back to a savepoint, so committing is always safe.

The adapters download the file and call ``import_upload``; everything else — who may import,
how big a file may be, reading, parsing, writing, and the Swedish answer — lives here so Slack
and Teams behave the same. A refused or broken file leaves nothing behind.
"""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.archive import texts
from handlers.archive.batch import import_text, read_file
from handlers.archive.importer import ImportResult, describe
from handlers.context import Services
from handlers.reply import Fact, Reply, Section
from handlers.roles import RECORDERS
from handlers.scope import Scope
from storage.models import Membership

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def import_upload(session: Session, *, scope: Scope, filename: str, content: bytes, services: Services) -> Reply:
    """Import an uploaded file for the uploader's tenant; only a sekreterare/ordförande may."""
    name = PurePath(filename).name or "uppladdad.txt"
    if not _may_import(session, scope=scope):
        return Reply(text=texts.UPLOAD_NOT_ALLOWED, tone="error", ephemeral=True)
    if len(content) > MAX_UPLOAD_BYTES:
        size = f"{len(content) / 1024 / 1024:.1f}".replace(".", ",")
        return Reply(text=texts.UPLOAD_TOO_LARGE.format(name=name, size=size, limit=MAX_UPLOAD_BYTES // 1024 // 1024),
                     tone="error", ephemeral=True)
    if not content.strip():
        return Reply(text=texts.UPLOAD_EMPTY.format(name=name), tone="error", ephemeral=True)
    source_name = f"uppladdad/{name}"
    with tempfile.TemporaryDirectory(prefix="samverkan-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        text = read_file(path, source_name=source_name)
    if isinstance(text, str):
        text = import_text(session, tenant_id=scope.tenant.id, text=text, source_name=source_name, services=services)
    return upload_reply(text, name=name)


def upload_reply(result: ImportResult, *, name: str) -> Reply:
    """The summary the uploader sees: counts, then what to check."""
    if result.status == "failed":
        return Reply(text=texts.UPLOAD_FAILED.format(name=name, reason=result.error), tone="error", ephemeral=True)
    if result.status == "unchanged":
        return Reply(title=texts.UPLOAD_TITLE.format(name=name), text=texts.UPLOAD_UNCHANGED, tone="info")
    if result.status == "empty":
        return Reply(title=texts.UPLOAD_TITLE.format(name=name), text=texts.NO_PROTOCOL, tone="error")
    labels = dict(zip(("meetings", "paragraphs", "assignments", "agreements"), texts.SUMMARY_COLUMNS[1:5], strict=True))
    facts = tuple(Fact(label, str(getattr(result, key))) for key, label in labels.items())
    sections = (Section(heading=texts.WARNINGS_TITLE, lines=tuple(result.warnings)),) if result.warnings else ()
    done = texts.UPLOAD_DONE.format(status=texts.STATUS[result.status]) + " " + _sentence(describe(result))
    return Reply(title=texts.UPLOAD_TITLE.format(name=name), text=done,
                 facts=facts, sections=sections, tone="warning" if result.warnings else "success")


def _may_import(session: Session, *, scope: Scope) -> bool:
    """A sekreterare or ordförande of any body of the tenant keeps its archive."""
    query = select(Membership.id).where(Membership.tenant_id == scope.tenant.id, Membership.person_id == scope.person.id,
                                        Membership.role.in_(RECORDERS)).limit(1)
    return session.scalar(query) is not None


def _sentence(text: str) -> str:
    """The summary line as a sentence (``str.capitalize`` would lowercase the organ's name)."""
    return text[:1].upper() + text[1:] + "."
