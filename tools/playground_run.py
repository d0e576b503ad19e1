"""A scripted run of the bot in Microsoft 365 Agents Playground, Teams' own client emulator.

Why: the Teams e2e tests check the wire (activities, cards, mention entities) against a fake
connector, but only a real Teams client shows what a secretary and members see — how a card
renders, whether an @mention reaches the bot, what a clicked button turns into. This script plays
one short session in the three places the Playground offers (personal chat, group chat and the
team channel «General»), takes a screenshot after every step, and prints the list; a person then
looks at them (the README's Teams section lists the reviewed set with its date).

It starts everything itself on 127.0.0.1: a fresh SQLite database with the seeds imported, the bot
(`samverkan serve` with the loopback-only emulator mode), the Playground (npm package
`@microsoft/m365agentsplayground`, installed into a cache folder on first use) and Debian's
chromium through Playwright. Nothing leaves the machine.

Run: `make playground` (screenshots into docs/screenshots/teams/).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
CACHE = Path(os.environ.get("SAMVERKAN_PLAYGROUND_CACHE", Path.home() / ".cache" / "samverkan-playground"))
PLAYGROUND_PACKAGE = "@microsoft/m365agentsplayground"
PLAYGROUND_PORT = 56150  # the Playground's own UI and mocked connector
PLAYGROUND_TENANT = "00000000-0000-0000-0000-0000000000001"  # the tenant id the Playground sends
BOT_NAME = "Test Bot"  # the name the Playground gives the bot under test


@dataclass(frozen=True, kw_only=True)
class Step:
    """One thing a person does: open a chat, type (optionally @mentioning the bot), or click."""

    shot: str
    place: str | None = None
    text: str | None = None
    mention: bool = False
    click: str | None = None
    wait_ms: int = 2500


@dataclass(kw_only=True)
class Run:
    """The processes of one run, stopped together whatever happens."""

    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


SCRIPT: tuple[Step, ...] = (
    # The team channel: the secretary sets up the body, plans a meeting, adds an ärende and an
    # uppdrag, marks it done with the card's button, and looks up a decision from seed 000.
    Step(place="General", text='samverkan organ ny "Strategigrupp barn och unga" kort BU typ strategigrupp',
         mention=True, shot="01-kanal-organ"),
    Step(text='samverkan kanal "Strategigrupp barn och unga"', mention=True, shot="02-kanal-koppla"),
    Step(text="möte ny 2027-01-19 kl. 13:00-15:00 plats Stadshuset", mention=True, shot="03-kanal-mote"),
    Step(text="dagordning lägg till Uppföljning av samverkansmodellen dnr UTB 22/30 beslut", mention=True,
         shot="04-kanal-dagordning"),
    Step(text="uppdrag ny skolchef: sammanställa enkätsvaren senast 2027-01-12 återrapport till mötet 2027-01-19",
         mention=True, shot="05-kanal-uppdrag"),
    Step(click="Klar", shot="06-kanal-uppdrag-klar"),
    Step(text="beslut UTB 22/30", mention=True, shot="07-kanal-uppslag", wait_ms=3000),
    Step(text="hjälp", mention=True, shot="08-kanal-hjalp"),
    # Personal chat: no @mention needed; help speaks the personal chat's syntax.
    Step(place="Personal Chat", text="hjälp", shot="09-personlig-hjalp"),
    Step(text="beslut § 19 2022", shot="10-personlig-uppslag", wait_ms=3000),
    Step(text="uppdrag mina", shot="11-personlig-mina"),
    # Group chat: first without @mention (does Teams deliver it?), then with one.
    Step(place="Group Chat", text="hjälp", shot="12-grupp-utan-omnamning", wait_ms=3500),
    Step(text="beslut samverkansmodell", mention=True, shot="13-grupp-uppslag", wait_ms=3000),
)


def free_port() -> int:
    """A free TCP port on 127.0.0.1 for the bot."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def playground_binary() -> Path:
    """The Playground's CLI, installed from npm into the cache folder the first time."""
    binary = CACHE / "node_modules" / ".bin" / "agentsplayground"
    if not binary.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(CACHE), "--no-audit", "--no-fund", "--silent",
                        PLAYGROUND_PACKAGE], check=True)
    return binary


