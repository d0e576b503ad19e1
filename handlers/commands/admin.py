"""``/samverkan``: help, bodies, channel binding, members, dnr watching."""

from __future__ import annotations

from sqlalchemy.orm import Session

from handlers import messages as msg
from handlers.context import Invocation, Services
from handlers.dispatch import handler
from handlers.help import help_reply
from handlers.reply import Reply
from handlers.scope import Scope


@handler("samverkan")
def samverkan(inv: Invocation, *, session: Session, scope: Scope, services: Services) -> Reply:
    """Sub-commands of /samverkan; with nothing else, the help overview."""
    words = inv.text.split(maxsplit=1)
    sub = words[0].lower() if words else "hjälp"
    rest = words[1] if len(words) > 1 else ""
    if sub in ("hjälp", "hjalp", "help", "?"):
        return help_reply(rest)
    return Reply(text=msg.UNKNOWN_SUBCOMMAND.format(command="/samverkan", sub=sub), tone="warning")
