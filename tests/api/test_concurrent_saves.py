"""Concurrent saves of one report on SQLite: one wins, the others are told it changed."""

import sqlite3
import threading

import pytest
from django.db import connection, connections
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import Client

from monitoring.models import IndicatorValue, ProgressReport
from tests.api.test_write import auth, start

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="SQLite's write lock only: PostgreSQL locks the report's row (select_for_update)",
)

SAVES = 5


def in_thread(database, work):
    """Run `work` in a thread of its own whose default database is `database`, as each of
    a server's threads has its own connection."""
    outcome = {}

    def run():
        connections["default"] = DatabaseWrapper(database, "default")
        try:
            outcome["value"] = work()
        finally:
            connections["default"].close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_of_one_report_give_one_200_and_409s_never_a_503(
    world, reporting, tmp_path
):
    report_id = start(Client(), world, reporting).json()["id"]
    headers = [auth(world.editor_kg) for _ in range(SAVES)]
    # The committed test database copied into a file that every thread opens: the
    # in-memory test database shares one cache between its connections, whose locks are
    # not SQLite's file lock.
    path = tmp_path / "contended.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    database = {**connection.settings_dict, "NAME": str(path)}
    ready = threading.Barrier(SAVES)

    def save(number):
        def work():
            ready.wait()
            response = Client().patch(
                f"/api/v1/reports/{report_id}/",
                {"version": 1, "values": [{"indicator": reporting.people.pk, "value": number}]},
                content_type="application/json",
                **headers[number],
            )
            return number, response.status_code

        return work

    saves = [in_thread(database, save(number)) for number in range(SAVES)]
    for thread, _outcome in saves:
        thread.join(timeout=60)
    answers = dict(outcome["value"] for _thread, outcome in saves)

    assert sorted(answers.values()) == [200] + [409] * (SAVES - 1), answers
    (winner,) = [number for number, status in answers.items() if status == 200]

    def stored():
        report = ProgressReport.objects.get(pk=report_id)
        return report.version, [v.value for v in IndicatorValue.objects.filter(report=report)]

    thread, outcome = in_thread(database, stored)
    thread.join(timeout=60)
    assert outcome["value"] == (2, [winner]), "the winner's save, once, and no other"
