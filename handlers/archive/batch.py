"""Importing files: which files, which tenant, one transaction per file.

Shared by the ``samverkan import`` command and the chat upload, so both read, parse and write a
file the same way. A file that cannot be read or written is rolled back alone and reported in
Swedish; the next file is imported as if nothing had happened.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from handlers.archive import texts
from handlers.archive.importer import ImportResult, import_document
from handlers.archive.protocol_parser import parse_document
from handlers.archive.text import ImportReadError, read_document
from handlers.context import Services, TenantRef
from storage.models import Tenant

log = logging.getLogger(__name__)
SUFFIXES = frozenset({".txt", ".md", ".pdf"})


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Files given by name (any type: a wrong type is reported, not ignored) and, in folders, every .txt/.md/.pdf."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        else:
            found.append(path)
    unique: dict[Path, None] = dict.fromkeys(found)
    return list(unique)


def tenant_for(session: Session, *, ref: TenantRef) -> Tenant:
    """The tenant an import goes to, created when the workspace has never written to us."""
    query = select(Tenant).where(Tenant.platform == ref.platform, Tenant.external_id == ref.external_id)
    tenant = session.scalars(query).first()
    if tenant is not None:
        return tenant
    try:
        with session.begin_nested():
            tenant = Tenant(platform=ref.platform, external_id=ref.external_id, name=ref.name or ref.external_id)
            session.add(tenant)
        return tenant
    except IntegrityError:
        return session.scalars(query).one()


def source_name_for(path: Path, *, roots: Iterable[Path] = ()) -> str:
    """The name a file is known by in the archive: relative to the folder it was found in, else its name.

    Stable across runs from different working directories, so re-importing a folder finds its files again.
    """
    resolved = path.resolve()
    for root in roots:
        root = root.resolve()
        if root.is_dir() and resolved.is_relative_to(root):
            return resolved.relative_to(root).as_posix()
    return path.name


def read_file(path: Path, *, source_name: str) -> str | ImportResult:
    """The file's normalised text, or a failed ImportResult saying in Swedish why it cannot be read."""
    if path.suffix.lower() not in SUFFIXES and path.is_file():
        return ImportResult(source_name=source_name, status="failed",
                            error=texts.UNSUPPORTED_TYPE.format(suffix=path.suffix or "(ingen)"))
    try:
        return read_document(path)
    except ImportReadError as error:
        return ImportResult(source_name=source_name, status="failed", error=error.message)
    except OSError as error:
        return ImportResult(source_name=source_name, status="failed", error=texts.READ_FAILED.format(reason=error))


def import_file(services: Services, *, tenant: TenantRef, path: Path, source_name: str,
                reference: date | None = None) -> ImportResult:
    """Read, parse and write one file in its own transaction; never raises for a bad file."""
    text = read_file(path, source_name=source_name)
    if isinstance(text, ImportResult):
        return text
    with services.sessions() as session:
        tenant_id = tenant_for(session, ref=tenant).id
        result = import_text(session, tenant_id=tenant_id, text=text, source_name=source_name,
                             services=services, reference=reference)
        session.commit()
        return result


def import_text(session: Session, *, tenant_id: int, text: str, source_name: str, services: Services,
                reference: date | None = None) -> ImportResult:
    """Parse and write a text inside a savepoint of ``session``: a failure undoes this file only."""
    now = services.clock()
    parsed = parse_document(text, source_name=source_name, reference=reference or now.astimezone(services.zone).date())
    try:
        with session.begin_nested():
            return import_document(session, tenant_id=tenant_id, parsed=parsed, zone=services.zone,
                                   reference=reference, now=now)
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the batch; logged in full
        log.exception("import of %s failed", source_name)
        return ImportResult(source_name=source_name, status="failed", kind=parsed.kind,
                            error=texts.UNEXPECTED.format(error=type(error).__name__))
