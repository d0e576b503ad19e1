"""Rendering every part of a Reply as a valid Adaptive Card, and reading activities back."""

from __future__ import annotations

from microsoft_agents.activity import Activity

from bot.teams.activity import invocation_from_activity
from bot.teams.cards import CARD_BUDGET, card_for, reply_activity
from handlers.reply import Button, Fact, Form, FormField, Reply, Section
from tests.teams import payloads

EVERYTHING = Reply(
    title="§ 19 Ny samverkansmodell i länet", text="Rad ett\nRad två", tone="success",
    facts=(Fact("Dnr", "UTB 22/30"), Fact("Tom", "")),
    sections=(Section(heading="Beslut", lines=("ge skolchef i uppdrag", "återrapportering"), numbered=True,
                      buttons=(Button("Klar", "uppdrag klar 1", style="primary"),
                               Button("Flytta deadline", "uppdrag flytta 1", needs_input="Nytt datum"))),),
    buttons=(Button("Ta bort", "dagordning ta bort 2", style="danger"),
             Button("Flytta", "uppdrag flytta 2", needs_input="Nytt datum")),
    context="Registrerad i chatten", link=("Tavlan", "https://samverkan.example.org/tavla"),
    form=Form(form_id="f", title="Registrera", submit_label="Spara", command="beslut registrera", fields=(
        FormField("title", "Rubrik", required=True, placeholder="t.ex. Ny modell"),
        FormField("clauses", "Att-satser", kind="multiline"), FormField("meeting", "Datum", kind="date", initial="2022-03-30"),
        FormField("at", "Tid", kind="time", initial="13:00"), FormField("kind", "Typ", kind="choice",
                                                                        choices=(("beslut", "Beslut"), ("information", "Information")), initial="beslut"),
        FormField("who", "Vem", kind="person"), FormField("secret", "Sekretess", kind="checkbox"))),
)


def test_every_reply_part_renders_to_a_valid_card(card_validator) -> None:  # type: ignore[no-untyped-def]
    card = card_for(EVERYTHING)
    assert not list(card_validator.iter_errors(card))
    ids = [element.get("id") for element in card["body"] if element["type"].startswith("Input.")]
    assert ids == ["title", "clauses", "meeting", "at", "kind", "who", "secret"]
    show_inputs = [action["card"]["body"][0]["id"] for action in card["actions"] if action["type"] == "Action.ShowCard"]
    assert len(set(show_inputs)) == len(show_inputs) == 1
    assert card["actions"][0]["data"] == {"samverkan_form": "beslut registrera"}


def test_validator_is_not_vacuous(card_validator) -> None:  # type: ignore[no-untyped-def]
    card = card_for(EVERYTHING)
    card["body"][0]["colour"] = "Good"
    assert list(card_validator.iter_errors(card))


def test_oversized_reply_is_cut_within_budget(card_validator) -> None:  # type: ignore[no-untyped-def]
    sections = tuple(Section(heading=f"§ {n}", lines=("x" * 400,)) for n in range(400))
    activity = reply_activity(Reply(title="Träffar", sections=sections))
    card = activity.attachments[0].content
    assert len(str(card)) < CARD_BUDGET * 1.3
    assert "avsnitt till" in card["body"][-1]["text"]
    assert not list(card_validator.iter_errors(card))


def test_plain_sentence_is_plain_text() -> None:
    activity = reply_activity(Reply(text="Punkt 2 är borttagen.", tone="success"))
    assert activity.attachments is None and activity.text == "✓ Punkt 2 är borttagen."


def test_mentions_of_others_become_at_names_and_form_values_pass_through() -> None:
    raw = payloads.channel_message("uppdrag ny <at>Kent Ylvesson</at>: ta fram förslag",
                                   service_url="http://127.0.0.1:1/")
    invocation = invocation_from_activity(Activity.model_validate(raw))
    assert (invocation.command, invocation.text) == ("uppdrag", "ny @Kent Ylvesson: ta fram förslag")
    submit = payloads.card_submit({"samverkan_form": "dagordning lägg till", "title": "Budget", "dnr": None},
                                  service_url="http://127.0.0.1:1/")
    invocation = invocation_from_activity(Activity.model_validate(submit))
    assert (invocation.command, invocation.text) == ("dagordning", "lägg till")
    assert invocation.form_values == {"title": "Budget", "dnr": ""}
    assert invocation.tenant.external_id == payloads.TENANT and invocation.actor.user_id == "aad-kristina"


def test_emulator_activity_without_teams_data() -> None:
    raw = {"type": "message", "id": "1", "channelId": "emulator", "serviceUrl": "http://127.0.0.1:1/",
           "text": "hjälp", "from": {"id": "user1", "name": "User"}, "recipient": {"id": "bot"},
           "conversation": {"id": "conv1"}}
    invocation = invocation_from_activity(Activity.model_validate(raw))
    assert invocation.tenant.external_id == "emulator"
    assert invocation.channel.channel_id == "conv1" and not invocation.channel.is_direct
