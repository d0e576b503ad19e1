"""The samverkan year's per-§ records: jäv and attendance changes, and expediering receipts.

Both hang on the protocol rather than on a person's seat: a jäv or a replacement holds for some
§§ of one meeting only, and a receipt is the proof that one recipient got one protokollsutdrag.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, TenantOwned
from storage.types import UTCDateTime

ATTENDANCE_CHANGE_KINDS = ("jäv", "ersätter")
RECEIPT_KINDS = ("member", "external", "withheld")


class ParagraphAttendance(TenantOwned, Base):
    """A member jävig on §§ first…last, or someone replacing another member for those §§."""

    __tablename__ = "paragraph_attendance"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    replaces_name: Mapped[str | None] = mapped_column(String(200))
    first_number: Mapped[int] = mapped_column(Integer)
    last_number: Mapped[int] = mapped_column(Integer)


class DispatchReceipt(TenantOwned, Base):
    """One recipient of one § on «Beslutet ska skickas till»: sent when, acknowledged when.

    ``kind`` is ``member`` (a DM with a «Mottaget» button), ``external`` (a signed link listed for
    e-mail) or ``withheld`` (a sekretess § is never sent outside the body's members).
    """

    __tablename__ = "dispatch_receipt"
    __table_args__ = (UniqueConstraint("paragraph_id", "recipient"),)

    paragraph_id: Mapped[int] = mapped_column(ForeignKey("paragraph.id", ondelete="CASCADE"), index=True)
    recipient: Mapped[str] = mapped_column(String(300))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
