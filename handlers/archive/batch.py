"""Importing files: which files, which tenant, one transaction per file.

Shared by the ``samverkan import`` command and the chat upload, so both read, parse and write a
file the same way. A file that cannot be read or written is rolled back alone and reported in
Swedish; the next file is imported as if nothing had happened.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from handlers.archive import texts
from handlers.archive.importer import ImportResult, import_document
from handlers.archive.memo import ImportMemo
from handlers.archive.model import ParsedDocument
from handlers.archive.protocol_parser import parse_document
from handlers.archive.text import ImportReadError, read_document
from handlers.context import Services, TenantRef
from storage.models import Tenant

log = logging.getLogger(__name__)
SUFFIXES = frozenset({".txt", ".md", ".pdf"})
# Below this many files a pool costs more to start (a fresh interpreter per worker) than it saves.
POOL_MIN_FILES = 200
POOL_WORKERS = 2


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
                reference: date | None = None, memo: ImportMemo | None = None) -> ImportResult:
    """Read, parse and write one file in its own transaction; never raises for a bad file."""
    text = read_file(path, source_name=source_name)
    if isinstance(text, ImportResult):
        return text
    now = services.clock()
    parsed = parse_document(text, source_name=source_name, reference=reference or now.astimezone(services.zone).date())
    return write_parsed(services, tenant=tenant, parsed=parsed, reference=reference, memo=memo, now=now)


def write_parsed(services: Services, *, tenant: TenantRef, parsed: ParsedDocument, reference: date | None = None,
                 memo: ImportMemo | None = None, now: datetime | None = None) -> ImportResult:
    """Write an already parsed file in its own transaction; the memo learns only what was committed."""
    with services.sessions() as session:
        _relaxed_commit(session)
        tenant_id = tenant_for(session, ref=tenant).id
        result = _write_in_savepoint(session, tenant_id=tenant_id, parsed=parsed, services=services,
                                     reference=reference, memo=memo, now=now or services.clock())
        try:
            session.commit()
        except BaseException:
            if memo is not None:
                memo.discard()
            raise
        if memo is not None:
            memo.commit()
        return result


def _relaxed_commit(session: Session) -> None:
    """On PostgreSQL, this file's commit does not wait for the disk flush (``synchronous_commit``).

    Why: an archive import commits once per file, and waiting for each flush made PostgreSQL more
    than twice as slow as SQLite. The setting is local to the transaction and cannot corrupt
    anything: a crash can at most lose the last files committed before it, and importing the folder
    again writes exactly those (files already in are recognised by their content hash).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL synchronous_commit = off"))


def import_text(session: Session, *, tenant_id: int, text: str, source_name: str, services: Services,
                reference: date | None = None) -> ImportResult:
    """Parse and write a text inside a savepoint of ``session``: a failure undoes this file only."""
    now = services.clock()
    parsed = parse_document(text, source_name=source_name, reference=reference or now.astimezone(services.zone).date())
    return _write_in_savepoint(session, tenant_id=tenant_id, parsed=parsed, services=services, reference=reference,
                               now=now)


def _write_in_savepoint(session: Session, *, tenant_id: int, parsed: ParsedDocument, services: Services,
                        reference: date | None, now: datetime, memo: ImportMemo | None = None) -> ImportResult:
    try:
        with session.begin_nested():
            return import_document(session, tenant_id=tenant_id, parsed=parsed, zone=services.zone,
                                   reference=reference, now=now, memo=memo)
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the batch; logged in full
        if memo is not None:
            memo.discard()
        log.exception("import of %s failed", parsed.source_name)
        return ImportResult(source_name=parsed.source_name, status="failed", kind=parsed.kind,
                            error=texts.UNEXPECTED.format(error=type(error).__name__))


def import_files(services: Services, *, tenant: TenantRef, files: list[tuple[Path, str]],
                 reference: date | None = None, workers: int | None = None) -> Iterator[ImportResult]:
    """Import many ``(path, source name)`` files, yielding each result in order as its transaction commits.

    Why not ``import_file`` in a loop: reading and parsing is a fifth of a file's CPU and needs no
    database, so for a large batch two worker processes parse ahead while this process writes; and
    one ImportMemo spares later files the case and dictionary lookups earlier ones made. Writing
    stays here, one transaction per file, in file order, so the outcome equals a sequential import.
    ``workers=0`` (or fewer than POOL_MIN_FILES files) parses in this process.
    """
    memo = ImportMemo()
    now = services.clock()
    day = reference or now.astimezone(services.zone).date()
    count = POOL_WORKERS if workers is None else workers
    if count < 1 or len(files) < POOL_MIN_FILES:
        for path, name in files:
            yield import_file(services, tenant=tenant, path=path, source_name=name, reference=reference, memo=memo)
        return
    # spawn, not fork: the parent holds database connections and, under the CLI, a progress thread.
    pool = multiprocessing.get_context("spawn").Pool(processes=count, initializer=_quiet_worker)
    try:
        jobs = [(path, name, day) for path, name in files]
        for parsed in pool.imap(_read_and_parse, jobs, chunksize=8):
            if isinstance(parsed, ImportResult):
                yield parsed
            else:
                yield write_parsed(services, tenant=tenant, parsed=parsed, reference=reference, memo=memo,
                                   now=services.clock())
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def _quiet_worker() -> None:
    """A spawned worker has no log configured, so pypdf's English warnings about a repaired PDF would
    reach the user's terminal through logging's last-resort handler. They are dropped here: the
    parent reports each file's outcome in Swedish, and an unreadable file comes back as its result."""
    logging.getLogger().addHandler(logging.NullHandler())


def _read_and_parse(job: tuple[Path, str, date]) -> ParsedDocument | ImportResult:
    """Worker side of ``import_files``: a file's parsed document, or why it could not be read."""
    path, source_name, day = job
    text = read_file(path, source_name=source_name)
    if isinstance(text, ImportResult):
        return text
    return parse_document(text, source_name=source_name, reference=day)
