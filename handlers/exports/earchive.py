"""The e-archive package of a body: its justerade protocols as PDF/A-2B plus JSON metadata.

A municipality's e-arkiv (and the FGS packages Riksarkivet specifies) wants files in a format
meant to last and metadata that can be read without the system that made them. This writes the
closest honest thing without a METS toolchain: one folder per export with ``protokoll/*.pdf``
(PDF/A-2B: embedded fonts, XMP with pdfaid, sRGB output intent — ``handlers.protocol.pdf``) and
``metadata.json`` naming every file with its SHA-256, the meeting's justering and anslag dates and
each § (number, title, dnr, sekretess). Only justerade protocols are archived: they are the record.
Sekretess §§ are left as «Sekretess» unless the archivist asks for them (``include_confidential``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.protocol.model import build_protocol, meeting_paragraphs
from handlers.protocol.pdf import render_pdf
from storage.models import Body, Meeting, Tenant

FORMAT = "samverkan-earkiv/1"
STANDARDS = {"protokoll": "PDF/A-2B (ISO 19005-2)", "metadata": "JSON (UTF-8)", "kontrollsumma": "SHA-256"}


@dataclass(frozen=True, slots=True)
class Archived:
    """What was written: the package folder and how many protocols it holds."""

    folder: Path
    protocols: int


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def write_package(session: Session, *, body: Body, tenant: Tenant, target: Path, zone: ZoneInfo, now: datetime,
                  year: int | None, include_confidential: bool) -> Archived:
    """Write the package to ``target`` (a new folder); all or nothing: it is built aside, then moved in place."""
    if target.exists():
        raise FileExistsError(f"Mappen {target} finns redan; välj en ny (arkivpaket skrivs aldrig över).")
    query = select(Meeting).where(Meeting.tenant_id == body.tenant_id, Meeting.body_id == body.id,
                                  Meeting.state == "justerat").order_by(Meeting.starts_at, Meeting.id)
    meetings = [m for m in session.scalars(query) if year is None or m.starts_at.astimezone(zone).year == year]
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".earkiv-", dir=target.parent))
    try:
        (staging / "protokoll").mkdir()
        entries = [_archive_meeting(session, meeting, body=body, folder=staging, zone=zone,
                                    include_confidential=include_confidential) for meeting in meetings]
        metadata = {
            "format": FORMAT, "skapad": now.isoformat(), "standarder": STANDARDS,
            "organisation": {"plattform": tenant.platform, "id": tenant.external_id, "namn": tenant.name},
            "organ": {"namn": body.name, "kortnamn": body.short_name, "typ": body.kind,
                      "förvaringsplats": body.storage_place},
            "år": year, "sekretess_medtagen": include_confidential, "möten": entries,
        }
        (staging / "metadata.json").write_text(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n",
                                               encoding="utf-8")
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Archived(folder=target, protocols=len(entries))


def _archive_meeting(session: Session, meeting: Meeting, *, body: Body, folder: Path, zone: ZoneInfo,
                     include_confidential: bool) -> dict[str, Any]:
    view = build_protocol(session, meeting, zone=zone, include_confidential=include_confidential)
    data = render_pdf(view, archival=True)
    name = f"protokoll/{(body.short_name or 'organ').replace('/', '-')}-{view.day.isoformat()}-{meeting.id}.pdf"
    (folder / name).write_bytes(data)
    return {
        "fil": name, "sha256": hashlib.sha256(data).hexdigest(), "byte": len(data),
        "datum": view.day.isoformat(), "plats_och_tid": view.place_time, "justerat": _iso(meeting.adjusted_at),
        "anslag_uppsatt": _iso(meeting.posted_on), "anslag_nedtaget": _iso(meeting.taken_down_on),
        "överklagande_till": _iso(meeting.appeal_ends_on), "förvaringsplats": meeting.storage_place,
        "paragrafer": [{"nummer": p.number, "år": p.year, "sekretess": bool(p.confidential),
                        "rubrik": p.title if include_confidential or not p.confidential else "Sekretess",
                        "dnr": (p.case.dnr_written if p.case else None)
                        if include_confidential or not p.confidential else None}
                       for p in meeting_paragraphs(session, meeting)],
    }
