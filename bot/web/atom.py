"""The anslagstavla as an Atom feed (RFC 4287), built with ElementTree so it is always well-formed.

Municipal websites and journalists subscribe to the board; a feed saves them polling the page.
"""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree as ET

from bot.web.notices import Notice, Summons
from bot.web.render import swedish_date

ATOM = "http://www.w3.org/2005/Atom"


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = text
    return element


def _entry(feed: ET.Element, *, entry_id: str, title: str, updated: datetime, link: str, summary: str) -> None:
    entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
    _text(entry, "id", entry_id)
    _text(entry, "title", title)
    _text(entry, "updated", updated.isoformat())
    ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": link})
    _text(entry, "summary", summary)


def atom_feed(*, title: str, base_url: str, slug: str, now: datetime, notices: list[Notice],
              summonses: list[Summons]) -> bytes:
    """The feed document: one entry per notice on the board and per kallelse."""
    ET.register_namespace("", ATOM)
    board_url = f"{base_url}/anslagstavla/{slug}"
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "sv"})
    _text(feed, "id", f"{board_url}/atom.xml")
    _text(feed, "title", title)
    stamps = [n.updated for n in notices] + [now]
    _text(feed, "updated", max(stamps).isoformat())
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", title)
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml",
                                            "href": f"{board_url}/atom.xml"})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": board_url})
    for n in notices:
        _entry(feed, entry_id=f"{board_url}/protokoll/{n.meeting_id}#anslag",
               title=f"Anslag: {n.body_name} {n.meeting_date.isoformat()} ({n.paragraphs})", updated=n.updated,
               link=f"{board_url}/protokoll/{n.meeting_id}",
               summary=(f"Protokollet justerat {swedish_date(n.adjusted_on)}, anslaget {swedish_date(n.posted_on)}, "
                        f"tas ned {swedish_date(n.taken_down_on)}. Överklagande senast "
                        f"{swedish_date(n.appeal_ends_on)}."))
    for s in summonses:
        _entry(feed, entry_id=f"{board_url}#kallelse-{s.meeting_id}",
               title=f"Kallelse: {s.body_name} {s.starts_at.date().isoformat()}", updated=now,
               link=f"{board_url}#kallelse-{s.meeting_id}",
               summary="Ärenden: " + ("; ".join(s.agenda) if s.agenda else "dagordningen är inte klar"))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
