"""The pages the Teams package links to (/, /integritet, /villkor) in Chromium: axe-core finds no
serious violation, nothing is blocked by the CSP, they read at phone width and are in Swedish."""

from __future__ import annotations

import pytest

from tests.web.test_browser import _axe, _check, browser  # noqa: F401 - the browser fixture

pytestmark = pytest.mark.browser


def test_legal_pages_in_chromium(client, services, browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    axe_js = _axe().read_text(encoding="utf-8")
    base = services.public_url
    about = _check(browser, f"{base}/", "om", axe_js)
    assert "Integritet och personuppgifter" in about and "Användarvillkor" in about
    privacy = _check(browser, f"{base}/integritet", "integritet", axe_js)
    assert "Personuppgiftsansvarig" in privacy and "Integritetsskyddsmyndigheten" in privacy
    terms = _check(browser, f"{base}/villkor", "villkor", axe_js)
    assert "Det justerade protokollet gäller" in terms
