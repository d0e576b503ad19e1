"""An uppdrag line says its deadline once: the task's own closing «senast DATE» is left out only
when it names exactly the due date."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.task_words import without_stated_due

DUE = date(2022, 6, 1)


@pytest.mark.parametrize(("task", "shown"), [
    ("ge skolchef i uppdrag att arbeta vidare senast 2022-06-01", "ge skolchef i uppdrag att arbeta vidare"),
    ("återkomma med förslag senast 1/6.", "återkomma med förslag"),
    ("ta fram förslag, senast den 1 juni 2022", "ta fram förslag"),
    ("arbeta vidare senast 2022-06-02", "arbeta vidare senast 2022-06-02"),  # another day: kept
    ("rapportera före mötet 9/12", "rapportera före mötet 9/12"),  # not the due date
    ("senast 1/6", "senast 1/6"),  # nothing would be left
    ("senast 1/6 ska rapporten vara klar", "senast 1/6 ska rapporten vara klar"),  # not at the end
    ("klart senast 30/2", "klart senast 30/2"),  # a date that does not exist is no match
])
def test_only_a_closing_deadline_naming_the_due_date_is_left_out(task: str, shown: str) -> None:
    assert without_stated_due(task, due=DUE) == shown


def test_without_a_due_date_the_task_is_untouched() -> None:
    assert without_stated_due("arbeta vidare senast 2022-06-01", due=None) == "arbeta vidare senast 2022-06-01"
