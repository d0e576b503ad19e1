"""`samverkan organ offentlig` and `samverkan webb …`: the administrator's side of the web pages."""

from __future__ import annotations

from sqlalchemy import select
from typer.testing import CliRunner

from storage.models import Body


def test_organ_offentlig_toggles_the_public_flag_and_prints_the_board(chat, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from bot.cli import app
    from bot.config import get_settings

    chat('samverkan organ ny "Socialnämnden" kort SN typ nämnd')
    url = str(services.extras["engine"].url)
    monkeypatch.setenv("SAMVERKAN_DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        on = runner.invoke(app, ["organ", "offentlig", "SN", "--på", "--forvaring", "Kommunarkivet"])
        assert on.exit_code == 0, on.output
        assert "Socialnämnden är nu offentligt" in on.output and "/anslagstavla/" in on.output
        with services.sessions() as session:
            body = session.scalars(select(Body)).one()
            assert body.is_public and body.storage_place == "Kommunarkivet"
        boards = runner.invoke(app, ["webb", "anslagstavla"])
        assert boards.exit_code == 0 and on.output.split("Anslagstavla: ")[1].split("/anslagstavla/")[1].strip() \
            in boards.output
        off = runner.invoke(app, ["organ", "offentlig", "Socialnämnden", "--av"])
        assert off.exit_code == 0 and "inte offentligt" in off.output
        with services.sessions() as session:
            assert not session.scalars(select(Body)).one().is_public
        missing = runner.invoke(app, ["organ", "offentlig", "Finns inte", "--på"])
        assert missing.exit_code == 1
        link = runner.invoke(app, ["webb", "lank", "Kristina Kamsten", "--syfte", "uppfoljning"])
        assert link.exit_code == 0 and "/uppfoljning?t=" in link.output
        revoked = runner.invoke(app, ["webb", "aterkalla", "Kristina Kamsten"])
        assert revoked.exit_code == 0 and "återkallade" in revoked.output
    finally:
        get_settings.cache_clear()


def test_web_tables_migrate_down_and_up(sqlite_url: str) -> None:
    from sqlalchemy import inspect

    from storage.db import make_engine
    from storage.migrate import downgrade, upgrade

    upgrade(sqlite_url, revision="0004")
    engine = make_engine(sqlite_url)
    assert {"web_secret", "web_link_generation"} <= set(inspect(engine).get_table_names())
    downgrade(sqlite_url, revision="0003")
    assert not {"web_secret", "web_link_generation"} & set(inspect(engine).get_table_names())
    upgrade(sqlite_url)
    assert "web_secret" in set(inspect(engine).get_table_names())
    engine.dispose()
