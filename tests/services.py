"""Private instances of the services, started by a test that stops or kills them: the
machine's shared PostgreSQL and Redis are never touched."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import required
from vision.celery import app

POSTGRES_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(check, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {seconds} s")
        time.sleep(0.1)


def skip_or_fail(message: str):
    """Missing on this machine: skip, unless CI asked for every service test to run."""
    if required("VISION_REQUIRE_WORKER"):
        pytest.fail(message)
    pytest.skip(message)


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class PrivateRedis:
    """A redis-server on a free port, without persistence, that a test may stop and start."""

    def __init__(self):
        if not shutil.which("redis-server"):
            skip_or_fail("redis-server is not installed")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for(lambda: answers(self.port), "redis-server starting")

    def stop(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)
        wait_for(lambda: not answers(self.port), "redis-server stopping")

    def client(self):
        import redis

        return redis.Redis.from_url(self.url)


class PrivatePostgres:
    """A PostgreSQL cluster of its own, in a temporary folder, run by the postgres OS user
    (the server refuses to run as root) on a free port."""

    def __init__(self):
        if POSTGRES_BIN is None or not shutil.which("runuser"):
            skip_or_fail("PostgreSQL's server programs are not installed")
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="vision-pg-"))
        shutil.chown(self.folder, "postgres")
        self.data = self.folder / "data"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/vision"
        self._as_postgres("initdb", "-D", self.data, "-A", "trust", "-U", "postgres")

    def _as_postgres(self, program: str, *args) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", POSTGRES_BIN / program, *map(str, args)],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(
            "pg_ctl", "-D", self.data, "-o", options, "-l", self.folder / "log", "-w", "start"
        )

    def stop(self) -> None:
        self._as_postgres("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def create_database(self) -> None:
        self._as_postgres("createdb", "-h", "127.0.0.1", "-p", self.port, "vision")

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def environment(**variables) -> dict:
    return {**os.environ, **variables}


@contextmanager
def broker(url: str):
    """Tasks published through the broker at `url` (not run in-process) for a while."""
    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = url, False
    app._after_fork()  # Drop the pooled connections made for the previous broker.
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        app._after_fork()
