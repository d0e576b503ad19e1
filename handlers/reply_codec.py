"""A neutral ``Reply`` as plain JSON data and back.

Posts that leave the bot later (justering requests, extracts, channel notices) are written to
the outbox as rows; the sweep that sends them may run in another process, so the reply has to
survive a trip through a JSON column unchanged. ``dataclasses.asdict`` does the writing; the
reading rebuilds every nested dataclass and turns lists back into the tuples the model uses.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from handlers.reply import Button, Fact, Form, FormField, Mention, Reply, Section

FORMAT = 1


def reply_to_dict(reply: Reply) -> dict[str, Any]:
    """JSON-safe form of a reply (tuples become lists)."""
    data = asdict(replace(reply, file=None) if reply.file is not None else reply)  # a file is never stored
    data.pop("file", None)
    data["format"] = FORMAT
    return data


def reply_from_dict(data: dict[str, Any]) -> Reply:
    """Rebuild the reply written by ``reply_to_dict``."""
    form = data.get("form")
    link = data.get("link")
    return Reply(
        title=data.get("title"), text=data.get("text"),
        sections=tuple(_section(s) for s in data.get("sections") or ()),
        facts=tuple(_fact(f) for f in data.get("facts") or ()),
        buttons=tuple(_button(b) for b in data.get("buttons") or ()),
        context=data.get("context"), tone=data.get("tone", "info"), ephemeral=bool(data.get("ephemeral")),
        private=bool(data.get("private")),
        form=_form(form) if form else None, link=(link[0], link[1]) if link else None,
        mentions=tuple(Mention(name=m["name"], user_id=m["user_id"], alt_id=m.get("alt_id"))
                       for m in data.get("mentions") or ()),
    )


def _fact(data: dict[str, Any]) -> Fact:
    return Fact(label=data["label"], value=data["value"])


def _button(data: dict[str, Any]) -> Button:
    return Button(label=data["label"], command=data["command"], style=data.get("style", "default"),
                  needs_input=data.get("needs_input"))


def _section(data: dict[str, Any]) -> Section:
    return Section(heading=data.get("heading"), lines=tuple(data.get("lines") or ()),
                   facts=tuple(_fact(f) for f in data.get("facts") or ()),
                   buttons=tuple(_button(b) for b in data.get("buttons") or ()), numbered=bool(data.get("numbered")))


def _form(data: dict[str, Any]) -> Form:
    fields = tuple(FormField(name=f["name"], label=f["label"], kind=f.get("kind", "text"),
                             required=bool(f.get("required")), placeholder=f.get("placeholder"),
                             choices=tuple((c[0], c[1]) for c in f.get("choices") or ()), initial=f.get("initial"))
                   for f in data.get("fields") or ())
    return Form(form_id=data["form_id"], title=data["title"], submit_label=data["submit_label"], fields=fields,
                command=data["command"])
