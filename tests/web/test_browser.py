"""Every page type in real headless Chromium: screenshots at desktop and phone width, and axe-core.

Uses Debian's chromium through Playwright (no browser download) and axe-core from npm, both put
in place by ``.ci/browser-deps``; without them these tests skip with the reason.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest

from bot.web.links import signer_for
from tests.scenarios.seed_scripts import SECRETARY
from tests.web.conftest import adjust_seed_000, person_id, record_seed_003

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("SAMVERKAN_CHROMIUM", "/usr/bin/chromium")
AXE_CANDIDATES = [Path(os.environ.get("SAMVERKAN_AXE_JS", "/nonexistent")),
                  Path(os.environ.get("SAMVERKAN_BROWSER_CACHE", Path.home() / ".cache/samverkan-browser"))
                  / "node_modules/axe-core/axe.min.js",
                  Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
WIDTHS = {"desktop": (1280, 900), "phone": (375, 740)}


def _axe() -> Path:
    for path in AXE_CANDIDATES:
        if path.is_file():
            return path
    pytest.skip("axe-core saknas (kör .ci/browser-deps)")


@pytest.fixture
def browser():  # type: ignore[no-untyped-def]
    if not (Path(CHROMIUM).is_file() or shutil.which("chromium")):
        pytest.skip("chromium saknas (kör .ci/browser-deps)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).is_file()
                                              else shutil.which("chromium"), args=["--no-sandbox"])
        yield instance
        instance.close()


# Records what the page's Content-Security-Policy blocked (a style the policy forgot, say).
CSP_WATCH = """window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline")));"""


def _check(browser, url: str, name: str, axe_js: str) -> str:  # type: ignore[no-untyped-def]
    """Open ``url`` at each width, save screenshots, run axe; returns the page text (desktop).

    axe and the CSP watcher come in as init scripts: the pages' CSP forbids inline scripts (as it
    should), and init scripts are the browser's own, exempt from it."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    text = ""
    for label, (width, height) in WIDTHS.items():
        page = browser.new_page(viewport={"width": width, "height": height})
        page.add_init_script(script=CSP_WATCH)
        page.add_init_script(script=axe_js)
        page.goto(url)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
        assert page.evaluate("window.__csp") == [], f"{name}: the Content-Security-Policy blocked something"
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width + 1, f"{name} scrolls sideways at {width}px ({scroll}px)"
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
        assert not bad, f"{name} ({label}): {bad}"
        if label == "desktop":
            assert page.evaluate("document.documentElement.lang") == "sv"
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.className") == "skip", name  # skip link comes first
            text = page.inner_text("body")
        page.close()
    return text


def test_every_page_type_in_chromium(chat, services, clock, client, browser) -> None:  # type: ignore[no-untyped-def]
    axe_js = _axe().read_text(encoding="utf-8")
    meeting = adjust_seed_000(chat, services, clock)
    record_seed_003(chat)
    signer = signer_for(services)
    slug = signer.tenant_slug(meeting.tenant_id)
    tenant, person = person_id(services, SECRETARY)
    base = services.public_url
    clock.set(datetime(2022, 4, 6, 9, 0, tzinfo=UTC))
    board = _check(browser, f"{base}/anslagstavla/{slug}", "anslagstavla", axe_js)
    assert "26 april 2022" in board and "§§ 19–20" in board
    protocol = _check(browser, f"{base}/anslagstavla/{slug}/protokoll/{meeting.id}", "protokoll", axe_js)
    assert "§ 20 Sekretess" in protocol and "HEMLIGT" not in protocol
    archive_link = signer.make_link(tenant_id=tenant, person_id=person, purpose="arkiv", now=services.now())
    search = _check(browser, f"{archive_link}&q={quote('utb 2022/30')}", "arkiv-sok", axe_js)
    assert "§ 19 Ny samverkansmodell i länet" in search
    fuzzy = _check(browser, f"{archive_link}&q=samverkansmodel", "arkiv-sok-stavfel", axe_js)
    assert "§ 19 Ny samverkansmodell i länet" in fuzzy
    paragraph = _check(browser, f"{base}/arkiv/{slug}/paragraf/1", "paragraf", axe_js)
    assert "åiterrapportering" in paragraph
    followup = _check(browser, signer.make_link(tenant_id=tenant, person_id=person, purpose="uppfoljning",
                                                now=services.now()), "uppfoljning", axe_js)
    for deadline in ("2022-04-08", "2022-05-01", "2022-06-03 09:00", "2022-09-23 09:00", "2022-10-31",
                     "2022-12-09 09:00"):
        assert deadline in followup
    refused = _check(browser, f"{archive_link[:-4]}&q=x", "lank-forfalskad", axe_js)
    assert "Ogiltig länk" in refused and "samverkansmodell" not in refused
    clock.set(datetime(2022, 6, 1, 9, 0, tzinfo=UTC))
    expired = _check(browser, archive_link, "lank-utgangen", axe_js)
    assert "Länken har gått ut" in expired
    archived = _check(browser, f"{base}/anslagstavla/{slug}/arkiv", "anslagstavla-arkiv", axe_js)
    assert "Utbildningsnämndens arbetsutskott" in archived
