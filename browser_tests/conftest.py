"""Pages tested in a real browser: Playwright driving the system's Chromium (Debian's `chromium`,
which `make test` installs; never `playwright install`, which downloads a browser build).

The server is pytest-django's live_server (the test database, in this process). Playwright's
synchronous API runs an event loop in this thread, which makes Django's ORM refuse to run
("async unsafe") while a browser is open; the tests touch the database only through the
server, so the check is lifted for them.
"""

import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")

# Collected in every page before its own scripts run: each Content-Security-Policy violation.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const where = e.target && e.target.outerHTML ? e.target.outerHTML.slice(0, 200) : "";
  window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber} (${where})`);
});
"""


def screenshot_path(name: str) -> str:
    """Where a test keeps a screenshot: docs/screenshots/ (shown in the README) when
    SCREENSHOTS_DIR says so (`make screenshots`), else a temporary folder, so that an ordinary
    test run leaves the committed pictures as they are."""
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or Path(tempfile.gettempdir()) / "studio-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / name)


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError("browser tests need Chromium (apt-get install chromium): CI must run them")
    skip = pytest.mark.skip(reason="no Chromium on this machine: `make test` installs Debian's chromium package")
    for item in items:
        if "browser_tests" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


class PageRecorder:
    """A browser page that remembers every CSP violation and every request to another host."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.host = urlparse(base_url).netloc
        self.foreign_requests: list[str] = []
        page.on("request", self._on_request)
        page.on("requestfailed", self._on_request_failed)
        page.add_init_script(RECORD_VIOLATIONS)

    def _on_request(self, request):
        url = urlparse(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != self.host:
            self.foreign_requests.append(request.url)

    def _on_request_failed(self, request):
        # Refused by the Content-Security-Policy before it left the browser: not a request made.
        if request.failure in ("csp", "net::ERR_BLOCKED_BY_CSP") and request.url in self.foreign_requests:
            self.foreign_requests.remove(request.url)

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations")

    def assert_clean(self, expected_violations=()) -> None:
        """No CSP violation on the current page (but those expected) and no request to another
        host since the page was opened."""
        self.page.wait_for_load_state("networkidle")
        assert [v for v in self.violations() if not v.startswith(tuple(expected_violations))] == []
        assert self.foreign_requests == []


@pytest.fixture(scope="session")
def _live_server_media_url():
    # MEDIA_URL is None on purpose (pictures are served only by the authenticated API), but
    # Django's live server wraps itself in a media handler that parses MEDIA_URL. A path that no
    # page links to keeps it working; the app itself still serves no media by URL.
    from django.conf import settings

    original, settings.MEDIA_URL = settings.MEDIA_URL, "/live-server-media-unused/"
    yield
    settings.MEDIA_URL = original


@pytest.fixture
def page(request, browser, _live_server_media_url, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    recorder = PageRecorder(context.new_page(), live_server.url)
    yield recorder
    # BROWSER_SCREENSHOTS=dir keeps a picture of each test's last page, to look at.
    if os.environ.get("BROWSER_SCREENSHOTS"):
        os.makedirs(os.environ["BROWSER_SCREENSHOTS"], exist_ok=True)
        recorder.page.screenshot(path=os.path.join(os.environ["BROWSER_SCREENSHOTS"], f"{request.node.name}.png"))
    context.close()
