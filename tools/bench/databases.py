"""Throwaway databases, one per scale, and the environment the servers run in."""

import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

from .common import BASE_DIR

# Throwaway databases and the servers' environment ---------------------------------------


def create_database(postgres: str, name: str, scale: str, reuse: bool = False) -> str:
    """A PostgreSQL database `name` beside `postgres` (a URL whose user may create
    databases), created afresh, migrated and filled by generate_scale_data (or reused as
    it is); its URL."""
    import psycopg

    url = urlunsplit(urlsplit(postgres)._replace(path=f"/{name}"))
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench"}
    env.pop("REDIS_URL", None)
    migrate = ["migrate", "--no-input", "-v0"]
    with psycopg.connect(postgres, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            # Brought up to the code's schema (a reused database may predate a migration).
            subprocess.run(
                [sys.executable, "manage.py", *migrate], cwd=BASE_DIR, env=env, check=True
            )
            return url
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    for command in (migrate, ["generate_scale_data", f"--scale={scale}"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, check=True)
    return url


def drop_database(postgres: str, name: str) -> None:
    import psycopg

    with psycopg.connect(postgres, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_env(database_url: str, redis_url: str, static_root: str) -> dict[str, str]:
    """The environment of a measured run and of the servers it starts: production
    settings (DEBUG off) on the given database and Redis, with the API's request limits
    lifted (the runs measure the pages, not the limits)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "bench",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "STATIC_ROOT": static_root,
        "API_ANON_RATE": "1000000/minute",
        "API_USER_RATE": "1000000/minute",
        # Served and measured on loopback over plain HTTP: no redirect to HTTPS.
        "HTTPS": "false",
    }
    env.pop("DEBUG", None)
    return env
