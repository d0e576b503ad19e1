"""An uppdrag's task without the deadline it already states, for lines that show the deadline.

Why: a task taken from an att-sats keeps the decision's words — «ge skolchef i uppdrag att arbeta
vidare senast 2022-06-01» — and a line that then adds «– senast 1 juni 2022» says the date twice.
Only a trailing deadline phrase that reads as exactly the uppdrag's due date is left out; any other
words (a different date, a report-back meeting) stay, and the stored task is never changed.
"""

from __future__ import annotations

import re
from datetime import date

from handlers.parsing.dates import DateNotKept, parse_when

_TRAILING_DUE = re.compile(r"[\s,–-]*\b(?:senast|före|innan|till\s+den)\s+(?P<when>[^,;–]{1,40}?)[\s.;,]*$",
                           re.IGNORECASE)


def without_stated_due(task: str, *, due: date | None) -> str:
    """``task`` minus a closing «senast DATE» that names ``due``; else ``task`` as it is."""
    if due is None:
        return task
    match = _TRAILING_DUE.search(task)
    if match is None or match.start() == 0:
        return task
    try:
        when = parse_when(match.group("when"), reference=due)
    except DateNotKept:
        return task
    return task[:match.start()].rstrip() if when is not None and when.day == due else task
