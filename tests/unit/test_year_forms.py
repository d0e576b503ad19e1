"""The series and kallelse forms: their fields become the typed command without a field leaking into another."""

from __future__ import annotations

import pytest

from handlers.errors import UserError
from handlers.parsing.fields import parse_fields
from handlers.year_forms import kallelse_form, kallelse_line, series_form, series_line


def test_a_place_that_holds_a_label_word_stays_the_place() -> None:
    line = series_line({"dates": "9/4, 14/5", "time": "kl. 09:00-10:00", "place": 'Rådhuset, "organ" antal 3',
                        "count": "2", "body": "AE"})
    assert line == 'datum 9/4, 14/5 kl. 09:00-10:00 plats "Rådhuset, organ antal 3" antal 2 organ "AE"'
    fields = parse_fields(line, labels={"plats": "place", "organ": "body", "antal": "count"})
    assert (fields.get("place"), fields.get("count"), fields.get("body")) == ("Rådhuset, organ antal 3", "2", "AE")


def test_a_rule_is_passed_as_written_with_its_period() -> None:
    line = series_line({"dates": "tredje tisdagen varje månad utom juli", "period": "läsår 2018/2019"})
    assert line == "läsår 2018/2019 tredje tisdagen varje månad utom juli"


def test_kallelse_line_and_missing_fields() -> None:
    assert kallelse_line({"meeting": "2019-04-09", "deadline": "2019-04-02"}) == "2019-04-09 ärenden senast 2019-04-02"
    with pytest.raises(UserError, match="Mötets datum"):
        kallelse_line({"deadline": "2019-04-02"})
    with pytest.raises(UserError, match="Datum eller regel"):
        series_line({"dates": "  "})


def test_both_forms_render_on_slack_and_teams() -> None:
    from bot.slack.modals import Origin, form_view
    from bot.teams.cards import card_for
    from handlers.reply import Reply

    for form in (series_form(), kallelse_form()):
        view = form_view(form=form, origin=Origin(command=form.command, channel_id="C1", channel_name="sg"))
        assert [b["block_id"] for b in view["blocks"]] == [f.name for f in form.fields]
        card = card_for(Reply(form=form))
        ids = [e.get("id") for e in card["body"] if e["type"].startswith("Input.")]
        assert ids == [f.name for f in form.fields]
