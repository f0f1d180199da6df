"""The Content-Security-Policy: on every page, and nothing inline that it would block."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import LocalePrefixPattern, URLResolver, get_resolver

from monitoring.sdg.content import GOAL_COLOURS

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/vision/",
    "/priorities/",
    "/priorities/1/",
    "/sdg/",
    "/sdg/6/",
    "/roadmaps/",
    "/organizations/",
    "/dashboards/",
    "/dashboards/methodology/",
    "/dashboards/sdg/6/",
    "/data/",
    "/join/",
    "/accounts/login/",
    "/accounts/password_reset/",
    "/ru/",
    "/admin/login/",
    "/api/docs/",
    "/api/v1/priorities/",
    "/no-such-page/",
]


def directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_page_carries_a_policy_without_inline_scripts(client, url):
    policy = directives(client.get(url))

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def plain_paths(patterns, prefix: str = "") -> list[str]:
    """Every URL of the project that takes no argument, found by walking the URLconf."""
    paths = []
    for entry in patterns:
        route = "" if isinstance(entry.pattern, LocalePrefixPattern) else str(entry.pattern)
        route = route.removeprefix("^").removesuffix("$").replace("\\Z", "")
        if any(mark in route for mark in "<([\\"):
            continue
        if isinstance(entry, URLResolver):
            paths += plain_paths(entry.url_patterns, prefix + route)
        else:
            paths.append("/" + prefix + route)
    return sorted(set(paths))


def test_every_url_of_the_project_answers_with_the_policy(client, world):
    paths = plain_paths(get_resolver().url_patterns)
    assert len(paths) > 40, "the walk finds the project's URLs"

    for signed_in in (None, world.coordinator_kg, world.admin):
        if signed_in:
            client.force_login(signed_in)
        for path in paths:
            response = client.get(path)
            assert "Content-Security-Policy" in response.headers, path
            assert directives(response)["script-src"] == ["'self'"], path


def test_signed_in_pages_carry_the_policy_too(client, world):
    client.force_login(world.coordinator_kg)

    for url in ["/accounts/", "/reports/", "/review/", "/admin/"]:
        policy = directives(client.get(url))
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url


def test_the_api_docs_run_their_script_from_a_file_and_only_relax_styles(client):
    page = client.get("/api/docs/")
    policy = directives(page)
    script = client.get("/api/docs/?script")

    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["script-src"] == ["'self'"]
    # Every <script> on the page loads a file; the start-up one is served by the view.
    html = page.content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert 'src="/api/docs/?script="' in html
    assert script.status_code == 200
    assert script.headers["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


def template_files() -> list[Path]:
    folders = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    base = Path(settings.BASE_DIR)
    for config in apps.get_app_configs():
        folder = Path(config.path) / "templates"
        if base in folder.parents and ".venv" not in folder.parts and folder.is_dir():
            folders.append(folder)
    return sorted(path for folder in folders for path in folder.rglob("*.html"))


# What the policy would block: a <script> without src (json_script's type is data, not
# code, and is allowed), an event handler attribute, a style attribute or a javascript: URL.
INLINE = [
    re.compile(r"<script(?![^>]*\b(src=|type=\"application/json\"))[^>]*>", re.IGNORECASE),
    re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE),
    re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE),
    re.compile(r"<style[\s>]", re.IGNORECASE),
    re.compile(r"javascript:", re.IGNORECASE),
]


def test_no_template_has_inline_script_handler_or_style():
    files = template_files()
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)[:60]}"
        for path in files
        for pattern in INLINE
        for match in pattern.finditer(path.read_text())
    ]

    assert len(files) > 50, "the scan sees the project's templates"
    assert found == []


def test_the_scan_catches_what_the_policy_blocks():
    samples = [
        "<script>alert(1)</script>",
        '<button type="button" onclick="go()">',
        '<li class="x" style="--goal-colour: red">',
        "<style>body { margin: 0 }</style>",
        '<a href="javascript:void(0)">',
    ]
    assert all(any(p.search(sample) for p in INLINE) for sample in samples)
    assert not any(p.search('<script src="/static/js/a.js"></script>') for p in INLINE)


def test_goal_colours_come_from_classes_in_the_stylesheet(client):
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    page = client.get("/sdg/").content.decode()

    for number, colour in GOAL_COLOURS.items():
        assert f".sdg-goal-{number} {{ --goal-colour: {colour}; }}" in css
        assert f"sdg-goal-{number}" in page
