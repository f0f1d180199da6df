"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser)."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import required

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
]
MISSING = f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)"

# Playwright's sync API runs an event loop in this thread; the live server's database
# fixtures are still synchronous Django code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def _chromium_present():
    if not CHROMIUM.exists():
        if required("VISION_REQUIRE_BROWSER"):
            pytest.fail(MISSING)
        pytest.skip(MISSING)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture
def site(live_server, transactional_db):
    """The live site with the Vision's content, which a transactional test's flush removes."""
    call_command("load_content", verbosity=0)
    return live_server.url
