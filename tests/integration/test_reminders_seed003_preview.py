"""Seed 003: after recording its decision, `reminders preview` lists every deadline in the bound channel."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import seed_path
from tests.scenarios.seed_scripts import SECRETARY, seed_003_script

ROOT = Path(__file__).resolve().parents[2]


def test_preview_lists_the_six_deadlines_in_the_channel(chat, sqlite_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for line in seed_003_script(seed_path("003")):
        assert "✗" not in chat(line, user=SECRETARY, channel="bg-kanal")
    env = dict(os.environ, SAMVERKAN_DATABASE_URL=sqlite_url, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "bot", "reminders", "preview", "--from", "2022-03-16", "--to",
                           "2022-12-31"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    # 8/4 (fre), 1/5 (sön → fre 29/4), 3/6 kl. 9, 23/9 kl. 9, 31/10 (mån), 9/12 kl. 9 (fre)
    for day in ("2022-04-08", "2022-04-29", "2022-06-03", "2022-09-23", "2022-10-31", "2022-12-09"):
        hits = [line for line in lines if line.startswith(day)]
        assert hits, (day, done.stdout[-3000:])
        assert any("bg-kanal" in line for line in hits), (day, hits)


def test_a_channel_bound_to_no_body_gets_no_digest(chat, services) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime, timedelta

    from sqlalchemy import select

    from schedules.calendar import STOCKHOLM
    from schedules.planning_pass import collect_plan
    from storage.models import Tenant

    chat("hjälp", channel="bara-prat")  # the bot has seen the channel; nobody bound it to a body
    chat('samverkan organ ny "Styrgruppen" typ styrgrupp', channel="styr")
    chat("samverkan kanal Styrgruppen", channel="styr")
    with services.sessions() as session:
        tenant_id = session.scalar(select(Tenant.id))
        now = datetime(2022, 3, 28, 7, 0, tzinfo=STOCKHOLM)
        plan = collect_plan(session=session, tenant_id=tenant_id, now=now, horizon=now + timedelta(days=14),
                            changed_since=None)
    digests = [e for e in plan.entries if e.reminder.kind == "digest"]
    assert digests and {e.route.label for e in digests} == {"styr"}
