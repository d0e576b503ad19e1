"""Presence lists of protocols: who took part, for which party, in which role, from where.

Word tables lose their cell breaks on export, so a list arrives as one run-on line:
``Mikael Johansson (S) (ordförande) Anna Arvidson (S) (vice ordförande) Lina Lindman (VF)`` or
``Anneli Alm, Falköping Robert Rydquist, Falköping``. The parenthesised groups and the
"name, organisation" pairs are the only reliable separators, so both styles are read from
them; a list with one person per line (or bullet) is read line by line.
"""

from __future__ import annotations

import re

from handlers.archive.model import ParsedPerson

_PAREN_RUN = re.compile(r"([^()]*?)\s*((?:\([^()]*\)\s*)+)")
_PARTY = re.compile(r"^(?:[A-ZÅÄÖ]{1,4}|MP|KD|SD|Fi|Kd|Mp)$")
_BULLET = re.compile(r"^(?:[-–•*]|\d{1,2}[.)])\s+")
_NAME_WORD = re.compile(r"^(?:[A-ZÅÄÖÉÜ][\w'’.-]*|von|af|de|van|der|el|al)$")
# Second words of an organisation name ("Skaraborgs Kommunalförbund", "Region Västernorrland").
_ORG_TAIL = re.compile(
    r"(?:förbund|kommun|kommunalförbund|region|regionen|förvaltning(?:en)?|nämnd(?:en)?|universitet|"
    r"högskola|skola|gymnasium|länsstyrelse(?:n)?|ab|förening(?:en)?|kommunförbund)$",
    re.IGNORECASE,
)


def is_name(text: str) -> bool:
    """Two to five capitalised words: how a person's name looks in a presence list."""
    words = text.split()
    return 2 <= len(words) <= 5 and all(_NAME_WORD.match(w) for w in words)


def parse_people(text: str) -> list[ParsedPerson]:
    """Every person in a presence list, in order; sub-headings become the role of what follows."""
    people: list[ParsedPerson] = []
    group: str | None = None
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for index, line in enumerate(lines):
        bullet = bool(_BULLET.match(line))
        entry = _BULLET.sub("", line)
        next_is_bullet = index + 1 < len(lines) and bool(_BULLET.match(lines[index + 1]))
        if not bullet and next_is_bullet and "," not in entry:
            group = entry.rstrip(":")
            continue
        if not bullet:
            group = None
        found = parse_people_line(entry)
        if group:
            found = [ParsedPerson(p.name, p.party, p.role or group, p.organisation) for p in found]
        people.extend(found)
    return people


def parse_people_line(line: str) -> list[ParsedPerson]:
    """One line that may hold several people run together."""
    line = line.strip().rstrip(".,;")
    if not line:
        return []
    if "(" in line:
        return _parenthesised(line)
    if "," in line:
        return _comma_pairs(line)
    return [ParsedPerson(name=name) for name in _split_bare_names(line)]


def _parenthesised(line: str) -> list[ParsedPerson]:
    people: list[ParsedPerson] = []
    position = 0
    for match in _PAREN_RUN.finditer(line):
        if not match.group(1).strip() and not people:
            continue
        lead = match.group(1).strip(" ,;")
        names = [lead] if lead else []  # before a "(…)" stands exactly one person
        party, roles = None, []
        for inner in re.findall(r"\(([^()]*)\)", match.group(2)):
            for part in (p.strip() for p in inner.split(",")):
                if _PARTY.match(part) and party is None:
                    party = part
                elif part:
                    roles.append(part)
        if names:
            people.append(ParsedPerson(name=names[-1], party=party, role=", ".join(roles) or None))
        elif people:  # "(S) (ordförande)" split over two runs: complete the previous person
            last = people.pop()
            role = ", ".join(filter(None, [last.role, *roles])) or None
            people.append(ParsedPerson(last.name, last.party or party, role, last.organisation))
        position = match.end()
    rest = line[position:].strip(" ,;")
    people.extend(ParsedPerson(name=name) for name in _split_bare_names(rest))
    return people


def _comma_pairs(line: str) -> list[ParsedPerson]:
    """``Name, Org Name, Org …``: each middle chunk is "organisation of previous + next name"."""
    chunks = [c.strip() for c in line.split(",") if c.strip()]
    if all(is_name(c) for c in chunks) and not _looks_like_pair(chunks):
        return [ParsedPerson(name=c) for c in chunks]
    people: list[ParsedPerson] = []
    name = chunks[0]
    for chunk in chunks[1:]:
        organisation, next_name = _split_org_and_name(chunk)
        people.append(ParsedPerson(name=name, organisation=organisation or None))
        name = next_name
    if name:
        people.append(ParsedPerson(name=name))
    return people


def _looks_like_pair(chunks: list[str]) -> bool:
    return len(chunks) == 2 and bool(_ORG_TAIL.search(chunks[1].split()[-1]))


def _split_org_and_name(chunk: str) -> tuple[str, str]:
    """``Skaraborgs Kommunalförbund Daniel Ekman`` → (organisation, name)."""
    words = chunk.split()
    cut = 1
    while cut < len(words) - 2 and _ORG_TAIL.search(words[cut]):
        cut += 1
    if len(words) - cut < 2 or not is_name(" ".join(words[cut:])):
        return chunk, ""
    return " ".join(words[:cut]), " ".join(words[cut:])


def _split_bare_names(text: str) -> list[str]:
    """Names without separators: one name, or an even run of two-word names."""
    words = text.split()
    if not words:
        return []
    if len(words) >= 4 and len(words) % 2 == 0 and all(_NAME_WORD.match(w) for w in words):
        return [" ".join(words[i : i + 2]) for i in range(0, len(words), 2)]
    return [" ".join(words)]