def wait_for(url: str, *, seconds: float) -> None:
    """Wait until a local URL answers, or fail with the URL named."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} svarade inte inom {seconds:.0f} s")


def start_bot(*, run: Run, workdir: Path, port: int) -> None:
    """A fresh database with the seeds imported into the Playground's tenant, then the server."""
    env = {**os.environ,
           "SAMVERKAN_DATABASE_URL": f"sqlite:///{workdir / 'playground.db'}",
           "SAMVERKAN_PORT": str(port),
           "SAMVERKAN_PUBLIC_URL": f"http://127.0.0.1:{port}",
           "SAMVERKAN_TEAMS_UNAUTHENTICATED_LOCAL": "true"}
    for name in ("MICROSOFT_APP_ID", "MICROSOFT_APP_PASSWORD", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"):
        env.pop(name, None)
    cli = [sys.executable, "-m", "bot"]
    subprocess.run([*cli, "db", "upgrade"], env=env, check=True, cwd=workdir)
    if SEEDS.is_dir():
        subprocess.run([*cli, "import", str(SEEDS), "--teams-tenant", PLAYGROUND_TENANT], env=env, check=True,
                       cwd=workdir, stdout=subprocess.DEVNULL)
    log = (workdir / "bot.log").open("wb")
    run.processes.append(subprocess.Popen([*cli, "serve"], env=env, cwd=workdir, stdout=log, stderr=log))
    wait_for(f"http://127.0.0.1:{port}/healthz", seconds=30)


def start_playground(*, run: Run, workdir: Path, port: int) -> None:
    """The Playground, pointed at the bot, telemetry off."""
    log = (workdir / "playground.log").open("wb")
    run.processes.append(subprocess.Popen(
        [str(playground_binary()), "-e", f"http://127.0.0.1:{port}/api/messages", "-c", "msteams", "--dt",
         "-p", str(PLAYGROUND_PORT)], cwd=workdir, stdout=log, stderr=log))
    wait_for(f"http://127.0.0.1:{PLAYGROUND_PORT}/", seconds=60)


def play(*, out: Path, steps: tuple[Step, ...]) -> list[Path]:
    """Drive the Playground like a person: click a chat, type, pick the bot from @, send, look."""
    from playwright.sync_api import sync_playwright

    shots: list[Path] = []
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
        page.goto(f"http://127.0.0.1:{PLAYGROUND_PORT}/", wait_until="networkidle")
        page.wait_for_timeout(1500)
        in_channel = False
        for step in steps:
            if step.place:
                page.get_by_text(step.place, exact=True).first.click()
                in_channel = step.place == "General"
                page.wait_for_timeout(800)
            if step.click:
                page.get_by_role("button", name=step.click).last.click()
            if step.text:
                page.locator('[data-lexical-editor="true"]').first.click()
                if step.mention:
                    page.keyboard.type("@" + BOT_NAME[:2])
                    page.wait_for_timeout(900)
                    page.locator('[role="listbox"]').get_by_text(BOT_NAME).first.click()
                    page.wait_for_timeout(300)
                    page.keyboard.type(" ")
                page.keyboard.type(step.text)
                if in_channel:
                    page.get_by_role("button", name="Post").click()
                else:
                    page.keyboard.press("Enter")
            page.wait_for_timeout(step.wait_ms)
            path = out / f"{step.shot}.png"
            page.screenshot(path=str(path))
            shots.append(path)
        browser.close()
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Spela ett kort manus i Microsoft 365 Agents Playground "
                                                 "och spara skärmbilder.")
    parser.add_argument("--ut", type=Path, default=ROOT / "docs" / "screenshots" / "teams",
                        help="mapp för skärmbilderna")
    args = parser.parse_args(argv)
    args.ut.mkdir(parents=True, exist_ok=True)
    run = Run()
    with tempfile.TemporaryDirectory(prefix="samverkan-playground-") as tmp:
        workdir = Path(tmp)
        port = free_port()
        try:
            start_bot(run=run, workdir=workdir, port=port)
            start_playground(run=run, workdir=workdir, port=port)
            shots = play(out=args.ut, steps=SCRIPT)
        finally:
            run.stop()
            bot_log = workdir / "bot.log"
            if bot_log.exists():
                shutil.copy(bot_log, args.ut / "bot.log.txt")
    print(json.dumps({"datum": time.strftime("%Y-%m-%d"), "skärmbilder": [p.name for p in shots]},
                     ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
