"""The command line's own texts are Swedish: usage, help panels, ``--help`` and every usage error."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli_swedish import click_errors, swedish_message
from tests.cli_runner import invoke, run

ENGLISH = ("Usage:", "Options", "Arguments", "Commands", "Show this message and exit.", "Error", "No such",
           "Missing", "Invalid value", "Try '", "[default:", "[required]", "Did you mean", "requires an argument")


def english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if word in text]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"SAMVERKAN_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "COLUMNS": "100"}


@pytest.mark.parametrize("args", [["--help"], ["export", "protocol", "--help"], ["reminders", "--help"],
                                  ["import", "--help"], ["db"]])
def test_help_is_swedish(args: list[str], env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(args, env=env, monkeypatch=monkeypatch)
    assert "Användning: samverkan" in result.output, result.output
    assert "Visa den här hjälpen och avsluta." in result.output or args == ["db"]
    assert not english_in(result.output), result.output


def test_top_level_help_names_the_panels(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["--help"], env=env, monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert "Flaggor" in result.output and "Kommandon" in result.output and "[FLAGGOR] KOMMANDO" in result.output


@pytest.mark.parametrize(("args", "swedish"), [
    (["chat", "--bogus"], "Flaggan --bogus finns inte. Menade du --user?"),
    (["chat", "--user"], "Flaggan --user behöver ett värde."),
    (["chatt"], "Kommandot «chatt» finns inte. Menade du «chat»?"),
    (["import"], "Argumentet paths saknas."),
    (["export", "protocol", "--datum", "2025-03-26"], "Flaggan --organ saknas."),
    (["audit", "--limit", "många"], "Ogiltigt värde för --limit: ange ett heltal"),
    (["export", "protocol", "--organ", "UTB", "--datum", "26/3", "--format", "doc"],
     "Ogiltigt värde för --format: välj md, html, pdf"),
    (["teams-manifest", "extra"], "Okänt extra argument: «extra»."),
])
def test_usage_errors_are_swedish(args: list[str], swedish: str, env: dict[str, str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(args, env=env, monkeypatch=monkeypatch)
    assert result.exit_code == 2, result.output
    assert swedish in " ".join(result.output.split()), result.output
    assert "Fel" in result.output
    assert not english_in(result.output), result.output


def test_a_wrong_option_in_a_real_process(env: dict[str, str], tmp_path: Path) -> None:
    done = run(["reminders", "preview", "--fran", "2025-04-07"], env=env, cwd=tmp_path)
    assert done.returncode == 2
    assert "Användning: samverkan reminders preview" in done.stderr
    assert "Flaggan --fran finns inte." in done.stderr and "Menade du --from" in done.stderr
    assert not english_in(done.stdout + done.stderr), done.stderr


@pytest.mark.parametrize(("error", "swedish"), [
    (click_errors.UsageError("Missing command."), "Ange ett kommando."),
    (click_errors.UsageError("Got unexpected extra arguments (a b)"), "Okänt extra argument: «a b»."),
    (click_errors.BadOptionUsage("--pace", "Option '--pace' requires 2 arguments."), "Flaggan --pace behöver 2 värden."),
    (click_errors.BadOptionUsage("--json", "Option '--json' does not take a value."), "Flaggan --json tar inget värde."),
    (click_errors.BadParameter("Path 'arkiv' does not exist.", param_hint="paths"), "Ogiltigt värde för paths: "
                                                                                   "Sökvägen «arkiv» finns inte."),
    (click_errors.NoSuchOption("--x"), "Flaggan --x finns inte."),
])
def test_messages_without_a_command_line(error: click_errors.ClickException, swedish: str) -> None:
    assert swedish_message(error) == swedish
