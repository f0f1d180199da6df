"""Configuration mistakes stop start-up with one line naming the setting."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def start_django(*command: str, **overrides: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update({"DEBUG": "false", "SECRET_KEY": "k" * 50, **overrides})
    return subprocess.run(
        [sys.executable, "manage.py", *(command or ["check"])],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("DATABASE_URL", ""),
        ("DATABASE_URL", "localhost/vision"),
        ("DATABASE_URL", "mysqll://db/vision"),
        ("DATABASE_URL", "postgres://127.0.0.1:5432/"),
        ("REDIS_URL", ""),
        ("REDIS_URL", "127.0.0.1:6379"),
        ("REDIS_URL", "http://127.0.0.1:6379/0"),
        ("REDIS_URL", "redis://127.0.0.1:port/0"),
    ],
)
def test_a_missing_or_malformed_url_is_one_line_naming_the_setting(setting, value):
    result = start_django(**{setting: value})

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert setting in lines[0]


def test_production_refuses_to_start_without_a_secret_key():
    result = start_django(SECRET_KEY="")

    assert result.returncode != 0
    assert result.stderr.strip() == "Configuration error: SECRET_KEY must be set when DEBUG is off."


def test_the_embedded_default_needs_no_setting_at_all():
    env = {"DEBUG": "true"}
    result = start_django(**env)

    assert result.returncode == 0, result.stderr


def test_the_embedded_default_starts_without_a_warning():
    # What `make run` prints at every start: the checks of the models on the database.
    result = start_django("check", "--database", "default", DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("LANGUAGES", "ru,kk"),
        ("LANGUAGES", "en,fr"),
        ("CONTENT_FALLBACK", "en,kk"),
    ],
)
def test_languages_outside_what_the_platform_knows_are_refused(setting, value):
    result = start_django(**{setting: value})

    assert result.returncode != 0
    assert result.stderr.strip().startswith(f"Configuration error: {setting} ")


def test_the_national_languages_start_with_no_migration():
    every = {"LANGUAGES": "en,ru,kk,ky,uz,tg,tk,mn,prs,ps", "CONTENT_FALLBACK": "ru,en"}

    assert start_django(**every).returncode == 0
    result = start_django("makemigrations", "--check", "--dry-run", **every)
    assert result.returncode == 0, result.stdout + result.stderr
