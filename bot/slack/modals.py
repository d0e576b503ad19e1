"""Modals: a neutral ``Form`` as a Slack view, and a submitted view back to field values.

The command to run and where to answer travel in ``private_metadata`` (≤ 3000 chars), so a
submission needs no server-side session and any process behind the load balancer can take it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from slack_sdk.models.blocks import (
    CheckboxesElement,
    DatePickerElement,
    InputBlock,
    InputInteractiveElement,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    StaticSelectElement,
    TimePickerElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.slack import texts
from bot.slack.blocks import truncate
from handlers.reply import Form, FormField

FORM_CALLBACK = "samverkan:form"
INPUT_CALLBACK = "samverkan:input"
INPUT_FIELD = "value"
ACTION = "value"
METADATA_LIMIT = 3000
TITLE_LIMIT = 24
CHECKED = "ja"
UNCHECKED = "nej"


@dataclass(frozen=True)
class Origin:
    """Where the modal was opened from, so its result can be posted back there."""

    command: str
    channel_id: str
    channel_name: str | None
    team_domain: str = ""
    response_url: str | None = None
    clicked: dict[str, Any] | None = None  # the message whose button opened the modal (card_update)

    def dump(self) -> str:
        """JSON for ``private_metadata``; the response_url is dropped if it would not fit."""
        data = {"c": self.command, "ch": self.channel_id, "cn": self.channel_name, "td": self.team_domain,
                "ru": self.response_url}
        if self.clicked:
            data["cm"] = self.clicked
        text = json.dumps(data, ensure_ascii=False)
        if len(text) > METADATA_LIMIT:
            data["ru"] = None
            text = json.dumps(data, ensure_ascii=False)
        if len(text) > METADATA_LIMIT:
            raise ValueError("the command is too long to carry in a modal")
        return text

    @classmethod
    def load(cls, text: str) -> Origin:
        """The origin stored by ``dump``; metadata that is not ours reads as an empty origin
        (Slack hands it back unchanged, so only a forged or broken request carries such)."""
        try:
            data = json.loads(text or "{}")
        except (TypeError, ValueError):
            data = {}
        if not isinstance(data, dict):
            data = {}

        def text_of(key: str) -> str | None:
            value = data.get(key)
            return value if isinstance(value, str) else None

        clicked = data.get("cm") if isinstance(data.get("cm"), dict) else None
        return cls(command=text_of("c") or "", channel_id=text_of("ch") or "", channel_name=text_of("cn"),
                   team_domain=text_of("td") or "", response_url=text_of("ru"), clicked=clicked)


def _plain(text: str, limit: int) -> PlainTextObject:
    return PlainTextObject(text=text if len(text) <= limit else text[: limit - 1] + "…")


def form_view(*, form: Form, origin: Origin) -> dict[str, Any]:
    """The modal for a form; each field is an input block whose block id is the field name."""
    blocks = [_input(field) for field in form.fields][:100]
    view = View(
        type="modal",
        callback_id=FORM_CALLBACK,
        title=_plain(form.title, TITLE_LIMIT),
        submit=_plain(form.submit_label, TITLE_LIMIT),
        close=_plain(texts.CANCEL, TITLE_LIMIT),
        blocks=blocks,
        private_metadata=origin.dump(),
    )
    return view.to_dict()


def input_view(*, label: str, title: str, origin: Origin) -> dict[str, Any]:
    """A one-field modal for a button that needs input first (e.g. the new deadline)."""
    field = FormField(name=INPUT_FIELD, label=label, kind="text", required=True)
    view = View(
        type="modal",
        callback_id=INPUT_CALLBACK,
        title=_plain(title, TITLE_LIMIT),
        submit=_plain(texts.SEND, TITLE_LIMIT),
        close=_plain(texts.CANCEL, TITLE_LIMIT),
        blocks=[_input(field)],
        private_metadata=origin.dump(),
    )
    return view.to_dict()


def _input(field: FormField) -> InputBlock:
    return InputBlock(
        block_id=field.name,
        label=_plain(field.label, 2000),
        element=_element(field),
        optional=not field.required,
    )


def _element(field: FormField) -> InputInteractiveElement:
    placeholder = _plain(field.placeholder, 150) if field.placeholder else None
    initial = field.initial or None
    if field.kind in ("text", "multiline"):
        return PlainTextInputElement(action_id=ACTION, multiline=field.kind == "multiline",
                                     placeholder=placeholder, initial_value=initial)
    if field.kind == "date":
        return DatePickerElement(action_id=ACTION, placeholder=placeholder, initial_date=_iso_date(initial))
    if field.kind == "time":
        return TimePickerElement(action_id=ACTION, placeholder=placeholder, initial_time=_hhmm(initial))
    if field.kind == "person":
        return UserSelectElement(action_id=ACTION, placeholder=placeholder)
    if field.kind == "checkbox":
        option = Option(value=CHECKED, text=_plain(texts.CHECKBOX_YES, 75))
        checked = initial in (CHECKED, "true", "1")
        return CheckboxesElement(action_id=ACTION, options=[option], initial_options=[option] if checked else None)
    options = [Option(value=value, text=_plain(label, 75)) for value, label in field.choices[:100]]
    chosen = next((option for option in options if option.value == initial), None)
    return StaticSelectElement(action_id=ACTION, placeholder=placeholder, options=options, initial_option=chosen)


def _iso_date(value: str | None) -> str | None:
    """Slack's date picker only takes ``YYYY-MM-DD``; anything else is left empty."""
    try:
        return date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


