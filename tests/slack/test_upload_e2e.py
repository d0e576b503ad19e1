"""A protocol file shared with the bot in Slack, through the real server and the fake Web API."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from sqlalchemy import func, select

from bot.uploads import DownloadError, download
from handlers.archive import texts
from storage.models import Paragraph, SourceDocument
from tests.conftest import seed_path
from tests.fakes.slack_api import BOT_USER
from tests.scenarios.seed_scripts import BODY_000
from tests.slack.validate import assert_blocks

pytestmark = pytest.mark.seeds

SECRETARY = "U0KRISTINA"
VISITOR = "U0OLLE"


def _share(fake_slack, file_id: str, *, name: str, content: bytes, user: str = SECRETARY,  # type: ignore[no-untyped-def]
           channel: str | None = None, text: str = "", ts: str = "1700000100.000100") -> dict:  # type: ignore[type-arg]
    """A ``message``/``file_share`` event as Slack sends it: in the user's DM unless a channel is given."""
    return {"type": "message", "subtype": "file_share", "user": user, "text": text, "ts": ts,
            "channel": channel or "D" + user.removeprefix("U"), "channel_type": "channel" if channel else "im",
            "files": [fake_slack.add_file(file_id, name=name, content=content)], "upload": False}


def _shown(call) -> str:  # type: ignore[no-untyped-def]
    return call.args.get("text", "") + json.dumps(call.args.get("blocks") or [], ensure_ascii=False)


def _posts(fake_slack, channel: str) -> list:  # type: ignore[no-untyped-def, type-arg]
    return [c for c in fake_slack.of("chat.postMessage") + fake_slack.of("chat.postEphemeral")
            if c.args.get("channel") == channel]


def _paragraphs(services) -> int:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        return session.scalar(select(func.count(Paragraph.id)))


@pytest.fixture
def secretary(slack):  # type: ignore[no-untyped-def]
    """Kristina creates the body, which makes her its sekreterare."""
    answer = slack.command("/samverkan", f'organ ny "{BODY_000}" kort UTB typ arbetsutskott').json()
    assert answer["response_type"] == "in_channel", answer
    return slack


def test_secretary_uploads_a_protocol_in_a_dm_and_gets_the_summary(secretary, fake_slack, slack_services) -> None:
    slack = secretary
    path = seed_path("000")
    event = _share(fake_slack, "F000", name=path.name, content=path.read_bytes())
    assert slack.event(event, event_id="EvUPLOAD1").status_code == 200
    fake_slack.wait_for(lambda f: len(_posts(f, "D0KRISTINA")) == 1, timeout=15)
    [summary] = _posts(fake_slack, "D0KRISTINA")
    assert summary.method == "chat.postMessage" and "thread_ts" not in summary.args  # a DM needs no thread
    assert_blocks(summary.args["blocks"])
    shown = _shown(summary)
    assert f"Import av «{path.name}»" in shown and "Filen är importerad" in shown
    assert "*Möten*\\n1" in shown and "*Paragrafer*\\n1" in shown, shown
    [info] = fake_slack.of("files.info")
    assert info.args["file"] == "F000"
    [fetched] = [c for c in fake_slack.calls if c.path.startswith("/files-pri/")]
    assert fetched.headers["authorization"] == "Bearer xoxb-test"
    # Slack retries the same event: it is imported and answered once
    slack.event(event, event_id="EvUPLOAD1", headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    time.sleep(0.5)
    assert len(_posts(fake_slack, "D0KRISTINA")) == 1 and len(fake_slack.of("files.info")) == 1

    answer = slack.command("/beslut", "UTB 22/30").json()
    assert answer["response_type"] == "in_channel", answer
    assert "§ 19 Ny samverkansmodell i länet" in json.dumps(answer["blocks"], ensure_ascii=False)

    slack.event(_share(fake_slack, "F001", name=path.name, content=path.read_bytes(), ts="1700000200.000100"))
    fake_slack.wait_for(lambda f: len(_posts(f, "D0KRISTINA")) == 2, timeout=15)
    assert "redan importerad" in _shown(_posts(fake_slack, "D0KRISTINA")[1])
    assert _paragraphs(slack_services) == 1
    with slack_services.sessions() as session:
        assert session.scalars(select(SourceDocument.source_name)).one() == f"uppladdad/{path.name}"


def test_non_secretary_is_refused_and_nothing_is_imported(secretary, fake_slack, slack_services) -> None:
    path = seed_path("000")
    secretary.event(_share(fake_slack, "F100", name=path.name, content=path.read_bytes(), user=VISITOR))
    fake_slack.wait_for(lambda f: len(_posts(f, "D0OLLE")) == 1, timeout=15)
    [refusal] = _posts(fake_slack, "D0OLLE")
    assert "Bara sekreterare eller ordförande" in _shown(refusal)
    assert _paragraphs(slack_services) == 0
    answer = secretary.command("/beslut", "UTB 22/30").json()
    assert "§ 19" not in json.dumps(answer, ensure_ascii=False)


def test_unsupported_type_is_refused_without_downloading(secretary, fake_slack, slack_services) -> None:
    secretary.event(_share(fake_slack, "F200", name="protokoll.docx", content=b"PK\x03\x04 word"))
    fake_slack.wait_for(lambda f: len(_posts(f, "D0KRISTINA")) == 1, timeout=15)
    shown = _shown(_posts(fake_slack, "D0KRISTINA")[0])
    assert "«protokoll.docx» kunde inte importeras" in shown and "bara .txt, .md och .pdf" in shown, shown
    assert not [c for c in fake_slack.calls if c.path.startswith("/files-pri/")]
    assert _paragraphs(slack_services) == 0


def test_in_a_channel_only_a_file_addressed_to_the_bot_is_imported_and_answered_in_its_thread(
        secretary, fake_slack, slack_services) -> None:
    path = seed_path("000")
    secretary.event(_share(fake_slack, "F300", name=path.name, content=path.read_bytes(), channel="C0UTBAU",
                           text="här är protokollet"))
    time.sleep(0.5)
    assert _posts(fake_slack, "C0UTBAU") == [] and fake_slack.of("files.info") == []
    secretary.event(_share(fake_slack, "F301", name=path.name, content=path.read_bytes(), channel="C0UTBAU",
                           text=f"<@{BOT_USER}> importera", ts="1700000300.000300"))
    fake_slack.wait_for(lambda f: len(_posts(f, "C0UTBAU")) == 1, timeout=15)
    [summary] = _posts(fake_slack, "C0UTBAU")
    assert (summary.method, summary.args["thread_ts"]) == ("chat.postMessage", "1700000300.000300")
    assert "*Paragrafer*\\n1" in _shown(summary)
    assert _paragraphs(slack_services) == 1


def test_a_download_without_the_file_scope_is_an_error_not_a_protocol(fake_slack) -> None:
    """Slack answers a token lacking files:read with its HTML sign-in page and status 200."""
    fake_slack.add_file("F400", name="p.txt", content=b"text")
    url = f"{fake_slack.base}/files-pri/T0001-F400/download/p.txt"
    with pytest.raises(DownloadError) as raised:
        asyncio.run(download(url=url, headers={}))
    assert raised.value.reason == texts.UPLOAD_NOT_A_FILE
    assert asyncio.run(download(url=url, headers={"Authorization": "Bearer xoxb-test"})) == b"text"
    assert asyncio.run(download(url=url, headers={"Authorization": "Bearer xoxb-test"}, limit=2)) == b"tex"
