"""Dated assignments written as running prose instead of an att-list.

Many protocols state a follow-up in a sentence: «Rutinen ska redovisas skriftligen … senast den
31 oktober 2023», «Förvaltningen ska återrapportera till styrgruppen senast 2024-03-01». The bot
exists to follow such deadlines up, so a sentence like that becomes a decision point of its §
(kept as written) and goes through the same assignment reading as a listed clause.

Nothing is invented: a sentence counts only when the assignment reader finds a dated assignment in
it, the date is after the meeting (a deadline that had already passed is background: «skulle
inkomma … senast den 1 juli 2023»), and it is not a retelling or a document reference — a date in
a «beslutsunderlag» or a «skrivelse daterad» line, «beslutade …», «gav … i uppdrag», «inkom» is
no deadline. Running text that merely describes the case (a § that also has decision points) is
not searched at all: there the decision points are the record.
"""

from __future__ import annotations

import re
from datetime import date

from handlers.parsing.assignments import extract_assignments

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])|\n+")
_DEADLINE = re.compile(r"\b(?:senast|före|innan|till\s+den|klar[ta]?\s+(?:den\s+)?)\b", re.IGNORECASE)
_RETOLD = re.compile(
    r"\b(?:beslutsunderlag|daterad|daterat|skrivelse|inkom|inkommit|inkommen|beslutade|beslutat|gav|fick|"
    r"mottog|skulle|lämnade|tidigare|protokollsutdrag)\b",
    re.IGNORECASE,
)


def prose_deadlines(text: str, *, after: date, known: list[str]) -> list[str]:
    """The sentences of ``text`` that give a dated assignment due after ``after``, not already in ``known``."""
    found: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        sentence = sentence.strip(" -–•*\t")
        if len(sentence) < 12 or not _DEADLINE.search(sentence) or _RETOLD.search(sentence):
            continue
        if any(sentence in clause or clause in sentence for clause in known if clause):
            continue
        dated = [a for a in extract_assignments([sentence], reference=after)
                 if (a.due or a.report_at) and max(d for d in (a.due, a.report_at) if d) > after]
        if dated:
            found.append(sentence)
    return found