def _hhmm(value: str | None) -> str | None:
    try:
        return time.fromisoformat(value).strftime("%H:%M") if value else None
    except ValueError:
        return None


def submitted_values(view: dict[str, Any], *, user_names: dict[str, str]) -> dict[str, str]:
    """Field name → value as the handlers read typed text (people as ``<@U…|name>`` mentions)."""
    values: dict[str, str] = {}
    for block_id, actions in (view.get("state") or {}).get("values", {}).items():
        state = actions.get(ACTION) or next(iter(actions.values()), {})
        values[block_id] = _value(state, user_names=user_names)
    return values


def _value(state: dict[str, Any], *, user_names: dict[str, str]) -> str:
    kind = state.get("type")
    if kind == "datepicker":
        return state.get("selected_date") or ""
    if kind == "timepicker":
        return state.get("selected_time") or ""
    if kind == "users_select":
        user = state.get("selected_user") or ""
        if not user:
            return ""
        name = re.sub(r"[|<>]", "", user_names.get(user, ""))
        return f"<@{user}|{name}>" if name else f"<@{user}>"
    if kind == "checkboxes":
        return CHECKED if state.get("selected_options") else UNCHECKED
    if kind in ("static_select", "radio_buttons"):
        return (state.get("selected_option") or {}).get("value", "")
    return state.get("value") or ""


def selected_users(view: dict[str, Any]) -> list[str]:
    """User ids picked in the view, whose display names are looked up before dispatching."""
    found: list[str] = []
    for actions in (view.get("state") or {}).get("values", {}).values():
        for state in actions.values():
            if state.get("type") == "users_select" and state.get("selected_user"):
                found.append(state["selected_user"])
    return found


def field_errors(*, message: str, view: dict[str, Any]) -> dict[str, str]:
    """Put a handler's error on the input it names (by label or name), else on the first input."""
    blocks = [block for block in view.get("blocks", []) if block.get("type") == "input"]
    if not blocks:
        return {}
    lowered = message.lower()
    target = blocks[0]
    for block in blocks:
        label = ((block.get("label") or {}).get("text") or "").lower()
        if block.get("block_id", "").lower() in lowered or (label and label in lowered):
            target = block
            break
    return {target["block_id"]: truncate(message, limit=1900)}
