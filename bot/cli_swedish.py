"""The command line's own words in Swedish: usage line, help panels, ``--help``, and usage errors.

Everything a user reads is Swedish, and that includes what typer and click print around our texts
(«Usage:», «Options», «Show this message and exit.», «No such option», «Error»). There is no
message catalogue to install: typer ≥ 0.26 vendors click without its gettext calls, and the few
texts typer itself passes through gettext are read once, at import, from the process's default
domain and ``LANG`` — a compiled ``.mo`` file would need both changed for the whole process. So
the texts are supplied where typer and click leave room for them:

- ``SwedishCommand`` / ``SwedishGroup`` (``cls=`` of every command and group, given by
  ``SwedishTyper``) override click's documented hooks: ``format_usage`` (the «Användning:»
  prefix), ``get_help_option`` (the ``--help`` text), and ``make_context``/``invoke``, where a usage
  error raised while parsing or running is re-raised with a Swedish message (``swedish_message``);
- the panel titles and the «[standard: …]» / «[krävs]» markers are the named constants of
  ``typer.rich_utils`` — the values a Swedish catalogue would have given them — set once here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import typer
from typer import rich_utils
from typer.core import TyperCommand, TyperGroup

try:  # typer ≥ 0.26 ships its own copy of click
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - older typer on the real click
    from click import exceptions as click_errors  # type: ignore[no-redef]

USAGE_PREFIX = "Användning: "
OPTIONS_METAVAR = "[FLAGGOR]"
SUBCOMMAND_METAVAR = "KOMMANDO [ARGUMENT]..."
HELP_OPTION_TEXT = "Visa den här hjälpen och avsluta."

RICH_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": "Argument",
    "OPTIONS_PANEL_TITLE": "Flaggor",
    "COMMANDS_PANEL_TITLE": "Kommandon",
    "ERRORS_PANEL_TITLE": "Fel",
    "ABORTED_TEXT": "Avbrutet.",
    "RICH_HELP": "Skriv [blue]«{command_path} {help_option}»[/] för hjälp.",
    "DEFAULT_STRING": "[standard: {}]",
    "ENVVAR_STRING": "[miljövariabel: {}]",
    "REQUIRED_LONG_STRING": "[krävs]",
    "DEPRECATED_STRING": "(utgått) ",
}

# pydantic error types typer reports for a value it could not convert → what to write instead
VALUE_HINTS = {
    "int_parsing": "ange ett heltal",
    "int_from_float": "ange ett heltal",
    "float_parsing": "ange ett tal",
    "bool_parsing": "ange ja eller nej (true/false)",
    "literal_error": "välj ett av de tillåtna värdena",
    "enum": "välj ett av de tillåtna värdena",
    "date_parsing": "ange ett datum som ÅÅÅÅ-MM-DD",
    "date_from_datetime_parsing": "ange ett datum som ÅÅÅÅ-MM-DD",
    "datetime_parsing": "ange datum och tid som ÅÅÅÅ-MM-DD TT:MM",
}
PATH_KINDS = {"File": "Filen", "Directory": "Mappen", "Path": "Sökvägen"}
PATH_PROBLEMS = {"does not exist": "finns inte", "is a file": "är en fil", "is a directory": "är en mapp",
                 "is not readable": "går inte att läsa", "is not writable": "går inte att skriva till"}


def _quoted(text: str) -> str:
    """A value as click quotes it (``'chatt'``) → «chatt»."""
    return "«" + text.strip().strip("'\"") + "»"


def _name(text: str) -> str:
    """An option or argument name as the user types it: click's quotes dropped (``--organ``)."""
    return text.strip().strip("'\"")


def _sv_list(items: list[str]) -> str:
    """«a», «b» eller «c»."""
    return f"{', '.join(items[:-1])} eller {items[-1]}" if len(items) > 1 else items[0]


# Messages raised as plain ``UsageError``s (or inside a ``BadParameter``), by pattern.
MESSAGE_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"No such command '(.+?)'\. Did you mean (.+)\?"),
     lambda m: f"Kommandot {_quoted(m[1])} finns inte. Menade du "
               f"{_sv_list([_quoted(s) for s in m[2].split(', ')])}?"),
    (re.compile(r"No such command '(.+?)'\."), lambda m: f"Kommandot {_quoted(m[1])} finns inte."),
    (re.compile(r"Missing command\."), lambda m: "Ange ett kommando."),
    (re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)"),
     lambda m: f"Okänt extra argument: {_quoted(m[1])}."),
    (re.compile(r"Option '(.+?)' requires an argument\."), lambda m: f"Flaggan {_name(m[1])} behöver ett värde."),
    (re.compile(r"Option '(.+?)' requires (\d+) arguments\."),
     lambda m: f"Flaggan {_name(m[1])} behöver {m[2]} värden."),
    (re.compile(r"Option '(.+?)' does not take a value\."), lambda m: f"Flaggan {_name(m[1])} tar inget värde."),
    (re.compile(r"Argument '(.+?)' takes (\d+) values\."), lambda m: f"Argumentet {_name(m[1])} tar {m[2]} värden."),
    (re.compile(r"Value (.+) is not a valid (.+)\."), lambda m: f"Värdet {m[1]} kan inte tolkas."),
    (re.compile(r"(File|Directory|Path) '(.+)' (does not exist|is a file|is a directory|is not readable|"
                r"is not writable)\."),
     lambda m: f"{PATH_KINDS[m[1]]} {_quoted(m[2])} {PATH_PROBLEMS[m[3]]}."),
]


