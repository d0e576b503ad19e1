"""The terminal chat: the same handlers every platform uses, rendered as plain text.

Interactive on a terminal (a prompt, readline history); scripted when standard input is a pipe
or file — one command per line, each reply printed, exit at end of input — so sessions can be
replayed in tests and demos.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TextIO

from bot.render_text import render_text
from handlers.commandline import split_command
from handlers.context import ActorRef, ChannelRef, Invocation, Services, TenantRef
from handlers.dispatch import dispatch
from handlers.syntax import TERMINAL, in_syntax

CONSOLE_TENANT = TenantRef(platform="console", external_id="local", name="Lokal terminal")
PROMPT = "samverkan> "
GREETING = "Samverkan – terminalchatt. Skriv «hjälp» för kommandon, «sluta» för att avsluta."
QUIT_WORDS = {"sluta", "avsluta", "exit", "quit"}


def invocation_for(line: str, *, user: str, channel: str) -> Invocation:
    """Build the neutral invocation for one typed line in the terminal."""
    command, rest = split_command(line)
    return Invocation(
        command=command,
        text=rest,
        tenant=CONSOLE_TENANT,
        actor=ActorRef(user_id=user, display_name=user),
        channel=ChannelRef(channel_id=channel, name=channel, is_direct=False),
    )


def run_lines(lines: Iterable[str], *, services: Services, user: str, channel: str, out: TextIO) -> int:
    """Answer each line; a line ending in a backslash continues on the next (multi-line forms)."""
    buffer: list[str] = []
    for raw in lines:
        line = raw.rstrip("\n")
        if line.endswith("\\"):
            buffer.append(line[:-1])
            continue
        buffer.append(line)
        text = "\n".join(buffer).strip()
        buffer = []
        if not text or text.startswith("#"):
            continue
        if text.lower() in QUIT_WORDS:
            break
        reply = dispatch(invocation_for(text, user=user, channel=channel), services=services)
        out.write(render_text(in_syntax(reply, syntax=TERMINAL)) + "\n\n")  # commands as typed at this prompt
        out.flush()
    return 0


def run_console(*, services: Services, user: str, channel: str, stdin: TextIO = sys.stdin,
                stdout: TextIO = sys.stdout) -> int:
    """Interactive prompt on a terminal, scripted mode otherwise."""
    if not stdin.isatty():
        return run_lines(stdin, services=services, user=user, channel=channel, out=stdout)
    try:
        import readline  # noqa: F401 - enables line editing and history
    except ImportError:  # pragma: no cover - not on every platform
        pass
    stdout.write(GREETING + "\n")

    def prompted() -> Iterable[str]:
        while True:
            try:
                yield input(PROMPT)
            except EOFError:
                return
            except KeyboardInterrupt:
                stdout.write("\n")
                return

    return run_lines(prompted(), services=services, user=user, channel=channel, out=stdout)
