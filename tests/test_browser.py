"""briefing.html in a real browser (headless Chromium through Playwright): every in-page link has
a target, every citation shows its sentence on hover, nothing is fetched from outside the page,
no console errors, and no horizontal scroll on a phone. And `briefing watch`'s page reloads itself
after an edit.

Skipped, with the reason, when Playwright (pip) or Chromium (apt: chromium) is missing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from briefing.pipeline import BuildResult

from .conftest import SMALL_ARTICLE, SMALL_CONFIG, templates_folder
from .test_watch import start

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
INSTALL = "install chromium and playwright (apt-get install chromium; pip install -e '.[dev]')"


def chromium_path() -> str | None:
    """$CHROMIUM, else Debian's /usr/bin/chromium, else whatever chromium is on PATH."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    sync_api = pytest.importorskip("playwright.sync_api", reason=f"playwright is not installed: {INSTALL}")
    executable = chromium_path()
    if executable is None:
        pytest.skip(f"no chromium at /usr/bin/chromium or on PATH: {INSTALL}")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def page_file(seed_build: tuple[BuildResult, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed briefing.html, copied alone into <tmp>/build/: it must need nothing beside it."""
    _, out = seed_build
    build = tmp_path_factory.mktemp("browser") / "build"
    build.mkdir()
    shutil.copy(out / "briefing.html", build / "briefing.html")
    return build / "briefing.html"


class Visit:
    """A page opened at a viewport, with every request, console error and page error recorded."""

    def __init__(self, browser: Browser, file: Path, viewport: dict[str, int]) -> None:
        self.context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
        self.page: Page = self.context.new_page()
        self.url = file.resolve().as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda msg: self.errors.append(f"console: {msg.text}") if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        self.page.goto(self.url, wait_until="load")


@pytest.fixture(scope="module")
def desktop(browser: Browser, page_file: Path) -> Iterator[Visit]:
    visit = Visit(browser, page_file, DESKTOP)
    yield visit
    visit.context.close()


@pytest.fixture(scope="module")
def phone(browser: Browser, page_file: Path) -> Iterator[Visit]:
    visit = Visit(browser, page_file, PHONE)
    yield visit
    visit.context.close()


def test_every_in_page_link_has_a_target(desktop: Visit) -> None:
    links, missing = desktop.page.evaluate("""() => {
        const links = [...document.querySelectorAll('a[href^="#"]')];
        const missing = links.filter(a => {
            const id = decodeURIComponent(a.getAttribute('href').slice(1));
            return !id || !document.getElementById(id);
        });
        return [links.length, missing.map(a => a.outerHTML.slice(0, 160))];
    }""")
    assert links > 100, f"only {links} in-page links: is this the seed briefing?"
    assert missing == [], f"{len(missing)} of {links} in-page links have no target: {missing[:5]}"


def test_every_citation_shows_its_sentence(desktop: Visit) -> None:
    citations, untitled = desktop.page.evaluate("""() => {
        const cites = [...document.querySelectorAll('a[href^="#ev-"]')];
        const untitled = cites.filter(a => !(a.getAttribute('title') || '').trim());
        return [cites.length, untitled.map(a => a.outerHTML.slice(0, 160))];
    }""")
    assert citations > 50, f"only {citations} citation links (a[href^='#ev-'])"
    assert untitled == [], f"{len(untitled)} citations without a title: {untitled[:5]}"


def test_nothing_is_fetched_from_outside_the_page(desktop: Visit, phone: Visit) -> None:
    for visit in (desktop, phone):
        outside = [url for url in visit.requests if url != visit.url and not url.startswith("data:")]
        assert outside == [], f"the page fetched {outside[:5]}"


def test_no_console_errors(desktop: Visit, phone: Visit) -> None:
    assert desktop.errors == [] and phone.errors == []


def test_no_horizontal_scroll_on_a_phone(phone: Visit) -> None:
    width, wide = phone.page.evaluate("""(limit) => {
        const wide = [...document.body.querySelectorAll('*')]
            .filter(el => el.getBoundingClientRect().right > limit + 1)
            .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                 + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
                 + ' (right ' + Math.round(el.getBoundingClientRect().right) + 'px)');
        return [document.documentElement.scrollWidth, wide];
    }""", PHONE["width"])
    assert width <= PHONE["width"] + 1, f"scrollWidth {width}px at {PHONE['width']}px wide; too wide: {wide[:8]}"


def test_phone_screenshot(phone: Visit, page_file: Path) -> None:
    shot = page_file.parent / "briefing-phone.png"
    phone.page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000, f"{shot}: {len(data)} bytes"
    width = int.from_bytes(data[16:20], "big")
    height = int.from_bytes(data[20:24], "big")
    assert width == PHONE["width"] and height > PHONE["height"], f"{shot}: {width}x{height}"


def test_the_watched_page_reloads_itself(browser: Browser, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(SMALL_CONFIG, encoding="utf-8")
    templates_folder(tmp_path)
    css = tmp_path / "templates" / "extra.css"
    css.write_text("/* nothing yet */\n", encoding="utf-8")
    with start(tmp_path, formats=("md", "html")) as served:
        context = browser.new_context(viewport=PHONE)  # type: ignore[arg-type]
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(f"http://127.0.0.1:{served.port}/")
        css.write_text("h1 { color: rgb(0, 128, 0); }\n", encoding="utf-8")
        page.wait_for_function("getComputedStyle(document.querySelector('h1')).color === 'rgb(0, 128, 0)'",
                               timeout=3000)
        css.write_text("{% if %}\n", encoding="utf-8")
        banner = page.wait_for_selector("#briefing-watch-error", timeout=3000)
        assert banner is not None and "extra.css: line 1" in banner.inner_text()
        assert page.evaluate("getComputedStyle(document.querySelector('h1')).color") == "rgb(0, 128, 0)"
        assert errors == []
        context.close()


def test_contents_link_to_the_brief_and_the_annex(desktop: Visit) -> None:
    entries = desktop.page.evaluate("""() => [...document.querySelectorAll('nav.toc a')].map(a => [
        a.textContent, !!document.getElementById(a.getAttribute('href').slice(1))])""")
    titles = [title for title, _ in entries]
    assert titles[:2] == ["Bottom line", "Key points"] and "Annex" in titles and titles[-1] == "Evidence"
    assert all(found for _, found in entries)


def test_a_citation_previews_its_sentence_on_hover_and_on_keyboard_focus(desktop: Visit) -> None:
    page = desktop.page
    first = page.locator('main a[href^="#ev-"]').first
    title = first.get_attribute("title")
    assert title
    after = "el => getComputedStyle(el, '::after').content"
    page.mouse.move(0, 0)
    assert page.evaluate("el => getComputedStyle(el, '::after').content", first.element_handle()) in ("none", "normal")
    first.hover()
    assert title[:40] in first.evaluate(after)  # at once, not after the browser's tooltip delay
    page.mouse.move(0, 0)
    page.keyboard.press("Tab")  # the contents' first link, then on to the first citation
    for _ in range(60):
        if page.evaluate("document.activeElement.getAttribute('href') || ''").startswith("#ev-"):
            break
        page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement")
    assert focused is not None
    content = page.evaluate("getComputedStyle(document.activeElement, '::after').content")
    assert page.evaluate("document.activeElement.getAttribute('title')")[:40] in content


def test_a_jump_highlights_the_cited_sentence(browser: Browser, page_file: Path) -> None:
    visit = Visit(browser, page_file, PHONE)  # a touch-sized screen: a tap follows the link
    page = visit.page
    link = page.locator('main a[href^="#ev-"]').first
    target = link.get_attribute("href")
    assert target
    link.click()
    assert page.evaluate("location.hash") == target
    colour = page.evaluate(f"getComputedStyle(document.getElementById('{target[1:]}')).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    visit.context.close()