def _translated(text: str) -> str:
    """A known English message in Swedish; anything else (our own Swedish texts) unchanged."""
    for pattern, swedish in MESSAGE_PATTERNS:
        match = pattern.fullmatch(text.strip())
        if match:
            return swedish(match)
    return text


def _param_hint(error: Any) -> str:
    """The option or argument an error is about, as the user typed it: ``--organ``, ``paths``."""
    hint = getattr(error, "param_hint", None)
    if hint is None and getattr(error, "param", None) is not None:
        hint = error.param.get_error_hint()
    if hint is None:
        return ""
    if not isinstance(hint, str):
        hint = " / ".join(hint)
    return " / ".join(_name(part) for part in hint.split(" / "))


def _reason(error: click_errors.BadParameter) -> str:
    """Why a value was refused: typer's conversion error by its kind, or the message (ours are Swedish)."""
    cause = error.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        try:
            kind = str(errors()[0].get("type", ""))
        except (IndexError, TypeError, AttributeError):
            kind = ""
        return VALUE_HINTS.get(kind, "värdet kan inte tolkas")
    return _translated(error.message)


def swedish_message(error: click_errors.ClickException) -> str:
    """The Swedish text for a click/typer error, from its type and attributes where it has them."""
    if isinstance(error, click_errors.NoSuchOption):
        text = f"Flaggan {_name(error.option_name)} finns inte."
        if error.possibilities:
            text += f" Menade du {_sv_list([_name(p) for p in sorted(error.possibilities)])}?"
        return text
    if isinstance(error, click_errors.MissingParameter):
        kind = {"argument": "Argumentet", "option": "Flaggan"}.get(
            error.param_type or getattr(error.param, "param_type_name", ""), "Värdet")
        hint = _param_hint(error)
        return f"{kind} {hint} saknas." if hint else f"{kind} saknas."
    if isinstance(error, click_errors.BadParameter):
        hint = _param_hint(error)
        return f"Ogiltigt värde för {hint}: {_reason(error)}" if hint else f"Ogiltigt värde: {_reason(error)}"
    if isinstance(error, click_errors.FileError):
        return f"Filen {_quoted(error.ui_filename)} kan inte öppnas."
    return _translated(error.format_message())


class SwedishUsageError(click_errors.UsageError):
    """A usage error already worded in Swedish (raised once, by the innermost group)."""


class SwedishError(click_errors.ClickException):
    """Any other click error, worded in Swedish."""


@contextmanager
def swedish_errors() -> Iterator[None]:
    """Re-raise click's usage errors with a Swedish message, keeping context and exit code."""
    try:
        yield
    except (SwedishUsageError, SwedishError, click_errors.NoArgsIsHelpError):
        raise  # already Swedish, or the group's own help printed for a bare command
    except click_errors.UsageError as error:
        swedish = SwedishUsageError(swedish_message(error), ctx=error.ctx)
        swedish.exit_code = error.exit_code
        raise swedish from error
    except click_errors.ClickException as error:
        other = SwedishError(swedish_message(error))
        other.exit_code = error.exit_code
        raise other from error


class _SwedishTexts:
    """What a command and a group share: the usage prefix and the ``--help`` text."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        """Click's usage line with a Swedish prefix."""
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE_PREFIX)

    def get_help_option(self, ctx: Any) -> Any:
        """Click's ``--help`` option, described in Swedish."""
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option


class SwedishCommand(_SwedishTexts, TyperCommand):
    """A typer command whose usage line and ``--help`` speak Swedish."""


class SwedishGroup(_SwedishTexts, TyperGroup):
    """A typer group that also words every usage error raised below it in Swedish."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        """Parsing the group's own options: errors in Swedish."""
        with swedish_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        """Resolving and running a sub-command: errors in Swedish."""
        with swedish_errors():
            return super().invoke(ctx)


class SwedishTyper(typer.Typer):
    """``typer.Typer`` whose groups and commands are the Swedish ones unless ``cls`` says otherwise."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["cls"] = kwargs.get("cls") or SwedishGroup
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)  # the usage line's "[OPTIONS]"
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)  # and its "COMMAND [ARGS]..."
        super().__init__(**kwargs)

    def command(self, name: str | None = None, **kwargs: Any) -> Any:
        """``Typer.command`` with ``SwedishCommand`` as the default class."""
        kwargs["cls"] = kwargs.get("cls") or SwedishCommand
        return super().command(name, **kwargs)


def install_rich_texts() -> None:
    """Give typer's help panels and markers their Swedish wording (idempotent)."""
    for name, text in RICH_TEXTS.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, text)


install_rich_texts()
