"""config.settings.local (what `make run` serves with): the tracking links in customer messages,
rendered without a request, point at the address `make run` serves on unless SITE_URL says."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def local_site_url(**env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "MAKE_RUN_ORIGIN")}
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings.local")
    code = "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_make_runs_address_is_the_site_url():
    assert local_site_url(MAKE_RUN_ORIGIN="http://127.0.0.1:8281") == "http://127.0.0.1:8281"


def test_site_url_wins_over_make_runs_address():
    assert (
        local_site_url(MAKE_RUN_ORIGIN="http://127.0.0.1:8281", SITE_URL="https://studio.example.com")
        == "https://studio.example.com"
    )


def test_without_either_there_is_no_site_url():
    assert local_site_url() == ""
